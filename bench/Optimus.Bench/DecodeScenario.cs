using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LLama;
using LLama.Common;
using LLama.Sampling;
using Optimus.Cli.Up;
using Microsoft.Extensions.Logging;
using Optimus.Gateway;

namespace Optimus.Bench;

/// <summary>
/// Decode speed through the full path (HTTP → dispatcher grain → gRPC → agent → llama.cpp → back, streamed) against
/// LLamaSharp's StatelessExecutor called directly, same model, same threads, alternating runs in one process.
/// </summary>
internal static class DecodeScenario
{
    private const string Prompt = "Once upon a time";

    public static async Task<int> RunAsync(BenchArgs args, string model)
    {
        var threads = args.Int("threads", 1);
        var tokens = args.Int("tokens", 1000);
        var runs = args.Int("runs", 7);

        var parameters = new ModelParams(model) { Threads = threads, BatchThreads = threads };
        using var weights = await LLamaWeights.LoadFromFileAsync(parameters);
        var executor = new StatelessExecutor(weights, parameters);

        var data = Path.Combine(Path.GetTempPath(), "optimus-bench", Guid.NewGuid().ToString("N"));
        var gateway = new GatewayOptions { ApiPort = GatewayHost.FreePort(), AgentPort = GatewayHost.FreePort(), DataDirectory = data };
        await using var up = OptimusUp.Build(new UpOptions { Gateway = gateway, Vehicles = 1, Threads = threads }, model, b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await up.StartAsync(CancellationToken.None);
        await up.WaitForFleetAsync(CancellationToken.None);
        using var http = new HttpClient { BaseAddress = up.ApiUrl, DefaultRequestHeaders = { Authorization = up.Authorization } };

        var direct = new List<double>();
        var full = new List<double>();
        var directTokens = 0;
        var fullTokens = 0;
        await DirectAsync(executor, tokens); // warm-up
        await FullPathAsync(http, tokens);
        for (var run = 0; run < runs; run++)
        {
            var (d, dn) = await DirectAsync(executor, tokens);
            var (f, fn) = await FullPathAsync(http, tokens);
            direct.Add(d);
            full.Add(f);
            directTokens = dn;
            fullTokens = fn;
            Console.Error.WriteLine($"run {run + 1}/{runs}: direct {d:0} tok/s ({dn} tokens), full path {f:0} tok/s ({fn} tokens)");
        }

        var ratio = Stats.Median(full) / Stats.Median(direct);
        Console.WriteLine($"""
            | measure | LLamaSharp direct (StatelessExecutor) | full path (HTTP SSE → grain → gRPC → agent → llama.cpp) | ratio |
            |---|---|---|---|
            | decode tokens/s, median of {runs} | {Stats.Median(direct):0} | {Stats.Median(full):0} | {ratio:P1} |
            | tokens per run | {directTokens} | {fullTokens} | |

            model {Path.GetFileName(model)}, threads {threads}, greedy, prompt "{Prompt}", max_tokens {tokens}; machine: {Stats.Machine()}
            """);
        return 0;
    }

    // Tokens/s from the request's start to its last token (prompt processing included on both sides).
    private static async Task<(double TokensPerSecond, int Tokens)> DirectAsync(StatelessExecutor executor, int maxTokens)
    {
        var count = 0;
        var clock = Stopwatch.StartNew();
        await foreach (var _ in executor.InferAsync(Prompt, new InferenceParams { MaxTokens = maxTokens, SamplingPipeline = new GreedySamplingPipeline() }))
        {
            count++;
        }

        return (count / clock.Elapsed.TotalSeconds, count);
    }

    private static async Task<(double TokensPerSecond, int Tokens)> FullPathAsync(HttpClient http, int maxTokens)
    {
        var body = new { model = "optimus-edge", prompt = Prompt, max_tokens = maxTokens, temperature = 0, stream = true, stream_options = new { include_usage = true } };
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/completions") { Content = JsonContent.Create(body) };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        var tokens = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: {", StringComparison.Ordinal) && line.Contains("\"usage\"", StringComparison.Ordinal))
            {
                using var json = JsonDocument.Parse(line[6..]);
                tokens = json.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32();
            }
        }

        return (tokens / clock.Elapsed.TotalSeconds, tokens);
    }
}
