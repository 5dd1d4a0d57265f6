using System.Globalization;
using System.Net;
using System.Text;

namespace Optimus.Gateway.Billing;

/// <summary>
/// An owner's statement as CSV (a header, a row per vehicle, a <c>total</c> row; money both in exact nanodollars and in
/// dollars) and as a plain HTML page (one table, no scripts).
/// </summary>
public static class StatementFormats
{
    private static readonly (string Name, Func<StatementLine, string> Value)[] Columns =
    [
        ("vehicle_id", l => l.VehicleId),
        ("requests", l => Integer(l.Requests)),
        ("hours_served", l => Hours(l.ServedMicroseconds)),
        ("unpaid_hours", l => Hours(l.UnpaidMicroseconds)),
        ("prompt_tokens", l => Integer(l.PromptTokens)),
        ("completion_tokens", l => Integer(l.CompletionTokens)),
        ("kwh", l => KWh(l.MilliWattHours)),
        ("earnings_usd", l => Dollars(l.EarningsNanoDollars)),
        ("energy_usd", l => Dollars(l.EnergyNanoDollars)),
        ("total_usd", l => Dollars(l.TotalNanoDollars)),
        ("earnings_nanodollars", l => Integer(l.EarningsNanoDollars)),
        ("energy_nanodollars", l => Integer(l.EnergyNanoDollars)),
        ("total_nanodollars", l => Integer(l.TotalNanoDollars)),
        ("pending_requests", l => Integer(l.PendingRequests)),
    ];

    public static string ToCsv(OwnerStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var csv = new StringBuilder();
        csv.AppendJoin(',', Columns.Select(c => c.Name)).Append('\n');
        foreach (var line in statement.Vehicles.Append(statement.Total))
        {
            csv.AppendJoin(',', Columns.Select(c => CsvField(c.Value(line)))).Append('\n');
        }

        return csv.ToString();
    }

    public static string ToHtml(OwnerStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var title = WebUtility.HtmlEncode($"Statement for {statement.Owner}, {statement.Period}");
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(title).Append("</title>\n")
            .Append("<style>body{font-family:sans-serif}table{border-collapse:collapse}th,td{border:1px solid #999;padding:4px 8px}")
            .Append("td{text-align:right}td:first-child{text-align:left}tfoot td{font-weight:bold}</style></head>\n<body>\n")
            .Append("<h1>").Append(title).Append("</h1>\n")
            .Append("<p>Only the attempt that served an answer earns: hours served are those attempts' device time; unpaid hours are the ")
            .Append("vehicle's other attempts (lost hedges, interrupted or failed work). Amounts are from the ledger; pending requests are ")
            .Append("billed but not yet posted.</p>\n<table>\n<thead><tr>");
        foreach (var (name, _) in Columns)
        {
            html.Append("<th>").Append(WebUtility.HtmlEncode(name)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var line in statement.Vehicles)
        {
            Row(html, line);
        }

        html.Append("</tbody>\n<tfoot>\n");
        Row(html, statement.Total);
        return html.Append("</tfoot>\n</table>\n</body></html>\n").ToString();
    }

    private static void Row(StringBuilder html, StatementLine line)
    {
        html.Append("<tr>");
        foreach (var (_, value) in Columns)
        {
            html.Append("<td>").Append(WebUtility.HtmlEncode(value(line))).Append("</td>");
        }

        html.Append("</tr>\n");
    }

    private static string CsvField(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Hours(long microseconds) => (microseconds / 3_600_000_000m).ToString("0.000000", CultureInfo.InvariantCulture);

    private static string KWh(long milliWattHours) => (milliWattHours / 1_000_000m).ToString("0.000000", CultureInfo.InvariantCulture);

    private static string Dollars(long nanoDollars) => (nanoDollars / 1_000_000_000m).ToString("0.00#######", CultureInfo.InvariantCulture);
}
