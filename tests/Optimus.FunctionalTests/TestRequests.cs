using System.Text;

namespace Optimus.FunctionalTests;

/// <summary>Request bodies and data folders shared by the tests that start their own coordinator.</summary>
internal static class TestRequests
{
    public static string TempData() => Path.Combine(Path.GetTempPath(), "optimus-tests", Guid.NewGuid().ToString("N"));

    /// <summary>A greedy chat request for "Once upon a time".</summary>
    public static StringContent Chat(int maxTokens, bool stream = false) => new(
        $$"""{"model":"optimus-edge","temperature":0,"max_tokens":{{maxTokens}},"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"Once upon a time"}]}""",
        Encoding.UTF8,
        "application/json");
}
