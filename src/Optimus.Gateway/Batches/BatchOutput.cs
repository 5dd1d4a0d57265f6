using System.Text.Json;

namespace Optimus.Gateway.Batches;

/// <summary>
/// One line of a batch's output or error file in OpenAI's format:
/// {"id","custom_id","response":{"status_code","request_id","body"},"error"}. A line that ran carries its response
/// (200 in the output file, an error status in the error file); one that never ran has a null response and an error
/// code, batch_expired or batch_cancelled.
/// </summary>
internal static class BatchOutput
{
    public static void WriteLine(Utf8JsonWriter writer, string resultId, string customId, string state, string? requestId, int? statusCode, string? body)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("id", resultId);
        writer.WriteString("custom_id", customId);
        if (state is LineState.Completed or LineState.Failed && body is not null)
        {
            writer.WriteStartObject("response");
            writer.WriteNumber("status_code", statusCode ?? 0);
            writer.WriteString("request_id", requestId);
            writer.WritePropertyName("body");
            writer.WriteRawValue(body, skipInputValidation: true);
            writer.WriteEndObject();
            writer.WriteNull("error");
        }
        else
        {
            writer.WriteNull("response");
            writer.WriteStartObject("error");
            writer.WriteString("code", state == LineState.Expired ? "batch_expired" : "batch_cancelled");
            writer.WriteString("message", state == LineState.Expired
                ? "This request could not be executed before the completion window expired."
                : "This request was not executed because the batch was cancelled.");
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
