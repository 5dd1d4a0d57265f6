namespace Optimus.Inference;

/// <summary>One generated token: its text (possibly empty while a multi-byte character is incomplete), id and log-probability.</summary>
/// <param name="Text">The text released by this token, after stop-sequence hold-back.</param>
/// <param name="TokenId">The token's id in the model's vocabulary.</param>
/// <param name="Logprob">Natural log of the token's probability under the model (temperature 1).</param>
/// <param name="TopLogprobs">The most likely alternatives at this position, when asked for.</param>
public sealed record GeneratedToken(string Text, int TokenId, float Logprob, IReadOnlyList<TokenLogprob>? TopLogprobs);
