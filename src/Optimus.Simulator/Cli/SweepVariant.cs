using Optimus.Simulator.Config;

namespace Optimus.Simulator.Cli;

/// <summary>One run of a sweep: the parameter varied, its setting as text, and the config it runs with.</summary>
internal sealed record SweepVariant(string Parameter, string Side, string Setting, SimulationConfig Config);
