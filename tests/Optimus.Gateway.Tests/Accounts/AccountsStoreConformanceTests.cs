using Optimus.Abstractions;
using Optimus.Core.Billing;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Identity;

namespace Optimus.Gateway.Tests.Accounts;

/// <summary>
/// The contract every accounts store must meet (keys, owners, enrolment, policies, credentials, payouts, and caches that
/// see other writers on their next lookup). Each store has one subclass that says how to open it; every test gets fresh,
/// empty accounts, and <see cref="OpenDatabase"/> may be called again for a second handle on the same accounts, as
/// another process (a command, another gateway) would have.
/// </summary>
public abstract class AccountsStoreConformanceTests : IDisposable
{
    private readonly List<IDisposable> _opened = [];
    private readonly VehicleSigningKey _signingKey = VehicleSigningKey.FromBytes(new byte[32]);
    private AccountsDatabase? _database;

    /// <summary>Opens a new handle on this test's accounts (the same accounts each time).</summary>
    protected abstract AccountsDatabase OpenDatabase();

    /// <summary>Removes this test's data after every handle is closed.</summary>
    protected virtual void DeleteData()
    {
    }

    private AccountsDatabase Database => _database ??= Open();

    private KeyStore Keys => new(Database, TimeProvider.System);

    private OwnerStore Owners => new(Database, TimeProvider.System);

    private VehicleCredentials Credentials => new(Database, _signingKey, TimeProvider.System);

    public void Dispose()
    {
        foreach (var opened in Enumerable.Reverse(_opened))
        {
            opened.Dispose();
        }

        DeleteData();
        GC.SuppressFinalize(this);
    }

    private AccountsDatabase Open() => Track(OpenDatabase());

    private T Track<T>(T disposable)
        where T : IDisposable
    {
        _opened.Add(disposable);
        return disposable;
    }

    [Fact]
    public void Keys_CreateListRevoke_RevokedKeyStaysListedAndIsRevokedOnce()
    {
        var (key, secret) = Keys.Create("alpha", KeyRole.Customer, "acme", new KeyLimits(10, 2000, 5_000_000_000));
        Keys.Create("beta", KeyRole.Admin, string.Empty, KeyLimits.None);

        Assert.StartsWith(ApiKeySecrets.Start, secret, StringComparison.Ordinal);
        Assert.Equal(ApiKeySecrets.PrefixOf(secret), key.Prefix);
        var listed = Keys.List();
        Assert.Equal(["alpha", "beta"], listed.Select(k => k.Name).Order(StringComparer.Ordinal));
        var alpha = listed.Single(k => k.Name == "alpha");
        Assert.Equal((KeyRole.Customer, "acme", new KeyLimits(10, 2000, 5_000_000_000)), (alpha.Role, alpha.Subject, alpha.Limits));
        Assert.Equal(string.Empty, listed.Single(k => k.Name == "beta").Subject);

        Assert.True(Keys.Revoke("alpha"));
        Assert.False(Keys.Revoke("alpha"));
        Assert.False(Keys.Revoke("nobody"));
        Assert.True(Keys.List().Single(k => k.Name == "alpha").IsRevoked);
    }

    [Fact]
    public void Keys_DuplicateName_RefusedEvenAfterRevocation()
    {
        Keys.Create("alpha", KeyRole.Customer, "acme", KeyLimits.None);
        Assert.Contains("already exists", Assert.Throws<AccountsException>(() => Keys.Create("alpha", KeyRole.Customer, "other", KeyLimits.None)).Message, StringComparison.Ordinal);

        Keys.Revoke("alpha");
        Assert.Throws<AccountsException>(() => Keys.Create("alpha", KeyRole.Admin, string.Empty, KeyLimits.None));
        Assert.Single(Keys.List());
    }

    [Fact]
    public void Keys_SameNameFromTwoHandlesAtOnce_ExactlyOneIsCreated()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => new KeyStore(Open(), TimeProvider.System)).ToList();
        var outcomes = RunTogether(stores.Count, i =>
        {
            try
            {
                stores[i].Create("contested", KeyRole.Customer, "acme", KeyLimits.None);
                return true;
            }
            catch (AccountsException)
            {
                return false;
            }
        });

        Assert.Single(outcomes, created => created);
        Assert.Single(Keys.List());
    }

    [Fact]
    public void Keys_CustomersBillingAndOwnerKeys()
    {
        Keys.Create("pre", KeyRole.Customer, "prepaid-co", KeyLimits.None, Gateway.Accounts.Billing.Prepaid);
        Keys.Create("post", KeyRole.Customer, "postpaid-co", KeyLimits.None);
        Keys.Create("pre-2", KeyRole.Customer, "prepaid-co", KeyLimits.None, Gateway.Accounts.Billing.Postpaid); // an existing customer keeps its billing

        Assert.Equal(Gateway.Accounts.Billing.Prepaid, Keys.BillingOf("prepaid-co"));
        Assert.Equal(Gateway.Accounts.Billing.Postpaid, Keys.BillingOf("postpaid-co"));
        Assert.Null(Keys.BillingOf("nobody"));
        Assert.Contains("No owner named 'alice'", Assert.Throws<AccountsException>(() => Keys.Create("o", KeyRole.Owner, "alice", KeyLimits.None)).Message, StringComparison.Ordinal);
        Owners.Create("alice");
        Assert.Equal(KeyRole.Owner, Keys.Create("o", KeyRole.Owner, "alice", KeyLimits.None).Key.Role);
    }

    [Fact]
    public void Bootstrap_ManyGatewaysStartingTogether_ExactlyOneMakesTheKeys()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => new KeyStore(Open(), TimeProvider.System)).ToList();

        var made = RunTogether(stores.Count, i => stores[i].Bootstrap("admin", "demo"));

        var maker = Assert.Single(made, m => m.Admin is not null);
        Assert.NotNull(maker.Demo);
        Assert.All(made.Where(m => m.Admin is null), m => Assert.Null(m.Demo));
        Assert.Equal(["admin", "demo"], Keys.List().Select(k => k.Name).Order(StringComparer.Ordinal));
        Assert.Equal((null, null), Keys.Bootstrap("admin", "demo"));
    }

    [Fact]
    public void Owners_CreateSetFindList()
    {
        Assert.True(Owners.Create("bob", Tariff.Parse("0.2"), "Europe/Berlin", PayoutForm.FsdMonths));
        Assert.False(Owners.Create("bob"));
        Assert.True(Owners.Create("alice"));

        Owners.SetTariff("alice", Tariff.Parse("0.3"), "America/Los_Angeles");
        Owners.SetPayoutForm("alice", PayoutForm.SuperchargingKWh);

        Assert.Equal(["alice", "bob"], Owners.List().Select(o => o.Name));
        var alice = Owners.Find("alice")!;
        Assert.Equal((PayoutForm.SuperchargingKWh, Tariff.Parse("0.3").ToString(), "America/Los_Angeles"), (alice.PayoutForm, alice.Tariff.ToString(), alice.TimeZone));
        var bob = Owners.Find("bob")!;
        Assert.Equal((PayoutForm.FsdMonths, "Europe/Berlin"), (bob.PayoutForm, bob.TimeZone));
        Assert.Null(Owners.Find("carol"));
        Assert.Throws<AccountsException>(() => Owners.SetPayoutForm("carol", PayoutForm.Cash));
        Assert.Throws<AccountsException>(() => Owners.Create("dave", timeZone: "Mars/Olympus"));
    }

    [Fact]
    public void Enrol_UnderOneOwnerOnly_AndLookupFindsWhoIsPaid()
    {
        Owners.Create("alice", Tariff.Parse("0.25"), "Europe/Paris");
        Owners.Create("bob");
        Owners.Enrol("alice", "car-2");
        Owners.Enrol("alice", "car-1");
        Owners.Enrol("alice", "car-1"); // again: nothing changes

        Assert.Contains("another owner", Assert.Throws<AccountsException>(() => Owners.Enrol("bob", "car-1")).Message, StringComparison.Ordinal);
        Assert.Throws<AccountsException>(() => Owners.Enrol("carol", "car-3"));
        Assert.Equal(["car-1", "car-2"], Owners.Find("alice")!.Vehicles.Select(v => v.Id));
        Assert.Empty(Owners.Find("bob")!.Vehicles);

        var found = Owners.Lookup(["car-1", "car-9"]);
        var owner = Assert.Single(found).Value;
        Assert.Equal(("alice", "Europe/Paris"), (owner.Owner, owner.TimeZone.Id));
        Assert.Empty(Owners.Lookup([]));
    }

    [Fact]
    public void Policies_StoredPerVehicle_AndChangesMerge()
    {
        Owners.Create("alice", timeZone: "America/Los_Angeles");
        Owners.Enrol("alice", "car-1");
        Owners.Enrol("alice", "car-2");

        Assert.Throws<AccountsException>(() => Owners.SetPolicy("car-9", new VehiclePolicyChange(OptedOut: true)));
        Owners.SetPolicy("car-1", new VehiclePolicyChange(ChargeFloor: 0.5));
        var policy = Owners.SetPolicy("car-1", new VehiclePolicyChange(OptedOut: true));

        Assert.Equal((true, 0.5), (policy.OptedOut, policy.ChargeFloor));
        Assert.Equal(policy, Owners.Vehicle("car-1")!.Policy);
        Assert.Null(Owners.Vehicle("car-2")!.Policy);
        Assert.Null(Owners.Vehicle("car-9"));
        using var policies = new EnrolledPolicies(Database);
        var reported = OwnerPolicyState.Default;
        Assert.True(policies.For("car-1", reported).OptedOut);
        Assert.Same(reported, policies.For("car-2", reported));
    }

    [Fact]
    public void Credentials_IssueRevokeReissue_NextGenerationAndTheDirectorySeesEachStep()
    {
        Owners.Create("alice");
        Owners.Enrol("alice", "car-1");
        using var directory = new VehicleCredentialDirectory(Open());

        Assert.Throws<AccountsException>(() => Credentials.Issue("car-9"));
        Assert.Throws<AccountsException>(() => Credentials.Revoke("car-9"));
        Assert.Null(directory.Find("car-9"));
        Assert.Equal(new VehicleCredentials.CredentialState(false, 1, false), directory.Find("car-1"));

        var first = Credentials.Issue("car-1");
        Assert.Equal(first, Credentials.Issue("car-1"));
        Assert.Equal(new VehicleCredentials.CredentialState(true, 1, false), directory.Find("car-1"));

        Credentials.Revoke("car-1");
        Assert.Equal(new VehicleCredentials.CredentialState(true, 1, true), directory.Find("car-1"));

        var second = Credentials.Issue("car-1");
        Assert.NotEqual(first, second);
        Assert.Equal(new VehicleCredentials.CredentialState(true, 2, false), directory.Find("car-1"));
    }

    [Fact]
    public void Credentials_RevokedBeforeEverIssued_NextIssueIsGenerationTwo()
    {
        Owners.Create("alice");
        Owners.Enrol("alice", "car-1");
        Credentials.Revoke("car-1");

        using var directory = new VehicleCredentialDirectory(Database);
        Assert.Equal(new VehicleCredentials.CredentialState(true, 1, true), directory.Find("car-1"));
        Credentials.Issue("car-1");
        Assert.Equal(2, directory.Find("car-1")!.Generation);
    }

    [Fact]
    public void Payouts_BatchRowsAreRecordedOnceAndCompleteOnce()
    {
        var (started, completed) = Owners.BeginBatch("2026-11");
        Assert.Null(completed);
        Assert.Equal(started, Owners.BeginBatch("2026-11").Started);

        Owners.RecordPayout("2026-11", new PayoutLine("bob", PayoutForm.Cash, 150, 1_500_000_000));
        Owners.RecordPayout("2026-11", new PayoutLine("alice", PayoutForm.FsdMonths, 1, 99_000_000_000));
        Owners.RecordPayout("2026-11", new PayoutLine("bob", PayoutForm.Cash, 999, 9_990_000_000)); // recorded already: kept

        Assert.Equal(
            [new PayoutLine("alice", PayoutForm.FsdMonths, 1, 99_000_000_000), new PayoutLine("bob", PayoutForm.Cash, 150, 1_500_000_000)],
            Owners.PayoutsOf("2026-11"));
        Assert.Empty(Owners.PayoutsOf("2026-12"));
        var done = Owners.CompleteBatch("2026-11");
        Assert.Equal(done, Owners.CompleteBatch("2026-11"));
        Assert.Equal(done, Owners.BeginBatch("2026-11").Completed);
    }

    [Fact]
    public void KeyRing_AWriteThroughAnotherHandle_IsSeenOnTheNextLookup()
    {
        using var ring = new KeyRing(Database, TimeProvider.System);
        var other = new KeyStore(Open(), TimeProvider.System);

        var (_, secret) = other.Create("late", KeyRole.Customer, "acme", KeyLimits.None);
        Assert.Equal("late", ring.Find(secret)?.Name);
        Assert.Equal("late", ring.FindByName("late")?.Name);

        other.Revoke("late");
        Assert.Null(ring.Find(secret));
        Assert.Null(ring.FindByName("late"));
        Assert.Null(ring.Find("sk-opt-unknown"));
        Assert.Null(ring.Find("not-a-key"));
    }

    [Fact]
    public void EnrolledPolicies_AWriteThroughAnotherHandle_IsSeenOnTheNextLookup()
    {
        Owners.Create("alice");
        Owners.Enrol("alice", "car-1");
        using var policies = new EnrolledPolicies(Database);
        var reported = OwnerPolicyState.Default;
        Assert.False(policies.For("car-1", reported).OptedOut);

        new OwnerStore(Open(), TimeProvider.System).SetPolicy("car-1", new VehiclePolicyChange(OptedOut: true));

        Assert.True(policies.For("car-1", reported).OptedOut);
    }

    [Fact]
    public void KeyRing_LookupsFromManyThreadsWhileKeysAreRevoked_NoLookupAfterARevocationSeesTheKey()
    {
        using var ring = new KeyRing(Database, TimeProvider.System);
        var other = new KeyStore(Open(), TimeProvider.System);
        var secrets = Enumerable.Range(0, 8).Select(i => other.Create($"k{i}", KeyRole.Customer, "acme", KeyLimits.None).Secret).ToList();

        var stale = RunTogether(secrets.Count, i =>
        {
            other.Revoke($"k{i}");
            return ring.Find(secrets[i]) is not null;
        });

        Assert.DoesNotContain(true, stale);
    }

    /// <summary>Repeated lookups with nothing changed keep answering from the cache (what they cost: `Optimus.Bench keys`).</summary>
    [Fact]
    public void KeyRing_RepeatedLookupsWithNoChange_KeepFindingTheKey()
    {
        using var ring = new KeyRing(Database, TimeProvider.System);
        var (key, secret) = Keys.Create("repeated", KeyRole.Customer, "acme", KeyLimits.None);

        var found = Enumerable.Range(0, 500).Select(_ => ring.Find(secret)?.Name).ToList();

        Assert.All(found, name => Assert.Equal(key.Name, name));
    }

    private static T[] RunTogether<T>(int count, Func<int, T> work)
    {
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, count).Select(i => Task.Factory.StartNew(() =>
        {
            start.Wait();
            return work(i);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        start.Set();
        return Task.WhenAll(tasks).GetAwaiter().GetResult();
    }
}
