using System.Text.Json;

namespace Stratus.Service.Tests;

/// <summary>
/// What the Serverless Framework v3 print shows beyond the written file (found by bench/compat): the defaults
/// its start-up adds, its schema's type coercions, and how js-yaml reads dates, numbers and keys.
/// </summary>
public sealed class FrameworkPrintTests : IDisposable
{
    private readonly TempService _service = new();

    public void Dispose() => _service.Dispose();

    [Fact]
    public void WithFrameworkDefaults_MinimalService_AddsStageRegionVersionNameAndEvents()
    {
        var service = _service.Load(Yaml.Service("functions:\n  hello:\n    handler: A::B.C::D\n"));

        using var printed = Print(service);

        var root = printed.RootElement;
        Assert.Equal("dev", root.GetProperty("provider").GetProperty("stage").GetString());
        Assert.Equal("us-east-1", root.GetProperty("provider").GetProperty("region").GetString());
        Assert.True(root.GetProperty("provider").GetProperty("versionFunctions").GetBoolean());
        var hello = root.GetProperty("functions").GetProperty("hello");
        Assert.Equal("demo-dev-hello", hello.GetProperty("name").GetString());
        Assert.Equal(0, hello.GetProperty("events").GetArrayLength());
    }

    [Fact]
    public void WithFrameworkDefaults_StageOptionAndWrittenValues_AreKept()
    {
        var yaml = Yaml.Service("""
              stage: written
              versionFunctions: false
            functions:
              hello:
                handler: A::B.C::D
                name: custom-name
            """);
        var options = TempService.DevOptions(options: new Dictionary<string, string>
        {
            ["stage"] = "qa",
            ["region"] = "eu-west-1",
        });

        using var printed = Print(_service.Load(yaml, options));

        var provider = printed.RootElement.GetProperty("provider");
        Assert.Equal("written", provider.GetProperty("stage").GetString());
        Assert.Equal("eu-west-1", provider.GetProperty("region").GetString());
        Assert.False(provider.GetProperty("versionFunctions").GetBoolean());
        Assert.Equal(
            "custom-name",
            printed.RootElement.GetProperty("functions").GetProperty("hello").GetProperty("name").GetString());
    }

    [Fact]
    public void WithFrameworkDefaults_PackageBlock_GetsArtifactsKeyDirname()
    {
        using var printed = Print(_service.Load(Yaml.Service("package:\n  individually: true")));

        Assert.Equal(
            "serverless/demo/dev/code-artifacts",
            printed.RootElement.GetProperty("package").GetProperty("artifactsS3KeyDirname").GetString());
    }

    [Fact]
    public void WithFrameworkDefaults_SchemaCoercions_MatchAjv()
    {
        var yaml = Yaml.Service("""
              lambdaHashingVersion: 20201221
              environment:
                TTL: 60
                ON: true
            disabledDeprecations: SOME_CODE
            functions:
              tick:
                handler: A::B.C::D
                events:
                  - schedule:
                      rate: rate(1 minute)
            resources:
              - Resources:
                  A:
                    Type: AWS::SNS::Topic
                    DependsOn: B
              - Resources:
                  B:
                    Type: AWS::SNS::Topic
            """);

        using var printed = Print(_service.Load(yaml));

        var root = printed.RootElement;
        var provider = root.GetProperty("provider");
        Assert.Equal("20201221", provider.GetProperty("lambdaHashingVersion").GetString());
        Assert.Equal("60", provider.GetProperty("environment").GetProperty("TTL").GetString());
        Assert.Equal("true", provider.GetProperty("environment").GetProperty("ON").GetString());
        Assert.Equal("SOME_CODE", root.GetProperty("disabledDeprecations")[0].GetString());
        var tick = root.GetProperty("functions").GetProperty("tick");
        var schedule = tick.GetProperty("events")[0].GetProperty("schedule");
        Assert.Equal("rate(1 minute)", schedule.GetProperty("rate")[0].GetString());
        var resources = root.GetProperty("resources").GetProperty("Resources");
        Assert.Equal("B", resources.GetProperty("A").GetProperty("DependsOn")[0].GetString());
        Assert.Equal("AWS::SNS::Topic", resources.GetProperty("B").GetProperty("Type").GetString());
    }

    [Fact]
    public void WithFrameworkDefaults_SecretInsideMergedResourcesList_StaysMasked()
    {
        var ssm = new FakeSsmSource(new Dictionary<string, string> { ["/token"] = "s3cr3t" });
        var yaml = Yaml.Service("resources:\n  - Outputs:\n      Token:\n        Value: ${ssm:/token}");
        var options = TempService.DevOptions() with
        {
            ExternalSources = new Dictionary<string, IVariableSource> { ["ssm"] = ssm },
        };
        var service = _service.Load(yaml, options);

        var printed = ServicePrinter.ToJson(ServicePrinter.WithFrameworkDefaults(service), service.SecretPaths);

        Assert.DoesNotContain("s3cr3t", printed, StringComparison.Ordinal);
        Assert.Contains("\"Value\": \"***\"", printed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2024-01-01", "2024-01-01T00:00:00.000Z")]
    [InlineData("2024-01-01T10:00:00Z", "2024-01-01T10:00:00.000Z")]
    [InlineData("2024-01-01 10:00:00.5 +02:00", "2024-01-01T08:00:00.500Z")]
    [InlineData("2024-1-1T1:02:03", "2024-01-01T01:02:03.000Z")]
    public void Load_UnquotedDate_PrintsAsIsoTimestamp(string written, string expected)
    {
        var service = _service.Load(Yaml.WithCustom($"d: {written}", "quoted: '2024-01-01'"));

        Assert.Equal(expected, Yaml.Value(service, "custom.d"));
        Assert.Equal("2024-01-01", Yaml.Value(service, "custom.quoted"));
    }

    [Theory]
    [InlineData("12345678901234567890", "12345678901234567000")]
    [InlineData("1e21", "1e+21")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("0.0000001", "1e-7")]
    [InlineData("1.50", "1.5")]
    [InlineData("-0.5", "-0.5")]
    [InlineData("0x1F", "31")]
    public void ToJson_Number_IsWrittenAsJavaScriptWritesIt(string written, string expected)
    {
        var service = _service.Load(Yaml.WithCustom($"n: {written}"));

        var json = ServicePrinter.ToJson(service.Resolved.Find("custom.n")!, indented: false);

        Assert.Equal(expected, json);
    }

    [Fact]
    public void ToYaml_Numbers_PrintTheValueJavaScriptHolds()
    {
        var service = _service.Load(Yaml.WithCustom("hex: 0x1F", "float: 1.50", "octal: 0o17", "inf: .inf"));

        var yaml = ServicePrinter.ToYaml(service.Resolved.Find("custom")!).ReplaceLineEndings("\n");

        Assert.Equal("hex: 31\nfloat: 1.5\noctal: 15\ninf: .inf\n", yaml);
    }

    [Fact]
    public void Load_DigitSeparators_AreTextAsInJsYaml4()
    {
        var service = _service.Load(Yaml.WithCustom("n: 1_000"));

        Assert.Equal(ScalarKind.Text, Yaml.Scalar(service, "custom.n").Kind);
    }

    [Fact]
    public void Load_PlainKeysThatAreValues_BecomeTheirJavaScriptText()
    {
        var service = _service.Load(Yaml.WithCustom("values:", "  True: a", "  1.50: b", "  ~: c", "  'True': d"));

        var values = Assert.IsType<ConfigMapping>(service.Resolved.Find("custom.values"));

        Assert.Equal(["true", "1.5", "null", "True"], values.Keys);
    }

    private static JsonDocument Print(ServiceDefinition service) =>
        JsonDocument.Parse(ServicePrinter.ToJson(ServicePrinter.WithFrameworkDefaults(service)));
}
