using Optimus.Abstractions;
using Optimus.Gateway.Accounts;

namespace Optimus.Gateway.Tests.Accounts;

public sealed class VehiclePolicyTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "optimus-gateway-tests", Guid.NewGuid().ToString("N"));
    private readonly OwnerStore _owners;

    public VehiclePolicyTests()
    {
        _owners = new OwnerStore(_data);
        _owners.Create("alice", timeZone: "America/Los_Angeles");
        _owners.Enrol("alice", "car-1");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Theory]
    [InlineData("mon-fri 25-07", "'25-07' is not an hour range")]
    [InlineData("funday 22-07", "'funday' is not a weekday")]
    [InlineData("mon-fri", "is not of the form 'mon-fri 22-07'")]
    public void Hours_Malformed_AreRefusedWithTheCoreParsersReason(string hours, string reason)
    {
        var error = Assert.Throws<AccountsException>(() => new VehiclePolicyChange(Hours: hours).ApplyTo(VehiclePolicy.Default));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains(hours, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void ChargeFloor_OutsideZeroToOne_IsRefused(double floor)
    {
        var error = Assert.Throws<AccountsException>(() => new VehiclePolicyChange(ChargeFloor: floor).ApplyTo(VehiclePolicy.Default));

        Assert.Contains("between 0 and 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Categories_Unknown_AreRefusedNamingTheKnownOnes()
    {
        var error = Assert.Throws<AccountsException>(() => new VehiclePolicyChange(Categories: ["batch", "crypto"]).ApplyTo(VehiclePolicy.Default));

        Assert.Contains("crypto", error.Message, StringComparison.Ordinal);
        Assert.Contains("interactive, batch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Change_LeavesUnsetFieldsAsStoredAndAlwaysAndAllClearHoursAndCategories()
    {
        var stored = new VehiclePolicyChange(Hours: "mon-fri 22-07", ChargeFloor: 0.3, Categories: ["batch"]).ApplyTo(VehiclePolicy.Default);

        var optedOut = new VehiclePolicyChange(OptedOut: true).ApplyTo(stored);
        var cleared = new VehiclePolicyChange(Hours: "always", Categories: ["all"]).ApplyTo(stored);

        Assert.Equal(stored with { OptedOut = true }, optedOut with { Categories = stored.Categories });
        Assert.Equal(["batch"], optedOut.Categories);
        Assert.Equal("mon-fri 22-07", optedOut.Hours);
        Assert.Null(cleared.Hours);
        Assert.Null(cleared.Categories);
        Assert.Equal(0.3, cleared.ChargeFloor);
    }

    [Fact]
    public void SetPolicy_StoredAsJson_ReadsBackAndConvertsInTheOwnersTimeZone()
    {
        _owners.SetPolicy("car-1", new VehiclePolicyChange(Hours: "sat,sun 0-24", PluggedInOnly: false, DailyEnergyCapWh: 500));

        var vehicle = _owners.Vehicle("car-1")!;
        var state = vehicle.Policy!.ToState("America/Los_Angeles");
        var policy = state.ToPolicy();

        Assert.Equal("alice", vehicle.Owner);
        Assert.Equal("sat,sun 0-24", state.Hours);
        Assert.Equal("America/Los_Angeles", state.TimeZoneId);
        Assert.False(policy.PluggedInOnly);
        Assert.Equal(500, policy.DailyEnergyCapWh);
        Assert.True(policy.Hours!.Allows(DayOfWeek.Sunday, 3));
        Assert.False(policy.Hours.Allows(DayOfWeek.Monday, 3));
    }

    [Fact]
    public void SetPolicy_VehicleNotEnrolled_IsRefused()
    {
        var error = Assert.Throws<AccountsException>(() => _owners.SetPolicy("car-9", new VehiclePolicyChange(OptedOut: true)));

        Assert.Contains("not enrolled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnrolledPolicies_StoredPolicyOverridesTheAgentsAndAChangeFromAnotherStoreIsSeenOnTheNextLookup()
    {
        using var policies = new EnrolledPolicies(AccountsDatabase.Sqlite(_data));
        var reported = OwnerPolicyState.Default;

        var before = policies.For("car-1", reported);
        new OwnerStore(_data).SetPolicy("car-1", new VehiclePolicyChange(OptedOut: true));
        var after = policies.For("car-1", reported);
        var other = policies.For("car-2", reported);

        Assert.Same(reported, before);
        Assert.True(after.OptedOut);
        Assert.Equal("America/Los_Angeles", after.TimeZoneId);
        Assert.Same(reported, other);
    }
}
