using System.CommandLine;
using Optimus.Core.Vehicles;

namespace Optimus.Cli;

/// <summary>Options shared by `up` and `agent`.</summary>
internal static class CommonOptions
{
    public static Option<string?> Model() => new("--model")
    {
        Description = "GGUF model file (default: OPTIMUS_MODEL, else stories260K.gguf downloaded once to the user cache)",
    };

    public static Option<string> Profile() => new("--profile")
    {
        Description = $"Hardware profile: {string.Join(", ", HardwareProfiles.All.Select(p => p.Name))}",
        DefaultValueFactory = _ => HardwareProfiles.Default.Name,
    };

    public static Option<int> Context() => new("--context")
    {
        Description = "Context length per die in tokens (0: the model's trained context)",
        DefaultValueFactory = _ => 0,
    };

    public static Option<double> EmulateTokensPerSecond() => new("--emulate-tokens-per-second")
    {
        Description = "Decode no faster than this many tokens/s per die, to emulate a vehicle's speed with a fast model (0: off)",
        DefaultValueFactory = _ => 0,
    };

    public static HardwareProfile? ResolveProfile(string name) => HardwareProfiles.Find(name);
}
