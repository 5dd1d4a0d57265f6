using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Nodes;
using Optimus.Gateway.Api;

namespace Optimus.Gateway.Cloud;

internal sealed partial class CloudCompletions
{
    // Relays the upstream's server-sent events one by one, each rewritten as ours, flushed as it arrives. Until the
    // first event is written the client has been sent nothing, so a failure then is returned unsent (a plain HTTP
    // error, or another tier); after it, the failure ends the stream with an error event and [DONE], as on the edge.
    private async Task<(ApiError? Unsent, string? ErrorCode)> RelayStreamAsync(HttpResponse response, HttpResponseMessage upstream, CloudAnswer answer, bool includeUsage, CancellationToken aborted)
    {
        using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, idle.Token);
        var writer = new Utf8JsonWriter(response.BodyWriter);
        await using (writer)
        {
            var started = false;
            ApiError? error = null;
            try
            {
                idle.CancelAfter(_cloud.AttemptTimeout);
                await using var stream = await upstream.Content.ReadAsStreamAsync(linked.Token);
                await foreach (var item in SseParser.Create(stream).EnumerateAsync(linked.Token))
                {
                    idle.CancelAfter(_cloud.AttemptTimeout);
                    if (item.Data == "[DONE]")
                    {
                        Start(response, ref started);
                        await response.Body.WriteAsync(CompletionsApi.Done, aborted);
                        return (null, null);
                    }

                    var chunk = ParseChunk(item.Data);
                    if (chunk is null || chunk["error"] is not null)
                    {
                        error = chunk is null ? CloudErrors.BadAnswer("a stream event is not a JSON object") : CloudErrors.InStream(UpstreamError.From(chunk["error"]));
                        break;
                    }

                    if (answer.Take(chunk, includeUsage))
                    {
                        Start(response, ref started);
                        await CompletionsApi.WriteEventAsync(response, writer, w => answer.Write(w, chunk), aborted);
                    }
                }

                error ??= CloudErrors.Broken("the stream ended without [DONE]");
            }
            catch (OperationCanceledException) when (idle.IsCancellationRequested && !aborted.IsCancellationRequested)
            {
                error = CloudErrors.Silent(_cloud.AttemptTimeout);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                error = CloudErrors.Broken(ex.Message);
            }

            LogStreamFailed(error.Code, error.Message);
            if (!started)
            {
                return (error, null);
            }

            await CompletionsApi.WriteEventAsync(response, writer, error.WriteJson, aborted);
            await response.Body.WriteAsync(CompletionsApi.Done, aborted);
            return (null, error.Code);
        }
    }

    private static void Start(HttpResponse response, ref bool started)
    {
        if (started)
        {
            return;
        }

        started = true;
        response.Headers[CompletionsApi.VehicleHeader] = VehicleId;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
    }

    private static JsonObject? ParseChunk(string data)
    {
        try
        {
            return JsonNode.Parse(data) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cloud upstream's stream failed ({Code}): {Reason}")]
    private partial void LogStreamFailed(string? code, string reason);
}
