using Microsoft.Data.Sqlite;
using Optimus.Core.Billing;
using Optimus.Gateway.Devices;

namespace Optimus.Gateway.Storage;

/// <summary>The journal's insert statements, prepared once per connection and rebound per row.</summary>
internal sealed class JournalStatements : IDisposable
{
    private readonly SqliteCommand _job;
    private readonly SqliteCommand _vehicle;
    private readonly SqliteCommand _usage;

    public JournalStatements(SqliteConnection connection)
    {
        _job = connection.CreateCommand();
        _job.CommandText = """
            INSERT OR REPLACE INTO jobs (id, endpoint, model, vehicle_id, lease_epoch, attempts, prompt_tokens, completion_tokens,
                                         status, finish_reason, error_code, started_at_ms, duration_ms)
            VALUES ($id, $endpoint, $model, $vehicle, $epoch, $attempts, $prompt, $completion, $status, $finish, $error, $started, $duration)
            """;
        foreach (var name in new[] { "$id", "$endpoint", "$model", "$vehicle", "$epoch", "$attempts", "$prompt", "$completion", "$status", "$finish", "$error", "$started", "$duration" })
        {
            _job.Parameters.Add(new SqliteParameter(name, null));
        }

        _vehicle = connection.CreateCommand();
        _vehicle.CommandText = """
            INSERT INTO vehicles (id, profile, model, first_seen_ms, last_seen_ms) VALUES ($id, $profile, $model, $now, $now)
            ON CONFLICT (id) DO UPDATE SET profile = excluded.profile, model = excluded.model, last_seen_ms = excluded.last_seen_ms
            """;
        foreach (var name in new[] { "$id", "$profile", "$model", "$now" })
        {
            _vehicle.Parameters.Add(new SqliteParameter(name, null));
        }

        // OR IGNORE: a record already written for this job and attempt (a retry, a rerun after a crash) is kept as it
        // was, and the partial unique index lets only one attempt of a job be billed.
        _usage = connection.CreateCommand();
        _usage.CommandText = """
            INSERT OR IGNORE INTO usage (job_id, attempt, customer, key_name, model, tier, vehicle_id, lease_epoch, outcome, billed,
                                         prompt_tokens, completion_tokens, device_us, milliwatt_hours, started_ms, charge_nanos, posted)
            VALUES ($job, $attempt, $customer, $key, $model, $tier, $vehicle, $epoch, $outcome, $billed,
                    $prompt, $completion, $device_us, $mwh, $started, $charge, $posted)
            """;
        foreach (var name in new[] { "$job", "$attempt", "$customer", "$key", "$model", "$tier", "$vehicle", "$epoch", "$outcome", "$billed", "$prompt", "$completion", "$device_us", "$mwh", "$started", "$charge", "$posted" })
        {
            _usage.Parameters.Add(new SqliteParameter(name, null));
        }
    }

    public void Enlist(SqliteTransaction transaction)
    {
        _job.Transaction = transaction;
        _vehicle.Transaction = transaction;
        _usage.Transaction = transaction;
    }

    public void InsertJob(JobRecord job)
    {
        var p = _job.Parameters;
        p[0].Value = job.JobId;
        p[1].Value = job.Endpoint;
        p[2].Value = job.Model;
        p[3].Value = (object?)job.VehicleId ?? DBNull.Value;
        p[4].Value = job.LeaseEpoch;
        p[5].Value = job.Attempts;
        p[6].Value = job.PromptTokens;
        p[7].Value = job.CompletionTokens;
        p[8].Value = job.Status;
        p[9].Value = (object?)job.FinishReason ?? DBNull.Value;
        p[10].Value = (object?)job.ErrorCode ?? DBNull.Value;
        p[11].Value = job.StartedAt.ToUnixTimeMilliseconds();
        p[12].Value = job.DurationMs;
        _job.ExecuteNonQuery();
        InsertUsage(job);
    }

    // One usage record per attempt; only the served attempt of a served job carries the charge and is billed. A cloud
    // answer has no attempts on vehicles: it is one record with the vehicle "cloud".
    private void InsertUsage(JobRecord job)
    {
        var served = job.Status == "served";
        if (job.Usage.Count == 0)
        {
            InsertUsage(job, 1, job.VehicleId, 0, served ? "served" : job.Status, served, job.PromptTokens, job.CompletionTokens, 0, 0);
            return;
        }

        foreach (var attempt in job.Usage)
        {
            var billed = served && attempt.Outcome == AttemptOutcome.Served;
            InsertUsage(job, attempt.Number, attempt.VehicleId, attempt.LeaseEpoch, OutcomeName(attempt.Outcome), billed,
                billed ? job.PromptTokens : 0, billed ? job.CompletionTokens : attempt.CompletionTokens,
                attempt.DeviceMicroseconds, EnergyMeter.MilliWattHours(attempt.PowerWatts, attempt.DeviceMicroseconds));
        }
    }

    private void InsertUsage(JobRecord job, int attempt, string? vehicle, long epoch, string outcome, bool billed, int prompt, int completion, long deviceMicros, long milliWattHours)
    {
        var p = _usage.Parameters;
        p[0].Value = job.BillingKey ?? job.JobId;
        p[1].Value = attempt;
        p[2].Value = job.Customer;
        p[3].Value = job.KeyName;
        p[4].Value = job.Model;
        p[5].Value = job.Tier;
        p[6].Value = (object?)vehicle ?? DBNull.Value;
        p[7].Value = epoch;
        p[8].Value = outcome;
        p[9].Value = billed ? 1 : 0;
        p[10].Value = prompt;
        p[11].Value = completion;
        p[12].Value = deviceMicros;
        p[13].Value = milliWattHours;
        p[14].Value = job.StartedAt.ToUnixTimeMilliseconds();
        p[15].Value = billed ? job.ChargeNanoDollars : 0;
        p[16].Value = billed && job.ChargeNanoDollars > 0 ? 0 : 1; // nothing to post for an unbilled record
        _usage.ExecuteNonQuery();
    }

    private static string OutcomeName(AttemptOutcome outcome) => outcome.ToString().ToLowerInvariant();

    public void UpsertVehicle(VehicleSeen vehicle)
    {
        var p = _vehicle.Parameters;
        p[0].Value = vehicle.VehicleId;
        p[1].Value = vehicle.Profile;
        p[2].Value = vehicle.Model;
        p[3].Value = vehicle.AtMs;
        _vehicle.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _job.Dispose();
        _vehicle.Dispose();
        _usage.Dispose();
    }
}
