namespace Optimus.Routing.Model;

/// <summary>ML.NET output row: the predicted gain from sending the query to the strong model.</summary>
internal sealed class RouterPrediction
{
    public float Score { get; set; }
}
