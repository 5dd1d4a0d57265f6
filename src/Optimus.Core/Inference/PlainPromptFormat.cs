namespace Optimus.Core.Inference;

/// <summary>
/// The prompt format for models without a chat template (base models such as stories260K): a lone user message is the
/// prompt itself, so a base model continues it; a conversation becomes "Role: text" lines ending with "Assistant:".
/// </summary>
public static class PlainPromptFormat
{
    public static string Format(IReadOnlyList<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 1 && messages[0].Role == "user")
        {
            return messages[0].Content;
        }

        var builder = new System.Text.StringBuilder();
        foreach (var message in messages)
        {
            builder.Append(Capitalise(message.Role)).Append(": ").Append(message.Content).Append('\n');
        }

        return builder.Append("Assistant:").ToString();
    }

    private static string Capitalise(string role) =>
        role.Length == 0 ? role : string.Concat(char.ToUpperInvariant(role[0]).ToString(), role.AsSpan(1));
}
