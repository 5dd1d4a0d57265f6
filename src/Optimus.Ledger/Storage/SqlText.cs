namespace Optimus.Ledger.Storage;

/// <summary>
/// Statements valid in both SQLite and PostgreSQL. Ids are 16 big-endian bytes; money is a 64-bit integer of minor units.
/// There is deliberately no UPDATE of a transfer and no DELETE anywhere: history is immutable.
/// </summary>
internal static class SqlText
{
    public const string SelectAccount = """
        SELECT id, ledger, code, flags, user_data, debits_posted, credits_posted, timestamp FROM accounts WHERE id = @id
        """;

    public const string InsertAccount = """
        INSERT INTO accounts (id, ledger, code, flags, user_data, debits_posted, credits_posted, timestamp)
        VALUES (@id, @ledger, @code, @flags, @user_data, 0, 0, @timestamp)
        """;

    public const string SelectTransfer = """
        SELECT id, debit_account_id, credit_account_id, amount, ledger, code, user_data, timestamp FROM transfers WHERE id = @id
        """;

    public const string SelectAccountTransfers = """
        SELECT id, debit_account_id, credit_account_id, amount, ledger, code, user_data, timestamp FROM transfers
        WHERE debit_account_id = @account OR credit_account_id = @account ORDER BY timestamp, id
        """;

    public const string InsertTransfer = """
        INSERT INTO transfers (id, debit_account_id, credit_account_id, amount, ledger, code, user_data, timestamp)
        VALUES (@id, @debit, @credit, @amount, @ledger, @code, @user_data, @timestamp)
        """;

    /// <summary>PostgreSQL only: locks the accounts among @ids (a bytea[]) in id order.</summary>
    public const string LockAccounts = "SELECT id FROM accounts WHERE id = ANY(@ids) ORDER BY id FOR UPDATE";

    public const string PostDebit = "UPDATE accounts SET debits_posted = debits_posted + @amount WHERE id = @id";

    public const string PostCredit = "UPDATE accounts SET credits_posted = credits_posted + @amount WHERE id = @id";

    /// <summary>The schema; <paramref name="blob"/> is the dialect's byte-string type (BLOB or bytea).</summary>
    public static string Schema(string blob) => $"""
        CREATE TABLE IF NOT EXISTS accounts (
            id {blob} PRIMARY KEY, ledger BIGINT NOT NULL, code INTEGER NOT NULL, flags INTEGER NOT NULL, user_data {blob} NOT NULL,
            debits_posted BIGINT NOT NULL, credits_posted BIGINT NOT NULL, timestamp BIGINT NOT NULL,
            CHECK (debits_posted >= 0 AND credits_posted >= 0));
        CREATE TABLE IF NOT EXISTS transfers (
            id {blob} PRIMARY KEY, debit_account_id {blob} NOT NULL REFERENCES accounts (id),
            credit_account_id {blob} NOT NULL REFERENCES accounts (id), amount BIGINT NOT NULL CHECK (amount > 0),
            ledger BIGINT NOT NULL, code INTEGER NOT NULL, user_data {blob} NOT NULL, timestamp BIGINT NOT NULL);
        CREATE INDEX IF NOT EXISTS transfers_debit ON transfers (debit_account_id, timestamp);
        CREATE INDEX IF NOT EXISTS transfers_credit ON transfers (credit_account_id, timestamp);
        """;
}
