using Optimus.Core.Inference;
using Optimus.Core.Placement;

namespace Optimus.Gateway.Api;

/// <summary>A validated chat or text completion request, in the form the dispatcher works with.</summary>
internal sealed record InferenceRequest(
    bool IsChat,
    string Model,
    IReadOnlyList<ChatMessage>? Messages,
    string? Prompt,
    bool Stream,
    bool IncludeUsage,
    int MaxTokens,
    float Temperature,
    float TopP,
    uint? Seed,
    IReadOnlyList<string>? Stop,
    bool Logprobs,
    int TopLogprobs,
    bool Echo,
    JobClass Class = JobClass.Interactive,
    PlacementFilter? Filter = null);
