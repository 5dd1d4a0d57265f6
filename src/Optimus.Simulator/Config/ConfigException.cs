namespace Optimus.Simulator.Config;

/// <summary>A config or a run setting that cannot be used; its message says what and why, for the person running it.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException()
    {
    }

    public ConfigException(string message)
        : base(message)
    {
    }

    public ConfigException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
