using System.Text.Json;

namespace Optimus.Gateway.Api;

/// <summary>An error in OpenAI's shape: {"error":{"message","type","param","code"}}, with its HTTP status.</summary>
internal sealed record ApiError(int Status, string Message, string Type, string? Param = null, string? Code = null, int? RetryAfterSeconds = null)
{
    public const string InvalidRequest = "invalid_request_error";

    public static ApiError Invalid(string message, string? param = null, string? code = null) =>
        new(StatusCodes.Status400BadRequest, message, InvalidRequest, param, code);

    /// <summary>404 for a model not in <paramref name="served"/> (by default the models a batch line may name).</summary>
    public static ApiError UnknownModel(string model, IReadOnlyList<string>? served = null) => new(
        StatusCodes.Status404NotFound,
        $"The model '{model}' does not exist. Models served here: {string.Join(", ", served ?? ModelCatalog.Ids)}.",
        InvalidRequest,
        "model",
        "model_not_found");

    public static ApiError NoVehicle() => new(
        StatusCodes.Status503ServiceUnavailable,
        "No vehicle is available to serve this request right now. Retry after the number of seconds in Retry-After.",
        "service_unavailable_error",
        null,
        "no_vehicle_available",
        1);

    public static ApiError Saturated(int queued) => new(
        StatusCodes.Status429TooManyRequests,
        $"Every vehicle is busy and {queued} requests are already waiting. Retry after the number of seconds in Retry-After.",
        "rate_limit_error",
        null,
        "fleet_saturated",
        1);

    /// <summary>A vehicle's refusal or failure: the client's fault when the prompt overflows the context, else a 502.</summary>
    public static ApiError VehicleFailed(string code, string message) => code == Protocol.JobFailureCodes.ContextLengthExceeded
        ? Invalid(FromVehicle(message), "messages", code)
        : new ApiError(StatusCodes.Status502BadGateway, $"The vehicle could not complete the request: {FromVehicle(message)}", "server_error", null,
            Protocol.JobFailureCodes.IsKnown(code) ? code : "vehicle_failed");

    public static ApiError VehicleLost(string reason) => new(
        StatusCodes.Status503ServiceUnavailable,
        $"The vehicles serving this request went away ({FromVehicle(reason)}) and no other could take it. Retry after the number of seconds in Retry-After.",
        "service_unavailable_error",
        null,
        "vehicle_unavailable",
        1);

    // Text a car wrote reaches a customer only clipped and as printable ASCII: a car must not be able to put its id, its
    // owner's data or megabytes of anything into another party's answer.
    private static string FromVehicle(string text)
    {
        const int MaxLength = 200;
        var clean = new string([.. text.Take(MaxLength).Select(static c => c is >= ' ' and <= '~' ? c : '?')]);
        return text.Length > MaxLength ? clean + "..." : clean;
    }

    /// <summary>400 for a routing hint that is neither <c>edge</c> nor <c>cloud</c>.</summary>
    public static ApiError InvalidRoute(string param, string? value) =>
        Invalid($"'{param}' must be \"edge\" or \"cloud\"; got '{value}'.", param, "invalid_route");

    /// <summary>An upstream failure of the cloud tier: 502, 503 or 504 with a message saying what failed.</summary>
    public static ApiError Cloud(int status, string message, string code, int? retryAfterSeconds = null) => new(
        status,
        message,
        status == StatusCodes.Status503ServiceUnavailable ? "service_unavailable_error" : "server_error",
        null,
        code,
        retryAfterSeconds);

    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        // Messages and params may quote what the client sent; an unpaired surrogate in it must not fail the answer.
        writer.WriteString("message", JsonText.Scrub(Message));
        writer.WriteString("type", Type);
        writer.WriteString("param", Param is null ? null : JsonText.Scrub(Param));
        writer.WriteString("code", Code);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public async Task WriteAsync(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = Status;
        response.ContentType = "application/json";
        if (RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await using (var writer = new Utf8JsonWriter(response.BodyWriter))
        {
            WriteJson(writer);
        }

        await response.BodyWriter.FlushAsync();
    }
}
