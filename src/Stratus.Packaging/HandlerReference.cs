namespace Stratus.Packaging;

/// <summary>
/// A .NET handler string split into its parts: <c>Assembly::Namespace.Type</c>, optionally followed by
/// <c>::Method</c> as the Serverless Framework's .NET examples write it.
/// </summary>
public readonly record struct HandlerReference(string AssemblyName, string TypeName)
{
    /// <summary>Parses <paramref name="handler"/>; returns false when it does not name an assembly and a type.</summary>
    public static bool TryParse(string handler, out HandlerReference reference)
    {
        var parts = (handler ?? "").Split("::", StringSplitOptions.TrimEntries);
        var wellFormed = parts.Length is 2 or 3 && parts[0].Length > 0 && parts[1].Length > 0;

        reference = wellFormed ? new HandlerReference(parts[0], parts[1]) : default;
        return wellFormed;
    }
}
