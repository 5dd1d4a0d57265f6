namespace Optimus.Routing.Model;

/// <summary>When the router decides.</summary>
public enum RouteStage
{
    /// <summary>Before generation, from the prompt alone.</summary>
    Prompt,

    /// <summary>After the edge model answered (the cascade): from the prompt and the edge answer.</summary>
    Response,
}
