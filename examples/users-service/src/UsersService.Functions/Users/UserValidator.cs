using System.Text.RegularExpressions;

namespace UsersService.Functions.Users;

/// <summary>Checks a user's fields and lists every reason they are refused, keyed by field name.</summary>
public static partial class UserValidator
{
    /// <summary>Validates <paramref name="input"/>; on failure <paramref name="errors"/> names each bad field.</summary>
    public static bool TryValidate(
        UserInput? input,
        out ValidUser user,
        out IReadOnlyDictionary<string, string[]> errors)
    {
        var name = input?.Name?.Trim() ?? "";
        var email = input?.Email?.Trim() ?? "";
        var found = new Dictionary<string, string[]>(StringComparer.Ordinal);

        if (name.Length == 0)
        {
            found["name"] = ["The name is required."];
        }
        else if (name.Length > 200)
        {
            found["name"] = ["The name must be at most 200 characters."];
        }

        if (email.Length == 0)
        {
            found["email"] = ["The email is required."];
        }
        else if (!EmailPattern().IsMatch(email))
        {
            found["email"] = [$"'{email}' is not a valid email address."];
        }

        user = new ValidUser(name, email);
        errors = found;
        return found.Count == 0;
    }

    // Deliberately simple: one '@', no spaces, and a dot in the domain. Full RFC 5322 parsing
    // accepts addresses no mail system delivers to.
    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s.]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();
}
