using Optimus.Protocol;

namespace Optimus.Gateway.Devices;

/// <summary>
/// Counts the tokens the gateway delivers for one request, across all its vehicles, and holds the request's limit.
/// Billable tokens are those with a token id (what the model generated); a vehicle may add one token without an id,
/// the end of text its stop-sequence matcher held back. A vehicle that sends more than that (a billable token past
/// <see cref="Limit"/>, or a second token without an id) is cut off: nothing beyond the limit is delivered.
/// Not thread-safe: one request's reader uses it.
/// </summary>
internal sealed class TokenMeter(int limit, bool vehicleKnowsLimit = true)
{
    private const int UnbilledAllowance = 1;
    private int _unbilled;

    /// <summary>The most completion tokens the request may receive and be billed for.</summary>
    public int Limit { get; } = Math.Max(1, limit);

    /// <summary>Completion tokens delivered so far: what the customer is billed for.</summary>
    public int Billable { get; private set; }

    /// <summary>True once a vehicle went past the limit.</summary>
    public bool CutOff { get; private set; }

    /// <summary>
    /// False when the limit is the gateway's default cap, which the vehicle was not told: an honest vehicle may run past
    /// it, so going past it is cut off but is no sign of dishonesty.
    /// </summary>
    public bool VehicleKnowsLimit { get; } = vehicleKnowsLimit;

    /// <summary>
    /// The completion limit of a request: its max_tokens; without one, what the vehicle's context leaves after the prompt,
    /// capped at <paramref name="defaultCap"/> (what metering reserved for a request without max_tokens), so that no
    /// request is billed beyond its reservation.
    /// </summary>
    public static TokenMeter For(int maxTokens, int contextLength, PromptCount prompt, int defaultCap = int.MaxValue)
    {
        if (maxTokens > 0)
        {
            return new TokenMeter(maxTokens);
        }

        var contextLeft = prompt.Exact ? contextLength - prompt.Tokens : contextLength;
        return contextLeft <= defaultCap ? new TokenMeter(contextLeft) : new TokenMeter(defaultCap, vehicleKnowsLimit: false);
    }

    /// <summary>How many of <paramref name="tokens"/>, from the first, may be delivered; fewer than all sets <see cref="CutOff"/>.</summary>
    public int Admit(IReadOnlyList<Token> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        for (var i = 0; i < tokens.Count; i++)
        {
            var billable = tokens[i].Id >= 0;
            if (CutOff || (billable ? Billable >= Limit : _unbilled >= UnbilledAllowance))
            {
                CutOff = true;
                return i;
            }

            if (billable)
            {
                Billable++;
            }
            else
            {
                _unbilled++;
            }
        }

        return tokens.Count;
    }
}
