using System.Text;

namespace Stratus.Functions.Tests.Support;

/// <summary>
/// A KMS-compatible HTTP endpoint on 127.0.0.1 (port 0) that records each request and answers with what the
/// test's responder returns; the test checks the request against AWS's documented Decrypt format.
/// </summary>
internal sealed class FakeKms : LoopbackHttpServer
{
    private readonly Func<RecordedRequest, (int Status, string Body)> _responder;

    private FakeKms(Func<RecordedRequest, (int Status, string Body)> responder) => _responder = responder;

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/");

    public static FakeKms Start(Func<RecordedRequest, (int Status, string Body)> responder)
    {
        var kms = new FakeKms(responder);
        kms.StartListening();
        return kms;
    }

    protected override Task AnswerAsync(Stream stream, RecordedRequest request)
    {
        var (status, body) = _responder(request);
        return WriteResponseAsync(stream, status, "application/x-amz-json-1.1", [], Encoding.UTF8.GetBytes(body));
    }
}
