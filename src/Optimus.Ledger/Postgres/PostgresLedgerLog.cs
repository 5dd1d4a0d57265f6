using Microsoft.Extensions.Logging;

namespace Optimus.Ledger.Postgres;

/// <summary>The PostgreSQL store's log messages.</summary>
internal static partial class PostgresLedgerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Ledger batch lost a conflict ({SqlState}) on attempt {Attempt}; retrying")]
    public static partial void BatchRetried(ILogger logger, string sqlState, int attempt);
}
