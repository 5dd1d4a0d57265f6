using System.Buffers;
using System.Text;
using System.Text.Json;
using Optimus.Core.Billing;
using Optimus.Core.Placement;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Api;
using Optimus.Gateway.Billing;
using Optimus.Gateway.Devices;
using Optimus.Gateway.Storage;
using Optimus.Protocol;

namespace Optimus.Gateway.Batches;

/// <summary>One line: place it as batch work, collect the whole answer, commit the result.</summary>
internal sealed partial class BatchRunner
{
    private const int MaxLostAttempts = 10;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);

    private async Task RunLineAsync(RunningLine run)
    {
        try
        {
            var result = await ExecuteLineAsync(run);
            store.RecordResult(run.Line, result, time.GetUtcNow());
        }
        catch (OperationCanceledException)
        {
            // Cancelled before reaching a vehicle, expired, or the coordinator is stopping: the line stays pending.
        }
        catch (Exception ex) when (!Quarantine.IsRecordFault(ex) && ex is not OperationCanceledException)
        {
            LogLineFailed(run.Line.BatchId, run.Line.Line, ex); // the store, not the line: it stays pending and runs again
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A fault of the line, not of the store: record it failed, so that the line is not retried in a loop.
            LogLineFailed(run.Line.BatchId, run.Line.Line, ex);
            var error = new ApiError(StatusCodes.Status500InternalServerError, "The server had an error while processing your request.", "server_error");
            try
            {
                store.RecordResult(run.Line, Failure(NewJobId(run.Line), error), time.GetUtcNow());
            }
            catch (Exception again) when (Quarantine.IsRecordFault(again))
            {
                quarantine.SetAside(Source, Quarantine.Reason(ex), run.Line);
            }
        }
        finally
        {
            _running.TryRemove(new KeyValuePair<(string, int), RunningLine>((run.Line.BatchId, run.Line.Line), run));
            run.Dispose();
            Wake();
        }
    }

    private async Task<LineResult> ExecuteLineAsync(RunningLine run)
    {
        var line = run.Line;
        InferenceRequest request;
        using (var document = JsonDocument.Parse(line.Body))
        {
            var (parsed, error) = RequestParser.Parse(document.RootElement, line.IsChat);
            if (error is not null)
            {
                return Failure(NewJobId(line), error); // validated at upload; kept for bodies stored by an older version
            }

            request = parsed! with { Class = JobClass.Batch, Stream = false };
        }

        // Billed to the batch's customer at the batch tier, within the limits of the key that created it.
        var caller = line.KeyName.Length == 0 ? Caller.Open with { Subject = line.Customer } : keys.FindByName(line.KeyName) is { } key ? new Caller(key, key.Role, key.Subject) : null;
        if (caller is null)
        {
            return Failure(NewJobId(line), new ApiError(StatusCodes.Status401Unauthorized, $"The key '{line.KeyName}' that created this batch has been revoked.", ApiError.InvalidRequest, null, "invalid_api_key"));
        }

        var (bill, refused) = await metering.OpenAsync(caller, request, BillingTier.Batch, [ModelCatalog.Edge], run.Token);
        if (refused is not null)
        {
            return Failure(NewJobId(line), refused);
        }

        try
        {
            return await ExecuteBilledLineAsync(run, request, bill!);
        }
        finally
        {
            bill!.Settle();
        }
    }

    private async Task<LineResult> ExecuteBilledLineAsync(RunningLine run, InferenceRequest request, RequestBill bill)
    {
        var line = run.Line;
        var log = new AttemptLog();

        var delay = FirstRetryDelay;
        for (var lost = 0; ;)
        {
            var jobId = NewJobId(line);
            var (job, error) = await dispatcher.StartAsync(request, jobId, log, run.Token);
            if (job is not null)
            {
                run.Started = true;
                using (job)
                {
                    if (await CollectAsync(line, request, job, bill, run.Token) is { } result)
                    {
                        return result;
                    }
                }

                run.Started = false;
                error = ApiError.VehicleLost("the vehicles serving it went away");
            }

            if (error!.Code == ApiError.NoVehicle().Code)
            {
                // Every vehicle is busy with interactive work, or none is connected: batch work waits its turn.
                Interlocked.Increment(ref _vehicleWaits);
                await Task.Delay(delay, time, run.Token);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
                continue;
            }

            if (error.Code == ApiError.VehicleLost(string.Empty).Code && ++lost < MaxLostAttempts)
            {
                await Task.Delay(FirstRetryDelay, time, run.Token);
                continue;
            }

            return Failure(jobId, error);
        }
    }

    // The whole answer as a completion object, or null when the vehicles went away (the line is tried again).
    private async Task<LineResult?> CollectAsync(BatchLine line, InferenceRequest request, ServedJob job, RequestBill bill, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var clock = time.GetTimestamp();
        var record = new JobRecord(job.JobId, line.IsChat ? "batch/chat" : "batch/completions", request.Model, job.VehicleId, job.LeaseEpoch, 1, 0, 0, "failed", null, null, started, 0);
        try
        {
            var answer = await job.ReadToEndAsync(cancellationToken);
            record = record with { VehicleId = job.VehicleId, LeaseEpoch = job.LeaseEpoch, Attempts = job.Attempts };
            switch (answer.End)
            {
                case JobEvent.Finished finished:
                    var f = finished.Result;
                    var finish = CompletionJson.FinishName(f.Finish);
                    var json = new CompletionJson(request, job.JobId, started.ToUnixTimeSeconds(), pseudonyms.Of(job.VehicleId));
                    record = record with { Status = "served", PromptTokens = f.PromptTokens, CompletionTokens = f.CompletionTokens, FinishReason = finish };
                    return new LineResult(LineState.Completed, NewResultId(), job.JobId, StatusCodes.Status200OK, Json(w => json.WriteCompletion(w, answer.Text, answer.Tokens, finish, f)));
                case JobEvent.Failed failed:
                    var error = ApiError.VehicleFailed(failed.Code, failed.Message);
                    record = record with { ErrorCode = error.Code };
                    return Failure(job.JobId, error);
                default:
                    record = record with { ErrorCode = "vehicle_unavailable" };
                    return null;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            job.Cancel();
            record = record with { Status = "cancelled" };
            throw;
        }
        finally
        {
            job.Dispose(); // ends the serving attempt, so that the log is complete
            await journal.RecordJobAsync(bill.Charge(
                record with { DurationMs = time.GetElapsedTime(clock).TotalMilliseconds, Usage = job.Log.Snapshot(), BillingKey = line.BillingKey },
                ModelCatalog.Edge));
        }
    }

    private static LineResult Failure(string requestId, ApiError error) =>
        new(LineState.Failed, NewResultId(), requestId, error.Status, Json(error.WriteJson));


    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string NewJobId(BatchLine line) => (line.IsChat ? "chatcmpl-" : "cmpl-") + Guid.NewGuid().ToString("N");

    private static string NewResultId() => "batch_req_" + Guid.NewGuid().ToString("N");

    [LoggerMessage(Level = LogLevel.Error, Message = "Line {Line} of batch {BatchId} failed in the runner")]
    private partial void LogLineFailed(string batchId, int line, Exception exception);
}
