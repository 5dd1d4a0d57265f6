namespace Optimus.Routing.Model;

/// <summary>One ML.NET input row: the texts, the numeric signals and the labels (the strong model's gain, each model's correctness).</summary>
internal sealed class RouterExample
{
    public string Prompt { get; set; } = "";

    public string Response { get; set; } = "";

    /// <summary>What the prompt stage's text models read: see <see cref="PromptTextScores.Text"/>.</summary>
    public string Text { get; set; } = "";

    /// <summary>Fixed-length per stage; the schema definition states the length (see <see cref="RouterSchema"/>).</summary>
    public float[] Signals { get; set; } = [];

    /// <summary>Strong correct minus weak correct: -1, 0 or +1; the regression target.</summary>
    public float Label { get; set; }

    /// <summary>Whether the weak model answered correctly: the label of one prompt-stage text model.</summary>
    public bool WeakCorrect { get; set; }

    /// <summary>Whether the strong model answered correctly: the label of the other.</summary>
    public bool StrongCorrect { get; set; }
}
