namespace Optimus.Inference;

/// <summary>A candidate token's text and log-probability.</summary>
public readonly record struct TokenLogprob(string Text, float Logprob);
