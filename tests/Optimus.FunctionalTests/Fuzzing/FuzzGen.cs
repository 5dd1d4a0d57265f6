using System.Globalization;
using System.Text;
using CsCheck;

namespace Optimus.FunctionalTests.Fuzzing;

/// <summary>
/// Generators of hostile requests: valid completion, batch and file bodies with fields replaced by values of the wrong
/// type, boundary numbers, odd Unicode (lone surrogate escapes, NUL, bidi controls, emoji), deep nesting and unknown
/// fields; bodies cut short or with invalid UTF-8; wrong content types and odd headers. JSON is written as text so that
/// it can hold what no serializer writes (a lone "\ud800", 1e999, a duplicate key).
/// </summary>
internal static class FuzzGen
{
    private static readonly string[] ChatFields =
        ["model", "messages", "max_tokens", "max_completion_tokens", "temperature", "top_p", "seed", "n", "stop", "stream",
         "stream_options", "logprobs", "top_logprobs", "optimus", "user", "tools", "response_format", "presence_penalty"];

    private static readonly string[] CompletionFields = ["model", "prompt", "max_tokens", "temperature", "echo", "logprobs", "stop", "stream", "seed", "suffix"];

    private static readonly string[] BatchFields = ["input_file_id", "endpoint", "completion_window", "metadata"];

    private static readonly string[] Numbers =
        ["0", "-0", "1", "-1", "2", "4", "1.5", "0.5", "2.0000001", "1e308", "1e999", "-1e999", "1e-400", "9223372036854775807",
         "9223372036854775808", "-9223372036854775809", "2147483647", "2147483648", "4294967295", "4294967296", "1048576", "1048577",
         "123456789012345678901234567890", "1E2", "-1.5e-3"];

    // Characters that break naive code: quote and backslash, controls, a lone high and low surrogate, a valid pair, BOM,
    // bidi overrides, a noncharacter, combining marks and plain text.
    private static readonly string[] Pieces =
        ["a", "hi", " ", "\"", "\\", "\n", "\u0000", "\u001f", "\ud800", "\udfff", "\ud83d\ude00", "\ufeff", "\u202e", "\uffff", "\u0301",
         "é", "字", "optimus-edge", "user", "</s>", "<|im_end|>", "%00", "{", "]"];

    private static readonly Gen<string> Text = Gen.Frequency(
        (8, Gen.OneOf(Pieces).Array[0, 6].Select(p => string.Concat(p))),
        (1, Gen.Select(Gen.OneOf(Pieces), Gen.OneOf(0, 1, 255, 256, 257, 513, 5000), (p, n) => string.Concat(Enumerable.Repeat(p, n)))));

    public static readonly Gen<string> JsonString = Text.Select(Quote);

    private static readonly Gen<string> Scalar = Gen.Frequency(
        (4, JsonString),
        (3, Gen.OneOf(Numbers)),
        (2, Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.OneOf("true", "false", "null")),
        (1, Gen.OneOf("", "NaN", "Infinity", "undefined", "'x'", "01", "+1", ".5", "\"unterminated", "tru")));

    /// <summary>Any JSON value (sometimes not valid JSON), nested up to <paramref name="depth"/> levels.</summary>
    public static Gen<string> Value(int depth) => depth == 0
        ? Scalar
        : Gen.Frequency(
            (6, Scalar),
            (2, Value(depth - 1).Array[0, 4].Select(items => "[" + string.Join(',', items) + "]")),
            (2, Gen.Select(JsonString, Value(depth - 1)).Array[0, 3].Select(pairs => "{" + string.Join(',', pairs.Select(p => p.Item1 + ":" + p.Item2)) + "}")),
            (1, Gen.Int[60, 300].Select(n => new string('[', n) + new string(']', n))));

    private static readonly Gen<string> Message = Gen.Frequency(
        (6, Gen.Select(Gen.OneOf("user", "system", "assistant", "developer", "tool", "wizard", ""), Gen.Frequency((4, JsonString), (1, Value(1))),
            (role, content) => $$"""{"role":"{{role}}","content":{{content}}}""")),
        (1, JsonString.Select(t => $$"""{"role":"user","content":[{"type":"text","text":{{t}}}]}""")),
        (1, Value(2)));

    private static readonly Gen<string> Messages = Gen.Frequency(
        (6, Message.Array[1, 3].Select(m => "[" + string.Join(',', m) + "]")),
        (1, Gen.Const("[]")),
        (1, Value(2)));

    private static readonly Gen<string> Stop = Gen.Frequency(
        (3, JsonString),
        (3, JsonString.Array[0, 6].Select(s => "[" + string.Join(',', s) + "]")),
        (1, Value(2)));

    private static Gen<string> FieldValue(string field) => field switch
    {
        "model" => Gen.Frequency((3, Gen.OneOf("\"optimus-edge\"", "\"optimus-auto\"", "\"optimus-cloud\"", "\"gpt-4o\"")), (2, JsonString), (1, Value(1))),
        "messages" => Messages,
        "stop" => Stop,
        "prompt" => Gen.Frequency((3, JsonString), (1, JsonString.Array[0, 3].Select(s => "[" + string.Join(',', s) + "]")), (1, Value(2))),
        "optimus" => Gen.Frequency((2, Gen.OneOf("edge", "cloud", "auto", "\ud800").Select(r => $$"""{"route":{{Quote(r)}}}""")), (1, Value(2))),
        "stream_options" => Gen.Frequency((2, Gen.OneOf("""{"include_usage":true}""", """{"include_usage":"yes"}""")), (1, Value(2))),
        _ => Value(2),
    };

    // A body: the valid base, then up to four fields set to generated values, dropped, or added under odd names.
    private static Gen<string> Body(string[] fields, (string Name, string Value)[] valid) =>
        Gen.Select(Gen.OneOf(fields).SelectMany(f => FieldValue(f).Select(v => (f, v))).Array[0, 4], Gen.OneOf(fields).Array[0, 2], Gen.Select(JsonString, Value(1)).Array[0, 2],
            (set, dropped, extra) =>
            {
                var body = valid.ToDictionary(p => p.Name, p => p.Value);
                foreach (var (name, value) in set)
                {
                    body[name] = value;
                }

                foreach (var name in dropped)
                {
                    body.Remove(name);
                }

                return "{" + string.Join(',', body.Select(p => Quote(p.Key) + ":" + p.Value).Concat(extra.Select(e => e.Item1 + ":" + e.Item2))) + "}";
            });

    public static readonly Gen<string> ChatBody = Body(ChatFields,
        [("model", "\"optimus-edge\""), ("max_tokens", "2"), ("messages", """[{"role":"user","content":"Once upon a time"}]""")]);

    public static readonly Gen<string> CompletionBody = Body(CompletionFields, [("model", "\"optimus-edge\""), ("max_tokens", "2"), ("prompt", "\"Once upon\"")]);

    private static readonly Gen<string> BatchBody = Body(BatchFields,
        [("input_file_id", "\"file-0\""), ("endpoint", "\"/v1/chat/completions\""), ("completion_window", "\"24h\""), ("metadata", """{"k":"v"}""")]);

    private static readonly Gen<string> BatchLine = Gen.Select(JsonString, Gen.OneOf("\"POST\"", "\"GET\"", "1"), Gen.OneOf("\"/v1/chat/completions\"", "\"/v1/completions\"", "\"/x\""), ChatBody,
        (id, method, url, body) => $$"""{"custom_id":{{id}},"method":{{method}},"url":{{url}},"body":{{body}}}""");

    private static readonly Gen<string> ContentType = Gen.Frequency(
        (12, Gen.Const("application/json")),
        (1, Gen.OneOf("text/plain", "application/x-www-form-urlencoded", "application/json; charset=utf-16", "application/json; charset=utf-8",
            "multipart/form-data; boundary=x", "application/xml", "a/b/c", ";;;", "application/json, text/plain", "APPLICATION/JSON")));

    private static readonly Gen<(string?, string?)> Header = Gen.Frequency(
        (6, Gen.Const<(string?, string?)>((null, null))),
        (1, Gen.Select(
            Gen.OneOf("x-optimus-region", "x-optimus-hardware", "x-optimus-route", "Idempotency-Key", "Accept", "Accept-Encoding", "OpenAI-Organization"),
            Gen.OneOf("", " ", "eu", "edge", "cloud", "auto", "ai4-16gb", "*/*", "gzip", "%ff", new string('x', 4000), "a,b,c", "\"quoted\""),
            (name, value) => ((string?)name, (string?)value))));

    private static readonly Gen<(string Method, string Path, string? ContentType, string Body)> Target = Gen.Frequency(
        (12, Gen.Select(ContentType, ChatBody, (t, b) => ("POST", "/v1/chat/completions", (string?)t, b))),
        (5, Gen.Select(ContentType, CompletionBody, (t, b) => ("POST", "/v1/completions", (string?)t, b))),
        (2, Gen.Select(ContentType, BatchBody, (t, b) => ("POST", "/v1/batches", (string?)t, b))),
        (1, Gen.Select(ChatBody, b => ("POST", "/v1/chat/completions", (string?)null, b))),
        (2, BatchLine.Array[1, 3].Select(lines => ("POST", "/v1/files", (string?)"multipart/form-data; boundary=fuzz", Multipart(string.Join('\n', lines))))),
        (1, Gen.Select(Gen.OneOf("/v1/files/", "/v1/files?limit=", "/v1/batches/", "/v1/batches?limit=", "/v1/files/file-0/content", "/v1/batches?after="), Text,
            (path, tail) => ("GET", path + Uri.EscapeDataString(PathText(tail)), (string?)null, string.Empty))));

    // Kestrel refuses a control character in the path (%00) with a bare 400, and a request line over 8 KiB with a bare
    // 414, before any of our code runs; a lone surrogate cannot be percent-encoded. Generated paths stay clear of those.
    private static string PathText(string text) =>
        new(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)).Where(c => c >= ' ').Take(256).ToArray());

    /// <summary>The whole request: a target and its body, damage to the bytes in one case in ten, and maybe an odd header.</summary>
    public static readonly Gen<FuzzCase> Case = Gen.Select(Target, Gen.Frequency((9, Gen.Const(-1)), (1, Gen.Int[0, 200])), Gen.Bool, Header,
        (target, cut, bad, header) => new FuzzCase(target.Method, target.Path, target.ContentType, target.Body, cut, bad, header.Item1, header.Item2));

    private static string Multipart(string file) =>
        "--fuzz\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n" +
        "--fuzz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"in.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n" + file + "\r\n--fuzz--\r\n";

    /// <summary>A JSON string literal of <paramref name="text"/>, escaping surrogates one by one so a lone one stays lone.</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                _ when c < ' ' || char.IsSurrogate(c) => builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => builder.Append(c),
            };
        }

        return builder.Append('"').ToString();
    }
}
