namespace Stratus.Service.Internal.Variables;

/// <summary>Everything the resolver needs besides the document.</summary>
internal sealed record ResolverSettings(
    string ServiceDirectory,
    bool ShowFullPaths,
    ServiceLoadOptions Options,
    SourceFiles Files,
    List<ConfigError> Errors,
    string InstanceId);
