namespace Stratus.Service.Internal.Variables;

/// <summary>
/// Counters that let tests check resolution stays linear (each value parsed once, each subtree walked once).
/// </summary>
internal sealed class ResolutionStats
{
    public int Parses { get; set; }

    public int ContainerWalks { get; set; }

    public int FileReads { get; set; }
}
