using Optimus.Protocol;

namespace Optimus.Gateway.Devices;

/// <summary>
/// A request being served, across as many attempts as its vehicles' departures require. The reader sees one sequence
/// of events: when the serving vehicle leaves mid-answer, the job continues on another vehicle from the tokens
/// delivered so far, and the next event is simply the next token. Only when attempts or the deadline run out does the
/// reader see the loss. Dispose releases the current vehicle's slot.
/// </summary>
internal sealed class ServedJob(InferenceDispatcher dispatcher, Api.InferenceRequest request, string jobId, Attempt first, JobEvent firstEvent, DateTimeOffset deadline, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan ContinuationPoll = TimeSpan.FromMilliseconds(200);
    private readonly List<int> _delivered = [];
    private Attempt _attempt = first;
    private JobEvent? _pending = firstEvent;
    private int _attemptTokens;
    private bool _attemptReleased;
    private AttemptOutcome _outcome = AttemptOutcome.Cancelled;
    private int _released;
    private TokenMeter? _meter;
    private (string? Model, PromptCount Count)? _prompt;
    private bool _cutOff;
    private CancellationTokenSource? _stall;
    private CancellationToken _stallLinkedTo;

    public string JobId => jobId;

    public string VehicleId => _attempt.Placement.VehicleId;

    public long LeaseEpoch => _attempt.Placement.LeaseEpoch;

    public int Attempts { get; private set; } = 1;

    /// <summary>Every attempt of the request, ended ones first; complete once the job is disposed.</summary>
    public AttemptLog Log => _attempt.Log;

    /// <summary>Continuations after a vehicle left mid-answer.</summary>
    public int Failovers { get; private set; }

    /// <summary>
    /// The next event of the job. Tokens are counted by the gateway (<see cref="TokenMeter"/>); a vehicle that goes past
    /// the request's limit is stopped and the reader sees the answer end there with finish "length". The event that
    /// ends an answer carries the gateway's counts, never the vehicle's: see <see cref="Audit"/>.
    /// </summary>
    public async ValueTask<JobEvent> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var next = _pending ?? await ReadOrStallAsync(cancellationToken);
            _pending = null;
            switch (next)
            {
                case JobEvent.Tokens tokens:
                    var meter = Meter();
                    var kept = meter.Admit(tokens.Items);
                    foreach (var token in tokens.Items.Take(kept).Where(t => t.Id >= 0))
                    {
                        _delivered.Add(token.Id);
                        _attemptTokens++;
                    }

                    if (meter.CutOff)
                    {
                        // Past max_tokens: stop the vehicle and end the answer at the limit; nothing more is read from it.
                        _attempt.Session.CancelJob(_attempt.JobId);
                        if (meter.VehicleKnowsLimit)
                        {
                            dispatcher.ReportDishonest(VehicleId, $"sent tokens past the limit of {meter.Limit}");
                        }

                        _pending = new JobEvent.Finished(Counted(Finish.Length, Prompt().Tokens, reported: null));
                        _cutOff = true;
                    }

                    if (kept == 0)
                    {
                        continue;
                    }

                    return kept == tokens.Items.Count ? next : new JobEvent.Tokens([.. tokens.Items.Take(kept)]);
                case JobEvent.Finished when _cutOff:
                    _outcome = AttemptOutcome.Served;
                    return next;
                case JobEvent.Finished finished:
                    _outcome = AttemptOutcome.Served;
                    return new JobEvent.Finished(Audit(finished.Result));
                case var moved when InferenceDispatcher.MustMove(moved):
                    var reason = next is JobEvent.Lost lost ? lost.Reason : ((JobEvent.Failed)next).Message;
                    if (!await ContinueElsewhereAsync(reason, cancellationToken))
                    {
                        return new JobEvent.Lost(reason);
                    }

                    continue;
                default:
                    _outcome = AttemptOutcome.Failed;
                    return next;
            }
        }
    }

    /// <summary>
    /// Reads the whole answer (for non-streamed responses): every token, then the event that ended it — finished,
    /// failed, or lost after every continuation was tried.
    /// </summary>
    public async Task<CollectedAnswer> ReadToEndAsync(CancellationToken cancellationToken)
    {
        var text = new System.Text.StringBuilder();
        var tokens = new List<Token>();
        while (true)
        {
            var next = await NextAsync(cancellationToken);
            if (next is not JobEvent.Tokens chunk)
            {
                return new CollectedAnswer(text.ToString(), tokens, next);
            }

            foreach (var token in chunk.Items)
            {
                text.Append(token.Text);
                tokens.Add(token);
            }
        }
    }

    /// <summary>Tells the current vehicle to stop (the client went away).</summary>
    public void Cancel() => _attempt.Session.CancelJob(_attempt.JobId);

    /// <summary>Releases the current vehicle; the attempt is logged as served, failed or (when unread) cancelled.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            ReleaseCurrent(_outcome);
            _stall?.Dispose();
        }
    }

    private void ReleaseCurrent(AttemptOutcome outcome)
    {
        if (!_attemptReleased)
        {
            _attemptReleased = true;
            dispatcher.Release(_attempt, outcome, _attemptTokens);
        }
    }

    // The vehicle's report is compared with the gateway's counts: a vehicle whose counts disagree with an exact count
    // loses its reputation. What is billed is the gateway's count (or, without the serving model's tokenizer, the
    // vehicle's prompt count capped at the gateway's upper bound), and the tokens delivered.
    private JobFinished Audit(JobFinished reported)
    {
        var prompt = Prompt();
        var completion = Meter().Billable;
        if (prompt.Exact && (reported.PromptTokens != prompt.Tokens || reported.CompletionTokens != completion))
        {
            dispatcher.ReportDishonest(VehicleId, $"reported {reported.PromptTokens} prompt and {reported.CompletionTokens} completion tokens; the gateway counted {prompt.Tokens} and {completion}");
        }

        var billedPrompt = prompt.Exact ? prompt.Tokens : Math.Clamp(reported.PromptTokens, 0, prompt.Tokens);
        return Counted(Enum.IsDefined(reported.Finish) ? reported.Finish : Finish.Stop, billedPrompt, reported);
    }

    private JobFinished Counted(Finish finish, int promptTokens, JobFinished? reported) => new()
    {
        JobId = _attempt.JobId,
        LeaseEpoch = LeaseEpoch,
        PromptTokens = promptTokens,
        CompletionTokens = Meter().Billable,
        Finish = finish,
        DeviceSeconds = reported is { DeviceSeconds: var seconds } && double.IsFinite(seconds) && seconds >= 0 ? seconds : 0,
    };

    // Counted once per serving model: a continuation on a vehicle with the same model reuses the count.
    private PromptCount Prompt()
    {
        var model = _attempt.Session.Model;
        if (_prompt is not { } known || known.Model != model)
        {
            _prompt = known = (model, dispatcher.Counters.Count(request, model));
        }

        return known.Count;
    }

    // The next event of the current attempt; a vehicle silent for StallTimeout is taken as gone, so that no request waits
    // forever on a car that stopped mid-answer or on a relayed attempt whose gateway died unseen.
    private async ValueTask<JobEvent> ReadOrStallAsync(CancellationToken cancellationToken)
    {
        if (_attempt.Handle.Events.TryRead(out var ready))
        {
            return ready;
        }

        // One timer source for the whole job, re-armed per read (a read per token is the streaming hot path), replaced
        // only after it fired.
        if (_stall is null || _stall.IsCancellationRequested || _stallLinkedTo != cancellationToken)
        {
            _stall?.Dispose();
            _stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _stallLinkedTo = cancellationToken;
        }

        _stall.CancelAfter(dispatcher.StallTimeout);
        try
        {
            return await _attempt.Handle.Events.ReadAsync(_stall.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _attempt.Session.CancelJob(_attempt.JobId);
            return new JobEvent.Lost($"no word from the vehicle for {dispatcher.StallTimeout.TotalSeconds:0} s");
        }
    }

    private TokenMeter Meter() => _meter ??= TokenMeter.For(request.MaxTokens, _attempt.Placement.ContextLength, Prompt(), dispatcher.DefaultCompletionCap);

    private async Task<bool> ContinueElsewhereAsync(string reason, CancellationToken cancellationToken)
    {
        ReleaseCurrent(InferenceDispatcher.MoveOutcome(_attempt));
        var waitUntil = time.GetUtcNow() + dispatcher.ContinuationWait;
        while (Attempts < dispatcher.MaxAttempts && time.GetUtcNow() < deadline)
        {
            Attempts++;
            var (attempt, firstEvent, error) = await dispatcher.TryAttemptAsync(request, jobId, _delivered, _attempt.Log, cancellationToken);
            if (attempt is null)
            {
                if (error?.Code == Api.ApiError.NoVehicle().Code && time.GetUtcNow() < waitUntil)
                {
                    // No vehicle right now (in a cluster, while a dead silo's dispatcher relearns its fleet): the
                    // client has part of its answer, so wait a little for one rather than fail it.
                    Attempts--;
                    await Task.Delay(ContinuationPoll, time, cancellationToken);
                    continue;
                }

                return false; // no vehicle can take it now
            }

            if (InferenceDispatcher.MustMove(firstEvent!))
            {
                dispatcher.Release(attempt, InferenceDispatcher.MoveOutcome(attempt));
                continue;
            }

            _attempt = attempt;
            _attemptTokens = 0;
            _attemptReleased = false;
            _pending = firstEvent;
            Failovers++;
            dispatcher.RecordFailover(reason);
            return true;
        }

        return false;
    }
}
