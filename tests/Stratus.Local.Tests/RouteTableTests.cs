using Stratus.Local.Internal;
using static Stratus.Local.Tests.Support.TestFunctions;

namespace Stratus.Local.Tests;

/// <summary>Route parsing and priority, without processes or sockets.</summary>
public sealed class RouteTableTests
{
    [Fact]
    public void Match_StaticParameterAndGreedyRoutes_StaticWinsThenParameterThenGreedy()
    {
        var table = new RouteTable(
        [
            Fn("greedy", Rest("GET", "/a/{proxy+}")),
            Fn("param", Rest("GET", "/a/{id}")),
            Fn("static", Rest("GET", "/a/b")),
            Fn("any", Rest("ANY", "/a/b")),
        ]);

        Assert.Equal("static", table.Match(ApiKind.RestApi, "GET", ["a", "b"])!.Entry.Function.Key);
        Assert.Equal("any", table.Match(ApiKind.RestApi, "PUT", ["a", "b"])!.Entry.Function.Key);
        Assert.Equal("param", table.Match(ApiKind.RestApi, "GET", ["a", "c"])!.Entry.Function.Key);
        Assert.Equal("greedy", table.Match(ApiKind.RestApi, "GET", ["a", "c", "d"])!.Entry.Function.Key);
        Assert.Null(table.Match(ApiKind.RestApi, "GET", ["a"]));
    }

    // A REST API resolves the resource and the method as one pair, so a literal resource that lacks the verb
    // does not stop the search: measured on real REST APIs (floci-io/floci#3399, us-west-2;
    // ministackorg/ministack#1423, eu-central-1), GET /users/me with only PATCH on /users/me reaches
    // /users/{userId}, and a resource with no methods (/jobs, the parent Serverless creates) reaches /{proxy+}.
    [Fact]
    public void Match_RestLiteralResourceWithoutTheVerb_FallsBackToTheParameterOrGreedySibling()
    {
        var table = new RouteTable(
        [
            Fn("patchMe", Rest("PATCH", "/users/me")),
            Fn("getUser", Rest("GET", "/users/{userId}")),
            Fn("proxy", Rest("ANY", "/{proxy+}")),
            Fn("jobOperation", Rest("GET", "/jobs/{operation}")),
        ]);

        Assert.Equal("getUser", table.Match(ApiKind.RestApi, "GET", ["users", "me"])!.Entry.Function.Key);
        Assert.Equal("patchMe", table.Match(ApiKind.RestApi, "PATCH", ["users", "me"])!.Entry.Function.Key);
        Assert.Equal("proxy", table.Match(ApiKind.RestApi, "GET", ["jobs"])!.Entry.Function.Key);
        Assert.Equal("proxy", table.Match(ApiKind.RestApi, "POST", ["jobs", "reboot"])!.Entry.Function.Key);
        Assert.Equal("jobOperation", table.Match(ApiKind.RestApi, "GET", ["jobs", "reboot"])!.Entry.Function.Key);
    }

    // "Routing API requests" (http-api-develop-routes.html): "1. Full match for a route and method. 2. Match for a
    // route and method with a greedy path variable ({proxy+}). 3. The $default route."
    [Fact]
    public void Match_HttpApiParameterRouteAndGreedyRouteWithLongerLiteralPrefix_FullMatchWins()
    {
        var table = new RouteTable(
        [
            Fn("greedy", Http("GET", "/p/things/x/{proxy+}")),
            Fn("params", Http("GET", "/p/things/{a}/{b}")),
            Fn("anyFull", Http("ANY", "/q/{a}")),
            Fn("getGreedy", Http("GET", "/q/{proxy+}")),
            Fn("fallback", Http("ANY", "$default")),
        ]);

        Assert.Equal("params", table.Match(ApiKind.HttpApi, "GET", ["p", "things", "x", "y"])!.Entry.Function.Key);
        Assert.Equal("greedy", table.Match(ApiKind.HttpApi, "GET", ["p", "things", "x", "y", "z"])!.Entry.Function.Key);
        Assert.Equal("anyFull", table.Match(ApiKind.HttpApi, "GET", ["q", "r"])!.Entry.Function.Key);
        Assert.Equal("fallback", table.Match(ApiKind.HttpApi, "POST", ["p", "things", "x", "y"])!.Entry.Function.Key);
    }

    [Fact]
    public void Match_HttpApiSeveralFullMatchesOrSeveralGreedyMatches_StaticBeatsParameterSegmentBySegment()
    {
        var table = new RouteTable(
        [
            Fn("params", Http("GET", "/p/{a}/{b}")),
            Fn("static", Http("GET", "/p/x/{b}")),
            Fn("shortGreedy", Http("GET", "/p/{proxy+}")),
            Fn("longGreedy", Http("GET", "/p/x/y/{proxy+}")),
        ]);

        Assert.Equal("static", table.Match(ApiKind.HttpApi, "GET", ["p", "x", "y"])!.Entry.Function.Key);
        Assert.Equal("params", table.Match(ApiKind.HttpApi, "GET", ["p", "z", "y"])!.Entry.Function.Key);
        Assert.Equal("longGreedy", table.Match(ApiKind.HttpApi, "GET", ["p", "x", "y", "z"])!.Entry.Function.Key);
        Assert.Equal("shortGreedy", table.Match(ApiKind.HttpApi, "GET", ["p", "z", "y", "z"])!.Entry.Function.Key);
    }

    // A REST API walks its resource tree: /p/things/x is a resource of its own, so /p/things/x/y goes under it to
    // {proxy+} and never reaches the sibling {a}/{b}, which is only taken when the static branch lacks the verb.
    [Fact]
    public void Match_RestParameterRouteAndGreedyRouteUnderALiteralResource_LiteralBranchWins()
    {
        var table = new RouteTable(
        [
            Fn("greedy", Rest("GET", "/p/things/x/{proxy+}")),
            Fn("params", Rest("GET", "/p/things/{a}/{b}")),
        ]);

        Assert.Equal("greedy", table.Match(ApiKind.RestApi, "GET", ["p", "things", "x", "y"])!.Entry.Function.Key);
        Assert.Equal("params", table.Match(ApiKind.RestApi, "GET", ["p", "things", "z", "y"])!.Entry.Function.Key);
    }

    [Fact]
    public void Match_RestVerbNoResourceDeclares_MatchesNothing()
    {
        var table = new RouteTable([Fn("patchMe", Rest("PATCH", "/users/me")), Fn("get", Rest("GET", "/users/{id}"))]);

        Assert.Null(table.Match(ApiKind.RestApi, "POST", ["users", "me"]));
    }

    [Fact]
    public void Parse_GreedySegmentBeforeEnd_ThrowsWithFix()
    {
        var error = Assert.Throws<ArgumentException>(() => RouteTemplate.Parse("/{proxy+}/x", "fn"));

        Assert.Contains("'fn'", error.Message, StringComparison.Ordinal);
        Assert.Contains("last", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_SameRouteOnTwoFunctions_ThrowsNamingBoth()
    {
        var options = new LocalCloudOptions
        {
            Stage = "dev",
            Region = "eu-west-1",
            Functions = [Fn("one", Http("GET", "/x")), Fn("two", Http("get", "/x"))],
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => LocalCloud.StartAsync(options, CancellationToken.None));

        Assert.Contains("'one'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'two'", error.Message, StringComparison.Ordinal);
    }

    private static LocalFunction Fn(string key, params LocalRoute[] routes) => new()
    {
        Key = key,
        Name = key,
        Handler = key,
        ExecutablePath = "unused",
        TaskRoot = "/",
        Routes = routes,
    };
}
