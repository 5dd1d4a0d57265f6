using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Optimus.Gateway.Api;
using Optimus.Gateway.Billing;
using Optimus.Gateway.Routing;
using Optimus.Gateway.Storage;

namespace Optimus.Gateway.Cloud;

/// <summary>
/// Serves requests on the cloud tier: forwards the client's body to the OpenAI-compatible upstream through the
/// resilient <c>optimus-cloud</c> HttpClient and writes the answer as a <see cref="CloudAnswer"/>; a stream is relayed
/// event by event as the upstream sends it. Every call is journalled with vehicle <c>cloud</c> and the upstream's usage.
/// </summary>
internal sealed partial class CloudCompletions(IHttpClientFactory clients, GatewayOptions options, JobJournal journal, TimeProvider time, ILogger<CloudCompletions> logger)
{
    /// <summary>What the journal and the responses name as the "vehicle" of a cloud answer.</summary>
    public const string VehicleId = "cloud";

    private readonly CloudOptions _cloud = options.Cloud;

    public bool IsConfigured => _cloud.IsConfigured;

    /// <summary>
    /// Serves <paramref name="request"/> (whose original body is <paramref name="body"/>) and writes the response.
    /// Returns null once a response has been written; or the error when the upstream failed before anything was
    /// written, so that the caller chooses between writing it and letting another tier answer.
    /// </summary>
    public async Task<ApiError?> ServeAsync(HttpContext context, InferenceRequest request, JsonElement body, RouteInfo route)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(route);
        var jobId = (request.IsChat ? "chatcmpl-" : "cmpl-") + Guid.NewGuid().ToString("N");
        var started = time.GetUtcNow();
        var clock = time.GetTimestamp();
        var attempts = new StrongBox<int>();
        var answer = new CloudAnswer(jobId, request.Model, started.ToUnixTimeSeconds(), route);
        var record = new JobRecord(jobId, request.IsChat ? "chat" : "completions", request.Model, VehicleId, 0, 0, 0, 0, "failed", null, null, started, 0);
        var aborted = context.RequestAborted;
        route.WriteHeaders(context.Response);
        try
        {
            var (unsent, errorCode) = await ServeCoreAsync(context.Response, request, body, answer, attempts, aborted);
            record = unsent is null && errorCode is null
                ? record with { Status = "served", FinishReason = answer.FinishReason }
                : record with { ErrorCode = unsent?.Code ?? errorCode };
            return unsent;
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            record = record with { Status = "cancelled" };
            return null;
        }
        finally
        {
            journal.RecordJob(RequestBill.Charge(context, record with
            {
                Attempts = attempts.Value,
                PromptTokens = answer.PromptTokens,
                CompletionTokens = answer.CompletionTokens,
                DurationMs = time.GetElapsedTime(clock).TotalMilliseconds,
            }, ModelCatalog.Cloud));
        }
    }

    private async Task<(ApiError? Unsent, string? ErrorCode)> ServeCoreAsync(HttpResponse response, InferenceRequest request, JsonElement body, CloudAnswer answer, StrongBox<int> attempts, CancellationToken aborted)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, request.IsChat ? "chat/completions" : "completions")
        {
            Content = UpstreamRequest.Create(body, _cloud.Model!, request.Stream),
        };
        message.Options.Set(AttemptCounter.Key, attempts);
        var (upstream, error) = await SendAsync(message, attempts, aborted);
        if (error is not null)
        {
            return (error, null);
        }

        using (upstream)
        {
            return request.Stream
                ? await RelayStreamAsync(response, upstream!, answer, request.IncludeUsage, aborted)
                : (await WritePlainAsync(response, upstream!, answer, aborted), null);
        }
    }

    // Sends through the resilience pipeline (retries happen in there) and returns the response once its headers are
    // in, or the error when every attempt failed.
    private async Task<(HttpResponseMessage? Response, ApiError? Error)> SendAsync(HttpRequestMessage message, StrongBox<int> attempts, CancellationToken aborted)
    {
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(CloudServiceCollectionExtensions.HttpClientName)
                .SendAsync(message, HttpCompletionOption.ResponseHeadersRead, aborted);
        }
        catch (Exception ex) when (!aborted.IsCancellationRequested && CloudErrors.FromException(ex, attempts.Value, _cloud) is { } error)
        {
            LogUpstreamFailed(error.Code, attempts.Value, ex.Message);
            return (null, error);
        }

        if (response.IsSuccessStatusCode)
        {
            return (response, null);
        }

        using (response)
        {
            var error = await CloudErrors.FromResponseAsync(response, attempts.Value, aborted);
            LogUpstreamFailed(error.Code, attempts.Value, $"HTTP {(int)response.StatusCode}");
            return (null, error);
        }
    }

    private async Task<ApiError?> WritePlainAsync(HttpResponse response, HttpResponseMessage upstream, CloudAnswer answer, CancellationToken aborted)
    {
        JsonNode? completion;
        using (var idle = new CancellationTokenSource(_cloud.AttemptTimeout, time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, idle.Token))
        {
            try
            {
                await using var stream = await upstream.Content.ReadAsStreamAsync(linked.Token);
                completion = await JsonNode.ParseAsync(stream, cancellationToken: linked.Token);
            }
            catch (OperationCanceledException) when (idle.IsCancellationRequested && !aborted.IsCancellationRequested)
            {
                return CloudErrors.Silent(_cloud.AttemptTimeout);
            }
            catch (JsonException ex)
            {
                return CloudErrors.BadAnswer(ex.Message);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                return CloudErrors.Broken(ex.Message);
            }
        }

        if (completion is not JsonObject fields)
        {
            return CloudErrors.BadAnswer("it is not a JSON object");
        }

        answer.Take(fields, keepUsage: true);
        response.Headers[CompletionsApi.VehicleHeader] = VehicleId;
        response.ContentType = "application/json";
        await using (var writer = new Utf8JsonWriter(response.BodyWriter))
        {
            answer.Write(writer, fields);
        }

        await response.BodyWriter.FlushAsync(aborted);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cloud upstream failed ({Code}) after {Attempts} attempts: {Reason}")]
    private partial void LogUpstreamFailed(string? code, int attempts, string reason);
}
