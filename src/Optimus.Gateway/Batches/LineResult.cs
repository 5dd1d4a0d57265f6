namespace Optimus.Gateway.Batches;

/// <summary>
/// The answer to one line: <see cref="LineState.Completed"/> with a 200 completion body, or
/// <see cref="LineState.Failed"/> with an error status and OpenAI's error body.
/// </summary>
internal sealed record LineResult(string State, string ResultId, string RequestId, int StatusCode, string Body);
