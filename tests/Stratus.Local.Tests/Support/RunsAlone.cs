namespace Stratus.Local.Tests.Support;

/// <summary>
/// Tests that look at the whole test process (its threads, say), which tests running beside them would change.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Runs alone";
}
