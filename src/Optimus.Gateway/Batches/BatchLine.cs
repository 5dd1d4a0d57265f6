namespace Optimus.Gateway.Batches;

/// <summary>One request of a batch: its line number in the input file (from 1), custom_id, url and JSON body.</summary>
internal sealed record BatchLine(string BatchId, int Line, string CustomId, string Url, string Body)
{
    public bool IsChat => Url == BatchInputParser.ChatUrl;
}
