using System.Text.Json;
using System.Text.Json.Serialization;

namespace Optimus.Simulator.Config;

/// <summary>Reads a JSON config over the defaults (any subset of properties; unknown names are errors) and writes one.</summary>
public static class ConfigLoader
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Parses <paramref name="json"/>; throws <see cref="ConfigException"/> naming the offending property.</summary>
    public static SimulationConfig Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<SimulationConfig>(json, Options) ?? throw new ConfigException("the config is empty (null).");
        }
        catch (JsonException e)
        {
            throw new ConfigException($"{e.Path ?? "$"}: {e.Message}", e);
        }
    }

    public static SimulationConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigException($"config file '{path}' does not exist.");
        }

        return Parse(File.ReadAllText(path));
    }

    public static string Serialize(SimulationConfig config) => JsonSerializer.Serialize(config, Options);
}
