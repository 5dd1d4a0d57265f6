using Optimus.Simulator.Engine;

namespace Optimus.Simulator.Metrics;

/// <summary>
/// Everything the time series reports, per simulated hour: time-weighted levels (integrated exactly at each change and
/// closed at each hour boundary), counters, tokens, energy per tariff class, money, and latency histograms.
/// Times after the horizon (the drain of requests in flight) count in the last hour.
/// </summary>
internal sealed class HourlySeries
{
    private static readonly int LevelCount = Enum.GetValues<Level>().Length;
    private static readonly int CounterCount = Enum.GetValues<Counter>().Length;
    private readonly long[] _levelValue = new long[LevelCount];
    private readonly long[] _levelSince = new long[LevelCount];

    public HourlySeries(int hours, int tariffs)
    {
        Hours = hours;
        Tariffs = tariffs;
        LevelIntegral = new long[LevelCount * hours];
        Counts = new long[CounterCount * hours];
        EdgeTokens = new double[hours];
        CloudTokens = new double[hours];
        EnergyUj = new long[hours * tariffs];
        ChargesNano = new long[hours];
        OwnerNano = new long[hours];
        CloudChargesNano = new long[hours];
        CloudUpstreamNano = new long[hours];
        TtftAll = new long[hours * LatencyHistogram.Buckets];
        TtftEdge = new long[hours * LatencyHistogram.Buckets];
    }

    public int Hours { get; }

    /// <summary>Tariff classes energy is kept by: each region, then the robotaxi depot.</summary>
    public int Tariffs { get; }

    /// <summary>Level × microseconds, by level then hour.</summary>
    public long[] LevelIntegral { get; }

    public long[] Counts { get; }

    public double[] EdgeTokens { get; }

    public double[] CloudTokens { get; }

    /// <summary>Serving energy (sample), by hour then tariff class.</summary>
    public long[] EnergyUj { get; }

    public long[] ChargesNano { get; }

    public long[] OwnerNano { get; }

    public long[] CloudChargesNano { get; }

    public long[] CloudUpstreamNano { get; }

    public long[] TtftAll { get; }

    public long[] TtftEdge { get; }

    public int HourOf(long t) => (int)Math.Clamp(t / SimTime.Hour, 0, Hours - 1);

    public long Current(Level level) => _levelValue[(int)level];

    public void Set(Level level, long t, long value)
    {
        Integrate(level, t);
        _levelValue[(int)level] = value;
    }

    public void Change(Level level, long t, long delta)
    {
        Integrate(level, t);
        _levelValue[(int)level] += delta;
    }

    /// <summary>Brings every level's integral up to <paramref name="t"/> (called at each hour boundary).</summary>
    public void CloseHour(long t)
    {
        for (var i = 0; i < LevelCount; i++)
        {
            Integrate((Level)i, t);
        }
    }

    public double AverageLevel(Level level, int hour) => LevelIntegral[((int)level * Hours) + hour] / (double)SimTime.Hour;

    public void Count(Counter counter, long t, long n = 1) => Counts[((int)counter * Hours) + HourOf(t)] += n;

    public long Get(Counter counter, int hour) => Counts[((int)counter * Hours) + hour];

    public long Total(Counter counter) => Counts.AsSpan((int)counter * Hours, Hours).ToArray().Sum();

    public void RecordTtft(long t, double milliseconds, bool edge)
    {
        var offset = (HourOf(t) * LatencyHistogram.Buckets) + LatencyHistogram.Bucket(milliseconds);
        TtftAll[offset]++;
        if (edge)
        {
            TtftEdge[offset]++;
        }
    }

    public ReadOnlySpan<long> Ttft(int hour, bool edgeOnly) =>
        (edgeOnly ? TtftEdge : TtftAll).AsSpan(hour * LatencyHistogram.Buckets, LatencyHistogram.Buckets);

    private void Integrate(Level level, long t)
    {
        var i = (int)level;
        var since = _levelSince[i];
        if (t > since)
        {
            LevelIntegral[(i * Hours) + HourOf(since)] += _levelValue[i] * (t - since);
            _levelSince[i] = t;
        }
    }
}
