namespace Optimus.Core.Economics;

/// <summary>One charge split: what goes to the vehicle's owner and what stays with the platform; they sum to the charge.</summary>
public readonly record struct RevenueSplitResult(long OwnerNanoDollars, long PlatformNanoDollars);
