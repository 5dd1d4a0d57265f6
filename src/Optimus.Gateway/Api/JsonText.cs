using System.Text.Json;

namespace Optimus.Gateway.Api;

/// <summary>
/// Finds text in a JSON document that is not valid Unicode: JSON lets a string escape a lone surrogate ("\ud800"),
/// which no UTF-8 encoder, tokenizer or protobuf string can carry, and <see cref="JsonElement.GetString"/> throws on it.
/// Checking the whole document once, up front, lets every later read assume well-formed text.
/// </summary>
internal static class JsonText
{
    /// <summary>The path of the first string or property name holding invalid UTF-16 (e.g. <c>messages[0].content</c>), or null.</summary>
    public static string? FindInvalid(JsonElement element, string path = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsValid(element) ? null : path;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindInvalid(item, $"{path}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!TryName(property, out var name))
                    {
                        return path.Length == 0 ? "(property name)" : $"{path}.(property name)";
                    }

                    if (FindInvalid(property.Value, path.Length == 0 ? name : $"{path}.{name}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>The 400 for invalid text at <paramref name="param"/>.</summary>
    public static ApiError Error(string param) => ApiError.Invalid(
        $"'{param}' is not valid Unicode text: it holds an unpaired surrogate escape such as \\ud800. Send well-formed UTF-16 escapes or plain UTF-8.",
        param,
        "invalid_unicode");

    /// <summary>The 400 for a whole body, or the first invalid text in it; null when <paramref name="root"/> is clean.</summary>
    public static ApiError? Check(JsonElement root, string prefix = "") => FindInvalid(root, prefix) is { } param ? Error(param) : null;

    /// <summary><paramref name="text"/> with each unpaired surrogate replaced by U+FFFD, so that it can be written as JSON.</summary>
    public static string Scrub(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            return text;
        }

        // Enumerating runes yields U+FFFD for each unpaired surrogate and the pair's scalar for each pair.
        var builder = new System.Text.StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            builder.Append(rune.ToString());
        }

        return builder.ToString();
    }

    private static bool IsValid(JsonElement value)
    {
        try
        {
            _ = value.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool TryName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = string.Empty;
            return false;
        }
    }
}
