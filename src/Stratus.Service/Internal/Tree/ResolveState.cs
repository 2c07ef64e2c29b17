namespace Stratus.Service.Internal.Tree;

/// <summary>Where a scalar is in variable resolution.</summary>
internal enum ResolveState
{
    /// <summary>Not looked at yet: it may hold variables.</summary>
    Unparsed,

    /// <summary>Holds no variables (or is already the result of resolution).</summary>
    Final,

    /// <summary>Holds variables not resolved yet.</summary>
    Pending,

    /// <summary>Its variables are being resolved; reaching it again means a cycle.</summary>
    Resolving,

    /// <summary>Resolution failed; the error was reported where it happened.</summary>
    Failed,
}
