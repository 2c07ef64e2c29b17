using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Stratus.Functions.Internal;

/// <summary>
/// Formats a log entry as one JSON object with Utf8JsonWriter (no reflection): fixed fields first, then the
/// message template's named values and logger scope values in camelCase, then the exception.
/// </summary>
internal static class JsonLogFormatter
{
    private const string OriginalFormat = "{OriginalFormat}";

    // Log lines are never embedded in HTML, so readable quotes and '+' beat the default escaping.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly string[] ReservedNames =
        ["timestamp", "level", "message", "category", "requestId", "functionName", "eventId", "exception"];

    public static void Write<TState>(
        IBufferWriter<byte> output,
        in JsonLogEntry entry,
        string functionName,
        string? requestId,
        TState state,
        IExternalScopeProvider? scopes)
    {
        var values = CollectValues(state, scopes);
        requestId ??= TakeString(values, "requestId");
        var function = string.IsNullOrEmpty(functionName) ? TakeString(values, "functionName") : functionName;

        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("timestamp", FormatTimestamp(entry.Timestamp));
        writer.WriteString("level", LogLevels.Name(entry.Level));
        writer.WriteString("message", entry.Message);
        writer.WriteString("category", entry.Category);
        WriteIfPresent(writer, "requestId", requestId);
        WriteIfPresent(writer, "functionName", function);
        if (entry.EventId.Id != 0)
        {
            writer.WriteNumber("eventId", entry.EventId.Id);
        }

        WriteValues(writer, values);
        if (entry.Exception is not null)
        {
            writer.WriteString("exception", entry.Exception.ToString());
        }

        writer.WriteEndObject();
    }

    private static List<KeyValuePair<string, object?>> CollectValues<TState>(
        TState state,
        IExternalScopeProvider? scopes)
    {
        var values = new List<KeyValuePair<string, object?>>();
        if (state is IEnumerable<KeyValuePair<string, object?>> stateValues)
        {
            AddValues(values, stateValues);
        }

        // Limitation: only key/value scopes (dictionaries, templates) become fields; a plain string scope
        // is not written. No issue filed yet.
        scopes?.ForEachScope(
            static (scope, list) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> scopeValues)
                {
                    AddValues(list, scopeValues);
                }
            },
            values);
        return values;
    }

    private static void AddValues(
        List<KeyValuePair<string, object?>> values,
        IEnumerable<KeyValuePair<string, object?>> source)
    {
        foreach (var pair in source)
        {
            if (pair.Key == OriginalFormat || string.IsNullOrEmpty(pair.Key))
            {
                continue;
            }

            var name = JsonNamingPolicy.CamelCase.ConvertName(pair.Key);
            if (values.FindIndex(existing => existing.Key == name) < 0)
            {
                values.Add(new KeyValuePair<string, object?>(name, pair.Value));
            }
        }
    }

    private static string? TakeString(List<KeyValuePair<string, object?>> values, string name)
    {
        var index = values.FindIndex(pair => pair.Key == name);
        return index < 0 ? null : Convert.ToString(values[index].Value, CultureInfo.InvariantCulture);
    }

    private static void WriteValues(Utf8JsonWriter writer, List<KeyValuePair<string, object?>> values)
    {
        foreach (var pair in values)
        {
            if (Array.IndexOf(ReservedNames, pair.Key) >= 0)
            {
                continue;
            }

            writer.WritePropertyName(pair.Key);
            WriteValue(writer, pair.Value);
        }
    }

    private static void WriteIfPresent(Utf8JsonWriter writer, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int or long or short or byte or sbyte or ushort or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong number:
                writer.WriteNumberValue(number);
                break;
            case decimal number:
                writer.WriteNumberValue(number);
                break;
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case float number when float.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case DateTimeOffset moment:
                writer.WriteStringValue(moment);
                break;
            case DateTime moment:
                writer.WriteStringValue(moment);
                break;
            case Guid id:
                writer.WriteStringValue(id);
                break;
            case IFormattable formattable:
                writer.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }

    private static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
