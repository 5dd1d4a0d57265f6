namespace Optimus.Simulator.Model;

/// <summary>What one vehicle of the serving sample did over the run.</summary>
internal sealed record ServerOutcome(
    int Vehicle,
    string Region,
    string Hardware,
    bool IsRobotaxi,
    bool OptedIn,
    bool HomeAccess,
    double EligibleHours,
    double OutputTokens,
    long EnergyUj,
    long ReimbursementNano,
    long ChargesNano,
    long OwnerShareNano);
