namespace Optimus.Simulator.Tests.Simulation;

/// <summary>Over a simulated week, the fleet's behaviour matches the configured distributions within sampling error.</summary>
public class AvailabilityStatisticsTests
{
    private const int Seed = 5;
    private const int Vehicles = 20_000;

    private static readonly Lazy<Model.SimulationResult> Week = new(() => TestConfigs.Run(TestConfigs.NoDemand, Vehicles, 7, Seed));

    [Fact]
    public void Population_Shares_MatchTheConfigWithinFourStandardErrors()
    {
        var r = Week.Value;
        var c = r.Config;
        var privateCars = r.Vehicles - r.Robotaxis;

        AssertProportion(r.Robotaxis, r.Vehicles, c.Fleet.RobotaxiShare, "robotaxi share");
        AssertProportion(r.HomeAccess, privateCars, c.Fleet.HomeChargingAccess, "home-charging access");
        AssertProportion(r.OptedIn, privateCars, c.Fleet.OptInRate, "opt-in rate");
    }

    [Fact]
    public void PlugIns_PerArrivalHome_MatchTheNightsPerWeekHabit()
    {
        var m = Week.Value.Mobility;
        var c = Week.Value.Config.Charging;
        var expected = (c.PlugInNightsPerWeekMin + c.PlugInNightsPerWeekMax) / 2 / 7;
        var measured = m.ElectivePlugIns / (double)m.HomeArrivals;

        // Binomial error, plus the spread of habits across cars (uniform between min and max nights).
        var habitVariance = Math.Pow((c.PlugInNightsPerWeekMax - c.PlugInNightsPerWeekMin) / 7, 2) / 12;
        var se = Math.Sqrt((expected * (1 - expected) / m.HomeArrivals) + (habitVariance / (Vehicles * 0.8)));
        Assert.True(Math.Abs(measured - expected) < 4 * se, $"seed {Seed}: {measured:F4} plug-ins per arrival, expected {expected:F4} ± {se:F4}");
        Assert.True(m.PlugIns >= m.ElectivePlugIns);
    }

    [Fact]
    public void HomeDwell_Mean_MatchesTheSessionLengthAndStayHomeDays()
    {
        var m = Week.Value.Mobility;
        var c = Week.Value.Config;
        var stay = c.Trips.StayHomeDayProbability;
        var expected = c.Charging.HomeDwellHoursMean + (24 * stay / (1 - stay));
        var mean = m.DwellHoursSum / m.Dwells;
        var sd = Math.Sqrt((m.DwellHoursSquares / m.Dwells) - (mean * mean));
        var se = sd / Math.Sqrt(m.Dwells);

        Assert.True(Math.Abs(mean - expected) < 4 * se, $"seed {Seed}: mean dwell {mean:F3} h, expected {expected:F3} ± {se:F3}");
    }

    [Fact]
    public void Departures_ByLocalHour_PeakInTheMorningAndTheEvening()
    {
        var d = Week.Value.Mobility.DeparturesByLocalHour;
        var morning = Array.IndexOf(d, d.Take(12).Max());
        var evening = Array.IndexOf(d, d.Skip(12).Max());

        Assert.InRange(morning, 5, 9);
        Assert.InRange(evening, 16, 19);
    }

    [Fact]
    public void Availability_Hourly_NeverMoreThanPluggedPlusRobotaxisAndAboutAQuarterPlugged()
    {
        var r = Week.Value;
        var s = r.Series;
        for (var h = 0; h < s.Hours; h++)
        {
            var available = s.AverageLevel(Metrics.Level.Available, h);
            Assert.True(available <= s.AverageLevel(Metrics.Level.Plugged, h) + r.Robotaxis + 1e-6, $"seed {Seed}: hour {h}");
        }

        // parameters.md: fleet-wide ≈24% of car-hours are home-plugged before opt-in; the defaults give ≈26% plus away charging.
        var plugged = Enumerable.Range(0, s.Hours).Average(h => s.AverageLevel(Metrics.Level.Plugged, h)) / r.Vehicles;
        Assert.InRange(plugged, 0.20, 0.35);
    }

    private static void AssertProportion(long count, long n, double p, string what)
    {
        var measured = count / (double)n;
        var se = Math.Sqrt(p * (1 - p) / n);
        Assert.True(Math.Abs(measured - p) < 4 * se, $"seed {Seed}: {what} {measured:F4}, expected {p:F4} ± {se:F4}");
    }
}
