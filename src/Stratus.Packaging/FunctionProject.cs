namespace Stratus.Packaging;

/// <summary>A functions project found in the service folder, known by the assembly it builds.</summary>
public sealed record FunctionProject(string AssemblyName, string ProjectPath);
