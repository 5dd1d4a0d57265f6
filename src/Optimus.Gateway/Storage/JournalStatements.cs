using Microsoft.Data.Sqlite;

namespace Optimus.Gateway.Storage;

/// <summary>The journal's insert statements, prepared once per connection and rebound per row.</summary>
internal sealed class JournalStatements : IDisposable
{
    private readonly SqliteCommand _job;
    private readonly SqliteCommand _vehicle;

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
    }

    public void Enlist(SqliteTransaction transaction)
    {
        _job.Transaction = transaction;
        _vehicle.Transaction = transaction;
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
    }

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
    }
}
