using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Threading.Channels;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Optimus.Agent;
using Optimus.Cli.Up;
using Optimus.Core.Vehicles;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Devices;
using Optimus.Gateway.Identity;
using Optimus.Protocol;
using Optimus.Testing;

namespace Optimus.FunctionalTests;

/// <summary>
/// Vehicle identity over real connections: unauthenticated, forged, replayed, stale and revoked registrations are refused
/// on the wire; a vehicle cannot speak for another's job; with --agent-tls only an agent that trusts the coordinator's
/// certificate connects, and plaintext cannot.
/// </summary>
public sealed class VehicleIdentityTests
{
    private static UpOptions GatewayOnly(bool tls = false, int vehicles = 0) => new() { Vehicles = vehicles, Echo = true, Gateway = new() { AgentTls = tls } };

    [Fact]
    public async Task Registration_EveryUnprovenCase_IsRejectedOnTheWire_AndACorrectOneIsAccepted()
    {
        await using var up = await FleetFixture.StartAsync(GatewayOnly(), TestRequests.TempData());
        var credentialA = VehicleCredential.Parse(up.EnrolVehicle("car-a"));
        var credentialB = VehicleCredential.Parse(up.EnrolVehicle("car-b"));
        up.EnrolVehicle("car-revoked");
        up.App.Services.GetRequiredService<VehicleCredentials>().Revoke("car-revoked");
        using var channel = GrpcChannel.ForAddress(up.AgentUrl);
        var client = new VehicleChannel.VehicleChannelClient(channel);

        async Task<CoordinatorMessage> RegisterAsync(Register register)
        {
            using var call = client.Connect();
            await call.RequestStream.WriteAsync(new AgentMessage { Register = register });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            var answer = call.ResponseStream.Current;
            if (answer.BodyCase == CoordinatorMessage.BodyOneofCase.Rejected)
            {
                Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None), "the stream stays open after a rejection");
            }

            return answer;
        }

        async Task AssertRejectedAsync(Register register, string reason)
        {
            var answer = await RegisterAsync(register);
            Assert.Equal(CoordinatorMessage.BodyOneofCase.Rejected, answer.BodyCase);
            Assert.Contains(reason, answer.Rejected.Reason, StringComparison.Ordinal);
        }

        Register Signed(string id, byte[] credential, DateTimeOffset? at = null)
        {
            var register = RawVehicle.Registration(id);
            RegistrationProof.Sign(register, credential, at ?? DateTimeOffset.UtcNow);
            return register;
        }

        await AssertRejectedAsync(RawVehicle.Registration("car-a"), "presented no credential");
        var macless = Signed("car-a", credentialA);
        macless.AuthMac = ByteString.Empty;
        await AssertRejectedAsync(macless, "malformed");
        await AssertRejectedAsync(Signed("car-a", new byte[32]), "not valid for vehicle 'car-a'");
        await AssertRejectedAsync(Signed("car-a", credentialB), "not valid for vehicle 'car-a'");
        var tampered = Signed("car-a", credentialA);
        tampered.Region = "somewhere-else";
        await AssertRejectedAsync(tampered, "not valid for vehicle 'car-a'");
        await AssertRejectedAsync(Signed("car-a", credentialA, DateTimeOffset.UtcNow.AddMinutes(-10)), "clock");
        await AssertRejectedAsync(Signed("stranger", credentialA), "not enrolled");
        await AssertRejectedAsync(Signed("car-revoked", up.App.Services.GetRequiredService<VehicleSigningKey>().CredentialFor("car-revoked", 1)), "revoked");

        var good = Signed("car-a", credentialA);
        Assert.Equal(CoordinatorMessage.BodyOneofCase.Registered, (await RegisterAsync(good.Clone())).BodyCase);
        await AssertRejectedAsync(good, "replayed");

        var authenticator = up.App.Services.GetRequiredService<VehicleAuthenticator>();
        Assert.Equal(
            (1L, 2L, 3L, 1L, 1L, 1L, 1L),
            (authenticator.Count(VehicleAuthOutcome.Accepted), authenticator.Count(VehicleAuthOutcome.Unauthenticated), authenticator.Count(VehicleAuthOutcome.Forged),
             authenticator.Count(VehicleAuthOutcome.Stale), authenticator.Count(VehicleAuthOutcome.NotEnrolled), authenticator.Count(VehicleAuthOutcome.Revoked),
             authenticator.Count(VehicleAuthOutcome.Replayed)));
    }

    [Fact]
    public async Task Vehicle_PostingTokensForAnotherVehiclesJob_IsDroppedAndCounted()
    {
        await using var up = await FleetFixture.StartAsync(GatewayOnly(), TestRequests.TempData());
        using var channel = GrpcChannel.ForAddress(up.AgentUrl);
        await using var owner = await RawVehicle.ConnectAsync(channel, "job-owner", VehicleCredential.Parse(up.EnrolVehicle("job-owner")));
        using var http = new HttpClient { BaseAddress = up.ApiUrl, DefaultRequestHeaders = { Authorization = up.Authorization } };
        var response = http.PostAsync("v1/chat/completions", TestRequests.Chat(4));
        var job = await owner.NextJobAsync(TimeSpan.FromSeconds(10));

        // A second, properly authenticated vehicle claims the job: tokens and a finish, under its own lease and under the owner's.
        await using var intruder = await RawVehicle.ConnectAsync(channel, "intruder", VehicleCredential.Parse(up.EnrolVehicle("intruder")));
        await intruder.SendAsync(new AgentMessage { Tokens = new TokenChunk { JobId = job.JobId, LeaseEpoch = intruder.Epoch, Tokens = { new Token { Text = " FORGED", Id = 99 } } } });
        await intruder.SendAsync(new AgentMessage { Tokens = new TokenChunk { JobId = job.JobId, LeaseEpoch = job.LeaseEpoch, Tokens = { new Token { Text = " FORGED", Id = 99 } } } });
        await intruder.SendAsync(new AgentMessage { Finished = new JobFinished { JobId = job.JobId, LeaseEpoch = job.LeaseEpoch, CompletionTokens = 1 } });
        var table = up.App.Services.GetRequiredService<JobTable>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (table.ForeignMessages < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(3, table.ForeignMessages);
        await owner.SendAsync(new AgentMessage { Tokens = new TokenChunk { JobId = job.JobId, LeaseEpoch = job.LeaseEpoch, Tokens = { new Token { Text = "real", Id = 1 } } } });
        await owner.SendAsync(new AgentMessage { Finished = new JobFinished { JobId = job.JobId, LeaseEpoch = job.LeaseEpoch, PromptTokens = 4, CompletionTokens = 1 } });

        using var answer = await response.WaitAsync(TimeSpan.FromSeconds(10));
        var body = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("real", json.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(up.PublicName("job-owner"), answer.Headers.GetValues("x-optimus-vehicle").Single());
    }

    [Fact]
    public async Task AgentTls_PinnedOrCaTrustingAgentsServe_WrongPinAndPlaintextCannotConnect()
    {
        // One simulated vehicle (which pins the generated certificate, as `optimus up --agent-tls` sets it up) must register.
        await using var up = await FleetFixture.StartAsync(GatewayOnly(tls: true, vehicles: 1), TestRequests.TempData());
        Assert.Equal("https", up.AgentUrl.Scheme);
        Assert.Matches("^[0-9a-f]{64}$", up.AgentCertificateSha256);
        using var http = new HttpClient { BaseAddress = up.ApiUrl, DefaultRequestHeaders = { Authorization = up.Authorization } };
        using (var served = await http.PostAsync("v1/chat/completions", TestRequests.Chat(4)))
        {
            Assert.True(served.IsSuccessStatusCode, await served.Content.ReadAsStringAsync());
        }

        // An agent trusting the certificate file as its CA registers too.
        var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(up.Options.Gateway.DataDirectory, AgentCertificate.PublicFileName));
        await using (var trusting = InProcessAgent.Start(up.AgentOptionsFor("ca-car", HardwareProfiles.Default) with { CoordinatorCertificateSha256 = null, CoordinatorCa = ca }))
        {
            await trusting.WaitForRegistrationAsync(TimeSpan.FromSeconds(15));
        }

        // A wrong pin fails the handshake; so does the system trust store (the certificate is self-signed).
        foreach (var untrusting in new[]
        {
            up.AgentOptionsFor("wrong-pin", HardwareProfiles.Default) with { CoordinatorCertificateSha256 = new string('0', 64) },
            up.AgentOptionsFor("system-trust", HardwareProfiles.Default) with { CoordinatorCertificateSha256 = null },
        })
        {
            using var pinned = GrpcChannel.ForAddress(up.AgentUrl, new GrpcChannelOptions { HttpHandler = CoordinatorTls.CreateHandler(untrusting) });
            var refused = await Assert.ThrowsAsync<RpcException>(() => RawVehicle.ConnectAsync(pinned, untrusting.VehicleId, VehicleCredential.Parse(untrusting.Credential!)));
            Assert.Contains(refused.StatusCode, new[] { StatusCode.Unavailable, StatusCode.Internal });
            Assert.Contains("certificate", refused.Status.DebugException?.ToString() ?? refused.Message, StringComparison.OrdinalIgnoreCase);
        }

        // Plaintext HTTP/2 to the TLS port does not get a registration through.
        using var plaintext = GrpcChannel.ForAddress(new UriBuilder(up.AgentUrl) { Scheme = "http" }.Uri);
        var failed = await Assert.ThrowsAnyAsync<Exception>(() => RawVehicle.ConnectAsync(plaintext, "plain", VehicleCredential.Parse(up.EnrolVehicle("plain"))));
        Assert.True(failed is RpcException or IOException, failed.ToString());
    }

    [Fact]
    public async Task AgentProcess_CredentialFromOwnerEnrol_Connects_AndWithoutOneExitsWithHowToFixIt()
    {
        await using var up = await FleetFixture.StartAsync(GatewayOnly(), TestRequests.TempData());
        var data = up.Options.Gateway.DataDirectory;
        up.App.Services.GetRequiredService<OwnerStore>().Create("cli-owner");

        // `optimus owner enrol` on the running gateway's folder prints the credential the agent then uses (from the environment).
        var enrol = await OptimusProcess.RunAsync(["owner", "enrol", "--name", "cli-owner", "--vehicle", "cli-car", "--data", data], TimeSpan.FromSeconds(30));
        Assert.Equal(0, enrol.ExitCode);
        var credential = enrol.StandardError.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(VehicleCredential.Prefix, StringComparison.Ordinal));
        await using (var agent = OptimusProcess.Start(["agent", "--coordinator", up.AgentUrl.ToString(), "--vehicle-id", "cli-car", "--echo"],
            new Dictionary<string, string> { ["OPTIMUS_VEHICLE_CREDENTIAL"] = credential }))
        {
            await agent.WaitForOutputAsync("registered", TimeSpan.FromSeconds(30));
        }

        var refused = await OptimusProcess.RunAsync(["agent", "--coordinator", up.AgentUrl.ToString(), "--vehicle-id", "cli-car", "--echo"], TimeSpan.FromSeconds(30));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("presented no credential", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("OPTIMUS_VEHICLE_CREDENTIAL", refused.StandardError, StringComparison.Ordinal);
    }
}
