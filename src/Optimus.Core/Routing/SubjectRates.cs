namespace Optimus.Core.Routing;

/// <summary>How often the weak and the strong model were right on one subject's training queries.</summary>
/// <param name="WeakAccuracy">Smoothed share of the subject's queries the weak model answered correctly.</param>
/// <param name="StrongAccuracy">Smoothed share the strong model answered correctly.</param>
/// <param name="Count">Training queries behind the rates.</param>
public sealed record SubjectRates(double WeakAccuracy, double StrongAccuracy, int Count)
{
    /// <summary>Names of the entries of <see cref="ToFeatures"/>, in order.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } = ["subject_weak_accuracy", "subject_strong_accuracy", "subject_gain"];

    /// <summary>Expected gain in accuracy from sending one of the subject's queries to the strong model.</summary>
    public double Gain => StrongAccuracy - WeakAccuracy;

    /// <summary>The rates as a fixed-length numeric vector for a learner.</summary>
    public float[] ToFeatures() => [(float)WeakAccuracy, (float)StrongAccuracy, (float)Gain];
}
