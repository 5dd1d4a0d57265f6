using Google.Protobuf;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Identity;
using Optimus.Protocol;

namespace Optimus.Gateway.Tests.Identity;

/// <summary>Every way a registration can fail to prove its vehicle's credential is refused, and only a correct one is let in.</summary>
public sealed class VehicleAuthenticatorTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 5, 12, 0, 0, TimeSpan.Zero);
    private readonly string _data = Path.Combine(Path.GetTempPath(), "optimus-gateway-tests", Guid.NewGuid().ToString("N"));
    private readonly ManualTime _time = new(Start);
    private readonly VehicleSigningKey _key = VehicleSigningKey.FromBytes(new byte[32]);
    private readonly VehicleCredentials _credentials;
    private readonly VehicleCredentialDirectory _directory;

    public VehicleAuthenticatorTests()
    {
        var owners = new OwnerStore(_data);
        owners.Create("alice");
        owners.Enrol("alice", "car-a");
        owners.Enrol("alice", "car-b");
        _credentials = new VehicleCredentials(_data, _key, _time);
        _directory = new VehicleCredentialDirectory(AccountsDatabase.Sqlite(_data));
    }

    public void Dispose()
    {
        _directory.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    private VehicleAuthenticator Authenticator(bool noAuth = false) => new(_key, _directory, new GatewayOptions { DataDirectory = _data, NoAuth = noAuth }, _time);

    private static Register Registration(string vehicleId) => new()
    {
        VehicleId = vehicleId,
        Profile = new HardwareProfile { Name = "ai4-8gb", Dies = 2, MemoryPerDieBytes = 8L << 30, PowerWatts = 100 },
        Model = new ModelInfo { Name = "stories260K", ContextLength = 512, Backend = "llama.cpp" },
        Slots = 2,
        Region = "eu-west",
        Policy = new OwnerPolicy { ChargeFloor = 0.3 },
        State = new Protocol.VehicleState { Activity = Activity.Charging, PluggedIn = true, StateOfCharge = 0.8 },
    };

    private Register Signed(string vehicleId, string? credential = null, DateTimeOffset? at = null)
    {
        var register = Registration(vehicleId);
        RegistrationProof.Sign(register, VehicleCredential.Parse(credential ?? _credentials.Issue(vehicleId)), at ?? _time.GetUtcNow());
        return register;
    }

    [Fact]
    public void Correct_Proof_IsAccepted()
    {
        var authenticator = Authenticator();

        Assert.Equal(VehicleAuthOutcome.Accepted, authenticator.Authenticate(Signed("car-a")).Outcome);
        Assert.Equal(1, authenticator.Count(VehicleAuthOutcome.Accepted));
    }

    [Fact]
    public void NoProof_IsUnauthenticated_UnlessTheCoordinatorRunsOpen()
    {
        var refused = Authenticator().Authenticate(Registration("car-a"));
        Assert.Equal(VehicleAuthOutcome.Unauthenticated, refused.Outcome);
        Assert.Contains("optimus owner enrol", refused.Reason, StringComparison.Ordinal);

        Assert.Equal(VehicleAuthOutcome.Open, Authenticator(noAuth: true).Authenticate(Registration("car-a")).Outcome);
    }

    [Fact]
    public void Open_Coordinator_StillChecksAProofThatIsPresented()
    {
        var forged = Signed("car-a", VehicleCredential.Format(new byte[32]));

        Assert.Equal(VehicleAuthOutcome.Forged, Authenticator(noAuth: true).Authenticate(forged).Outcome);
    }

    public static TheoryData<string> Malformations => ["no mac", "short mac", "no nonce", "short nonce", "no timestamp"];

    [Theory]
    [MemberData(nameof(Malformations))]
    public void Malformed_Proof_IsUnauthenticated(string malformation)
    {
        var register = Signed("car-a");
        switch (malformation)
        {
            case "no mac": register.AuthMac = ByteString.Empty; break;
            case "short mac": register.AuthMac = ByteString.CopyFrom(register.AuthMac.Span[..16]); break;
            case "no nonce": register.AuthNonce = ByteString.Empty; break;
            case "short nonce": register.AuthNonce = ByteString.CopyFrom(new byte[8]); break;
            default: register.AuthTimestampMs = 0; break;
        }

        Assert.Equal(VehicleAuthOutcome.Unauthenticated, Authenticator().Authenticate(register).Outcome);
    }

    [Fact]
    public void WrongCredential_IsForged()
    {
        var random = VehicleCredential.Format(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        Assert.Equal(VehicleAuthOutcome.Forged, Authenticator().Authenticate(Signed("car-a", random)).Outcome);
    }

    [Fact]
    public void AnotherVehiclesCredential_ClaimingThisVehicle_IsForged()
    {
        var carB = _credentials.Issue("car-b");

        Assert.Equal(VehicleAuthOutcome.Forged, Authenticator().Authenticate(Signed("car-a", carB)).Outcome);
    }

    [Fact]
    public void CredentialFromAnotherSigningKey_IsForged()
    {
        var otherCoordinator = VehicleSigningKey.FromBytes(Enumerable.Repeat((byte)7, 32).ToArray());
        var foreign = VehicleCredential.Format(otherCoordinator.CredentialFor("car-a", 1));

        Assert.Equal(VehicleAuthOutcome.Forged, Authenticator().Authenticate(Signed("car-a", foreign)).Outcome);
    }

    public static TheoryData<string> Tamperings => ["vehicle id", "region", "context", "slots", "memory", "policy", "state", "timestamp", "nonce", "agent version"];

    [Theory]
    [MemberData(nameof(Tamperings))]
    public void Registration_AlteredAfterSigning_IsForged(string field)
    {
        var register = Signed("car-a");
        switch (field)
        {
            case "vehicle id": register.VehicleId = "car-b"; break;
            case "region": register.Region = "us-pacific"; break;
            case "context": register.Model.ContextLength = 4096; break;
            case "slots": register.Slots = 64; break;
            case "memory": register.Profile.MemoryPerDieBytes *= 2; break;
            case "policy": register.Policy.OptedOut = true; break;
            case "state": register.State.StateOfCharge = 0.1; break;
            case "timestamp": register.AuthTimestampMs += 1; break;
            case "nonce": register.AuthNonce = ByteString.CopyFrom(new byte[16]); break;
            default: register.AgentVersion = "9.9.9"; break;
        }

        Assert.Equal(VehicleAuthOutcome.Forged, Authenticator().Authenticate(register).Outcome);
    }

    [Theory]
    [InlineData(-121)]
    [InlineData(121)]
    [InlineData(-3600)]
    public void Timestamp_OutsideTwoMinutes_IsStale(int secondsFromNow)
    {
        var result = Authenticator().Authenticate(Signed("car-a", at: Start.AddSeconds(secondsFromNow)));

        Assert.Equal(VehicleAuthOutcome.Stale, result.Outcome);
        Assert.Contains("clock", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-119)]
    [InlineData(119)]
    public void Timestamp_WithinTwoMinutes_IsAccepted(int secondsFromNow) =>
        Assert.Equal(VehicleAuthOutcome.Accepted, Authenticator().Authenticate(Signed("car-a", at: Start.AddSeconds(secondsFromNow))).Outcome);

    [Fact]
    public void SameRegistration_Twice_IsReplayed_AndStaleOnceTheWindowHasPassed()
    {
        var authenticator = Authenticator();
        var register = Signed("car-a");

        Assert.Equal(VehicleAuthOutcome.Accepted, authenticator.Authenticate(register).Outcome);
        _time.Now += TimeSpan.FromSeconds(30);
        Assert.Equal(VehicleAuthOutcome.Replayed, authenticator.Authenticate(register.Clone()).Outcome);
        _time.Now += TimeSpan.FromMinutes(5);
        Assert.Equal(VehicleAuthOutcome.Stale, authenticator.Authenticate(register.Clone()).Outcome);
        Assert.Equal((1, 1, 1), (authenticator.Count(VehicleAuthOutcome.Accepted), authenticator.Count(VehicleAuthOutcome.Replayed), authenticator.Count(VehicleAuthOutcome.Stale)));
    }

    [Fact]
    public void FreshNonce_EachConnection_IsAccepted() =>
        Assert.All(Enumerable.Range(0, 3), _ => Assert.Equal(VehicleAuthOutcome.Accepted, Authenticator().Authenticate(Signed("car-a")).Outcome));

    [Fact]
    public void UnenrolledVehicle_IsRefused()
    {
        var register = Registration("stranger");
        RegistrationProof.Sign(register, _key.CredentialFor("stranger", 1), Start);

        Assert.Equal(VehicleAuthOutcome.NotEnrolled, Authenticator().Authenticate(register).Outcome);
        Assert.Throws<AccountsException>(() => _credentials.Issue("stranger"));
    }

    [Fact]
    public void RevokedVehicle_IsRefused_AndEnrollingAgainIssuesANewCredentialTheOldOneCannotUse()
    {
        var old = _credentials.Issue("car-a");
        _credentials.Revoke("car-a");
        var authenticator = Authenticator();

        Assert.Equal(VehicleAuthOutcome.Revoked, authenticator.Authenticate(Signed("car-a", old)).Outcome);

        var renewed = _credentials.Issue("car-a");
        Assert.NotEqual(old, renewed);
        Assert.Equal(VehicleAuthOutcome.Forged, authenticator.Authenticate(Signed("car-a", old)).Outcome);
        Assert.Equal(VehicleAuthOutcome.Accepted, authenticator.Authenticate(Signed("car-a", renewed)).Outcome);
    }

    [Fact]
    public void Issue_Again_GivesTheSameCredential() => Assert.Equal(_credentials.Issue("car-a"), _credentials.Issue("car-a"));

    [Fact]
    public void ReplayGuard_Full_RefusesUntilEntriesExpire()
    {
        var guard = new ReplayGuard(TimeSpan.FromMinutes(2), capacity: 2);
        byte[] Nonce(byte b) => [b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

        Assert.Equal(ReplayVerdict.Fresh, guard.TryAdd(Nonce(1), Start));
        Assert.Equal(ReplayVerdict.Fresh, guard.TryAdd(Nonce(2), Start));
        Assert.Equal(ReplayVerdict.Full, guard.TryAdd(Nonce(3), Start));
        Assert.Equal(ReplayVerdict.Replayed, guard.TryAdd(Nonce(1), Start.AddMinutes(3)));
        Assert.Equal(ReplayVerdict.Fresh, guard.TryAdd(Nonce(3), Start.AddMinutes(4)));
        Assert.Equal(1, guard.Count);
    }

    [Theory]
    [InlineData("sk-opt-abc")]
    [InlineData("vc-opt-!!!!")]
    [InlineData("vc-opt-AAAA")]
    public void Credential_Damaged_IsAFormatError(string text) => Assert.Throws<FormatException>(() => VehicleCredential.Parse(text));

    [Fact]
    public void Credential_RoundTrips()
    {
        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);

        Assert.Equal(bytes, VehicleCredential.Parse(VehicleCredential.Format(bytes)));
    }

    [Fact]
    public void SigningKey_MadeOnceInTheDataFolder_Private_AndOverriddenByConfiguration()
    {
        var first = VehicleSigningKey.Load(_data, null).CredentialFor("car-a", 1);
        var again = VehicleSigningKey.Load(_data, null).CredentialFor("car-a", 1);
        var configured = VehicleSigningKey.Load(_data, Convert.ToBase64String(new byte[32])).CredentialFor("car-a", 1);

        Assert.Equal(first, again);
        Assert.Equal(_key.CredentialFor("car-a", 1), configured);
        Assert.NotEqual(first, configured);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_data, VehicleSigningKey.FileName)));
        }

        Assert.Throws<InvalidDataException>(() => VehicleSigningKey.Load(_data, Convert.ToBase64String(new byte[16])));
    }

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
