using Optimus.Core.Billing;

namespace Optimus.Gateway.Accounts;

/// <summary>The record of payout batches (<c>payout_batches</c>, <c>payouts</c>); the money itself moves in the ledger.</summary>
public sealed partial class OwnerStore
{
    /// <summary>Records the batch if it is new; returns when it was first started and whether it completed.</summary>
    internal (DateTimeOffset Started, DateTimeOffset? Completed) BeginBatch(string batchId)
    {
        KeyStore.ValidateName(batchId, "payout batch id");
        return database.Write((connection, transaction) =>
        {
            AccountsDatabase.Execute(connection, transaction, "INSERT INTO payout_batches (id, created_ms) VALUES (@id, @now) ON CONFLICT (id) DO NOTHING",
                ("@id", batchId), ("@now", AccountsDatabase.Now(time)));
            return AccountsDatabase.Rows(connection, transaction, "SELECT created_ms, completed_ms FROM payout_batches WHERE id = @id",
                static reader => (DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)),
                    reader.IsDBNull(1) ? (DateTimeOffset?)null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1))),
                ("@id", batchId)).Single();
        });
    }

    /// <summary>Records one owner's payout in a batch; a payout already recorded for them in it is kept.</summary>
    internal void RecordPayout(string batchId, PayoutLine line) => database.Write((connection, transaction) => AccountsDatabase.Execute(connection, transaction, """
        INSERT INTO payouts (batch_id, owner, form, units, amount_nanos) VALUES (@batch, @owner, @form, @units, @amount)
        ON CONFLICT (batch_id, owner) DO NOTHING
        """,
        ("@batch", batchId), ("@owner", line.Owner), ("@form", line.Form.ToString()), ("@units", line.Units), ("@amount", line.AmountNanoDollars)));

    /// <summary>Marks the batch complete: running it again pays nobody more, and answers what it paid.</summary>
    internal DateTimeOffset CompleteBatch(string batchId) => database.Write((connection, transaction) =>
    {
        AccountsDatabase.Execute(connection, transaction, "UPDATE payout_batches SET completed_ms = @now WHERE id = @id AND completed_ms IS NULL",
            ("@id", batchId), ("@now", AccountsDatabase.Now(time)));
        return DateTimeOffset.FromUnixTimeMilliseconds((long)AccountsDatabase.Scalar(connection, transaction, "SELECT completed_ms FROM payout_batches WHERE id = @id", ("@id", batchId))!);
    });

    /// <summary>The payouts recorded in a batch, by owner.</summary>
    internal IReadOnlyList<PayoutLine> PayoutsOf(string batchId) =>
    [
        .. database.Read(connection => AccountsDatabase.Rows(connection, null, "SELECT owner, form, units, amount_nanos FROM payouts WHERE batch_id = @batch",
            static reader => new PayoutLine(reader.GetString(0), Enum.Parse<PayoutForm>(reader.GetString(1)), reader.GetInt64(2), reader.GetInt64(3)),
            ("@batch", batchId)))
            .OrderBy(p => p.Owner, StringComparer.Ordinal),
    ];
}

/// <summary>What one owner was paid in a batch: <paramref name="Units"/> of <paramref name="Form"/> (cents for cash), worth <paramref name="AmountNanoDollars"/>.</summary>
public sealed record PayoutLine(string Owner, PayoutForm Form, long Units, long AmountNanoDollars);
