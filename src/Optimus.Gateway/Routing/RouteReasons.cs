namespace Optimus.Gateway.Routing;

/// <summary>
/// Why a request went to the tier that answered it: the <c>reason</c> of the <c>x-optimus-route</c> header and the
/// <c>route</c> field of the body's <c>optimus</c> object.
/// </summary>
internal static class RouteReasons
{
    /// <summary>The client named the tier's model (<c>optimus-edge</c> or <c>optimus-cloud</c>).</summary>
    public const string Model = "model";

    /// <summary>The client asked for the tier (<c>x-optimus-route</c> request header or the body's <c>optimus.route</c>).</summary>
    public const string Hint = "hint";

    /// <summary>No cloud upstream is configured: <c>optimus-auto</c> serves on the edge.</summary>
    public const string NoCloud = "no-cloud";

    /// <summary>No vehicle is connected to this gateway.</summary>
    public const string NoVehicle = "no-vehicle";

    /// <summary>The request carries tools (function calling), which the edge model does not serve.</summary>
    public const string Tools = "tools";

    /// <summary>The request asks for structured output (<c>response_format</c> json_schema or json_object).</summary>
    public const string ResponseFormat = "response-format";

    /// <summary>The prompt and <c>max_tokens</c> do not fit the edge model's context.</summary>
    public const string ContextLength = "context-length";

    /// <summary>The learned router's score on the prompt, before generation.</summary>
    public const string PromptScore = "prompt-score";

    /// <summary>No rule fired and no router file is loaded: the edge serves.</summary>
    public const string RulesOnly = "rules-only";

    /// <summary>The router's score on the edge model's answer, after generation (kept, or escalated to the cloud).</summary>
    public const string Cascade = "cascade";

    /// <summary>The cloud was chosen but failed before answering; the edge answered instead.</summary>
    public const string CloudFailed = "cloud-failed";
}
