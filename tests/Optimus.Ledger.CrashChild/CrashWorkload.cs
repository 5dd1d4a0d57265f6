namespace Optimus.Ledger.CrashChild;

/// <summary>
/// The crash test's workload, shared by the child that posts it and the test that checks what survived: a fixed set of
/// accounts and one transfer per sequence number (1, 2, 3...), every field a pure function of the seed and the number,
/// so that a restarted child resends exactly the transfers it sent before and the test knows what each id must hold.
/// </summary>
public static class CrashWorkload
{
    public const uint Ledger = 840;
    public const int BatchSize = 8;

    // The high half of every transfer id; the low half is the sequence number, so ids sort in sequence order.
    private const ulong IdTag = 0xC7A5_4ED0;

    public static IReadOnlyList<Account> Accounts { get; } =
        [.. Enumerable.Range(1, 8).Select(i => new Account((UInt128)i, Ledger, Code: 1))];

    public static UInt128 TransferId(ulong sequence) => new(IdTag, sequence);

    /// <summary>The sequence number of a workload transfer id, or null for an id the workload never makes.</summary>
    public static ulong? SequenceOf(UInt128 id) => (ulong)(id >> 64) == IdTag ? (ulong)id : null;

    public static Transfer Transfer(int seed, ulong sequence)
    {
        var bits = Mix(unchecked((ulong)seed * 0x9E37_79B9_7F4A_7C15) ^ sequence);
        var accounts = (ulong)Accounts.Count;
        var debit = bits % accounts;
        var credit = (debit + 1 + (bits >> 8) % (accounts - 1)) % accounts;
        return new Transfer(
            TransferId(sequence), Accounts[(int)debit].Id, Accounts[(int)credit].Id, Amount: 1 + (long)((bits >> 16) % 1_000),
            Ledger, Code: 7, UserData: sequence);
    }

    // SplitMix64's finalizer: consecutive inputs give unrelated outputs.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
        return z ^ (z >> 31);
    }
}
