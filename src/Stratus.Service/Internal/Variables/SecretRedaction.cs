using Stratus.Service.Internal.Tree;

namespace Stratus.Service.Internal.Variables;

/// <summary>
/// Keeps the values secret sources returned (<c>${ssm:}</c>, <c>${s3:}</c>) out of error messages. Secret paths
/// mask what <c>print</c> shows; an error quotes values wherever they went, such as text a secret was joined into
/// (<c>${self:custom.${ssm:/x}}</c>) or a setting it was given to, so errors are masked by value.
/// </summary>
internal sealed class SecretRedaction
{
    private const string Mask = "***";

    // A value shorter than this (a JSON secret's user name, a port) would turn unrelated words and paths of a
    // message into masks; such a value is masked only where the message quotes it whole.
    private const int MinimumUnquotedLength = 6;

    private readonly HashSet<string> _values = new(StringComparer.Ordinal);

    /// <summary>Remembers every text value within what a secret source returned.</summary>
    public void Add(MNode value)
    {
        foreach (var scalar in value.Scalars().Where(scalar => scalar.Text.Length > 0))
        {
            _values.Add(scalar.Text);
        }
    }

    /// <summary>The errors with every remembered secret value replaced by a mask.</summary>
    public List<ConfigError> Apply(IEnumerable<ConfigError> errors) =>
        _values.Count == 0 ? [.. errors] : [.. errors.Select(Apply)];

    private ConfigError Apply(ConfigError error) => error with
    {
        Message = Apply(error.Message),
        Fix = Apply(error.Fix),
    };

    private string Apply(string text)
    {
        // Longest first, so a secret that contains another is masked whole.
        foreach (var value in _values.OrderByDescending(value => value.Length))
        {
            text = value.Length >= MinimumUnquotedLength
                ? text.Replace(value, Mask, StringComparison.Ordinal)
                : text.Replace($"'{value}'", $"'{Mask}'", StringComparison.Ordinal);
        }

        return text;
    }
}
