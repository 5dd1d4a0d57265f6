using Optimus.Core.Routing;

namespace Optimus.Routing.Data;

/// <summary>One labelled query of the routing data: the prompt, the weak model's answer if recorded, and the outcome.</summary>
/// <param name="DataSet">The evaluation set: <see cref="RoutingDataSets.Gsm8k"/> or <see cref="RoutingDataSets.Mmlu"/>.</param>
/// <param name="Subject">The subject key used for base rates (<c>gsm8k</c>, <c>mmlu/anatomy</c>).</param>
/// <param name="Prompt">The query as the models saw it.</param>
/// <param name="WeakResponse">The weak model's answer, when the data has it (GSM8K); null otherwise.</param>
/// <param name="Outcome">Whether each model answered correctly.</param>
public sealed record RoutingRow(string DataSet, string Subject, string Prompt, string? WeakResponse, RoutingOutcome Outcome);
