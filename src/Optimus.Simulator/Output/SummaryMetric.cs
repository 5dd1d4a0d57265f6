namespace Optimus.Simulator.Output;

/// <summary>One headline figure: its name, value, unit and the decimals it is printed with.</summary>
internal sealed record SummaryMetric(string Name, double Value, string Unit, int Decimals);
