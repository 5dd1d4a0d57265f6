namespace Optimus.Gateway.Devices;

/// <summary>
/// A request's prompt tokens as the gateway counts them. <see cref="Exact"/>: counted with the serving model's own
/// tokenizer, so an honest vehicle reports the same; otherwise an upper bound (the prompt's UTF-8 bytes plus the chat
/// template's room), below which the vehicle's report is taken.
/// </summary>
internal readonly record struct PromptCount(int Tokens, bool Exact);
