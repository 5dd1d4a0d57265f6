namespace Optimus.Routing.Data;

/// <summary>
/// Loads the routing evaluation data (RouteLLM's per-query labels for Mixtral-8x7B as the weak model and GPT-4 as the
/// strong one): <c>gsm8k_responses.csv</c> and the 57 <c>mmlu/mmlu_SUBJECT.csv</c> files.
/// </summary>
public static class RoutingDataSets
{
    /// <summary>The GSM8K set's name.</summary>
    public const string Gsm8k = "gsm8k";

    /// <summary>The MMLU set's name.</summary>
    public const string Mmlu = "mmlu";

    private const string WeakColumn = "mistralai/Mixtral-8x7B-Instruct-v0.1";
    private const string StrongColumn = "gpt-4-1106-preview";

    /// <summary>Every row of both sets under <paramref name="directory"/>, GSM8K first, MMLU subjects in ordinal order.</summary>
    /// <exception cref="DirectoryNotFoundException">The directory or its <c>mmlu</c> folder is missing.</exception>
    /// <exception cref="FileNotFoundException">The GSM8K file is missing.</exception>
    /// <exception cref="FormatException">A file lacks the expected columns or holds a label other than True/False.</exception>
    public static IReadOnlyList<RoutingRow> Load(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The routing data directory '{directory}' does not exist.");
        }

        var gsm8kPath = Path.Combine(directory, "gsm8k_responses.csv");
        if (!File.Exists(gsm8kPath))
        {
            throw new FileNotFoundException($"'{directory}' holds no gsm8k_responses.csv; expected the routing data folder.", gsm8kPath);
        }

        var mmluDirectory = Path.Combine(directory, "mmlu");
        if (!Directory.Exists(mmluDirectory))
        {
            throw new DirectoryNotFoundException($"'{directory}' holds no mmlu folder; expected the routing data folder.");
        }

        var rows = new List<RoutingRow>(ReadFile(gsm8kPath, Gsm8k, Gsm8k, withResponse: true));
        var mmluFiles = Directory.GetFiles(mmluDirectory, "mmlu_*.csv");
        if (mmluFiles.Length == 0)
        {
            throw new FileNotFoundException($"'{mmluDirectory}' holds no mmlu_*.csv files.");
        }

        Array.Sort(mmluFiles, StringComparer.Ordinal);
        foreach (var file in mmluFiles)
        {
            var subject = Path.GetFileNameWithoutExtension(file)["mmlu_".Length..];
            rows.AddRange(ReadFile(file, Mmlu, $"{Mmlu}/{subject}", withResponse: false));
        }

        return rows;
    }

    private static IEnumerable<RoutingRow> ReadFile(string path, string dataSet, string subject, bool withResponse)
    {
        using var reader = new StreamReader(path);
        using var records = CsvReader.ReadRecords(reader).GetEnumerator();
        if (!records.MoveNext())
        {
            throw new FormatException($"'{path}' is empty.");
        }

        var header = records.Current;
        var prompt = Column(header, "prompt", path);
        var weak = Column(header, WeakColumn, path);
        var strong = Column(header, StrongColumn, path);
        var response = withResponse ? Column(header, WeakColumn + "_response", path) : -1;
        var line = 1;
        while (records.MoveNext())
        {
            line++;
            var record = records.Current;
            if (record.Length == 1 && string.IsNullOrWhiteSpace(record[0]))
            {
                continue;
            }

            if (record.Length < header.Length)
            {
                throw new FormatException($"'{path}' record {line} has {record.Length} fields; the header has {header.Length}.");
            }

            var outcome = new Core.Routing.RoutingOutcome(Label(record[weak], path, line), Label(record[strong], path, line));
            yield return new RoutingRow(dataSet, subject, record[prompt], withResponse ? record[response] : null, outcome);
        }
    }

    private static int Column(string[] header, string name, string path)
    {
        var index = Array.IndexOf(header, name);
        return index >= 0 ? index : throw new FormatException($"'{path}' has no '{name}' column.");
    }

    private static bool Label(string text, string path, int line) => text.Trim() switch
    {
        "True" => true,
        "False" => false,
        _ => throw new FormatException($"'{path}' record {line}: expected True or False, found '{text}'."),
    };
}
