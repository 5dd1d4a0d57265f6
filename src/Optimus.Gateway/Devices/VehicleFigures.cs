using Optimus.Core.Vehicles;
using Optimus.Protocol;

namespace Optimus.Gateway.Devices;

/// <summary>
/// The bounds on every figure a vehicle reports. A registration or heartbeat with a figure that is not finite, is
/// negative, or lies outside what the vehicle's hardware profile allows is refused with the reason (the vehicle's
/// session ends): such a figure is a broken or hostile agent, and letting it through would reach placement, owner
/// policy and billing. Energy is never billed from a reported figure: <see cref="BilledPowerWatts"/> is the enrolled
/// profile's own power, looked up by name in <see cref="HardwareProfiles"/>.
/// </summary>
internal static class VehicleFigures
{
    /// <summary>The longest context a vehicle may claim (the echo backend's 1 Mi tokens).</summary>
    public const int MaxContextLength = 1 << 20;

    /// <summary>More than any car battery holds: a larger energy figure is not a measurement.</summary>
    public const double MaxEnergyWh = 200_000;

    private const int MaxTextLength = 256;
    private const int MaxCategories = 32;

    /// <summary>The power energy is billed at for a vehicle registered with <paramref name="profile"/> (already validated).</summary>
    public static double BilledPowerWatts(Protocol.HardwareProfile profile) => HardwareProfiles.Find(profile.Name)?.PowerWatts ?? 0;

    /// <summary>Why the registration is refused, or null when every figure is within bounds.</summary>
    public static string? Check(Register register)
    {
        if (register.Profile is not { } profile)
        {
            return "the registration has no hardware profile.";
        }

        if (HardwareProfiles.Find(profile.Name) is not { } known)
        {
            return $"unknown hardware profile '{Clip(profile.Name)}'; known: {string.Join(", ", HardwareProfiles.All.Select(p => p.Name))}.";
        }

        if (profile.Dies < 1 || profile.Dies > known.Dies)
        {
            return $"the hardware profile must have 1 to {known.Dies} dies ({known.Name}).";
        }

        if (profile.MemoryPerDieBytes <= 0 || profile.MemoryPerDieBytes > known.MemoryPerDieBytes)
        {
            return $"memory per die must be positive and at most {known.MemoryPerDieBytes} bytes ({known.Name}).";
        }

        if (OutOfRange(profile.MemoryBandwidthGbps, 0, known.MemoryBandwidthGBps) || OutOfRange(profile.PowerWatts, 0, 2 * known.PowerWatts))
        {
            return $"bandwidth and power must be finite and within {known.Name}'s bounds (at most {known.MemoryBandwidthGBps} GB/s, {2 * known.PowerWatts} W).";
        }

        if (register.Model is null || register.Model.ContextLength is < 1 or > MaxContextLength || register.Model.Name.Length > MaxTextLength)
        {
            return $"the model must have a name and a context length of 1 to {MaxContextLength} tokens.";
        }

        if (register.Slots < 1 || register.Slots > profile.Dies)
        {
            return $"the vehicle must have 1 to {profile.Dies} slots (one per die).";
        }

        return register.Region.Length > 64 || register.AgentVersion.Length > MaxTextLength
            ? "region and agent version must be short."
            : Check(register.State) ?? Check(register.Policy);
    }

    /// <summary>Why a reported state is refused, or null.</summary>
    public static string? Check(Protocol.VehicleState? state)
    {
        if (state is null)
        {
            return null;
        }

        if (!Enum.IsDefined(state.Activity))
        {
            return "the state's activity is unknown.";
        }

        if (OutOfRange(state.StateOfCharge, 0, 1))
        {
            return "state_of_charge must be a finite number from 0 to 1.";
        }

        if (OutOfRange(state.ThermalHeadroomC, -200, 200))
        {
            return "thermal_headroom_c must be a finite number from -200 to 200.";
        }

        return OutOfRange(state.EnergyUsedTodayWh, 0, MaxEnergyWh) ? $"energy_used_today_wh must be a finite number from 0 to {MaxEnergyWh}." : null;
    }

    /// <summary>Why a reported owner policy is refused, or null.</summary>
    public static string? Check(Protocol.OwnerPolicy? policy)
    {
        if (policy is null)
        {
            return null;
        }

        if (OutOfRange(policy.ChargeFloor, 0, 1) || OutOfRange(policy.DailyEnergyCapWh, 0, MaxEnergyWh))
        {
            return $"the policy's charge_floor must be from 0 to 1 and daily_energy_cap_wh from 0 to {MaxEnergyWh}.";
        }

        return policy.Hours.Length > MaxTextLength || policy.TimeZone.Length > 64 || policy.Categories.Count > MaxCategories || policy.Categories.Any(c => c.Length > 64)
            ? "the policy's hours, time zone and categories must be short."
            : null;
    }

    /// <summary>Why a heartbeat is refused, or null.</summary>
    public static string? Check(Heartbeat heartbeat) =>
        heartbeat.ActiveJobs < 0 ? "active_jobs must not be negative." : Check(heartbeat.State) ?? Check(heartbeat.Policy);

    private static bool OutOfRange(double value, double min, double max) => !double.IsFinite(value) || value < min || value > max;

    private static string Clip(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
