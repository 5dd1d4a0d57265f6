using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Optimus.Core.Billing;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Billing;
using Optimus.Gateway.Devices;
using Optimus.Gateway.Routing;
using Optimus.Gateway.Storage;
using Optimus.Protocol;

namespace Optimus.Gateway.Api;

/// <summary>POST /v1/chat/completions and POST /v1/completions, plain and streamed (SSE).</summary>
internal static partial class CompletionsApi
{
    public const string VehicleHeader = "x-optimus-vehicle";

    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    internal static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    public static RouteGroupBuilder MapCompletionsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup(string.Empty).RequireAuthorization(ApiPolicies.Customer);
        group.MapPost("/v1/chat/completions", static (HttpContext context, InferenceDispatcher dispatcher, JobJournal journal, TimeProvider time, RoutedCompletions routed, Metering metering) =>
            HandleAsync(context, dispatcher, journal, time, routed, metering, isChat: true));
        group.MapPost("/v1/completions", static (HttpContext context, InferenceDispatcher dispatcher, JobJournal journal, TimeProvider time, RoutedCompletions routed, Metering metering) =>
            HandleAsync(context, dispatcher, journal, time, routed, metering, isChat: false));
        return group;
    }

    private static async Task HandleAsync(HttpContext context, InferenceDispatcher dispatcher, JobJournal journal, TimeProvider time, RoutedCompletions routed, Metering metering, bool isChat)
    {
        var (request, body, error) = await ReadRequestAsync(context.Request, isChat, routed.CloudConfigured);
        if (error is not null)
        {
            await error.WriteAsync(context.Response);
            return;
        }

        string[] priced = request!.Model switch
        {
            ModelCatalog.Edge => [ModelCatalog.Edge],
            ModelCatalog.Cloud => [ModelCatalog.Cloud],
            _ => routed.CloudConfigured ? [ModelCatalog.Edge, ModelCatalog.Cloud] : [ModelCatalog.Edge],
        };
        var (bill, refused) = await metering.OpenAsync(Caller.Of(context), request, BillingTier.Interactive, priced, context.RequestAborted);
        if (refused is not null)
        {
            await refused.WriteAsync(context.Response);
            return;
        }

        context.Features.Set(bill);
        try
        {
            if (request.Model != ModelCatalog.Edge)
            {
                // optimus-cloud and optimus-auto: the routed tiers decide, and come back to ServeOnEdgeAsync for the edge.
                await routed.ServeAsync(context, request, body);
                return;
            }

            await ServeOnEdgeAsync(context, request, RouteInfo.EdgeModel, null, dispatcher, journal, time);
        }
        finally
        {
            bill!.Settle();
        }
    }

    /// <summary>
    /// Serves <paramref name="request"/> on a vehicle and writes the answer. With a <paramref name="cascade"/>, a
    /// non-streamed answer is checked before it is written, and may be replaced by the cloud's.
    /// </summary>
    internal static async Task ServeOnEdgeAsync(HttpContext context, InferenceRequest request, RouteInfo route, IAnswerCheck? cascade, InferenceDispatcher dispatcher, JobJournal journal, TimeProvider time)
    {
        var isChat = request.IsChat;
        request = request with { Filter = PlacementHeaders.Read(context.Request) };
        route.WriteHeaders(context.Response);
        var jobId = (isChat ? "chatcmpl-" : "cmpl-") + Guid.NewGuid().ToString("N");
        if (cascade is null && context.RequestServices.GetService<Verification.ResultVerifier>() is { } verifier && Verification.ResultVerifier.Applies(request))
        {
            await ServeVerifiedAsync(context, request, route, jobId, verifier, time);
            return;
        }

        var started = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var aborted = context.RequestAborted;
        ServedJob? job = null;
        var log = new AttemptLog();
        var record = new JobRecord(jobId, isChat ? "chat" : "completions", request.Model, null, 0, 0, 0, 0, "failed", null, null, started, 0);
        try
        {
            (job, var error) = await dispatcher.StartAsync(request, jobId, log, aborted);
            if (error is not null)
            {
                record = record with { ErrorCode = error.Code };
                await error.WriteAsync(context.Response);
                return;
            }

            record = record with { VehicleId = job!.VehicleId, LeaseEpoch = job.LeaseEpoch, Attempts = job.Attempts };
            context.Response.Headers[VehicleHeader] = PublicVehicle(context, job.VehicleId);
            var json = new CompletionJson(request, jobId, started.ToUnixTimeSeconds(), PublicVehicle(context, job.VehicleId)) { Route = route };
            var outcome = request.Stream
                ? await StreamAsync(context.Response, json, job, request, aborted)
                : await CollectAsync(context.Response, json, job, cascade, aborted);
            record = record with { VehicleId = job.VehicleId, LeaseEpoch = job.LeaseEpoch, Attempts = job.Attempts };
            record = outcome.Finished is { } f
                ? record with
                {
                    // An answer the cascade replaced with the cloud's did not serve the customer: recorded, not billed.
                    Status = outcome.Escalated ? "escalated" : "served",
                    PromptTokens = f.PromptTokens,
                    CompletionTokens = f.CompletionTokens,
                    FinishReason = CompletionJson.FinishName(f.Finish),
                }
                : record with { ErrorCode = outcome.ErrorCode };
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            job?.Cancel();
            record = record with { Status = "cancelled" };
        }
        finally
        {
            job?.Dispose();
            await journal.RecordJobAsync(RequestBill.Charge(context, record with { DurationMs = clock.Elapsed.TotalMilliseconds, Usage = log.Snapshot() }, ModelCatalog.Edge));
        }
    }

    // Verification on: the answer is delivered only once the verifier has a verified (or trusted) output.
    private static async Task ServeVerifiedAsync(HttpContext context, InferenceRequest request, RouteInfo route, string jobId, Verification.ResultVerifier verifier, TimeProvider time)
    {
        var started = time.GetUtcNow();
        var (run, error) = await verifier.ServeAsync(request, jobId, r => RequestBill.Charge(context, r, ModelCatalog.Edge), context.RequestAborted);
        if (error is not null || run?.Answer?.End is not JobEvent.Finished finished)
        {
            await (error ?? run?.Error ?? ApiError.NoVehicle()).WriteAsync(context.Response);
            return;
        }

        var answer = run.Answer;
        context.Response.Headers[VehicleHeader] = PublicVehicle(context, run.VehicleId!);
        context.Response.ContentType = "application/json";
        var json = new CompletionJson(request, jobId, started.ToUnixTimeSeconds(), PublicVehicle(context, run.VehicleId!)) { Route = route };
        await using (var writer = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            json.WriteCompletion(writer, answer.Text, answer.Tokens, CompletionJson.FinishName(finished.Result.Finish), finished.Result);
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private static async Task<(JobFinished? Finished, string? ErrorCode, bool Escalated)> CollectAsync(HttpResponse response, CompletionJson json, ServedJob job, IAnswerCheck? cascade, CancellationToken cancellationToken)
    {
        var answer = await job.ReadToEndAsync(cancellationToken);
        if (answer.End is not JobEvent.Finished finished)
        {
            var error = answer.End is JobEvent.Failed failed ? ApiError.VehicleFailed(failed.Code, failed.Message) : ApiError.VehicleLost(((JobEvent.Lost)answer.End).Reason);
            await error.WriteAsync(response);
            return (null, error.Code, false);
        }

        if (cascade is not null)
        {
            if (await cascade.CheckAsync(response.HttpContext, answer.Text, cancellationToken) is not { } kept)
            {
                return (finished.Result, null, true); // escalated: the cloud's answer has been written
            }

            json.Route = kept;
            kept.WriteHeaders(response);
            response.Headers[VehicleHeader] = PublicVehicle(response.HttpContext, job.VehicleId);
        }

        response.ContentType = "application/json";
        await using (var writer = new Utf8JsonWriter(response.BodyWriter))
        {
            json.WriteCompletion(writer, answer.Text, answer.Tokens, CompletionJson.FinishName(finished.Result.Finish), finished.Result);
        }

        await response.BodyWriter.FlushAsync(cancellationToken);
        return (finished.Result, null, false);
    }

    private static async Task<(JobFinished? Finished, string? ErrorCode, bool Escalated)> StreamAsync(HttpResponse response, CompletionJson json, ServedJob job, InferenceRequest request, CancellationToken cancellationToken)
    {
        var first = await job.NextAsync(cancellationToken);
        if (first is JobEvent.Failed failed)
        {
            // Nothing has been sent yet, so the client gets a plain HTTP error.
            var error = ApiError.VehicleFailed(failed.Code, failed.Message);
            await error.WriteAsync(response);
            return (null, error.Code, false);
        }

        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        var writer = new Utf8JsonWriter(response.BodyWriter);
        await using (writer)
        {
            var isFirst = true;
            for (var next = first; ; next = await job.NextAsync(cancellationToken))
            {
                switch (next)
                {
                    case JobEvent.Tokens chunk:
                        json.VehicleId = PublicVehicle(response.HttpContext, job.VehicleId);
                        var text = chunk.Items.Count == 1 ? chunk.Items[0].Text : string.Concat(chunk.Items.Select(t => t.Text));
                        await WriteEventAsync(response, writer, w => json.WriteChunk(w, text, chunk.Items, null, isFirst), cancellationToken);
                        isFirst = false;
                        break;
                    case JobEvent.Finished finished:
                        var finish = CompletionJson.FinishName(finished.Result.Finish);
                        await WriteEventAsync(response, writer, w => json.WriteChunk(w, string.Empty, null, finish, isFirst), cancellationToken);
                        if (request.IncludeUsage)
                        {
                            await WriteEventAsync(response, writer, w => json.WriteUsageChunk(w, finished.Result), cancellationToken);
                        }

                        await response.Body.WriteAsync(Done, cancellationToken);
                        return (finished.Result, null, false);
                    case JobEvent.Failed or JobEvent.Lost:
                        var error = next is JobEvent.Failed f ? ApiError.VehicleFailed(f.Code, f.Message) : ApiError.VehicleLost(((JobEvent.Lost)next).Reason);
                        await WriteEventAsync(response, writer, error.WriteJson, cancellationToken);
                        await response.Body.WriteAsync(Done, cancellationToken);
                        return (null, error.Code, false);
                }
            }
        }
    }

    // Customers see the serving vehicle's pseudonym, never its id (the journal keeps the id).
    private static string PublicVehicle(HttpContext context, string vehicleId) =>
        context.RequestServices.GetRequiredService<VehiclePseudonyms>().Of(vehicleId);

    internal static async Task WriteEventAsync(HttpResponse response, Utf8JsonWriter writer, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        response.BodyWriter.Write(DataPrefix);
        writer.Reset(response.BodyWriter);
        write(writer);
        await writer.FlushAsync(cancellationToken);
        response.BodyWriter.Write(EventEnd);
        await response.BodyWriter.FlushAsync(cancellationToken);
    }

}
