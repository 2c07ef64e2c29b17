using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Stratus.Aws.Secrets;
using Stratus.Service;

namespace Stratus.Aws.Variables;

/// <summary>
/// <c>${ssm:/path}</c> on AWS, read as the Serverless Framework 3 reads it: a SecureString decrypted, a
/// StringList split into a list, a SecureString holding a JSON object parsed into one. The parameters in
/// parentheses are options and a region, in any order: <c>raw</c> keeps StringLists and JSON as text,
/// <c>noDecrypt</c> keeps a SecureString's ciphertext, anything else is the region
/// (<c>${ssm(eu-west-1, raw):/path}</c>). Every value is marked secret, so <c>stratus print</c> masks it.
/// </summary>
/// <remarks>
/// The framework 2 suffixes still work: <c>/path~true</c> decrypts, <c>/path~false</c> does not.
/// </remarks>
// Limitation: where AllowDecryption is on, a SecureString's plaintext is in the resolved configuration in memory;
// `stratus package` turns it off and refuses SecureStrings, so a package never holds one. Use ${s3:} secrets
// (ciphertext until cold start) for function environments. Tracked in #6.
public sealed partial class SsmVariableSource : IVariableSource
{
    private const string RawOption = "raw";
    private const string NoDecryptOption = "noDecrypt";

    private readonly Func<string?, IAmazonSimpleSystemsManagement> _client;

    /// <summary>Creates the source; the client for a region is made on first use.</summary>
    public SsmVariableSource(Func<string?, IAmazonSimpleSystemsManagement> client)
    {
        ArgumentNullException.ThrowIfNull(client);

        _client = client;
    }

    /// <summary>
    /// Gets whether a SecureString may be decrypted. Commands that write a deployment turn it off, because the
    /// decrypted value would sit in plain text in the package: they refuse a SecureString instead.
    /// </summary>
    public bool AllowDecryption { get; init; } = true;

    /// <inheritdoc />
    public async ValueTask<VariableSourceResult> ResolveAsync(
        VariableSourceRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        var reference = ParseReference(request);
        if (reference.Decrypt && reference.DecryptAskedBySuffix && !AllowDecryption)
        {
            throw PlaintextInPackage(reference.Name, request);
        }

        var region = reference.Region ?? request.Region;
        var parameter = await GetParameterAsync(reference, region, cancellationToken);
        if (parameter is null)
        {
            return VariableSourceResult.NotFound(
                $"the parameter '{reference.Name}' does not exist in region '{region}'");
        }

        if (parameter.Type == ParameterType.SecureString && reference.Decrypt && !AllowDecryption)
        {
            throw PlaintextInPackage(reference.Name, request);
        }

        return VariableSourceResult.Found(ValueOf(parameter, reference.Raw, request.At), isSecret: true);
    }

    /// <summary>Splits a reference into the parameter's name and what its options and suffix ask for.</summary>
    internal static SsmReference ParseReference(VariableSourceRequest request)
    {
        var (name, suffix) = ParseAddress(request.Address);
        var options = request.Parameters.OfType<string>().Where(parameter => parameter.Length > 0).ToList();
        var raw = options.Remove(RawOption);
        var noDecrypt = options.Remove(NoDecryptOption);
        if (options.FirstOrDefault(option => !RegionName().IsMatch(option)) is { } unknown)
        {
            throw new VariableSourceException(
                $"'{unknown}' in the parentheses is neither an option ('raw', 'noDecrypt') nor a region name",
                "write the options as they are spelt, and a region as AWS names it: ${ssm(eu-west-1, raw):/path}.");
        }

        return new SsmReference(name, options.FirstOrDefault(), raw, Decrypt: suffix ?? !noDecrypt, suffix == true);
    }

    /// <summary>The parameter's name, and what a framework 2 suffix asks for (null when there is none).</summary>
    internal static (string Name, bool? Decrypt) ParseAddress(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            throw new VariableSourceException(
                "the reference names no parameter",
                "write it as ${ssm:/path/to/parameter}, or ${ssm(region):/path/to/parameter}.");
        }

        if (address.EndsWith("~true", StringComparison.Ordinal))
        {
            return (address[..^"~true".Length], true);
        }

        return address.EndsWith("~false", StringComparison.Ordinal)
            ? (address[..^"~false".Length], false)
            : (address, null);
    }

    private async Task<Parameter?> GetParameterAsync(
        SsmReference reference,
        string region,
        CancellationToken cancellationToken)
    {
        try
        {
            // Where decryption is not allowed, a SecureString is refused after the call, so none is decrypted.
            using var ssm = _client(region);
            var response = await ssm.GetParameterAsync(
                new GetParameterRequest
                {
                    Name = reference.Name,
                    WithDecryption = reference.Decrypt && AllowDecryption,
                },
                cancellationToken);
            return response.Parameter;
        }
        catch (ParameterNotFoundException)
        {
            return null;
        }
        catch (SecretStoreException error)
        {
            throw new VariableSourceException(error.Problem, error.Fix, error);
        }
        catch (AmazonServiceException error)
        {
            throw new VariableSourceException(
                $"reading parameter '{reference.Name}' failed: {(int)error.StatusCode} {error.ErrorCode}",
                "check that the credentials may call ssm:GetParameter (and kms:Decrypt for a SecureString).",
                error);
        }
        catch (Exception error) when (Internal.Unreachable.Is(error))
        {
            throw new VariableSourceException(
                Internal.Unreachable.Describe($"reading parameter '{reference.Name}'", "SSM", error),
                Internal.Unreachable.Fix(endpointOption: null),
                error);
        }
    }

    /// <summary>The value as the framework 3 gives it for the parameter's type.</summary>
    private static ConfigNode ValueOf(Parameter parameter, bool raw, SourceSpan at)
    {
        var text = parameter.Value ?? string.Empty;
        if (raw)
        {
            return ConfigScalar.FromString(text, at);
        }

        if (parameter.Type == ParameterType.StringList)
        {
            return new ConfigSequence(at, text.Split(',').Select(item => ConfigScalar.FromString(item, at)));
        }

        var isJsonObject = parameter.Type == ParameterType.SecureString && text.StartsWith('{');
        if (isJsonObject && TryParseJson(text, at) is { } json)
        {
            return json;
        }

        return ConfigScalar.FromString(text, at);
    }

    private static ConfigNode? TryParseJson(string text, SourceSpan at)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return FromJson(document.RootElement, at);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ConfigNode FromJson(JsonElement element, SourceSpan at) => element.ValueKind switch
    {
        JsonValueKind.Object => new ConfigMapping(
            at,
            element.EnumerateObject()
                .GroupBy(property => property.Name, StringComparer.Ordinal)
                .Select(same => new ConfigEntry(same.Key, at, FromJson(same.Last().Value, at)))),
        JsonValueKind.Array => new ConfigSequence(at, element.EnumerateArray().Select(item => FromJson(item, at))),
        JsonValueKind.String => ConfigScalar.FromString(element.GetString()!, at),
        JsonValueKind.Number => ConfigScalar.FromNumber(element.GetDouble(), at),
        JsonValueKind.True or JsonValueKind.False => ConfigScalar.FromBoolean(element.GetBoolean(), at),
        _ => ConfigScalar.Null(at),
    };

    private static VariableSourceException PlaintextInPackage(string name, VariableSourceRequest request) => new(
        $"'{name}' is a SecureString, and its decrypted value would be plain text in the package",
        $"store the value with 'stratus secrets set NAME --stage {request.Stage}' and refer to it as "
        + $"${{s3:{request.Stage}-secrets/NAME}}, which stays ciphertext until the function decrypts it at cold "
        + "start; or write ${ssm(noDecrypt):" + name + "} to package the ciphertext itself.");

    // Region names as AWS spells them: us-east-1, us-gov-west-1, cn-north-1, us-isob-east-1.
    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$")]
    private static partial Regex RegionName();
}
