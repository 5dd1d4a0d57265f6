using Optimus.Routing.Model;

namespace Optimus.Gateway.Routing;

/// <summary>
/// The router file <c>optimus-auto</c> scores with (<see cref="GatewayOptions.RouterPath"/>), loaded once when the
/// gateway starts; without one, <c>optimus-auto</c> routes by its rules alone. The same file always gives the same
/// decisions.
/// </summary>
internal sealed class LearnedRouter : IDisposable
{
    private readonly Router? _router;

    /// <exception cref="FileNotFoundException">The router file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a router file, or it was never calibrated.</exception>
    public LearnedRouter(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.RouterPath is not { } path)
        {
            return;
        }

        _router = Router.Load(path);
        if (_router.Manifest.Calibration is null)
        {
            _router.Dispose();
            throw new InvalidDataException($"The router file '{path}' is not calibrated: run `optimus router calibrate --router {path} --cloud-share P`.");
        }
    }

    public bool IsLoaded => _router is not null;

    /// <summary>The prompt-stage decision.</summary>
    public RouteInfo BeforeGeneration(string prompt) =>
        Info(Require().RouteBeforeGeneration(prompt), RouteReasons.PromptScore);

    /// <summary>The cascade's decision on the edge model's <paramref name="answer"/>.</summary>
    public RouteInfo AfterGeneration(string prompt, string answer) =>
        Info(Require().RouteAfterGeneration(prompt, answer), RouteReasons.Cascade);

    public void Dispose() => _router?.Dispose();

    private static RouteInfo Info(RouteDecision decision, string reason) => new(decision.Tier, reason, decision.Score, decision.Threshold);

    private Router Require() => _router ?? throw new InvalidOperationException("No router file is loaded.");
}
