namespace Stratus.Packaging.Tests;

/// <summary>Shares one <see cref="ExamplePackageFixture"/> between the test classes that need real artifacts.</summary>
[CollectionDefinition(Name)]
public sealed class ExamplePackageGroup : ICollectionFixture<ExamplePackageFixture>
{
    public const string Name = "example package";
}
