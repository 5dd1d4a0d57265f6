namespace Optimus.Gateway.Cloud;

/// <summary>
/// The cloud tier (<c>optimus-cloud</c>): any OpenAI-compatible upstream, by base URL, API key and model, with the
/// timeouts, retries and circuit breaking of its HTTP client. Unset fields are filled from the environment
/// (<c>OPTIMUS_CLOUD_BASE_URL</c>, <c>OPTIMUS_CLOUD_API_KEY</c>, <c>OPTIMUS_CLOUD_MODEL</c>) and then from the
/// <c>Optimus:Cloud</c> section of <c>optimus.json</c> or <c>appsettings.json</c> in the working folder.
/// </summary>
public sealed record CloudOptions
{
    /// <summary>The upstream's API root, e.g. <c>https://api.x.ai/v1</c>; requests go to <c>chat/completions</c> and <c>completions</c> under it.</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>Sent as <c>Authorization: Bearer</c>; none when null.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The upstream's model name, sent in place of the client's <c>optimus-cloud</c> or <c>optimus-auto</c>.</summary>
    public string? Model { get; init; }

    /// <summary>
    /// Longest wait for one attempt's response headers (a whole answer, when not streamed), and longest silence inside
    /// a streamed answer.
    /// </summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest wait for the response headers across all attempts and retry delays.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Retries after a failed attempt (5xx, 408, connection failure, attempt timeout); never once a stream has started.</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>Delay before the first retry; later ones back off exponentially, with jitter.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long calls stop once the circuit opens.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The circuit opens when half of the attempts in a 30-second window failed, once the window holds at least this
    /// many attempts.
    /// </summary>
    public int CircuitMinimumThroughput { get; init; } = 10;

    /// <summary>True when a base URL and a model are set: <c>optimus-cloud</c> is then served and listed.</summary>
    public bool IsConfigured => BaseUrl is not null && !string.IsNullOrWhiteSpace(Model);
}
