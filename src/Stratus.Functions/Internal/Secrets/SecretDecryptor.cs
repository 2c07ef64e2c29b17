using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Stratus.Functions.Internal.Secrets;

/// <summary>
/// Decrypts, once at cold start, every environment value that is a Stratus secret envelope, and returns the
/// variables with plaintext in their place; the result lives in memory only, for the life of the process.
/// </summary>
internal static class SecretDecryptor
{
    /// <summary>Returns the variables unchanged when none is an envelope, so plain functions pay nothing.</summary>
    /// <exception cref="FunctionConfigurationException">A secret cannot be decrypted; names the variable.</exception>
    public static async Task<IReadOnlyDictionary<string, string>> DecryptAsync(
        IReadOnlyDictionary<string, string> variables,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(variables);

        Dictionary<string, string>? decrypted = null;
        KmsDecryptClient? kms = null;
        byte[]? localKey = null;
        try
        {
            foreach (var (name, value) in variables)
            {
                if (!SecretEnvelope.IsEnvelope(value))
                {
                    continue;
                }

                decrypted ??= new Dictionary<string, string>(variables, StringComparer.Ordinal);
                var envelope = Parse(name, value);
                byte[] plaintext;
                try
                {
                    plaintext = envelope.Backend == SecretEnvelope.KmsBackend
                        ? await (kms ??= CreateKmsClient(variables, timeProvider)).DecryptAsync(
                            envelope.Payload,
                            envelope.KeyId,
                            envelope.EncryptionContext,
                            cancellationToken)
                        : LocalSecretCipher.Decrypt(envelope, localKey ??= ReadLocalKey(variables));
                }
                catch (SecretDecryptionException error)
                {
                    throw Failure(name, envelope, error.Message, error);
                }

                decrypted[name] = DecodeText(name, plaintext);
            }
        }
        finally
        {
            kms?.Dispose();
        }

        return decrypted ?? variables;
    }

    private static SecretEnvelope Parse(string name, string value)
    {
        if (SecretEnvelope.TryParse(value, out var envelope, out var error) && envelope is not null)
        {
            return envelope;
        }

        throw Failure(name, envelope: null, error, null);
    }

    /// <summary>
    /// The `stratus secrets set` command that stores this envelope's secret again, as far as it names it.
    /// </summary>
    private static string SetCommand(SecretEnvelope? envelope)
    {
        var context = envelope?.EncryptionContext;
        var secret = context?.GetValueOrDefault("secret") ?? "NAME";
        var local = envelope?.Backend == SecretEnvelope.LocalBackend ? " --local" : "";
        var stage = context?.GetValueOrDefault("stage") is { Length: > 0 } named ? $" --stage {named}" : "";
        return $"stratus secrets set {secret}{local}{stage}";
    }

    private static KmsDecryptClient CreateKmsClient(IReadOnlyDictionary<string, string> variables, TimeProvider clock)
    {
        var region = variables.GetValueOrDefault(EnvironmentNames.Region)
            ?? variables.GetValueOrDefault(EnvironmentNames.DefaultRegion);
        if (string.IsNullOrEmpty(region))
        {
            throw new SecretDecryptionException("AWS_REGION is not set, so there is no KMS endpoint to call");
        }

        var credentials = AwsCredentials.FromVariables(variables) ?? throw new SecretDecryptionException(
            "no AWS credentials are set (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), so KMS cannot be called");
        var endpoint = variables.GetValueOrDefault(KmsDecryptClient.EndpointVariable) is { Length: > 0 } custom
            ? new Uri(custom)
            : KmsDecryptClient.DefaultEndpoint(region);
        return new KmsDecryptClient(endpoint, credentials, region, clock);
    }

    private static byte[] ReadLocalKey(IReadOnlyDictionary<string, string> variables)
    {
        var path = variables.GetValueOrDefault(LocalSecretCipher.KeyFileVariable);
        return string.IsNullOrEmpty(path)
            ? throw new SecretDecryptionException(
                $"{LocalSecretCipher.KeyFileVariable} is not set, so the local key cannot be found; "
                + "local secrets can only be read under 'stratus dev' or 'stratus invoke local'")
            : LocalSecretCipher.ReadKeyFile(path);
    }

    private static string DecodeText(string name, byte[] plaintext)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(plaintext);
        }
        catch (DecoderFallbackException error)
        {
            throw Failure(name, envelope: null, "its plaintext is not UTF-8 text", error);
        }
    }

    private static FunctionConfigurationException Failure(
        string name,
        SecretEnvelope? envelope,
        string reason,
        Exception? inner)
    {
        var setCommand = SetCommand(envelope);
        var fix = envelope?.Backend switch
        {
            SecretEnvelope.KmsBackend => "check that the function's role may call kms:Decrypt on the key, and "
                + $"store the secret again with '{setCommand}' if it was changed",
            SecretEnvelope.LocalBackend => $"store the secret again with '{setCommand}'",
            _ => $"store the secret again with '{setCommand}' and deploy",
        };
        var message = $"Environment variable '{name}' holds a Stratus secret that cannot be decrypted: "
            + $"{reason.TrimEnd('.')}. Fix: {fix}.";
        return inner is null
            ? new FunctionConfigurationException(message) { VariableName = name }
            : new FunctionConfigurationException(message, inner) { VariableName = name };
    }
}
