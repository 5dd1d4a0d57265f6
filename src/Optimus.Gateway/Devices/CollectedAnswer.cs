using Optimus.Protocol;

namespace Optimus.Gateway.Devices;

/// <summary>A whole answer: its text, its tokens (with log-probabilities) and the event that ended it.</summary>
internal sealed record CollectedAnswer(string Text, IReadOnlyList<Token> Tokens, JobEvent End);
