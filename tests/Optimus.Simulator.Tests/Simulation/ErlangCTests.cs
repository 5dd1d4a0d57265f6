using Optimus.Simulator.Model;
using Xunit.Abstractions;

namespace Optimus.Simulator.Tests.Simulation;

public class ErlangCTests(ITestOutputHelper output)
{
    [Fact]
    public void Run_FixedFleetPoissonArrivalsExponentialService_MeanWaitMatchesErlangC()
    {
        // Four vehicles whose two dies each run one stream: c = 8 servers at ρ = 0.75, about 1.6 million requests
        // (across seeds the mean wait's relative spread is ≈0.5%, so 5% is a wide margin).
        const int seed = 3;
        const int vehicles = 4;
        const double rho = 0.75;
        const double meanServiceSeconds = 2.0;
        var shape = WithOneStreamPerDie(TestConfigs.FixedFleet(1, 1));
        var capacity = PopulationBuilder.Capacities(shape)[0];
        var servers = vehicles * capacity.Slots;
        var mu = 1 / meanServiceSeconds;
        var lambda = rho * servers * mu;
        var config = WithOneStreamPerDie(TestConfigs.FixedFleet(lambda * 86400 / vehicles, meanServiceSeconds * capacity.StreamTokensPerSecond));

        var result = new Model.Simulation(config, RunSettings(vehicles, 6, seed)).Run();

        var expected = ErlangCMeanWait(servers, lambda, mu);
        var measured = result.MeanEdgeWaitSeconds;
        output.WriteLine($"seed {seed}: c = {servers}, ρ = {rho}, {result.EdgeWaits} requests: mean wait {measured:F4} s, Erlang C {expected:F4} s ({(measured / expected) - 1:P2})");
        Assert.Equal(8, servers);
        Assert.True(result.EdgeWaits > 1_000_000, $"seed {seed}: only {result.EdgeWaits} requests");
        Assert.True(Math.Abs(measured - expected) <= 0.05 * expected,
            $"seed {seed}: c = {servers}, ρ = {rho}: mean wait {measured:F4} s, Erlang C {expected:F4} s ({(measured / expected) - 1:P1})");
    }

    [Theory]
    [InlineData(1, 0.5, 1.0, 1.0)]
    [InlineData(2, 1.0, 1.0, 1.0 / 3)]
    public void ErlangCMeanWait_KnownCases_MatchesClosedForms(int c, double lambda, double mu, double expected)
    {
        // M/M/1: Wq = ρ/(μ − λ) = 1; M/M/2 at a = 1: C = 1/3, Wq = C/(2μ − λ) = 1/3.
        Assert.Equal(expected, ErlangCMeanWait(c, lambda, mu), 9);
    }

    /// <summary>Erlang C: the probability of waiting, over cμ − λ, gives the mean wait in an M/M/c queue.</summary>
    private static double ErlangCMeanWait(int c, double lambda, double mu)
    {
        var a = lambda / mu;
        var rho = a / c;
        double term = 1, sum = 0;
        for (var k = 0; k < c; k++)
        {
            sum += term;
            term *= a / (k + 1);
        }

        var last = term / (1 - rho);
        var probabilityOfWaiting = last / (sum + last);
        return probabilityOfWaiting / ((c * mu) - lambda);
    }

    private static Optimus.Simulator.Config.SimulationConfig WithOneStreamPerDie(Optimus.Simulator.Config.SimulationConfig c) =>
        c with { Device = c.Device with { Serving = c.Device.Serving with { MaxBatchPerDie = 1 } } };

    private static Optimus.Simulator.Config.RunSettings RunSettings(int vehicles, double days, int seed) => new(vehicles, days, seed, 1);
}
