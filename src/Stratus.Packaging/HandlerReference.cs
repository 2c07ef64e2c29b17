namespace Stratus.Packaging;

/// <summary>
/// A .NET handler string split into its parts: <c>Assembly::Namespace.Type</c>, optionally followed by
/// <c>::Method</c> as the Serverless Framework's .NET examples write it.
/// </summary>
/// <param name="AssemblyName">The assembly before the first '::'.</param>
/// <param name="TypeName">The handler class's full name.</param>
/// <param name="Method">The method after a second '::', or null when the handler names none.</param>
public readonly record struct HandlerReference(string AssemblyName, string TypeName, string? Method = null)
{
    /// <summary>
    /// The one method a Stratus handler class is invoked through (FunctionHandler's HandleAsync), and so the only
    /// one a handler string may name.
    /// </summary>
    public const string InvokedMethod = "HandleAsync";

    /// <summary>Parses <paramref name="handler"/>; false when it does not name an assembly and a type.</summary>
    public static bool TryParse(string handler, out HandlerReference reference)
    {
        var parts = (handler ?? "").Split("::", StringSplitOptions.TrimEntries);
        var wellFormed = parts.Length is 2 or 3 && parts.All(part => part.Length > 0);

        var method = parts.Length == 3 ? parts[2] : null;
        reference = wellFormed ? new HandlerReference(parts[0], parts[1], method) : default;
        return wellFormed;
    }

    /// <summary>Whether the handler names a method other than the one Stratus invokes.</summary>
    public bool NamesAnotherMethod => Method is not null && Method != InvokedMethod;
}
