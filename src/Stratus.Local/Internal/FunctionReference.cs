using System.Globalization;
using System.Text.RegularExpressions;

namespace Stratus.Local.Internal;

/// <summary>
/// The function an Invoke request names, read from its FunctionName and Qualifier the way Lambda reads them:
/// a name, <c>name:qualifier</c>, a partial ARN <c>ACCOUNT:function:name[:qualifier]</c> or a full ARN.
/// </summary>
/// <remarks>Constraints from https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html.</remarks>
internal sealed partial record FunctionReference(string Name, string? Region, string? AccountId, string? Qualifier)
{
    /// <summary>Whether <see cref="Region"/> is the one the request was signed for, the name giving none.</summary>
    public bool RegionFromSignature { get; init; }

    /// <summary>The region the request was signed for (SigV4), if it was signed.</summary>
    public string? SignedRegion { get; init; }

    /// <summary>
    /// This reference with the region the request was signed for, which is also its region when the name gives
    /// none: Lambda's endpoint is regional, so a plain name finds a function only in the endpoint's region.
    /// </summary>
    /// <param name="authorization">The request's SigV4 Authorization header; an unsigned call has none.</param>
    public FunctionReference InSignedRegion(string? authorization)
    {
        var signed = authorization is null ? null : SignedRegionIn().Match(authorization);
        if (signed is not { Success: true })
        {
            return this;
        }

        var region = signed.Groups["region"].Value;
        return Region is null
            ? this with { Region = region, SignedRegion = region, RegionFromSignature = true }
            : this with { SignedRegion = region };
    }

    // SigV4's "Credential=<access key>/<yyyyMMdd>/<region>/<service>/aws4_request".
    [GeneratedRegex(@"Credential=[^/,\s]+/\d{8}/(?<region>[a-z0-9-]+)/", RegexOptions.CultureInvariant)]
    private static partial Regex SignedRegionIn();

    /// <summary>The longest FunctionName, in any form, qualifier included.</summary>
    public const int MaxFunctionNameLength = 170;

    /// <summary>The longest name of a function itself; API_Invoke states it for a bare name.</summary>
    /// <remarks>
    /// Limitation: it is checked inside ARNs too, where AWS may answer 404 rather than 400; no function with a
    /// longer name can exist either way.
    /// </remarks>
    public const int MaxNameLength = 64;

    /// <summary>The longest Qualifier, a version or alias.</summary>
    public const int MaxQualifierLength = 128;

    // The patterns as API_Invoke documents them, quoted in validation messages as Lambda quotes them.
    private const string DocumentedNamePattern =
        @"(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?" +
        @"([a-zA-Z0-9-_\.]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?";

    private const string DocumentedQualifierPattern = "(|[a-zA-Z0-9$_-]+)";

    /// <summary>
    /// Reads FunctionName and the ?Qualifier= value (null when absent), or the error Lambda answers.
    /// </summary>
    /// <remarks>
    /// A Qualifier given empty is not one left out: API_Invoke gives Qualifier a minimum length of 1, so Lambda's
    /// validation refuses <c>?Qualifier=</c> with 400 ValidationException before it looks for the function.
    /// </remarks>
    public static FunctionReference? Parse(string functionName, string? givenQualifier, out InvokeApiError? error)
    {
        var queryQualifier = givenQualifier ?? string.Empty;
        error = CheckLength("functionName", functionName, MaxFunctionNameLength)
            ?? CheckLength("qualifier", queryQualifier, MaxQualifierLength)
            ?? (givenQualifier is { Length: 0 } ? MinimumLengthError("qualifier", givenQualifier, 1) : null);
        if (error is not null)
        {
            return null;
        }

        if (queryQualifier.Length > 0 && !QualifierPattern().IsMatch(queryQualifier))
        {
            error = PatternError("qualifier", queryQualifier, DocumentedQualifierPattern);
            return null;
        }

        var match = NamePattern().Match(functionName);
        if (!match.Success)
        {
            error = PatternError("functionName", functionName, DocumentedNamePattern);
            return null;
        }

        var name = match.Groups["name"].Value;
        if (name.Length > MaxNameLength)
        {
            error = LengthError("functionName", name, MaxNameLength);
            return null;
        }

        var qualifier = Optional(match.Groups["qualifier"]);
        if (qualifier is not null && queryQualifier.Length > 0 && qualifier != queryQualifier)
        {
            // Lambda refuses a qualifier that FunctionName and Qualifier both give but differently.
            error = new InvokeApiError(
                400,
                "InvalidParameterValueException",
                "The derived qualifier from the function name does not match the specified qualifier.");
            return null;
        }

        var effective = qualifier ?? (queryQualifier.Length > 0 ? queryQualifier : null);
        var region = Optional(match.Groups["region"]);
        return new FunctionReference(name, region, Optional(match.Groups["account"]), effective);
    }

    private static InvokeApiError? CheckLength(string member, string value, int max) =>
        value.Length > max ? LengthError(member, value, max) : null;

    private static InvokeApiError LengthError(string member, string value, int max) =>
        Validation(
            member,
            value,
            string.Create(CultureInfo.InvariantCulture, $"Member must have length less than or equal to {max}"));

    private static InvokeApiError MinimumLengthError(string member, string value, int min) =>
        Validation(
            member,
            value,
            string.Create(CultureInfo.InvariantCulture, $"Member must have length greater than or equal to {min}"));

    private static InvokeApiError PatternError(string member, string value, string pattern) =>
        Validation(member, value, "Member must satisfy regular expression pattern: " + pattern);

    private static InvokeApiError Validation(string member, string value, string constraint) =>
        new(
            400,
            "ValidationException",
            $"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}");

    private static string? Optional(Group group) => group.Success ? group.Value : null;

    // The documented pattern, anchored, with its character classes spelled as meant: written literally in a
    // .NET (or Java) class, '0-9-_' would be the range '9'..'_', which lets ':' and '@' into a name.
    [GeneratedRegex(
        "^(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?(?:(?<region>[a-z]{2}(?:-gov)?-[a-z]+-[0-9]):)?" +
        "(?:(?<account>[0-9]{12}):)?(?:function:)?(?<name>[a-zA-Z0-9_.-]+)" +
        @"(?::(?<qualifier>\$LATEST|[a-zA-Z0-9_-]+))?\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-zA-Z0-9$_-]+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex QualifierPattern();
}
