using Optimus.Gateway.Cloud;

namespace Optimus.Gateway;

/// <summary>Where the coordinator listens and keeps its data.</summary>
public sealed record GatewayOptions
{
    /// <summary>The OpenAI-compatible HTTP API port on 127.0.0.1.</summary>
    public int ApiPort { get; init; } = 8080;

    /// <summary>The vehicle gRPC port on 127.0.0.1 (HTTP/2).</summary>
    public int AgentPort { get; init; } = 8081;

    /// <summary>Folder for the SQLite database.</summary>
    public string DataDirectory { get; init; } = "optimus-data";

    /// <summary>How often agents heartbeat; a lease lasts three intervals.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Root seed for the coordinator's randomness (placement).</summary>
    public int Seed { get; init; }

    /// <summary>Most vehicles one request may use, counting continuations after a vehicle leaves mid-answer.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>After this long a request that lost its vehicle is not moved again; the client gets the error.</summary>
    public TimeSpan RequestDeadline { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a request that lost its vehicle mid-answer waits for another when no vehicle is free at all, before the
    /// client gets the error (within <see cref="RequestDeadline"/>).
    /// </summary>
    public TimeSpan ContinuationWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a request waits for the next event of a vehicle that has started answering: past it the vehicle is
    /// taken as gone (a car that went silent but still heartbeats, a relayed job whose gateway died unseen) and the
    /// job continues elsewhere.
    /// </summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Requests that may wait for a slot when the fleet is saturated; beyond it, 429 with Retry-After.</summary>
    public int MaxQueuedRequests { get; init; } = 256;

    /// <summary>Decode speed assumed when estimating how long a job runs (placement avoids vehicles about to leave).</summary>
    public double AssumedTokensPerSecond { get; init; } = 20;

    /// <summary>Dispatcher grains the fleet is sharded across (by a stable hash of the vehicle id).</summary>
    public int DispatchCells { get; init; } = 1;

    /// <summary>Start a late request on a second vehicle too (first to answer wins).</summary>
    public bool Hedging { get; init; } = true;

    /// <summary>The hedge delay before enough times to first token are known to take their p95.</summary>
    public TimeSpan InitialHedgeDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Never hedge sooner than this, however fast the fleet answers.</summary>
    public TimeSpan MinimumHedgeDelay { get; init; } = TimeSpan.FromMilliseconds(25);

    /// <summary>Orleans silo-to-silo port; 0 picks a free one.</summary>
    public int SiloPort { get; init; }

    /// <summary>The cloud tier's OpenAI-compatible upstream; while it has no base URL and model, there is no cloud tier.</summary>
    public CloudOptions Cloud { get; init; } = new();

    /// <summary>
    /// The router file (<c>optimus router train</c>) that <c>optimus-auto</c> scores prompts with; null: rules only
    /// (unless <c>OPTIMUS_ROUTER</c> or the <c>Optimus:Router</c> setting names one).
    /// </summary>
    public string? RouterPath { get; init; }

    /// <summary>
    /// The GGUF file of the model the fleet serves (what <c>optimus up</c> loads into its vehicles). The gateway loads its
    /// vocabulary only, to count prompt tokens itself: requests are billed by the gateway's counts, not the vehicles'.
    /// Null: vehicles serving a model the gateway has no tokenizer for are billed at most an upper bound of the prompt.
    /// </summary>
    public string? EdgeModelPath { get; init; }

    /// <summary>
    /// Serve without API keys: every request is the open local customer (demos only; off by default). Vehicles that
    /// present no credential are let in too; a credential that is presented is still checked.
    /// </summary>
    public bool NoAuth { get; init; }

    /// <summary>
    /// Serve the vehicle channel over TLS (HTTP/2), with <see cref="AgentCertificatePath"/> or a self-signed certificate
    /// made once in the data folder; agents pin it. Cluster mode must turn it on.
    /// </summary>
    public bool AgentTls { get; init; }

    /// <summary>The vehicle channel's certificate (PKCS#12 with its key); null: the data folder's self-signed one.</summary>
    public string? AgentCertificatePath { get; init; }

    /// <summary>The password of <see cref="AgentCertificatePath"/> (default: <c>OPTIMUS_AGENT_CERT_PASSWORD</c>).</summary>
    public string? AgentCertificatePassword { get; init; }

    /// <summary>
    /// The vehicle signing key in base64, shared by the gateways of a cluster (default: <c>OPTIMUS_VEHICLE_SIGNING_KEY</c>,
    /// else <c>Optimus:VehicleSigningKey</c>, else <c>vehicle-signing.key</c> in the data folder, made on first start).
    /// </summary>
    public string? VehicleSigningKey { get; init; }

    /// <summary>The owner's share of each charge after their energy is reimbursed, in basis points (7000 = 70%).</summary>
    public int OwnerShareBasisPoints { get; init; } = Core.Billing.RevenueSplit.Default.OwnerShareBasisPoints;

    /// <summary>Completion tokens a request without <c>max_tokens</c> reserves against spend limits and prepaid balances.</summary>
    public int ReservedCompletionTokens { get; init; } = 2048;

    /// <summary>Prices per model and tier; null: <see cref="Core.Billing.PriceList.Default"/>.</summary>
    public Core.Billing.PriceList? Prices { get; init; }

    /// <summary>A PostgreSQL connection string for the ledger; null: the embedded SQLite ledger in the data folder (or, in cluster mode, the cluster's database).</summary>
    public string? LedgerConnectionString { get; init; }

    /// <summary>
    /// Cluster mode: the PostgreSQL database through which several gateway processes form one Orleans cluster
    /// (membership) and share the ledger; null: one process with localhost clustering.
    /// </summary>
    public string? ClusterDatabase { get; init; }

    /// <summary>
    /// Verify results before delivering them (adaptive replication, docs/verification.md): non-streamed deterministic
    /// requests may run on a second and a third vehicle and only an agreeing output is delivered.
    /// </summary>
    public bool Verify { get; init; }

    /// <summary>A JSONL file of canary prompts with known outputs, mixed into vehicles' traffic when verifying.</summary>
    public string? CanaryPath { get; init; }

    /// <summary>The cluster's name: gateways with the same database and id form one cluster.</summary>
    public string ClusterId { get; init; } = "optimus";
}
