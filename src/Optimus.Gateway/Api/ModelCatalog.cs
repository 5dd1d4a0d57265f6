namespace Optimus.Gateway.Api;

/// <summary>The model names the API serves. <c>optimus-edge</c> runs on a vehicle's own small model.</summary>
internal static class ModelCatalog
{
    public const string Edge = "optimus-edge";

    public static IReadOnlyList<string> Ids { get; } = [Edge];

    public static bool IsKnown(string model) => Ids.Contains(model, StringComparer.Ordinal);
}
