using System.Text.Json;
using Optimus.Core.Billing;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Storage;

namespace Optimus.Gateway.Api;

/// <summary>
/// GET /v1/usage[?period=YYYY-MM]: the calling key's own usage in a calendar month (default: this one): billed
/// requests, tokens and charges, and its most recent usage records (every attempt, billed or not). Never another key's.
/// </summary>
internal static class UsageApi
{
    private const int RecentRecords = 100;

    public static RouteGroupBuilder MapUsageApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup(string.Empty).RequireAuthorization(ApiPolicies.Customer);
        group.MapGet("/v1/usage", GetAsync);
        return group;
    }

    public static async Task GetAsync(HttpContext context, UsageStore usage, JobJournal journal, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(journal);
        BillingPeriod period;
        try
        {
            period = context.Request.Query.TryGetValue("period", out var text) ? BillingPeriod.Parse(text.ToString()) : BillingPeriod.Of(time.GetUtcNow());
        }
        catch (FormatException)
        {
            await ApiError.Invalid("'period' must be a calendar month such as 2026-11.", "period").WriteAsync(context.Response);
            return;
        }

        await journal.FlushAsync(context.RequestAborted); // the caller's last request is in what it reads
        var caller = Caller.Of(context);
        var (rows, totals) = usage.ForKey(caller.KeyName, period, RecentRecords);
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("object", "usage");
        writer.WriteString("key", caller.KeyName);
        writer.WriteString("customer", caller.Subject);
        writer.WriteString("period", period.ToString());
        writer.WriteNumber("requests", totals.Requests);
        writer.WriteNumber("prompt_tokens", totals.PromptTokens);
        writer.WriteNumber("completion_tokens", totals.CompletionTokens);
        writer.WriteNumber("charge_nanodollars", totals.ChargeNanoDollars);
        writer.WriteNumber("charge_usd", totals.ChargeNanoDollars / 1e9m);
        writer.WriteStartArray("data");
        foreach (var row in rows)
        {
            writer.WriteStartObject();
            writer.WriteString("id", row.JobId);
            writer.WriteNumber("attempt", row.Attempt);
            writer.WriteString("model", row.Model);
            writer.WriteString("tier", row.Tier);
            writer.WriteString("outcome", row.Outcome);
            writer.WriteBoolean("billed", row.Billed);
            writer.WriteNumber("prompt_tokens", row.PromptTokens);
            writer.WriteNumber("completion_tokens", row.CompletionTokens);
            writer.WriteNumber("charge_nanodollars", row.ChargeNanoDollars);
            writer.WriteNumber("created", row.Started.ToUnixTimeSeconds());
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
