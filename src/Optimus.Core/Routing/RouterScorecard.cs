namespace Optimus.Core.Routing;

/// <summary>
/// A router's figures on one evaluation set (RouteLLM, arXiv 2406.18665).
/// </summary>
/// <param name="Apgr">Average performance gap recovered: the area between the router's quality curve and the weak
/// model's quality, over the gap between the strong and weak models, for strong-call shares from 0 to 1.</param>
/// <param name="Cpt50">Smallest share of strong calls that recovers 50% of the quality gap.</param>
/// <param name="Cpt80">Smallest share of strong calls that recovers 80% of the quality gap.</param>
/// <param name="WeakQuality">Quality with every query on the weak model.</param>
/// <param name="StrongQuality">Quality with every query on the strong model.</param>
/// <param name="Rows">How many queries the figures come from.</param>
public sealed record RouterScorecard(double Apgr, double Cpt50, double Cpt80, double WeakQuality, double StrongQuality, int Rows);
