namespace Optimus.Gateway.Batches;

/// <summary>One request of a batch: its line number in the input file (from 1), custom_id, url and JSON body.</summary>
internal sealed record BatchLine(string BatchId, int Line, string CustomId, string Url, string Body)
{
    /// <summary>The batch's customer and key, whom the line is billed to.</summary>
    public string Customer { get; init; } = string.Empty;

    public string KeyName { get; init; } = string.Empty;

    /// <summary>The line's stable id: its usage records' key, so that a rerun after a crash cannot bill it twice.</summary>
    public string BillingKey => $"{BatchId}#{Line}";

    public bool IsChat => Url == BatchInputParser.ChatUrl;
}
