namespace Optimus.Gateway.Identity;

/// <summary>
/// The registration nonces this gateway has accepted within the clock window, so that a captured registration cannot
/// be played again while its timestamp is still accepted. Entries expire two windows after they were seen (a timestamp
/// may be up to one window ahead of this clock), in the order they were added; the set is bounded, and when it is full
/// of unexpired nonces it refuses new ones (the vehicle retries) rather than forget one early.
/// </summary>
internal sealed class ReplayGuard(TimeSpan window, int capacity)
{
    private readonly HashSet<UInt128> _seen = [];
    private readonly Queue<(UInt128 Nonce, DateTimeOffset Expires)> _order = new();
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _seen.Count;
            }
        }
    }

    public ReplayVerdict TryAdd(ReadOnlySpan<byte> nonce, DateTimeOffset now)
    {
        var key = new UInt128(BitConverter.ToUInt64(nonce[..8]), BitConverter.ToUInt64(nonce[8..16]));
        lock (_lock)
        {
            while (_order.TryPeek(out var oldest) && oldest.Expires <= now)
            {
                _seen.Remove(_order.Dequeue().Nonce);
            }

            if (_seen.Contains(key))
            {
                return ReplayVerdict.Replayed;
            }

            if (_seen.Count >= capacity)
            {
                return ReplayVerdict.Full;
            }

            _seen.Add(key);
            _order.Enqueue((key, now + window + window));
            return ReplayVerdict.Fresh;
        }
    }
}

internal enum ReplayVerdict
{
    Fresh,
    Replayed,
    Full,
}
