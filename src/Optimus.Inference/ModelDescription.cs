namespace Optimus.Inference;

/// <summary>What a loaded model tells the coordinator: its name, context window and whether it has a chat template.</summary>
public sealed record ModelDescription(string Name, int ContextLength, bool HasChatTemplate, string Backend);
