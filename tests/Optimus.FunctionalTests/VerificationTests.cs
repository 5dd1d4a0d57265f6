using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Optimus.Agent;
using Optimus.Cli.Up;
using Optimus.Core.Inference;
using Optimus.Core.Vehicles;
using Optimus.Gateway;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Identity;
using Optimus.Gateway.Storage;
using Optimus.Gateway.Verification;
using Optimus.Inference;
using Optimus.Testing;
using Xunit.Abstractions;

namespace Optimus.FunctionalTests;

/// <summary>
/// A byzantine fleet on a real gateway with verification on: 15 echo vehicles of 15 owners, 20% of them wrong — two
/// colluders that return the same wrong answer, and one that lies half the time. Requests are answered only with a
/// verified (or trusted) output. Measured: the share of wrong results delivered and the executions per delivered
/// result (replication overhead), and that every liar ends quarantined and unpaid while no honest vehicle does.
/// </summary>
public sealed class VerificationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Vehicles = 15;
    private const int Requests = 1200;
    private static readonly HashSet<int> Colluders = [3, 9];
    private const int HalfLiar = 12;

    private readonly string _data = TestRequests.TempData();
    private readonly List<InProcessAgent> _agents = [];
    private OptimusUp _up = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_data);
        var canaries = Path.Combine(_data, "canaries.jsonl");
        await File.WriteAllLinesAsync(canaries, Enumerable.Range(0, 20).Select(i =>
            JsonSerializer.Serialize(new { prompt = $"canary{i} red green blue", max_tokens = 4, output = $"canary{i} red green blue" })));
        var gateway = new GatewayOptions { Verify = true, CanaryPath = canaries, Seed = 11 };
        _up = await FleetFixture.StartAsync(new UpOptions { Vehicles = 0, Gateway = gateway }, _data);
        var services = _up.App.Services;
        for (var i = 0; i < Vehicles; i++)
        {
            var id = $"v{i:00}";
            var owners = services.GetRequiredService<OwnerStore>();
            owners.Create($"owner-{i:00}");
            owners.Enrol($"owner-{i:00}", id);
            var options = new AgentOptions(_up.AgentUrl, id, HardwareProfiles.Default)
            {
                Credential = services.GetRequiredService<VehicleCredentials>().Issue(id),
                CoordinatorCertificateSha256 = _up.AgentCertificateSha256,
            };
            var models = VehicleModels.Echo(HardwareProfiles.Default);
            if (Colluders.Contains(i))
            {
                models = models.Wrapped(g => new LyingGenerator(g, everyNth: 1));
            }
            else if (i == HalfLiar)
            {
                models = models.Wrapped(g => new LyingGenerator(g, everyNth: 2, mark: "?"));
            }

            var agent = InProcessAgent.Start(options, models, seed: i);
            _agents.Add(agent);
            await agent.WaitForRegistrationAsync(TimeSpan.FromSeconds(30));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }

        await _up.DisposeAsync();
        TestPaths.DeleteQuietly(_data);
    }

    [Fact]
    public async Task ByzantineFleet_WrongResultsAcceptedAtMostOnePerThousandWithOverheadAtMost125()
    {
        using var http = new HttpClient { BaseAddress = _up.ApiUrl, DefaultRequestHeaders = { Authorization = _up.Authorization } };
        int delivered = 0, wrong = 0, refused = 0;
        var servedBy = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Requests; i++)
        {
            var prompt = $"job{i} the quick brown fox jumps"; // six words: the echo answers with exactly these
            var body = JsonSerializer.Serialize(new { model = "optimus-edge", prompt, max_tokens = 6, temperature = 0 });
            using var response = await http.PostAsync("v1/completions", new StringContent(body, Encoding.UTF8, "application/json"));
            if (response.StatusCode != HttpStatusCode.OK)
            {
                refused++; // a job no two vehicles agreed on: nothing delivered (the client may retry)
                continue;
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var text = json.RootElement.GetProperty("choices")[0].GetProperty("text").GetString();
            var vehicle = response.Headers.GetValues("x-optimus-vehicle").Single();
            servedBy[vehicle] = servedBy.GetValueOrDefault(vehicle) + 1;
            delivered++;
            if (text != prompt)
            {
                wrong++;
            }
        }

        var verifier = _up.App.Services.GetRequiredService<ResultVerifier>();
        var (executions, deliveredByVerifier, rejected) = verifier.Counts;
        var overhead = executions / (double)deliveredByVerifier;
        var wrongShare = wrong / (double)delivered;
        var grains = _up.App.Services.GetRequiredService<IGrainFactory>();
        var trust = new Dictionary<int, Abstractions.VehicleTrust>();
        for (var i = 0; i < Vehicles; i++)
        {
            trust[i] = await grains.GetGrain<Abstractions.IVehicleGrain>($"v{i:00}").GetTrust();
        }

        output.WriteLine($"delivered {delivered}, wrong {wrong} ({wrongShare:E2}), refused {refused}, executions {executions}, overhead {overhead:0.000}");
        output.WriteLine($"quarantined: {string.Join(", ", trust.Where(t => t.Value.Reputation.IsQuarantined).Select(t => $"v{t.Key:00}"))}");
        output.WriteLine($"served by: {string.Join(", ", servedBy.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"))}");
        Assert.True(wrongShare <= 1e-3, $"wrong results delivered: {wrong} of {delivered}");
        Assert.True(overhead <= 1.25, $"replication overhead {overhead:0.000}");
        // Refusing is safe but not free: with 12 honest vehicles of 15 nearly every job finds two that agree (0 of 1,200
        // refused when this bound was set), so at most 1 % may go unanswered.
        Assert.True(refused <= Requests / 100, $"{refused} of {Requests} requests were refused");
        Assert.All(Colluders.Append(HalfLiar), i => Assert.True(trust[i].Reputation.IsQuarantined, $"liar v{i:00} is not quarantined"));
        Assert.All(Enumerable.Range(0, Vehicles).Where(i => !Colluders.Contains(i) && i != HalfLiar), i => Assert.False(trust[i].Reputation.IsQuarantined, $"honest v{i:00} was quarantined"));

        // A colluder always lies, so every billed (served) record of a colluder is a wrong answer that got through: its
        // owner is paid for no more than the wrong results counted above; caught ones are recorded "rejected", unbilled.
        var journal = _up.App.Services.GetRequiredService<JobJournal>();
        await journal.FlushAsync(CancellationToken.None);
        var jobs = journal.ReadJobs();
        var colluderIds = Colluders.Select(i => $"v{i:00}").ToHashSet(StringComparer.Ordinal);
        Assert.InRange(jobs.Count(j => j.Status == "served" && colluderIds.Contains(j.VehicleId ?? string.Empty)), 0, wrong);
        string[] caught = ["rejected", "canary-failed", "unadmitted"]; // outvoted, failed a canary, or set aside as a check
        Assert.Contains(jobs, j => caught.Contains(j.Status) && colluderIds.Contains(j.VehicleId ?? string.Empty));
    }

    /// <summary>A vehicle that returns a wrong answer on every n-th job: the echo's words upper-cased, plus a mark.</summary>
    private sealed class LyingGenerator(ITextGenerator inner, int everyNth, string mark = "!") : ITextGenerator
    {
        private int _jobs;

        public ModelDescription Model => inner.Model;

        public GenerationResult Generate(GenerationInput input, SamplingOptions options, Action<GeneratedToken> onToken, CancellationToken cancellationToken)
        {
            var lie = Interlocked.Increment(ref _jobs) % everyNth == 0;
            return inner.Generate(input, options, token => onToken(lie ? token with { Text = token.Text.ToUpperInvariant() + mark } : token), cancellationToken);
        }

        public void Dispose() => inner.Dispose();
    }
}
