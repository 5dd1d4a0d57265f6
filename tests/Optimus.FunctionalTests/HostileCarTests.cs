using System.Net;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Optimus.Abstractions;
using Optimus.Agent;
using Optimus.Cli.Up;
using Optimus.Core.Billing;
using Optimus.Core.Vehicles;
using Optimus.Core.Verification;
using Optimus.Gateway.Api;
using Optimus.Gateway.Billing;
using Optimus.Gateway.Devices;
using Optimus.Gateway.Storage;
using Optimus.Inference;
using Optimus.Inference.Echo;
using Optimus.Ledger;
using Optimus.Protocol;

namespace Optimus.FunctionalTests;

/// <summary>
/// Hostile cars on a running gateway, driven through the generated vehicle-channel client (not the agent), beside two
/// real in-process cars: inflated usage, tokens past max_tokens, others' job ids, non-finite and huge figures, oversized
/// and malformed messages and a registration flood. Each is refused or cut off; the real cars keep serving; the customer
/// is billed what was delivered and the ledger balances to it.
/// </summary>
public sealed class HostileCarTests : RunningGateway
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public HostileCarTests()
        : base(new UpOptions { Vehicles = 2, Echo = true })
    {
    }

    [Fact]
    public async Task HostileCar_InflatedUsageTokensPastMaxTokensAndOthersJobs_BilledOnlyWhatWasDelivered()
    {
        using var channel = GrpcChannel.ForAddress(Up.AgentUrl);
        await using var inflater = await RawVehicle.ConnectAsync(channel, "inflater", Credential("inflater"), "zone-inflater");
        await using var streamer = await RawVehicle.ConnectAsync(channel, "streamer", Credential("streamer"), "zone-streamer");
        using var client = Client(Up.DemoKey!);
        var prompt = new EchoPromptCounter().CountPromptTokens(GenerationInput.Chat([new Core.Inference.ChatMessage("user", "Once upon a time")]));

        // A car that sends two tokens and reports a billion of each is billed for the two it delivered.
        var inflatedCall = client.SendAsync(ChatIn("zone-inflater", maxTokens: 8));
        var inflatedJob = await inflater.NextJobAsync(Timeout);
        await inflater.SendAsync(Chunk(inflatedJob, 0, 2));
        await inflater.SendAsync(new AgentMessage { Finished = new JobFinished { JobId = inflatedJob.JobId, LeaseEpoch = inflatedJob.LeaseEpoch, PromptTokens = 1_000_000_000, CompletionTokens = 1_000_000_000 } });
        var inflated = await AnswerAsync(await inflatedCall.WaitAsync(Timeout));
        Assert.Equal((prompt, 2, "stop"), (inflated.Prompt, inflated.Completion, inflated.Finish));

        // A car that streams past max_tokens is cut off at the limit and told to stop; another car's messages about
        // its job (tokens and a result) are dropped.
        var endlessCall = client.SendAsync(ChatIn("zone-streamer", maxTokens: 3));
        var endlessJob = await streamer.NextJobAsync(Timeout);
        var table = Up.App.Services.GetRequiredService<JobTable>();
        var foreignBefore = table.ForeignMessages;
        await inflater.SendAsync(Chunk(endlessJob, 0, 5));
        await inflater.SendAsync(new AgentMessage { Finished = new JobFinished { JobId = endlessJob.JobId, LeaseEpoch = endlessJob.LeaseEpoch, CompletionTokens = 1 } });
        await EventuallyAsync(() => table.ForeignMessages >= foreignBefore + 2);
        await streamer.SendAsync(Chunk(endlessJob, 0, 5));
        Assert.Equal(endlessJob.JobId, await streamer.NextCancelAsync(Timeout));
        await streamer.SendAsync(Chunk(endlessJob, 5, 100)); // it does not stop: nothing of it reaches the client
        var endless = await AnswerAsync(await endlessCall.WaitAsync(Timeout));
        Assert.Equal((prompt, 3, "length", "t0 t1 t2"), (endless.Prompt, endless.Completion, endless.Finish, endless.Text));

        // Both lose their reputation; the real cars keep serving.
        Assert.Equal(2, Up.App.Services.GetRequiredService<InferenceDispatcher>().DishonestAnswers);
        await EventuallyAsync(async () => await TrustAsync("inflater") == ReputationState.Quarantined && await TrustAsync("streamer") == ReputationState.Quarantined);
        using var honest = await client.SendAsync(ChatIn(AgentOptions.DefaultRegion, maxTokens: 4));
        Assert.Equal(HttpStatusCode.OK, honest.StatusCode);

        await AssertLedgerBalancesToDeliveredAsync(new Dictionary<string, (int, int)> { [inflated.Id] = (prompt, 2), [endless.Id] = (prompt, 3) });
    }

    [Fact]
    public async Task HostileCar_BadFiguresOversizedAndMalformedMessagesAndAFlood_RefusedAndTheFleetKeepsServing()
    {
        using var channel = GrpcChannel.ForAddress(Up.AgentUrl);
        var client = new VehicleChannel.VehicleChannelClient(channel);

        // Non-finite and huge power: refused at registration, with the reason.
        foreach (var watts in new[] { double.NaN, double.PositiveInfinity, 1e12, -130 })
        {
            var register = RawVehicle.Registration("power-liar");
            register.Profile.PowerWatts = watts;
            RegistrationProof.Sign(register, Credential("power-liar"), DateTimeOffset.UtcNow);
            var answer = await FirstAnswerAsync(client, new AgentMessage { Register = register });
            Assert.Contains("power", answer.Rejected?.Reason, StringComparison.Ordinal);
        }

        // A heartbeat out of range ends the car's session with the reason.
        await using (var heater = await RawVehicle.ConnectAsync(channel, "heater", Credential("heater"), "zone-heater"))
        {
            await heater.SendAsync(new AgentMessage { Heartbeat = new Heartbeat { State = new Protocol.VehicleState { StateOfCharge = double.NaN } } });
            Assert.Contains("state_of_charge", await heater.Ended.WaitAsync(Timeout), StringComparison.Ordinal);
        }

        // A message over the channel's limit resets only the sender's stream.
        await using (var bloater = await RawVehicle.ConnectAsync(channel, "bloater", Credential("bloater"), "zone-bloater"))
        {
            var huge = new TokenChunk { JobId = "none", LeaseEpoch = bloater.Epoch, Tokens = { new Token { Text = new string('x', VehicleChannelLimits.MaxMessageBytes + 1) } } };
            await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                await bloater.SendAsync(new AgentMessage { Tokens = huge });
                await bloater.Ended.WaitAsync(Timeout);
                throw new IOException("the stream ended");
            });
        }

        // Bytes that are not a message, and a message with no body.
        var garbage = new Method<byte[], byte[]>(MethodType.DuplexStreaming, "optimus.vehicle.v1.VehicleChannel", "Connect", Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));
        using (var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(garbage, null, new CallOptions()))
        {
            await call.RequestStream.WriteAsync([0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x0A]);
            await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        }

        Assert.Contains("registration", (await FirstAnswerAsync(client, new AgentMessage())).Rejected?.Reason, StringComparison.Ordinal);

        // A flood of registrations with forged proofs: every one refused (or told to come back later).
        var flood = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            var register = RawVehicle.Registration($"flood-{i}");
            RegistrationProof.Sign(register, new byte[32], DateTimeOffset.UtcNow);
            try
            {
                return (await FirstAnswerAsync(client, new AgentMessage { Register = register })).BodyCase;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
            {
                return CoordinatorMessage.BodyOneofCase.Rejected;
            }
        }));
        Assert.All(flood, answer => Assert.Equal(CoordinatorMessage.BodyOneofCase.Rejected, answer));

        // The real cars serve as before, and /ready shows the gateway's queues.
        using var http = Client(Up.DemoKey!);
        using var served = await http.PostAsync("v1/chat/completions", TestRequests.Chat(4));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        var realCars = Up.Fleet.Vehicles.Select(v => Up.PublicName(v.Agent.VehicleId)).ToList();
        Assert.Contains(served.Headers.GetValues(CompletionsApi.VehicleHeader).Single(), realCars);
        using var ready = JsonDocument.Parse(await http.GetStringAsync("ready"));
        var pressure = ready.RootElement.GetProperty("pressure");
        Assert.Equal(JobJournal.Capacity, pressure.GetProperty("journal_capacity").GetInt32());
        Assert.InRange(pressure.GetProperty("vehicle_queue_max").GetInt32(), 0, VehicleChannelLimits.OutboundQueueCapacity);
    }

    // Every billed record of the demo key: its charge is the price of its tokens; the delivered answers named in
    // expected were billed the tokens delivered; the ledger's legs add up to each charge and the customer's debits to
    // their sum; energy is metered at the enrolled profile's power whatever the car reported.
    private async Task AssertLedgerBalancesToDeliveredAsync(IReadOnlyDictionary<string, (int Prompt, int Completion)> expected)
    {
        var services = Up.App.Services;
        await services.GetRequiredService<JobJournal>().FlushAsync(CancellationToken.None);
        await services.GetRequiredService<BillingPoster>().PostPendingAsync(CancellationToken.None);
        var prices = services.GetRequiredService<PriceList>();
        var ledger = services.GetRequiredService<ILedgerStore>();
        var rows = services.GetRequiredService<UsageStore>().ForKey("demo", BillingPeriod.Of(DateTimeOffset.UtcNow), 100).Rows.Where(r => r.Billed).ToList();
        foreach (var (jobId, (prompt, completion)) in expected)
        {
            var row = Assert.Single(rows, r => r.JobId == jobId);
            Assert.Equal((prompt, completion), ((int)row.PromptTokens, (int)row.CompletionTokens));
            Assert.Equal(EnergyMeter.MilliWattHours(HardwareProfiles.Default.PowerWatts, row.DeviceMicroseconds), row.MilliWattHours);
        }

        foreach (var row in rows)
        {
            var charge = prices.Charge(row.Model, row.Tier == "batch" ? BillingTier.Batch : BillingTier.Interactive, row.PromptTokens, row.CompletionTokens);
            Assert.Equal(charge, row.ChargeNanoDollars);
            var key = $"{row.JobId}/{row.Attempt}";
            var legs = await ledger.GetTransfersAsync([.. new[] { "owner", "energy", "platform" }.Select(l => LedgerAccounts.TransferId(l, key))]);
            Assert.Equal(charge, legs.Sum(t => t.Amount));
        }

        var customer = Assert.Single(await ledger.GetAccountsAsync([LedgerAccounts.Id("customer", "demo")]));
        Assert.Equal(rows.Sum(r => r.ChargeNanoDollars), (long)customer.DebitsPosted);
    }

    private byte[] Credential(string vehicleId) => VehicleCredential.Parse(Up.EnrolVehicle(vehicleId));

    private async Task<ReputationState> TrustAsync(string vehicleId) =>
        (await Up.App.Services.GetRequiredService<IGrainFactory>().GetGrain<IVehicleGrain>(vehicleId).GetTrust()).Reputation.State;

    private static HttpRequestMessage ChatIn(string region, int maxTokens) => new(HttpMethod.Post, "v1/chat/completions")
    {
        Content = TestRequests.Chat(maxTokens),
        Headers = { { PlacementHeaders.Region, region } },
    };

    private static AgentMessage Chunk(JobAssignment job, int from, int count)
    {
        var chunk = new TokenChunk { JobId = job.JobId, LeaseEpoch = job.LeaseEpoch };
        chunk.Tokens.Add(Enumerable.Range(from, count).Select(i => new Token { Text = i == 0 ? $"t{i}" : $" t{i}", Id = i }));
        return new AgentMessage { Tokens = chunk };
    }

    private static async Task<(string Id, int Prompt, int Completion, string Finish, string Text)> AnswerAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, body);
            var root = JsonDocument.Parse(body).RootElement;
            var usage = root.GetProperty("usage");
            var choice = root.GetProperty("choices")[0];
            return (root.GetProperty("id").GetString()!, usage.GetProperty("prompt_tokens").GetInt32(), usage.GetProperty("completion_tokens").GetInt32(),
                choice.GetProperty("finish_reason").GetString()!, choice.GetProperty("message").GetProperty("content").GetString()!);
        }
    }

    private static async Task<CoordinatorMessage> FirstAnswerAsync(VehicleChannel.VehicleChannelClient client, AgentMessage first)
    {
        using var call = client.Connect();
        await call.RequestStream.WriteAsync(first);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        return call.ResponseStream.Current;
    }

    // Waits for a counter or state the gateway updates on another stream or grain (no event to await), up to a deadline.
    private static Task EventuallyAsync(Func<bool> condition) => EventuallyAsync(() => Task.FromResult(condition()));

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (!await condition())
        {
            await Task.Delay(10, deadline.Token);
        }
    }
}
