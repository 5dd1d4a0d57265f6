using System.Globalization;
using System.Text;
using System.Text.Json;
using Optimus.Core.Routing;

namespace Optimus.Routing.Evaluation;

/// <summary>Renders evaluations as the markdown table for people and the JSON object for scripts.</summary>
public static class EvaluationReport
{
    /// <summary>A markdown table of APGR, CPT(50%) and CPT(80%) per set and router, with the split stated.</summary>
    public static string ToMarkdown(IReadOnlyList<DataSetEvaluation> evaluations)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        var text = new StringBuilder();
        foreach (var split in evaluations.Select(e => e.Split).Distinct())
        {
            text.Append(CultureInfo.InvariantCulture, $"Split: {split}.").AppendLine();
        }

        text.AppendLine("Weak model Mixtral-8x7B-Instruct-v0.1, strong model gpt-4-1106-preview; CPT(x%) is the share of strong calls that recovers x% of the quality gap.")
            .AppendLine()
            .AppendLine("| set | router | APGR | CPT(50%) | CPT(80%) |")
            .AppendLine("|---|---|---:|---:|---:|");
        foreach (var evaluation in evaluations)
        {
            var card = evaluation.Learned.Scorecard;
            var set = string.Create(CultureInfo.InvariantCulture,
                $"{evaluation.DataSet} ({card.Rows:N0} rows; weak {card.WeakQuality:F3}, strong {card.StrongQuality:F3})");
            foreach (var router in evaluation.All)
            {
                var s = router.Scorecard;
                text.Append(CultureInfo.InvariantCulture, $"| {set} | {router.Name} | {s.Apgr:F3} | {s.Cpt50 * 100:F1}% | {s.Cpt80 * 100:F1}% |").AppendLine();
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// One JSON object keyed by data set; each holds the learned router's <c>apgr</c>, <c>cpt50</c>, <c>cpt80</c> and
    /// <c>split</c>, then its description, row count and the figures of the baselines (<c>simple</c>, <c>random</c>,
    /// <c>oracle</c>, and for GSM8K <c>learned_prompt</c>, the learned router before generation).
    /// </summary>
    public static string ToJson(IReadOnlyList<DataSetEvaluation> evaluations)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            json.WriteStartObject();
            foreach (var evaluation in evaluations)
            {
                json.WriteStartObject(evaluation.DataSet);
                WriteFigures(json, evaluation.Learned.Scorecard);
                json.WriteString("split", evaluation.Split);
                json.WriteString("router", evaluation.Learned.Name);
                json.WriteNumber("rows", evaluation.Learned.Scorecard.Rows);
                json.WriteStartObject("baselines");
                foreach (var other in evaluation.Others)
                {
                    json.WriteStartObject(other.Key);
                    WriteFigures(json, other.Scorecard);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteFigures(Utf8JsonWriter json, RouterScorecard card)
    {
        json.WriteNumber("apgr", Math.Round(card.Apgr, 4));
        json.WriteNumber("cpt50", Math.Round(card.Cpt50, 4));
        json.WriteNumber("cpt80", Math.Round(card.Cpt80, 4));
    }
}
