using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Stratus.Service.Internal.Printing;

/// <summary>
/// Writes a node as JSON: numbers, booleans and null as JSON types, short-form tags in long form.
/// </summary>
internal static class JsonEmitter
{
    public static string Emit(ConfigNode node, IReadOnlySet<string>? masked, bool indented)
    {
        using var buffer = new MemoryStream();
        var options = new JsonWriterOptions
        {
            Indented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NewLine = "\n",
        };
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            Write(writer, node, masked, string.Empty);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, ConfigNode node, IReadOnlySet<string>? masked, string path)
    {
        if (masked is not null && path.Length > 0 && masked.Contains(path))
        {
            writer.WriteStringValue("***");
            return;
        }

        if (node.Tag is not null)
        {
            WriteLongForm(writer, node, masked, path);
            return;
        }

        switch (node)
        {
            case ConfigMapping mapping:
                writer.WriteStartObject();
                foreach (var entry in mapping.Entries)
                {
                    writer.WritePropertyName(entry.Key);
                    Write(writer, entry.Value, masked, Join(path, entry.Key));
                }

                writer.WriteEndObject();
                break;
            case ConfigSequence sequence:
                writer.WriteStartArray();
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    Write(writer, sequence.Items[i], masked, Join(path, i.ToString(CultureInfo.InvariantCulture)));
                }

                writer.WriteEndArray();
                break;
            case ConfigScalar scalar:
                WriteScalar(writer, scalar);
                break;
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, ConfigScalar scalar)
    {
        switch (scalar.Kind)
        {
            case ScalarKind.Null:
                writer.WriteNullValue();
                break;
            case ScalarKind.Boolean:
                writer.WriteBooleanValue(scalar.AsBoolean == true);
                break;
            case ScalarKind.Number:
                var number = scalar.ToJsonNumber()!;
                if (number == "null")
                {
                    writer.WriteNullValue();
                }
                else
                {
                    writer.WriteRawValue(number);
                }

                break;
            default:
                writer.WriteStringValue(scalar.Value);
                break;
        }
    }

    /// <summary>
    /// A node still carrying a short-form tag (a tree read without expansion) is written in long form.
    /// </summary>
    private static void WriteLongForm(Utf8JsonWriter writer, ConfigNode node, IReadOnlySet<string>? masked, string path)
    {
        var expanded = ServicePrinter.ExpandShortForms(node);
        if (expanded.Tag is not null)
        {
            // An unknown tag cannot be expanded; write the value without it.
            Write(writer, expanded with { Tag = null }, masked, path);
            return;
        }

        Write(writer, expanded, masked, path);
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
