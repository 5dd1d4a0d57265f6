namespace Optimus.Routing.Model;

/// <summary>One ML.NET input row: the texts, the numeric signals and the label (the strong model's gain).</summary>
internal sealed class RouterExample
{
    public string Prompt { get; set; } = "";

    public string Response { get; set; } = "";

    /// <summary>Fixed-length per stage; the schema definition states the length (see <see cref="RouterSchema"/>).</summary>
    public float[] Signals { get; set; } = [];

    /// <summary>Strong correct minus weak correct: -1, 0 or +1; the regression target.</summary>
    public float Label { get; set; }
}
