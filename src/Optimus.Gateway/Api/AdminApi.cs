using System.Globalization;
using System.Text.Json;
using Optimus.Core.Billing;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Billing;
using Optimus.Gateway.Storage;
using Optimus.Ledger;

namespace Optimus.Gateway.Api;

/// <summary>
/// The operator's endpoints, under /admin and for admin keys only: API keys (create, list, revoke), prepaid credit
/// for a customer (idempotent by the caller's id), and a customer's invoice for a month.
/// </summary>
internal static class AdminApi
{
    public static RouteGroupBuilder MapAdminApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup(string.Empty).RequireAuthorization(ApiPolicies.Admin);
        group.MapPost("/admin/keys", CreateKeyAsync);
        group.MapGet("/admin/keys", ListKeys);
        group.MapPost("/admin/keys/{name}/revoke", Revoke);
        group.MapPost("/admin/customers/{name}/credits", CreditAsync);
        group.MapGet("/admin/customers/{name}/invoice", InvoiceAsync);
        return group;
    }

    public static async Task<IResult> CreateKeyAsync(HttpRequest request, KeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(keys);
        using var document = await ReadAsync(request);
        if (document is null)
        {
            return new ApiErrorResult(ApiError.Invalid("The request body must be a JSON object."));
        }

        var body = document.RootElement;
        try
        {
            var role = KeyRoles.Parse(Text(body, "role") ?? "customer");
            var name = Text(body, "name") ?? throw new AccountsException("'name' is required.");
            var subject = Text(body, "customer") ?? Text(body, "owner") ?? name;
            var limits = new KeyLimits(Int(body, "requests_per_minute"), Int(body, "tokens_per_minute"), Dollars(body, "spend_limit_usd"));
            var billing = Text(body, "billing") switch
            {
                null or "postpaid" => Accounts.Billing.Postpaid,
                "prepaid" => Accounts.Billing.Prepaid,
                var other => throw new AccountsException($"'billing' must be \"prepaid\" or \"postpaid\"; got \"{other}\"."),
            };
            var (key, secret) = keys.Store.Create(name, role, subject, limits, billing);
            return TypedResults.Json(new { name = key.Name, key = secret, prefix = key.Prefix, role = KeyRoles.Name(key.Role), subject = key.Subject });
        }
        catch (Exception ex) when (ex is AccountsException or FormatException)
        {
            return new ApiErrorResult(ApiError.Invalid(ex.Message));
        }
    }

    public static IResult ListKeys(KeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return TypedResults.Json(new
        {
            @object = "list",
            data = keys.Store.List().Select(k => new
            {
                name = k.Name,
                prefix = k.Prefix,
                role = KeyRoles.Name(k.Role),
                subject = k.Subject,
                requests_per_minute = k.Limits.RequestsPerMinute,
                tokens_per_minute = k.Limits.TokensPerMinute,
                spend_limit_nanodollars = k.Limits.SpendLimitNanoDollars,
                created = k.Created.ToUnixTimeSeconds(),
                revoked = k.Revoked?.ToUnixTimeSeconds(),
            }),
        });
    }

    public static IResult Revoke(string name, KeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.Store.Revoke(name)
            ? TypedResults.Json(new { name, revoked = true })
            : new ApiErrorResult(new ApiError(StatusCodes.Status404NotFound, $"No active key named '{name}'.", ApiError.InvalidRequest, "name", "key_not_found"));
    }

    /// <summary>Adds prepaid credit; the body's "id" makes it idempotent (the same id credits once).</summary>
    public static async Task<IResult> CreditAsync(string name, HttpRequest request, KeyRing keys, ILedgerStore ledger, CustomerQuotas quotas)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(quotas);
        using var document = await ReadAsync(request);
        if (document is null)
        {
            return new ApiErrorResult(ApiError.Invalid("The request body must be a JSON object with 'amount_usd' and 'id'."));
        }

        if (keys.Store.BillingOf(name) != Accounts.Billing.Prepaid)
        {
            return new ApiErrorResult(new ApiError(StatusCodes.Status404NotFound, $"No prepaid customer named '{name}'.", ApiError.InvalidRequest, "name", "customer_not_found"));
        }

        long amount;
        string id;
        try
        {
            amount = Dollars(document.RootElement, "amount_usd");
            id = Text(document.RootElement, "id") ?? throw new FormatException("'id' is required: a unique id for this credit, so that a retry credits once.");
        }
        catch (FormatException ex)
        {
            return new ApiErrorResult(ApiError.Invalid(ex.Message));
        }

        if (amount <= 0)
        {
            return new ApiErrorResult(ApiError.Invalid("'amount_usd' must be positive.", "amount_usd"));
        }

        var customer = LedgerAccounts.CustomerAccount(name, prepaid: true);
        await ledger.CreateAccountsAsync([customer, LedgerAccounts.FundingAccount], request.HttpContext.RequestAborted);
        var transfer = new Transfer(LedgerAccounts.TransferId("top-up", $"{name}/{id}"), LedgerAccounts.FundingAccount.Id, customer.Id, amount, LedgerAccounts.Usd, LedgerAccounts.TopUpCode);
        var result = (await ledger.CreateTransfersAsync([transfer], request.HttpContext.RequestAborted))[0];
        switch (result)
        {
            case CreateTransferResult.Ok:
                quotas.Credit(name, amount);
                break;
            case CreateTransferResult.Exists:
                break;
            default:
                return new ApiErrorResult(new ApiError(StatusCodes.Status409Conflict, $"The credit '{id}' was not posted: {result}.", ApiError.InvalidRequest, "id", "credit_conflict"));
        }

        var balance = LedgerAccounts.Balance((await ledger.GetAccountsAsync([customer.Id], request.HttpContext.RequestAborted))[0]);
        return TypedResults.Json(new { customer = name, id, result = result == CreateTransferResult.Ok ? "credited" : "already_credited", balance_nanodollars = balance });
    }

    public static async Task<IResult> InvoiceAsync(string name, HttpRequest request, UsageStore usage, JobJournal journal, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(journal);
        BillingPeriod period;
        try
        {
            period = request.Query.TryGetValue("period", out var text) ? BillingPeriod.Parse(text.ToString()) : BillingPeriod.Of(time.GetUtcNow());
        }
        catch (FormatException)
        {
            return new ApiErrorResult(ApiError.Invalid("'period' must be a calendar month such as 2026-11.", "period"));
        }

        await journal.FlushAsync(request.HttpContext.RequestAborted);
        var totals = usage.TotalsForCustomer(name, period);
        return TypedResults.Json(new
        {
            @object = "invoice",
            customer = name,
            period = period.ToString(),
            requests = totals.Requests,
            prompt_tokens = totals.PromptTokens,
            completion_tokens = totals.CompletionTokens,
            amount_nanodollars = totals.ChargeNanoDollars,
            amount_usd = decimal.Round(totals.ChargeNanoDollars / 1e9m, 2, MidpointRounding.AwayFromZero),
        });
    }

    private static async Task<JsonDocument?> ReadAsync(HttpRequest request)
    {
        try
        {
            var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Int(JsonElement body, string name) =>
        !body.TryGetProperty(name, out var value) ? 0
        : value.TryGetInt32(out var number) && number >= 0 ? number
        : throw new FormatException($"'{name}' must be a non-negative integer.");

    /// <summary>A dollar amount (number or string) as exact nanodollars.</summary>
    internal static long Dollars(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value))
        {
            return 0;
        }

        var ok = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDecimal(out var d) ? d : (decimal?)null,
            JsonValueKind.String => decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null,
            _ => null,
        };
        if (ok is not { } dollars || dollars < 0 || decimal.Round(dollars, 9) != dollars || dollars > 9_000_000_000m)
        {
            throw new FormatException($"'{name}' must be a non-negative dollar amount with at most 9 decimals, such as 10.50.");
        }

        return (long)(dollars * 1_000_000_000m);
    }
}
