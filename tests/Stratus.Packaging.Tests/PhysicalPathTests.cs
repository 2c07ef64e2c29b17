using Stratus.Packaging.Internal;

namespace Stratus.Packaging.Tests;

/// <summary>Builds get the one physical path of a project, however the service folder was reached.</summary>
public sealed class PhysicalPathTests : IDisposable
{
    private readonly string _root = PhysicalPath.Of(Directory.CreateTempSubdirectory("stratus-physical-").FullName);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Of_PathThroughALinkedFolder_IsThePathInsideTheRealFolder()
    {
        var real = Directory.CreateDirectory(Path.Combine(_root, "real", "svc", "src")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(_root, "link"), Path.Combine(_root, "real", "svc"));

        var physical = PhysicalPath.Of(Path.Combine(_root, "link", "src", "Fn.csproj"));

        Assert.Equal(Path.Combine(real, "Fn.csproj"), physical);
    }

    [Fact]
    public void Of_RelativeAndChainedLinks_AreFollowedFromTheLinksOwnFolder()
    {
        var real = Directory.CreateDirectory(Path.Combine(_root, "a", "real")).FullName;
        Directory.CreateDirectory(Path.Combine(_root, "b"));
        // b/hop -> ../a/real (relative to b), then c -> b/hop (a link to a link).
        Directory.CreateSymbolicLink(Path.Combine(_root, "b", "hop"), Path.Combine("..", "a", "real"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "c"), Path.Combine(_root, "b", "hop"));

        var physical = PhysicalPath.Of(Path.Combine(_root, "c", "Fn.csproj"));

        Assert.Equal(Path.Combine(real, "Fn.csproj"), physical);
    }

    // The kernel reads 'link/..' as the parent of the link's target, not the folder holding the link.
    [Fact]
    public void Of_ParentOfALinkTarget_IsTheTargetsParent()
    {
        var deep = Directory.CreateDirectory(Path.Combine(_root, "x", "y", "z")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(_root, "up"), Path.Combine("x", "y", "z", ".."));

        var physical = PhysicalPath.Of(Path.Combine(_root, "up", "z"));

        Assert.Equal(deep, physical);
    }

    [Fact]
    public void Of_PathWithoutLinks_IsUnchanged()
    {
        var plain = Path.Combine(_root, "plain", "Fn.csproj");

        Assert.Equal(plain, PhysicalPath.Of(plain));
    }

    [Fact]
    public void Of_LinkLoop_StopsInsteadOfSpinning()
    {
        Directory.CreateSymbolicLink(Path.Combine(_root, "loop"), Path.Combine(_root, "loop"));

        var physical = PhysicalPath.Of(Path.Combine(_root, "loop", "Fn.csproj"));

        Assert.EndsWith(Path.Combine("loop", "Fn.csproj"), physical, StringComparison.Ordinal);
    }
}
