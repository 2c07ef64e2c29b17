namespace Stratus.Service.Tests;

/// <summary>Builds small serverless.yml texts for tests.</summary>
internal static class Yaml
{
    /// <summary>A minimal valid service with the given extra top-level text appended.</summary>
    public static string Service(string extra = "") => $"""
        service: demo
        provider:
          name: aws
          runtime: dotnet8
        {extra}
        """;

    /// <summary>A minimal service with a custom block whose lines are given (indented under 'custom:').</summary>
    public static string WithCustom(params string[] customLines) =>
        Service("custom:\n" + string.Join("\n", customLines.Select(line => "  " + line)));

    public static string Value(ServiceDefinition service, string dottedPath) =>
        service.Resolved.Find(dottedPath) is ConfigScalar scalar
            ? scalar.Value
            : throw new InvalidOperationException($"'{dottedPath}' is not a scalar.");

    public static ConfigScalar Scalar(ServiceDefinition service, string dottedPath) =>
        service.Resolved.Find(dottedPath) as ConfigScalar
            ?? throw new InvalidOperationException($"'{dottedPath}' is not a scalar.");
}
