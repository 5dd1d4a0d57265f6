namespace Optimus.Core.Routing;

/// <summary>
/// Per-subject accuracy of the weak and strong models, the simplest prompt-only routing signal: some subjects are
/// hard for the small model and easy for the large one. Built from training rows only, so evaluation rows never
/// inform their own feature; a subject never seen falls back to the overall rates.
/// </summary>
public sealed class SubjectBaseRates
{
    /// <summary>How many pseudo-queries at the overall rates each subject's rates are shrunk toward.</summary>
    public const double DefaultPriorWeight = 10;

    /// <summary>Builds the table from fitted rates, as read back from a router file.</summary>
    public SubjectBaseRates(SubjectRates overall, IReadOnlyDictionary<string, SubjectRates> subjects)
    {
        ArgumentNullException.ThrowIfNull(overall);
        ArgumentNullException.ThrowIfNull(subjects);
        Overall = overall;
        Subjects = new SortedDictionary<string, SubjectRates>(subjects.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
    }

    /// <summary>Rates over every training query.</summary>
    public SubjectRates Overall { get; }

    /// <summary>Rates per subject, in ordinal order of the subject name.</summary>
    public IReadOnlyDictionary<string, SubjectRates> Subjects { get; }

    /// <summary>Fits the table on training rows, shrinking small subjects toward the overall rates.</summary>
    public static SubjectBaseRates Fit(IEnumerable<(string Subject, RoutingOutcome Outcome)> trainingRows, double priorWeight = DefaultPriorWeight)
    {
        ArgumentNullException.ThrowIfNull(trainingRows);
        ArgumentOutOfRangeException.ThrowIfNegative(priorWeight);
        var rows = trainingRows.ToList();
        if (rows.Count == 0)
        {
            throw new ArgumentException("Base rates need at least one training row.", nameof(trainingRows));
        }

        var overall = new SubjectRates(
            rows.Average(r => r.Outcome.WeakCorrect ? 1.0 : 0.0),
            rows.Average(r => r.Outcome.StrongCorrect ? 1.0 : 0.0),
            rows.Count);
        var subjects = rows
            .GroupBy(r => r.Subject, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g =>
                {
                    var count = g.Count();
                    var weak = g.Count(r => r.Outcome.WeakCorrect);
                    var strong = g.Count(r => r.Outcome.StrongCorrect);
                    return new SubjectRates(
                        (weak + (priorWeight * overall.WeakAccuracy)) / (count + priorWeight),
                        (strong + (priorWeight * overall.StrongAccuracy)) / (count + priorWeight),
                        count);
                },
                StringComparer.Ordinal);
        return new SubjectBaseRates(overall, subjects);
    }

    /// <summary>The rates of <paramref name="subject"/>, or the overall rates for an unknown or missing subject.</summary>
    public SubjectRates For(string? subject) =>
        subject is not null && Subjects.TryGetValue(subject, out var rates) ? rates : Overall;
}
