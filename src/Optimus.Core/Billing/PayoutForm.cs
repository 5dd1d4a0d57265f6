namespace Optimus.Core.Billing;

/// <summary>The forms in which an owner can take their earnings out of the earnings account.</summary>
public enum PayoutForm
{
    /// <summary>Money to a bank account, in whole cents, above a minimum.</summary>
    Cash,

    /// <summary>Whole months of FSD (Supervised) subscription.</summary>
    FsdMonths,

    /// <summary>Whole kWh of Supercharging.</summary>
    SuperchargingKWh,

    /// <summary>Whole robotaxi ride credits.</summary>
    RobotaxiCredits,
}
