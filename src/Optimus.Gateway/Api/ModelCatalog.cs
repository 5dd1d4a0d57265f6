namespace Optimus.Gateway.Api;

/// <summary>
/// The model names the API serves. <c>optimus-edge</c> runs on a vehicle's own small model; <c>optimus-cloud</c> on
/// the configured OpenAI-compatible upstream (only when one is configured); <c>optimus-auto</c> lets the router pick
/// per request (on the edge alone while no cloud is configured).
/// </summary>
internal static class ModelCatalog
{
    public const string Edge = "optimus-edge";

    public const string Cloud = "optimus-cloud";

    public const string Auto = "optimus-auto";

    private static readonly string[] WithCloud = [Edge, Cloud, Auto];
    private static readonly string[] WithoutCloud = [Edge, Auto];

    /// <summary>The models a batch line may name: batch work runs only on idle vehicles.</summary>
    public static IReadOnlyList<string> Ids { get; } = [Edge];

    /// <summary>Whether a batch line may name <paramref name="model"/>.</summary>
    public static bool IsKnown(string model) => Ids.Contains(model, StringComparer.Ordinal);

    /// <summary>The models the completion endpoints serve, given whether a cloud upstream is configured.</summary>
    public static IReadOnlyList<string> Served(bool cloudConfigured) => cloudConfigured ? WithCloud : WithoutCloud;

    public static bool IsServed(string model, bool cloudConfigured) => Served(cloudConfigured).Contains(model, StringComparer.Ordinal);
}
