using Optimus.Core.Inference;

namespace Optimus.Inference;

/// <summary>Exact token counts and why generation ended.</summary>
public sealed record GenerationResult(int PromptTokens, int CompletionTokens, FinishReason FinishReason);
