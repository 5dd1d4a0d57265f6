using System.Text.Json;

namespace Optimus.Gateway.Verification;

/// <summary>
/// Canary prompts with known outputs (a JSONL file: <c>{"prompt": "...", "max_tokens": N, "output": "..."}</c> per line,
/// raw completions decoded greedily, the outputs made with the fleet's model build). Mixed into a vehicle's traffic,
/// indistinguishable from a customer's request, they catch a vehicle that lies even when its replica would agree with
/// it (colluders) or that behaves only while it is being checked.
/// </summary>
internal sealed class CanarySet
{
    private readonly Canary[] _canaries;

    private CanarySet(Canary[] canaries) => _canaries = canaries;

    public int Count => _canaries.Length;

    public Canary this[int index] => _canaries[index];

    /// <exception cref="InvalidDataException">A line is not a canary.</exception>
    public static CanarySet Load(string path)
    {
        var canaries = new List<Canary>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                canaries.Add(new Canary(root.GetProperty("prompt").GetString()!, root.GetProperty("max_tokens").GetInt32(), root.GetProperty("output").GetString()!));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"Canary file {path}, line {number}: expected {{\"prompt\": \"…\", \"max_tokens\": N, \"output\": \"…\"}} ({ex.Message}).", ex);
            }
        }

        return canaries.Count > 0 ? new CanarySet([.. canaries]) : throw new InvalidDataException($"Canary file {path} has no canaries.");
    }

    public static CanarySet From(IEnumerable<Canary> canaries) => new([.. canaries]);
}

/// <summary>A prompt whose greedy output on the fleet's model build is known.</summary>
internal sealed record Canary(string Prompt, int MaxTokens, string Output);
