namespace Optimus.Protocol;

/// <summary>The codes a vehicle puts in <see cref="JobFailed.Code"/>; the coordinator acts on them.</summary>
public static class JobFailureCodes
{
    /// <summary>The vehicle may no longer serve (it drives, unplugs, overheats, is opted out...): move the job.</summary>
    public const string VehicleDeparted = "vehicle_departed";

    /// <summary>Every die is busy: try another vehicle.</summary>
    public const string VehicleBusy = "vehicle_busy";

    /// <summary>The owner does not allow this category of job on this vehicle: try another.</summary>
    public const string CategoryRefused = "category_refused";

    /// <summary>Prompt plus max_tokens exceed the model's context: the client's request is at fault.</summary>
    public const string ContextLengthExceeded = "context_length_exceeded";

    /// <summary>The model failed on this vehicle.</summary>
    public const string InferenceFailed = "inference_failed";

    /// <summary>True for the codes above; anything else a vehicle sends is not passed on to a customer as a code.</summary>
    public static bool IsKnown(string code) => code is VehicleDeparted or VehicleBusy or CategoryRefused or ContextLengthExceeded or InferenceFailed;

    /// <summary>True for failures that another vehicle may not have: the job should move rather than fail.</summary>
    public static bool ShouldMove(string code) => code is VehicleDeparted or VehicleBusy or CategoryRefused;
}
