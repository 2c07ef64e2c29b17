using System.Globalization;
using Stratus.Service.Internal.Tree;

namespace Stratus.Service.Internal.Variables;

/// <summary>The located errors the resolver reports.</summary>
internal sealed partial class VariableResolver
{
    private static readonly string[] KnownSources =
        ["self", "opt", "env", "sls", "param", "file", "strToBool", "aws", "s3", "ssm", "cf"];

    private ConfigError SyntaxError(MScalar scalar, VariableSyntaxException error)
    {
        var from = Math.Clamp(error.Index, 0, scalar.Text.Length);
        var snippet = error.Code == ConfigErrorCodes.VariableUnterminated
            ? scalar.Text[from..].Split('\n')[0]
            : VariableText.Enclosing(scalar.Text, from) ?? scalar.Text[from..].Split('\n')[0];
        var fix = error.Code switch
        {
            ConfigErrorCodes.VariableUnterminated => "close the variable with '}', or write '\\${' for a literal '${'.",
            ConfigErrorCodes.VariableBareWordFallback =>
                "quote a text fallback ('dev'), or name a source for it (env:NAME, self:path).",
            _ when IsVariableAt(scalar.Text, from) =>
                $"list the fallbacks as sources inside one variable: {VariableText.FlattenFallbacks(snippet)}",
            _ => "write variables as ${source:address, fallback}, for example ${opt:stage, 'dev'}.",
        };
        return new ConfigError(
            error.Code,
            Locate(scalar, snippet),
            $"the variable '{Shorten(snippet)}' {error.Message}.",
            fix);
    }

    private static bool IsVariableAt(string text, int index) =>
        index + 1 < text.Length && text[index] == '$' && text[index + 1] == '{';

    private ConfigError NonStringError(MScalar scalar, string variableText, MNode value) => new(
        ConfigErrorCodes.NonStringInString,
        Locate(scalar, variableText),
        $"'{variableText}' resolves to {(value is MScalar ? "null" : "an object")} inside the text " +
        $"'{Shorten(scalar.Text)}', and only text, numbers and booleans can be joined into a string.",
        "make the variable the whole value, or point it at a text value.");

    private ConfigError EncryptedInTextError(MScalar scalar, string variableText) => new(
        ConfigErrorCodes.EncryptedSecretInText,
        Locate(scalar, variableText),
        $"'{variableText}' is a stored secret, which stays encrypted until the function decrypts it at cold start, " +
        $"and only when it is a setting's whole value; joined into the text '{Shorten(scalar.Text)}' it would " +
        "reach the function as ciphertext.",
        "make the variable the whole value (an environment variable of its own), and build the longer text in " +
        "the function from it.");

    private ConfigError NotFoundError(MScalar host, string variableText, SourceMeta source, SourceOutcome outcome)
    {
        var code = outcome.NotFoundCode ?? DefaultNotFoundCode(source.Type!);
        var reason = outcome.Reason ?? "the value there is null";
        var example = variableText.Length > 1 ? $"{variableText[..^1]}, 'default'}}" : variableText;
        var action = outcome.Fix ?? code switch
        {
            ConfigErrorCodes.SelfPathNotFound => "define that path in the configuration",
            ConfigErrorCodes.EnvVariableNotSet => "set the environment variable",
            ConfigErrorCodes.OptionNotSet => "pass the option on the command line",
            ConfigErrorCodes.ParamNotSet =>
                "pass --param \"name=value\" or define it under params.<stage> or params.default",
            ConfigErrorCodes.FileNotFound => "create the file (paths are relative to the service folder)",
            ConfigErrorCodes.FileAddressNotFound => "add the key to the file",
            ConfigErrorCodes.AccountIdOffline => "pass the account id another way, such as ${param:accountId}",
            _ => "create the value",
        };
        // A fallback of a stored secret would be a plaintext secret in serverless.yml and in the package.
        var fix = source.Type == "s3" ? $"{action}." : $"{action}, or give the variable a fallback: {example}";
        return new ConfigError(
            code,
            Locate(host, variableText),
            $"the variable '{variableText}' has no value: {reason}.",
            fix);
    }

    private static string DefaultNotFoundCode(string type) => type switch
    {
        "self" => ConfigErrorCodes.SelfPathNotFound,
        "env" => ConfigErrorCodes.EnvVariableNotSet,
        "opt" => ConfigErrorCodes.OptionNotSet,
        "param" => ConfigErrorCodes.ParamNotSet,
        "file" => ConfigErrorCodes.FileAddressNotFound,
        "aws" => ConfigErrorCodes.AccountIdOffline,
        _ => ConfigErrorCodes.ExternalValueNotFound,
    };

    private void ReportCycle(string path)
    {
        var start = _frames.FindIndex(frame => frame.Path == path);
        var chain = _frames.Skip(Math.Max(0, start)).Select(frame => frame.Path).Append(path);
        var requester = _frames[^1];
        var variable = requester.Variable ?? requester.Scalar.Text;
        var includes = requester.Scalar.Includes;
        var through = includes.Count == 0 ? string.Empty : $" (its value is read through {IncludeChain(includes)})";
        Errors.Add(new ConfigError(
            ConfigErrorCodes.VariableCycle,
            Locate(requester.Scalar, variable),
            $"the variable '{variable}' is part of a cycle: {string.Join(" → ", chain)}{Holder(variable, path)}" +
            $"{through}.",
            "break the cycle: make one of these values a literal, or point it somewhere else."));
    }

    /// <summary>
    /// When a self: reference names a mapping or list that holds the value being resolved, the chain would read
    /// 'a.b → a.b'; this names the referenced path too.
    /// </summary>
    private static string Holder(string variable, string path)
    {
        const string Self = "${self:";
        if (!variable.StartsWith(Self, StringComparison.Ordinal))
        {
            return string.Empty;
        }

        var address = variable[Self.Length..].Split(',', '}')[0].Trim();
        return address.Length > 0 && path.StartsWith(address + ".", StringComparison.Ordinal)
            ? $", as '{address}' holds '{path}'"
            : string.Empty;
    }

    private SourceOutcome Fail(MScalar host, string code, string variableText, string message, string fix)
    {
        Errors.Add(new ConfigError(code, Locate(host, variableText), message, fix));
        return SourceOutcome.Failed;
    }

    private SourceOutcome UnknownSource(MScalar host, string variableText, string type)
    {
        var known = KnownSources.Concat(_settings.Options.ExternalSources.Keys).Distinct(StringComparer.Ordinal);
        return Fail(
            host,
            ConfigErrorCodes.VariableUnknownSource,
            variableText,
            $"the variable '{variableText}' uses the source '{type}', which does not exist.",
            $"use one of the sources {string.Join(", ", known.Select(name => $"'{name}'"))}; plugin sources " +
            "(such as Lift's 'construct') are not supported.");
    }

    private SourceSpan Locate(MScalar scalar, string text) => _settings.Files.Locate(scalar.At, scalar.EndLine, text);

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
