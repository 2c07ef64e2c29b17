using Stratus.Functions.Tests.Support;

namespace Stratus.Packaging.Tests;

/// <summary>An npm registry on 127.0.0.1 that serves one tarball at one path and answers 404 elsewhere.</summary>
internal sealed class FakeNpmRegistry : LoopbackHttpServer
{
    private readonly string _path;
    private readonly byte[] _tarball;

    private FakeNpmRegistry(string path, byte[] tarball)
    {
        _path = path;
        _tarball = tarball;
    }

    public string Url => $"http://127.0.0.1:{Port}/";

    public static FakeNpmRegistry Serve(string path, byte[] tarball)
    {
        var registry = new FakeNpmRegistry(path, tarball);
        registry.StartListening();
        return registry;
    }

    protected override Task AnswerAsync(Stream stream, RecordedRequest request) =>
        request.Method == "GET" && request.Target == _path
            ? WriteResponseAsync(stream, 200, "application/octet-stream", [], _tarball)
            : WriteResponseAsync(stream, 404, "application/json", [], """{"error":"Not found"}"""u8.ToArray());
}
