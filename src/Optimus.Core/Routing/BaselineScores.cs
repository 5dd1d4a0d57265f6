namespace Optimus.Core.Routing;

/// <summary>
/// The simple routing scores the learned router must beat: whether the edge answer's arithmetic checks out and it
/// reached a final answer (after generation), or the subject's base rates (before generation). Higher means "send to
/// the cloud".
/// </summary>
public static class BaselineScores
{
    /// <summary>0 for an answer whose arithmetic checks out and that ends in a final answer; up to 4 for neither.</summary>
    public static double FromResponse(ResponseSignals signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        return (signals.Arithmetic.ChecksOut ? 0 : 2) + (signals.HasFinalAnswer ? 0 : 1) + (signals.Arithmetic.Errors > 0 ? 1 : 0);
    }

    /// <summary>The accuracy the strong model gains over the weak one on the query's subject.</summary>
    public static double FromSubject(SubjectRates rates)
    {
        ArgumentNullException.ThrowIfNull(rates);
        return rates.Gain;
    }
}
