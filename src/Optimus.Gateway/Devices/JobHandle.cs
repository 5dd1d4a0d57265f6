using System.Threading.Channels;
using Optimus.Protocol;

namespace Optimus.Gateway.Devices;

/// <summary>
/// One job attempt on one vehicle under one lease epoch; events arrive on <see cref="Events"/>. What a vehicle may send
/// for one attempt is bounded, so no car can make the gateway hold an unbounded backlog for one request while its client
/// reads slowly: at most <see cref="MaxPending"/> events ahead of the reader, and in all at most the attempt's token
/// limit (plus <see cref="TokenSlack"/>) tokens of at most <see cref="MaxCharsPerToken"/> characters each on average.
/// Past either bound the attempt ends as if the vehicle had left, and the job continues elsewhere from what was
/// delivered (the reader's <see cref="TokenMeter"/> still cuts at the limit what came before).
/// </summary>
internal sealed class JobHandle(string jobId, string vehicleId, long leaseEpoch, int maxTokens = int.MaxValue / 2)
{
    /// <summary>Events a vehicle may be ahead of the job's reader. An honest car sends about one per token.</summary>
    public const int MaxPending = 65_536;

    /// <summary>Tokens beyond the attempt's limit still accepted (the end of text a stop-sequence matcher held back).</summary>
    public const int TokenSlack = 16;

    /// <summary>Average characters per token allowed; a real vocabulary's pieces are far shorter.</summary>
    public const int MaxCharsPerToken = 64;

    /// <summary>
    /// Characters allowed on top: as much as the largest prompt the API accepts, for backends whose tokens are not a
    /// vocabulary's pieces (the echo backend answers with the prompt's words, of any length).
    /// </summary>
    public const int ExtraChars = VehicleChannelLimits.MaxPromptBytes;

    private long _tokens;
    private long _chars;

    // Not SingleReader: that channel cannot count what it holds, and the bound needs the count.
    private readonly Channel<JobEvent> _events = Channel.CreateUnbounded<JobEvent>();

    public string JobId { get; } = jobId;

    public string VehicleId { get; } = vehicleId;

    public long LeaseEpoch { get; } = leaseEpoch;

    public ChannelReader<JobEvent> Events => _events.Reader;

    /// <summary>True once the vehicle ran <see cref="MaxPending"/> events ahead of the reader and the attempt was ended.</summary>
    public bool Overrun { get; private set; }

    /// <summary>Called by one writer at a time: the vehicle's session (or the relay) delivering in order.</summary>
    public bool Post(JobEvent jobEvent)
    {
        if (jobEvent is JobEvent.Tokens tokens)
        {
            _tokens += tokens.Items.Count;
            foreach (var token in tokens.Items)
            {
                _chars += token.Text.Length;
            }
        }

        var allowed = (long)maxTokens + TokenSlack;
        if (_events.Reader.Count < MaxPending && _tokens <= allowed && _chars <= (allowed * MaxCharsPerToken) + ExtraChars)
        {
            return _events.Writer.TryWrite(jobEvent);
        }

        // The end of the attempt takes the last place; nothing more is accepted from this vehicle for it.
        if (!Overrun)
        {
            Overrun = true;
            _events.Writer.TryWrite(new JobEvent.Failed(JobFailureCodes.VehicleDeparted, "the vehicle sent more than one attempt may hold"));
            _events.Writer.TryComplete();
        }

        return false;
    }
}
