using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Stratus.Service;

namespace Stratus.Packaging;

/// <summary>
/// Lambda's quota of 4 KB for all of a function's environment variables together ("Lambda quotas"): a function over
/// it is refused at deploy, so `package` refuses it and `dev` and `invoke local` warn.
/// </summary>
public static class EnvironmentSize
{
    /// <summary>The most bytes Lambda takes for a function's environment variables, names and values.</summary>
    public const int LambdaLimit = 4096;

    /// <summary>
    /// The size Lambda measures: the variables as the JSON object it is sent, {"NAME":"value",...}, in UTF-8 (its
    /// refusal quotes that text as the "String measured").
    /// </summary>
    public static int Measure(IEnumerable<KeyValuePair<string, string>> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);

        var buffer = new ArrayBufferWriter<byte>();
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using (var json = new Utf8JsonWriter(buffer, options))
        {
            json.WriteStartObject();
            foreach (var (name, value) in variables)
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
        }

        return buffer.WrittenCount;
    }

    /// <summary>
    /// The functions whose environment is over the limit, each located at the function's environment (else the
    /// provider's); <paramref name="deployed"/> gives the environment a function is deployed with.
    /// </summary>
    public static IReadOnlyList<ConfigError> Check(
        ServiceDefinition service,
        Func<FunctionDefinition, IReadOnlyDictionary<string, string>> deployed)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(deployed);

        var errors = new List<ConfigError>();
        foreach (var function in service.Functions)
        {
            var environment = deployed(function);
            var size = Measure(environment);
            if (size > LambdaLimit)
            {
                var largest = environment.MaxBy(pair => Measure([pair])).Key;
                var at = EnvironmentAt(service, function);
                errors.Add(PackagingErrors.EnvironmentTooLarge(function, size, largest, at));
            }
        }

        return errors;
    }

    /// <summary>The same check on each function's environment as the service resolved it.</summary>
    public static IReadOnlyList<ConfigError> Check(ServiceDefinition service) =>
        Check(service, function => function.Environment);

    private static SourceSpan EnvironmentAt(ServiceDefinition service, FunctionDefinition function)
    {
        if (function.Node.TryGetEntry("environment", out var own))
        {
            return own.KeyAt;
        }

        return service.Provider.Node is { } provider && provider.TryGetEntry("environment", out var shared)
            ? shared.KeyAt
            : function.At;
    }
}
