namespace Stratus.Service.Internal.Yaml;

/// <summary>
/// Finds the '[' or '{' a flow-collection error leaves open, so that the error points where the list or mapping
/// starts rather than where the YAML reader gave up: for <c>handler: [oops</c>, that is the end of the file.
/// </summary>
/// <remarks>
/// A small scan, not a YAML parser: it follows comments, quoted scalars and flow nesting, which decide whether a
/// bracket opens a collection. When it finds nothing open, the reader's own position stands.
/// </remarks>
internal static class UnclosedFlow
{
    public readonly record struct Opening(int Line, int Column, char Bracket);

    /// <summary>The innermost collection still open where the reader stopped (1-based line and column).</summary>
    public static Opening? Find(string[] lines, int stopLine, int stopColumn)
    {
        var open = new Stack<Opening>();
        char? quote = null;
        for (var index = 0; index < lines.Length && index < stopLine; index++)
        {
            var text = lines[index];
            var end = index == stopLine - 1 ? Math.Min(text.Length, stopColumn - 1) : text.Length;
            var startsNode = true;
            for (var column = 0; column < end; column++)
            {
                var next = column + 1 < text.Length ? text[column + 1] : ' ';
                var character = text[column];
                if (quote is { } closing)
                {
                    var escaped = closing == '"' ? character == '\\' : character == '\'' && next == '\'';
                    if (escaped)
                    {
                        column++;
                    }
                    else if (character == closing)
                    {
                        (quote, startsNode) = (null, false);
                    }

                    continue;
                }

                if (character is ' ' or '\t')
                {
                    continue;
                }

                if (character == '#' && (column == 0 || text[column - 1] is ' ' or '\t'))
                {
                    break;
                }

                if (startsNode && character is '\'' or '"')
                {
                    quote = character;
                }
                else if ((startsNode || open.Count > 0) && character is '[' or '{')
                {
                    open.Push(new Opening(index + 1, column + 1, character));
                    startsNode = true;
                }
                else if (open.Count > 0 && character is ']' or '}')
                {
                    // A ']' for a '{' (or '}' for a '[') closes nothing: it is what the reader stopped at.
                    if (character == (open.Peek().Bracket == '[' ? ']' : '}'))
                    {
                        open.Pop();
                    }

                    startsNode = false;
                }
                else
                {
                    // A value starts after 'key: ', '- ', '? ' and, inside a collection, after ','.
                    startsNode = (character == ',' && open.Count > 0)
                        || (character is ':' or '-' or '?' && next is ' ' or '\t');
                }
            }
        }

        return open.Count > 0 ? open.Peek() : null;
    }
}
