namespace Optimus.Core.Routing;

/// <summary>
/// Before-generation signals of a prompt's difficulty that need no model: its size, how numeric it is, the shape of
/// a multiple-choice question and wording that usually makes a question harder ("NOT", "EXCEPT", "Statement 1").
/// </summary>
/// <param name="Characters">Length of the prompt.</param>
/// <param name="Words">Words in the prompt.</param>
/// <param name="Numbers">Numbers written in the prompt.</param>
/// <param name="LongestNumberDigits">Digits in the longest number.</param>
/// <param name="DecimalNumbers">Numbers with a decimal point.</param>
/// <param name="MathSymbols">Operators, equals signs, powers, roots and LaTeX markup.</param>
/// <param name="Options">Multiple-choice options (lines such as <c>A. ...</c>).</param>
/// <param name="NumericOptions">Options that start with a number.</param>
/// <param name="MeanOptionCharacters">Mean length of the options.</param>
/// <param name="StemCharacters">Length of the question before its options.</param>
/// <param name="Negations">"not", "except", "least", "false", "incorrect" and the like.</param>
/// <param name="Statements">The question judges numbered statements ("Statement 1 | ...").</param>
/// <param name="Sentences">Sentences in the question stem.</param>
public sealed record PromptSignals(
    int Characters,
    int Words,
    int Numbers,
    int LongestNumberDigits,
    int DecimalNumbers,
    int MathSymbols,
    int Options,
    int NumericOptions,
    double MeanOptionCharacters,
    int StemCharacters,
    int Negations,
    bool Statements,
    int Sentences)
{
    /// <summary>Names of the entries of <see cref="ToFeatures"/>, in order.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } =
    [
        "log_characters", "log_words", "numbers", "longest_number_digits", "decimal_numbers", "math_symbols",
        "options", "numeric_options", "log_mean_option_characters", "log_stem_characters", "negations", "statements",
        "sentences",
    ];

    /// <summary>The signals as a fixed-length numeric vector for a learner.</summary>
    public float[] ToFeatures() =>
    [
        MathF.Log(1 + Characters),
        MathF.Log(1 + Words),
        Numbers,
        LongestNumberDigits,
        DecimalNumbers,
        MathSymbols,
        Options,
        NumericOptions,
        (float)Math.Log(1 + MeanOptionCharacters),
        MathF.Log(1 + StemCharacters),
        Negations,
        Statements ? 1 : 0,
        Sentences,
    ];
}
