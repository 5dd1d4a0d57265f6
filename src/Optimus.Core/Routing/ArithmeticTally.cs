namespace Optimus.Core.Routing;

/// <summary>
/// What <see cref="ArithmeticCheck"/> found in a worked answer: how many calculations it wrote down, how many of them
/// are wrong, how many could not be checked, and the value of the last one.
/// </summary>
/// <param name="Annotations">GSM8K calculator annotations <c>&lt;&lt;a*b=c&gt;&gt;</c> that could be evaluated.</param>
/// <param name="AnnotationErrors">Annotations whose written result differs from the evaluated expression.</param>
/// <param name="Unchecked">Annotations that are not plain arithmetic (variables, units).</param>
/// <param name="Equations">Inline equations in the prose (<c>16 - 3 = 13</c>) that could be evaluated.</param>
/// <param name="EquationErrors">Inline equations whose right side differs from the left.</param>
/// <param name="LastResult">The result of the last calculation in the text, if any.</param>
public readonly record struct ArithmeticTally(
    int Annotations,
    int AnnotationErrors,
    int Unchecked,
    int Equations,
    int EquationErrors,
    double? LastResult)
{
    /// <summary>All calculations checked, annotations and inline equations together.</summary>
    public int Checked => Annotations + Equations;

    /// <summary>All calculations that do not check out.</summary>
    public int Errors => AnnotationErrors + EquationErrors;

    /// <summary>True when at least one calculation was checked and none is wrong.</summary>
    public bool ChecksOut => Checked > 0 && Errors == 0;
}
