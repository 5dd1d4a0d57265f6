using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Optimus.Core.Vehicles;
using Optimus.Inference;
using Optimus.Protocol;

namespace Optimus.Agent;

/// <summary>Running jobs: one per free die, on that die's thread, tokens queued to the writer as they are produced.</summary>
public sealed partial class VehicleAgent
{
    private void StartJob(JobAssignment job, ChannelWriter<AgentMessage> outbound)
    {
        var decision = Availability.Evaluate(status.Current, status.Policy, time.GetUtcNow());
        if (!decision.CanServe)
        {
            outbound.TryWrite(Failed(job, JobFailureCodes.VehicleDeparted, $"The vehicle cannot serve: {decision.Reason}."));
            return;
        }

        if (job.Category.Length > 0 && !status.Policy.AllowsCategory(job.Category))
        {
            outbound.TryWrite(Failed(job, JobFailureCodes.CategoryRefused, $"The owner does not allow '{job.Category}' jobs."));
            return;
        }

        if (!_free.TryDequeue(out var die))
        {
            outbound.TryWrite(Failed(job, JobFailureCodes.VehicleBusy, "Every die of this vehicle is busy."));
            return;
        }

        var cancellation = new CancellationTokenSource();
        _running[job.JobId] = cancellation;
        die.Post(generator => RunJob(job, generator, die, cancellation, outbound));
    }

    // The die goes back to the free ones before the job's last message is written: the coordinator frees the job's slot
    // when it reads that message and may send the next job at once, which must find the die free, not be refused busy.
    private void RunJob(JobAssignment job, ITextGenerator generator, DieWorker die, CancellationTokenSource cancellation, ChannelWriter<AgentMessage> outbound)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        AgentMessage? last = null;
        try
        {
            var result = generator.Generate(
                ProtocolMapping.ToInput(job),
                ProtocolMapping.ToOptions(job.Sampling),
                token =>
                {
                    var chunk = new TokenChunk { JobId = job.JobId, LeaseEpoch = job.LeaseEpoch };
                    chunk.Tokens.Add(ProtocolMapping.ToWire(token));
                    outbound.TryWrite(new AgentMessage { Tokens = chunk });
                },
                cancellation.Token);
            last = new AgentMessage
            {
                Finished = new JobFinished
                {
                    JobId = job.JobId,
                    LeaseEpoch = job.LeaseEpoch,
                    PromptTokens = result.PromptTokens,
                    CompletionTokens = result.CompletionTokens,
                    Finish = ProtocolMapping.ToWire(result.FinishReason),
                    DeviceSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds,
                },
            };
            outcome = "finished";
        }
        catch (OperationCanceledException) when (_departed.TryRemove(job.JobId, out var reason))
        {
            outcome = "handed back";
            last = Failed(job, JobFailureCodes.VehicleDeparted, $"The vehicle left: {reason}.");
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            LogJobCancelled(options.VehicleId, job.JobId);
        }
        catch (GenerationException ex)
        {
            last = Failed(job, ex.Code, ex.Message);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            LogJobFailed(options.VehicleId, job.JobId, ex);
            last = Failed(job, JobFailureCodes.InferenceFailed, ex.Message);
        }
        finally
        {
            _running.TryRemove(job.JobId, out _);
            cancellation.Dispose();
            _free.Enqueue(die);
            if (last is not null)
            {
                outbound.TryWrite(last);
            }

            JobEnded?.Invoke(this, new JobEnded(job.JobId, outcome));
        }
    }

    private void DrainJobs(string reason)
    {
        foreach (var (jobId, cancellation) in _running)
        {
            _departed[jobId] = reason;
            try
            {
                cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                _departed.TryRemove(jobId, out _); // finished meanwhile
            }
        }
    }

    private static AgentMessage Failed(JobAssignment job, string code, string message) => new()
    {
        Failed = new JobFailed { JobId = job.JobId, LeaseEpoch = job.LeaseEpoch, Code = code, Message = message },
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Vehicle {VehicleId} registered with lease {Epoch}")]
    private partial void LogRegistered(string vehicleId, long epoch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Vehicle {VehicleId}: the coordinator closed the stream; reconnecting")]
    private partial void LogStreamClosed(string vehicleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vehicle {VehicleId}: connection failed ({Reason}); retrying with backoff")]
    private partial void LogConnectionFailed(string vehicleId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Vehicle {VehicleId}: job {JobId} cancelled")]
    private partial void LogJobCancelled(string vehicleId, string jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Vehicle {VehicleId}: job {JobId} failed")]
    private partial void LogJobFailed(string vehicleId, string jobId, Exception exception);
}
