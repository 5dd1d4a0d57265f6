using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Optimus.Core.Routing;

namespace Optimus.Routing.Model;

/// <summary>
/// The router file: one zip archive holding <c>router.json</c> (the <see cref="RouterManifest"/>: thresholds,
/// base rates, training metadata), the two ML.NET models (<c>prompt-model.zip</c>, <c>response-model.zip</c>),
/// <c>prompt-text.bin</c> (the prompt stage's text vectorizer: <see cref="PromptTextVectorizer.Write"/>) and
/// <c>neighbors.json</c> (the training prompts with their outcomes, for the nearest-neighbour signals).
/// </summary>
public static class RouterFile
{
    private const string ManifestEntry = "router.json";
    private const string PromptModelEntry = "prompt-model.zip";
    private const string ResponseModelEntry = "response-model.zip";
    private const string NeighborsEntry = "neighbors.json";
    private const string PromptTextEntry = "prompt-text.bin";

    // Fixed entry times keep the archive free of the clock: the same router always writes the same bytes around its models.
    private static readonly DateTimeOffset EntryTime = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    internal static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes <paramref name="router"/> to <paramref name="path"/>, replacing any file there only once complete.</summary>
    public static void Save(Router router, string path)
    {
        ArgumentNullException.ThrowIfNull(router);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        using (var file = File.Create(temporary))
        using (var archive = new ZipArchive(file, ZipArchiveMode.Create))
        {
            WriteEntry(archive, ManifestEntry, s => JsonSerializer.Serialize(s, router.Manifest, JsonOptions));
            var promptSchema = PromptTextScores.Load(router.Context, [], router.Vectorizer.Length, RouterFeaturizer.PromptFeatureNames.Count).Schema;
            WriteEntry(archive, PromptModelEntry, s => router.Context.Model.Save(router.PromptModel, promptSchema, s));
            WriteEntry(archive, PromptTextEntry, s =>
            {
                using var writer = new BinaryWriter(s);
                router.Vectorizer.Write(writer);
            });
            var responseSchema = RouterSchema.Load(router.Context, [], RouterFeaturizer.ResponseFeatureNames.Count).Schema;
            WriteEntry(archive, ResponseModelEntry, s => router.Context.Model.Save(router.ResponseModel, responseSchema, s));
            WriteEntry(archive, NeighborsEntry, s => JsonSerializer.Serialize(s, router.Featurizer.Neighbors, JsonOptions));
        }

        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>Reads a router file.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a router file of this format.</exception>
    public static Router Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No router file at '{path}'; create one with `optimus router train`.", path);
        }

        using var archive = OpenArchive(path);
        var manifest = ReadJson<RouterManifest>(archive, ManifestEntry, path);
        if (manifest.Format != RouterManifest.CurrentFormat)
        {
            throw new InvalidDataException($"'{path}' is router format '{manifest.Format}'; this build reads '{RouterManifest.CurrentFormat}': train it again with `optimus router train`.");
        }

        var neighbors = ReadJson<List<NeighborRow>>(archive, NeighborsEntry, path);
        var context = new MLContext(manifest.Training.Seed);
        // Model loading finds loaders by assembly; make sure FastTree's and the linear models' are in the catalog.
        context.ComponentCatalog.RegisterAssembly(typeof(FastTreeRegressionModelParameters).Assembly);
        context.ComponentCatalog.RegisterAssembly(typeof(LinearBinaryModelParameters).Assembly);
        var promptModel = LoadModel(context, archive, PromptModelEntry, path);
        var responseModel = LoadModel(context, archive, ResponseModelEntry, path);
        var vectorizer = ReadVectorizer(archive, path);
        var featurizer = new RouterFeaturizer(new SubjectBaseRates(manifest.OverallRates, manifest.SubjectRates), neighbors);
        return new Router(context, promptModel, vectorizer, responseModel, featurizer, manifest);
    }

    private static ZipArchive OpenArchive(string path)
    {
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is not a router file (not a zip archive).", e);
        }
    }

    private static void WriteEntry(ZipArchive archive, string name, Action<Stream> write)
    {
        var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTime;
        using var stream = entry.Open();
        write(stream);
    }

    private static PromptTextVectorizer ReadVectorizer(ZipArchive archive, string path)
    {
        using var reader = new BinaryReader(OpenEntry(archive, PromptTextEntry, path));
        try
        {
            return PromptTextVectorizer.Read(reader);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}': {PromptTextEntry}: {e.Message}", e);
        }
    }

    private static T ReadJson<T>(ZipArchive archive, string name, string path)
    {
        using var stream = OpenEntry(archive, name, path);
        try
        {
            return JsonSerializer.Deserialize<T>(stream, JsonOptions)
                ?? throw new InvalidDataException($"'{path}': {name} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}': {name} is not valid: {e.Message}", e);
        }
    }

    private static ITransformer LoadModel(MLContext context, ZipArchive archive, string name, string path)
    {
        // ML.NET reads a model as a zip itself and needs to seek.
        using var buffer = new MemoryStream();
        using (var stream = OpenEntry(archive, name, path))
        {
            stream.CopyTo(buffer);
        }

        buffer.Position = 0;
        return context.Model.Load(buffer, out _);
    }

    private static Stream OpenEntry(ZipArchive archive, string name, string path) =>
        (archive.GetEntry(name) ?? throw new InvalidDataException($"'{path}' is not a router file: it has no {name}.")).Open();
}
