using System.Text;

namespace Stratus.Service.Internal.Variables;

/// <summary>
/// Reads the extent of variables in text the parser refused, so that an error can quote the whole variable and
/// show how it would be written in the form v3 accepts.
/// </summary>
internal static class VariableText
{
    /// <summary>
    /// The outermost <c>${...}</c> that holds the character at <paramref name="index"/>, up to its matching '}'
    /// (or the end of the line when it is never closed); null when the index is in no variable.
    /// </summary>
    public static string? Enclosing(string text, int index)
    {
        var depth = 0;
        var start = -1;
        var quote = (char?)null;
        for (var position = 0; position < text.Length; position++)
        {
            var character = text[position];
            if (position > index && depth == 0)
            {
                break;
            }

            if (quote is { } closing)
            {
                position += character == '\\' && closing == '"' ? 1 : 0;
                quote = character == closing ? null : quote;
                continue;
            }

            if (character == '$' && position + 1 < text.Length && text[position + 1] == '{')
            {
                start = depth == 0 ? position : start;
                depth++;
                position++;
            }
            else if (character == '}' && depth > 0 && --depth == 0 && position >= index)
            {
                return text[start..(position + 1)];
            }
            else if (character is '\'' or '"' && depth > 0)
            {
                quote = character;
            }
        }

        return start >= 0 && depth > 0 ? text[start..].Split('\n')[0] : null;
    }

    /// <summary>
    /// Rewrites variables used as fallbacks into fallback sources: <c>${env:A, ${env:B, 'c'}}</c> becomes
    /// <c>${env:A, env:B, 'c'}</c>, the form v3's parser accepts.
    /// </summary>
    public static string FlattenFallbacks(string variable)
    {
        var output = new StringBuilder(variable.Length);
        var frames = new Stack<(bool Removed, int Parentheses)>();
        var quote = (char?)null;
        for (var position = 0; position < variable.Length; position++)
        {
            var character = variable[position];
            if (quote is { } closing)
            {
                output.Append(character);
                if (character == '\\' && closing == '"' && position + 1 < variable.Length)
                {
                    output.Append(variable[++position]);
                }

                quote = character == closing ? null : quote;
                continue;
            }

            if (character == '$' && position + 1 < variable.Length && variable[position + 1] == '{')
            {
                var removed = frames.Count > 0 && frames.Peek().Parentheses == 0 && EndsWithComma(output);
                frames.Push((removed, 0));
                output.Append(removed ? string.Empty : "${");
                position++;
            }
            else if (character == '}' && frames.Count > 0)
            {
                output.Append(frames.Pop().Removed ? string.Empty : "}");
            }
            else
            {
                if (character is '(' or ')' && frames.Count > 0)
                {
                    var (removed, parentheses) = frames.Pop();
                    frames.Push((removed, parentheses + (character == '(' ? 1 : -1)));
                }

                quote = character is '\'' or '"' ? character : null;
                output.Append(character);
            }
        }

        return output.ToString();
    }

    private static bool EndsWithComma(StringBuilder output)
    {
        for (var index = output.Length - 1; index >= 0; index--)
        {
            if (output[index] != ' ')
            {
                return output[index] == ',';
            }
        }

        return false;
    }
}
