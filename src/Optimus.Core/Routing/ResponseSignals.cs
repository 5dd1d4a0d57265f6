namespace Optimus.Core.Routing;

/// <summary>
/// After-generation signals read from the edge model's own answer: whether its worked arithmetic checks out, whether
/// it reached a final answer, and how it hedged. They feed the cascade's score (escalate when the edge answer looks
/// unreliable) and need no model to compute.
/// </summary>
/// <param name="Arithmetic">The calculations the answer wrote down and how many are wrong.</param>
/// <param name="HasFinalAnswer">The answer states a final result (<c>#### 18</c>, or "the answer is 18").</param>
/// <param name="FinalAnswer">The final result as a number, when it is one.</param>
/// <param name="FinalMatchesLastResult">The final result equals the last calculation's result.</param>
/// <param name="FinalAnswerInPrompt">The final result is one of the prompt's own numbers (often an unworked answer).</param>
/// <param name="Characters">Length of the answer.</param>
/// <param name="Lines">Non-empty lines in the answer.</param>
/// <param name="Hedges">Words that signal second thoughts or an assumption ("however", "assume", "approximately").</param>
/// <param name="EndsCleanly">The answer ends with a final answer or a sentence, not mid-calculation.</param>
public sealed record ResponseSignals(
    ArithmeticTally Arithmetic,
    bool HasFinalAnswer,
    double? FinalAnswer,
    bool FinalMatchesLastResult,
    bool FinalAnswerInPrompt,
    int Characters,
    int Lines,
    int Hedges,
    bool EndsCleanly)
{
    /// <summary>Names of the entries of <see cref="ToFeatures"/>, in order.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } =
    [
        "calculations", "calculation_errors", "unchecked_calculations", "checks_out", "any_error", "error_share",
        "has_final_answer", "final_is_number", "final_is_whole", "final_is_negative", "final_matches_last",
        "final_in_prompt", "log_characters", "lines", "hedges", "ends_cleanly",
    ];

    /// <summary>The signals as a fixed-length numeric vector for a learner.</summary>
    public float[] ToFeatures()
    {
        var final = FinalAnswer;
        return
        [
            Arithmetic.Checked,
            Arithmetic.Errors,
            Arithmetic.Unchecked,
            Arithmetic.ChecksOut ? 1 : 0,
            Arithmetic.Errors > 0 ? 1 : 0,
            Arithmetic.Checked == 0 ? 0 : (float)Arithmetic.Errors / Arithmetic.Checked,
            HasFinalAnswer ? 1 : 0,
            final is null ? 0 : 1,
            final is { } whole && Math.Abs(whole - Math.Round(whole)) < 1e-9 ? 1 : 0,
            final < 0 ? 1 : 0,
            FinalMatchesLastResult ? 1 : 0,
            FinalAnswerInPrompt ? 1 : 0,
            MathF.Log(1 + Characters),
            Lines,
            Hedges,
            EndsCleanly ? 1 : 0,
        ];
    }
}
