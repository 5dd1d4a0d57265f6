namespace Optimus.Gateway.Batches;

/// <summary>
/// OpenAI's request_counts. Lines that expired or were cancelled count in <see cref="Total"/> only: they were never
/// run, and the error file lists them.
/// </summary>
internal sealed record BatchCounts(int Total, int Completed, int Failed);
