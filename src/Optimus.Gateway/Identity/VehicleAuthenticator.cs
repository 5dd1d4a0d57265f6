using Optimus.Protocol;

namespace Optimus.Gateway.Identity;

/// <summary>
/// Checks a registration's proof of the vehicle's credential (<see cref="RegistrationProof"/>) before the vehicle
/// channel accepts it: the proof must be present and well formed, the vehicle enrolled and not revoked, the MAC the one
/// its credential gives (compared in constant time), the timestamp within <see cref="Window"/> of this gateway's clock,
/// and the nonce not seen before within the window (<see cref="ReplayGuard"/>). Each refusal is counted by kind.
/// With <see cref="GatewayOptions.NoAuth"/> (a local demo) a registration without any proof is let in; one that carries
/// a proof is still checked.
/// </summary>
internal sealed class VehicleAuthenticator(
    VehicleSigningKey key,
    VehicleCredentialDirectory directory,
    GatewayOptions options,
    TimeProvider time)
{
    /// <summary>How far a registration's timestamp may be from this gateway's clock, either way.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(2);

    /// <summary>Nonces remembered at most (registrations in two windows); beyond, registrations are asked to retry.</summary>
    public const int ReplayCapacity = 1_000_000;

    private readonly ReplayGuard _replays = new(Window, ReplayCapacity);
    private readonly long[] _counts = new long[Enum.GetValues<VehicleAuthOutcome>().Length];

    /// <summary>How many registrations ended with <paramref name="outcome"/> on this gateway.</summary>
    public long Count(VehicleAuthOutcome outcome) => Interlocked.Read(ref _counts[(int)outcome]);

    public VehicleAuthResult Authenticate(Register register)
    {
        ArgumentNullException.ThrowIfNull(register);
        var result = Check(register);
        Interlocked.Increment(ref _counts[(int)result.Outcome]);
        return result;
    }

    private VehicleAuthResult Check(Register register)
    {
        var id = register.VehicleId;
        if (register.AuthMac.IsEmpty && register.AuthNonce.IsEmpty && register.AuthTimestampMs == 0)
        {
            return options.NoAuth
                ? new(VehicleAuthOutcome.Open, "no credential (the coordinator runs with --no-auth)")
                : new(VehicleAuthOutcome.Unauthenticated,
                    $"vehicle '{id}' presented no credential. Enrol it (`optimus owner enrol --name OWNER --vehicle {id}`) and give its agent the " +
                    "credential printed there (--credential or OPTIMUS_VEHICLE_CREDENTIAL).");
        }

        if (register.AuthMac.Length != RegistrationProof.KeyLength || register.AuthNonce.Length != RegistrationProof.NonceLength || register.AuthTimestampMs <= 0)
        {
            return new(VehicleAuthOutcome.Unauthenticated,
                $"the credential proof is malformed: it needs a timestamp, a {RegistrationProof.NonceLength}-byte nonce and a {RegistrationProof.KeyLength}-byte MAC.");
        }

        var state = directory.Find(id);
        if (state is null)
        {
            return new(VehicleAuthOutcome.NotEnrolled, $"vehicle '{id}' is not enrolled (`optimus owner enrol --name OWNER --vehicle {id}`).");
        }

        if (state.Revoked)
        {
            return new(VehicleAuthOutcome.Revoked, $"the credential of vehicle '{id}' was revoked; enrolling the vehicle again issues a new one.");
        }

        if (!RegistrationProof.Verify(register, key.CredentialFor(id, state.Generation)))
        {
            return new(VehicleAuthOutcome.Forged,
                $"the credential proof is not valid for vehicle '{id}': a wrong or outdated credential, or a registration altered on the way.");
        }

        var now = time.GetUtcNow();
        var skew = DateTimeOffset.FromUnixTimeMilliseconds(register.AuthTimestampMs) - now;
        if (skew.Duration() > Window)
        {
            return new(VehicleAuthOutcome.Stale, FormattableString.Invariant(
                $"the registration's timestamp is {skew.TotalSeconds:+0;-0} s from the coordinator's clock (at most ±{Window.TotalSeconds:0} s): set the vehicle's clock."));
        }

        return _replays.TryAdd(register.AuthNonce.Span, now) switch
        {
            ReplayVerdict.Fresh => new(VehicleAuthOutcome.Accepted, "authenticated"),
            ReplayVerdict.Replayed => new(VehicleAuthOutcome.Replayed, "this registration was already used (a replayed nonce)."),
            _ => new(VehicleAuthOutcome.Busy, "too many registrations at once; try again shortly."),
        };
    }
}

/// <summary>How a registration's authentication ended.</summary>
public enum VehicleAuthOutcome
{
    Accepted,
    /// <summary>No proof, let in because the coordinator runs open (<c>--no-auth</c>).</summary>
    Open,
    Unauthenticated,
    NotEnrolled,
    Revoked,
    Forged,
    Stale,
    Replayed,
    /// <summary>The replay window is full: not a verdict on the vehicle, which should retry.</summary>
    Busy,
}

/// <summary>The outcome and, for a refusal, the reason told to the vehicle.</summary>
public sealed record VehicleAuthResult(VehicleAuthOutcome Outcome, string Reason)
{
    public bool Admitted => Outcome is VehicleAuthOutcome.Accepted or VehicleAuthOutcome.Open;
}
