using System.Text.Json;

namespace Optimus.Gateway.Api;

/// <summary>Typed reads of optional request fields that fail with the field's name and what was expected.</summary>
internal sealed class JsonFields(JsonElement root)
{
    public ApiError? Error { get; private set; }

    public bool Has(string name) => root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public JsonElement? Get(string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public string? String(string name, bool required = false)
    {
        if (Get(name) is not { } value)
        {
            return required ? Fail(name, $"'{name}' is required.") : null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : Fail(name, $"'{name}' must be a string.");
    }

    public bool Bool(string name, bool fallback = false)
    {
        if (Get(name) is not { } value)
        {
            return fallback;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        Fail<bool>(name, $"'{name}' must be a boolean.");
        return fallback;
    }

    public double Number(string name, double fallback, double min, double max)
    {
        if (Get(name) is not { } value)
        {
            return fallback;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number))
        {
            return Fail<double>(name, $"'{name}' must be a number.");
        }

        return number < min || number > max ? Fail<double>(name, $"'{name}' must be between {min} and {max}; got {number}.") : number;
    }

    public long Integer(string name, long fallback, long min, long max)
    {
        if (Get(name) is not { } value)
        {
            return fallback;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            return Fail<long>(name, $"'{name}' must be an integer.");
        }

        return number < min || number > max ? Fail<long>(name, $"'{name}' must be between {min} and {max}; got {number}.") : number;
    }

    public T Fail<T>(string param, string message, string? code = null)
    {
        Error ??= ApiError.Invalid(message, param, code);
        return default!;
    }

    private string? Fail(string param, string message) => Fail<string?>(param, message);
}
