namespace Optimus.Core.Inference;

/// <summary>Why generation ended, with OpenAI's names.</summary>
public enum FinishReason
{
    /// <summary>The model ended its answer or a stop sequence matched.</summary>
    Stop = 0,

    /// <summary>max_tokens was reached.</summary>
    Length = 1,

    /// <summary>The job was cancelled (the client went away).</summary>
    Cancelled = 2,
}
