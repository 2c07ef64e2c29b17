using Stratus.Packaging.Internal;
using Stratus.Service;

namespace Stratus.Packaging.Tests;

public sealed class PackagePatternTests
{
    private static readonly SourceSpan At = new("serverless.yml", 1, 1, 1);

    [Fact]
    public void IsIncluded_ServiceIncludesFunctionExcludes_OnlyOtherFunctionsHoldNativeAssets()
    {
        PackagePattern[] service = [PackagePattern.Parse("assets/native/**", At)];
        PackagePattern[] auth = [.. service, PackagePattern.Parse("!assets/native/**", At)];

        var inStatus = PackagePattern.IsIncluded("assets/native/libcrypto.so", includedByDefault: false, service);
        var inAuth = PackagePattern.IsIncluded("assets/native/libcrypto.so", includedByDefault: false, auth);

        Assert.True(inStatus);
        Assert.False(inAuth);
    }

    [Fact]
    public void IsIncluded_ExcludeThenInclude_LastMatchWins()
    {
        PackagePattern[] patterns =
        [
            PackagePattern.Parse("!assets/**", At),
            PackagePattern.Parse("assets/keep/*.json", At),
        ];

        Assert.True(PackagePattern.IsIncluded("assets/keep/a.json", includedByDefault: true, patterns));
        Assert.False(PackagePattern.IsIncluded("assets/keep/a.txt", includedByDefault: true, patterns));
        Assert.False(PackagePattern.IsIncluded("assets/other/a.json", includedByDefault: true, patterns));
    }

    // Linux file names may hold a line end; an exclude that missed them would ship what it was meant to keep out.
    [Theory]
    [InlineData("!config/private/**", "config/private/trail\n")]
    [InlineData("!config/private/**", "config/private/a\nb.txt")]
    [InlineData("!config/**/*.key", "config/deep/x\ny.key")]
    [InlineData("!config/private", "config/private/a\nb/c.txt")]
    public void IsIncluded_FileNameWithALineEnd_IsExcludedLikeAnyOther(string exclude, string path)
    {
        PackagePattern[] patterns = [PackagePattern.Parse("config/**", At), PackagePattern.Parse(exclude, At)];

        Assert.False(PackagePattern.IsIncluded(path, includedByDefault: false, patterns));
    }

    [Fact]
    public void Matches_SingleStarAndFolderName_StayWithinTheirFolder()
    {
        var star = PackagePattern.Parse("templates/*.html", At);
        var folder = PackagePattern.Parse("templates", At);

        Assert.True(star.Matches("templates/a.html"));
        Assert.False(star.Matches("templates/deep/a.html"));
        Assert.True(folder.Matches("templates/deep/a.html"));
        Assert.False(folder.Matches("templates-old/a.html"));
    }

    [Fact]
    public void Decider_SeveralMatches_ReturnsTheLast()
    {
        PackagePattern[] patterns =
        [
            PackagePattern.Parse("**", At),
            PackagePattern.Parse("!boot*", new SourceSpan("serverless.yml", 9, 11, 7)),
        ];

        var decider = PackagePattern.Decider("bootstrap", patterns);

        Assert.Equal("!boot*", decider?.Text);
        Assert.Equal(9, decider?.At.Line);
    }
}
