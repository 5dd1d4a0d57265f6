using Optimus.Core.Verification;

namespace Optimus.Abstractions;

/// <summary>
/// The wire form of a vehicle's <see cref="Reputation"/> in result verification, with what a replica must match: the
/// vehicle's hardware class and model build.
/// </summary>
[GenerateSerializer, Immutable, Alias("optimus.vehicle-trust")]
public sealed record VehicleTrust(
    [property: Id(0)] int State,
    [property: Id(1)] int ConsecutiveValid,
    [property: Id(2)] int CanariesPassed,
    [property: Id(3)] int DeliveredSinceCanary,
    [property: Id(4)] int ProbationPassed,
    [property: Id(5)] int Quarantines,
    [property: Id(6)] string HardwareClass,
    [property: Id(7)] string ModelBuild)
{
    public Reputation Reputation => new()
    {
        State = (ReputationState)State,
        ConsecutiveValid = ConsecutiveValid,
        CanariesPassed = CanariesPassed,
        DeliveredSinceCanary = DeliveredSinceCanary,
        ProbationPassed = ProbationPassed,
        Quarantines = Quarantines,
    };

    public static VehicleTrust From(Reputation reputation, string hardwareClass, string modelBuild) => new(
        (int)reputation.State, reputation.ConsecutiveValid, reputation.CanariesPassed, reputation.DeliveredSinceCanary,
        reputation.ProbationPassed, reputation.Quarantines, hardwareClass, modelBuild);
}
