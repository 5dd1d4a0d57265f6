using System.Text.Json;
using Optimus.Core.Billing;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Billing;
using Optimus.Gateway.Storage;
using Optimus.Ledger;

namespace Optimus.Gateway.Api;

/// <summary>
/// The owners' endpoints, under /owner/v1 for owner keys: their vehicles and each one's policy, their payout form, their
/// monthly statement (HTML, or CSV with a <c>.csv</c> suffix) and their earnings balance. An owner sees only their own
/// vehicles: another owner's is a 404, as if it did not exist. The operator's owner endpoints, under /admin for admin
/// keys: create and list owners, enrol vehicles, read any owner's statement, run a payout batch.
/// </summary>
internal static class OwnerApi
{
    public static RouteGroupBuilder MapOwnerApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup(string.Empty).RequireAuthorization(ApiPolicies.Owner);
        group.MapGet("/owner/v1/vehicles", ListVehicles);
        group.MapGet("/owner/v1/vehicles/{id}", GetVehicle);
        group.MapPut("/owner/v1/vehicles/{id}/policy", SetPolicyAsync);
        group.MapPut("/owner/v1/payout-form", SetPayoutFormAsync);
        group.MapGet("/owner/v1/statements/{period}", StatementAsync);
        group.MapGet("/owner/v1/balance", BalanceAsync);

        var admin = api.MapGroup(string.Empty).RequireAuthorization(ApiPolicies.Admin);
        admin.MapGet("/admin/owners", ListOwners);
        admin.MapPost("/admin/owners", CreateOwnerAsync);
        admin.MapPost("/admin/owners/{name}/vehicles", EnrolAsync);
        admin.MapGet("/admin/owners/{name}/statements/{period}", AdminStatementAsync);
        admin.MapPost("/admin/payouts", PayoutAsync);
        return api;
    }

    public static IResult ListVehicles(HttpContext context, OwnerStore owners)
    {
        ArgumentNullException.ThrowIfNull(owners);
        if (OwnerOf(context) is not { } owner)
        {
            return NotAnOwner();
        }

        var account = owners.Find(owner);
        return TypedResults.Json(new { @object = "list", data = (account?.Vehicles ?? []).Select(VehicleJson) });
    }

    public static IResult GetVehicle(string id, HttpContext context, OwnerStore owners)
    {
        ArgumentNullException.ThrowIfNull(owners);
        if (OwnerOf(context) is not { } owner)
        {
            return NotAnOwner();
        }

        return owners.Vehicle(id) is { } vehicle && vehicle.Owner == owner ? TypedResults.Json(VehicleJson(vehicle)) : NoVehicle(id);
    }

    /// <summary>PUT a JSON object with any of hours, charge_floor, plugged_in_only, opted_out, categories, daily_energy_cap_wh.</summary>
    public static async Task<IResult> SetPolicyAsync(string id, HttpContext context, OwnerStore owners)
    {
        ArgumentNullException.ThrowIfNull(owners);
        if (OwnerOf(context) is not { } owner)
        {
            return NotAnOwner();
        }

        if (owners.Vehicle(id) is not { } vehicle || vehicle.Owner != owner)
        {
            return NoVehicle(id);
        }

        var (change, error) = await ReadAsync<VehiclePolicyChange>(context.Request);
        if (error is not null)
        {
            return error;
        }

        try
        {
            var policy = owners.SetPolicy(id, change!);
            return TypedResults.Json(VehicleJson(vehicle with { Policy = policy }));
        }
        catch (AccountsException ex)
        {
            return new ApiErrorResult(ApiError.Invalid(ex.Message, "policy", "invalid_policy"));
        }
    }

    public static async Task<IResult> SetPayoutFormAsync(HttpContext context, OwnerStore owners)
    {
        ArgumentNullException.ThrowIfNull(owners);
        if (OwnerOf(context) is not { } owner)
        {
            return NotAnOwner();
        }

        var (body, error) = await ReadAsync<PayoutFormBody>(context.Request);
        if (error is not null)
        {
            return error;
        }

        try
        {
            var form = PayoutForms.Parse(body!.PayoutForm ?? throw new AccountsException("'payout_form' is required: cash, fsd, supercharging or robotaxi."));
            owners.SetPayoutForm(owner, form);
            return TypedResults.Json(new { owner, payout_form = PayoutForms.Name(form) });
        }
        catch (AccountsException ex)
        {
            return new ApiErrorResult(ApiError.Invalid(ex.Message, "payout_form"));
        }
    }

    /// <summary>GET /owner/v1/statements/2026-11 (HTML), 2026-11.csv (CSV) or 2026-11.html.</summary>
    public static Task<IResult> StatementAsync(string period, HttpContext context, IServiceProvider services) =>
        OwnerOf(context) is { } owner ? WriteStatementAsync(owner, period, context, services) : Task.FromResult<IResult>(NotAnOwner());

    public static async Task<IResult> BalanceAsync(HttpContext context, OwnerStore owners, ILedgerStore ledger)
    {
        ArgumentNullException.ThrowIfNull(owners);
        ArgumentNullException.ThrowIfNull(ledger);
        if (OwnerOf(context) is not { } owner || owners.Find(owner) is not { } account)
        {
            return NotAnOwner();
        }

        var earnings = await ledger.GetAccountsAsync([LedgerAccounts.OwnerAccount(owner).Id], context.RequestAborted);
        var balance = earnings.Count == 0 ? 0 : LedgerAccounts.Balance(earnings[0]);
        var quote = PayoutRates.Default.Quote(account.PayoutForm, Math.Max(0, balance));
        return TypedResults.Json(new
        {
            @object = "owner_balance",
            owner,
            balance_nanodollars = balance,
            balance_usd = balance / 1e9m,
            payout_form = PayoutForms.Name(account.PayoutForm),
            next_payout = new { units = quote.Units, unit = PayoutForms.Unit(quote.Form), amount_nanodollars = quote.AmountNanoDollars, remainder_nanodollars = quote.RemainderNanoDollars },
        });
    }

    public static IResult ListOwners(OwnerStore owners)
    {
        ArgumentNullException.ThrowIfNull(owners);
        return TypedResults.Json(new { @object = "list", data = owners.List().Select(OwnerJson) });
    }

    /// <summary>POST {"name", "tariff"?, "time_zone"?, "payout_form"?}; an existing owner is left as it is.</summary>
    public static async Task<IResult> CreateOwnerAsync(HttpRequest request, OwnerStore owners)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(owners);
        var (body, error) = await ReadAsync<CreateOwnerBody>(request);
        if (error is not null)
        {
            return error;
        }

        try
        {
            var name = body!.Name ?? throw new AccountsException("'name' is required.");
            var tariff = body.Tariff is null ? null : Tariff.Parse(body.Tariff);
            var created = owners.Create(name, tariff, body.TimeZone ?? "UTC", body.PayoutForm is null ? PayoutForm.Cash : PayoutForms.Parse(body.PayoutForm));
            return TypedResults.Json(new { created, owner = OwnerJson(owners.Find(name)!) });
        }
        catch (Exception ex) when (ex is AccountsException or FormatException)
        {
            return new ApiErrorResult(ApiError.Invalid(ex.Message));
        }
    }

    /// <summary>POST {"vehicle_id"}: the vehicle's earnings go to this owner from now on; the answer carries its credential.</summary>
    public static async Task<IResult> EnrolAsync(string name, HttpRequest request, OwnerStore owners, Identity.VehicleCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(owners);
        var (body, error) = await ReadAsync<EnrolBody>(request);
        if (error is not null)
        {
            return error;
        }

        try
        {
            var vehicleId = body!.VehicleId ?? throw new AccountsException("'vehicle_id' is required.");
            owners.Enrol(name, vehicleId);
            var answer = JsonSerializer.SerializeToNode(VehicleJson(owners.Vehicle(vehicleId)!))!.AsObject();
            answer["credential"] = credentials.Issue(vehicleId); // the vehicle's agent needs it to connect
            return TypedResults.Json(answer);
        }
        catch (AccountsException ex)
        {
            return new ApiErrorResult(ApiError.Invalid(ex.Message, "vehicle_id"));
        }
    }

    public static Task<IResult> AdminStatementAsync(string name, string period, HttpContext context, IServiceProvider services) =>
        WriteStatementAsync(name, period, context, services);

    /// <summary>POST {"id"}: runs payout batch <c>id</c>; the same id again pays nothing twice and answers the same payouts.</summary>
    public static async Task<IResult> PayoutAsync(HttpRequest request, OwnerStore owners, ILedgerStore ledger)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (body, error) = await ReadAsync<BatchBody>(request);
        if (error is not null)
        {
            return error;
        }

        try
        {
            var id = body!.Id ?? throw new AccountsException("'id' is required: a unique id for this batch, so that a retry pays once.");
            var batch = await new Payouts(ledger, owners).CreateBatchAsync(id, request.HttpContext.RequestAborted);
            return TypedResults.Json(new
            {
                @object = "payout_batch",
                id = batch.Id,
                started = batch.Started.ToUnixTimeSeconds(),
                completed = batch.Completed?.ToUnixTimeSeconds(),
                total_nanodollars = batch.TotalNanoDollars,
                data = batch.Payouts.Select(p => new { owner = p.Owner, payout_form = PayoutForms.Name(p.Form), units = p.Units, amount_nanodollars = p.AmountNanoDollars }),
                failures = batch.Failures,
            });
        }
        catch (AccountsException ex)
        {
            return new ApiErrorResult(ApiError.Invalid(ex.Message, "id"));
        }
    }

    // The statement as of now: what the journal has queued is written and what the poster has not posted is posted first.
    private static async Task<IResult> WriteStatementAsync(string owner, string period, HttpContext context, IServiceProvider services)
    {
        var csv = period.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
        var text = csv || period.EndsWith(".html", StringComparison.OrdinalIgnoreCase) ? period[..period.LastIndexOf('.')] : period;
        BillingPeriod month;
        try
        {
            month = BillingPeriod.Parse(text);
        }
        catch (FormatException ex)
        {
            return new ApiErrorResult(ApiError.Invalid(ex.Message, "period"));
        }

        await services.GetRequiredService<JobJournal>().FlushAsync(context.RequestAborted);
        await services.GetRequiredService<BillingPoster>().PostPendingAsync(context.RequestAborted);
        var statements = new OwnerStatements(services.GetRequiredService<ILedgerStore>(), services.GetRequiredService<OwnerStore>(), services.GetRequiredService<UsageStore>());
        try
        {
            var statement = await statements.ForAsync(owner, month, context.RequestAborted);
            return csv
                ? TypedResults.Text(StatementFormats.ToCsv(statement), "text/csv; charset=utf-8")
                : TypedResults.Text(StatementFormats.ToHtml(statement), "text/html; charset=utf-8");
        }
        catch (AccountsException ex)
        {
            return new ApiErrorResult(new ApiError(StatusCodes.Status404NotFound, ex.Message, ApiError.InvalidRequest, "name", "owner_not_found"));
        }
    }

    private static string? OwnerOf(HttpContext context)
    {
        var caller = Caller.Of(context);
        return caller.Role == KeyRole.Owner ? caller.Subject : null;
    }

    private static ApiErrorResult NotAnOwner() => new(new ApiError(StatusCodes.Status403Forbidden,
        "The owner API needs an owner key (`optimus owner key --name OWNER`); with authentication off there is no owner to act for.",
        "permission_error", null, "owner_key_required"));

    private static ApiErrorResult NoVehicle(string id) => new(new ApiError(StatusCodes.Status404NotFound,
        $"No vehicle '{id}' is enrolled under your account.", ApiError.InvalidRequest, "id", "vehicle_not_found"));

    private static object VehicleJson(EnrolledVehicle vehicle) => new
    {
        id = vehicle.Id,
        owner = vehicle.Owner,
        enrolled = vehicle.Enrolled.ToUnixTimeSeconds(),
        policy_source = vehicle.Policy is null ? "vehicle" : "owner",
        policy = vehicle.Policy is not { } p ? null : new
        {
            plugged_in_only = p.PluggedInOnly,
            charge_floor = p.ChargeFloor,
            hours = p.Hours ?? "always",
            daily_energy_cap_wh = p.DailyEnergyCapWh,
            opted_out = p.OptedOut,
            categories = p.Categories ?? VehiclePolicy.KnownCategories,
        },
    };

    private static object OwnerJson(OwnerAccount owner) => new
    {
        name = owner.Name,
        payout_form = PayoutForms.Name(owner.PayoutForm),
        tariff = owner.Tariff.ToString(),
        time_zone = owner.TimeZone,
        created = owner.Created.ToUnixTimeSeconds(),
        vehicles = owner.Vehicles.Select(v => v.Id),
    };

    // A typed body: a JSON object with snake_case fields; an unknown field, a wrong type or malformed JSON is a 400.
    private static async Task<(T? Body, ApiErrorResult? Error)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, VehiclePolicy.Json, request.HttpContext.RequestAborted);
            return body is null ? (null, new ApiErrorResult(ApiError.Invalid("The request body must be a JSON object."))) : (body, null);
        }
        catch (JsonException ex)
        {
            var fields = string.Join(", ", typeof(T).GetProperties().Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)));
            var field = ex.Path?.TrimStart('$', '.');
            return (null, new ApiErrorResult(ApiError.Invalid(
                string.IsNullOrEmpty(field)
                    ? $"The request body must be a JSON object with any of: {fields}."
                    : $"'{field}' is not a field of this request or has the wrong type; the body is a JSON object with any of: {fields}.",
                string.IsNullOrEmpty(field) ? null : field)));
        }
    }

    private sealed record PayoutFormBody(string? PayoutForm);

    private sealed record CreateOwnerBody(string? Name, string? Tariff, string? TimeZone, string? PayoutForm);

    private sealed record EnrolBody(string? VehicleId);

    private sealed record BatchBody(string? Id);
}
