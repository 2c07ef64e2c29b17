namespace Stratus.Service.Tests;

/// <summary>An empty string, 0 or false is a value, not a missing one, from every source.</summary>
public sealed class PresentButEmptyTests : IDisposable
{
    private readonly TempService _service = new();

    public void Dispose() => _service.Dispose();

    [Fact]
    public void Env_EmptyValue_IsKeptWithOrWithoutFallback()
    {
        var yaml = Yaml.WithCustom(
            "a: ${env:EMPTY_FLAG}",
            "b: ${env:EMPTY_FLAG, 'fallback'}",
            "c: \"x${env:EMPTY_FLAG}y\"");
        var environment = new Dictionary<string, string> { ["EMPTY_FLAG"] = string.Empty };
        var options = TempService.DevOptions(environment: environment);

        var service = _service.Load(yaml, options);

        Assert.Equal(string.Empty, Yaml.Value(service, "custom.a"));
        Assert.Equal(string.Empty, Yaml.Value(service, "custom.b"));
        Assert.Equal("xy", Yaml.Value(service, "custom.c"));
    }

    [Fact]
    public void Env_NotSetWithFallback_GivesFallback()
    {
        var service = _service.Load(Yaml.WithCustom("a: ${env:NOT_SET, 'fallback'}"));

        Assert.Equal("fallback", Yaml.Value(service, "custom.a"));
    }

    [Fact]
    public void Env_NotSetWithoutFallback_ReportsLocatedError()
    {
        var yaml = Yaml.WithCustom("name: demo", "a: prefix-${env:NOT_SET}");

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal(ConfigErrorCodes.EnvVariableNotSet, error.Code);
        Assert.EndsWith("serverless.yml", error.At.File, StringComparison.Ordinal);
        Assert.Equal(7, error.At.Line);
        Assert.Equal(13, error.At.Column);
        Assert.Equal("${env:NOT_SET}".Length, error.At.Length);
        Assert.Contains("'${env:NOT_SET}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'NOT_SET' is not set", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("false")]
    [InlineData("")]
    public void Env_FalsyText_IsNotMissing(string value)
    {
        var options = TempService.DevOptions(environment: new Dictionary<string, string> { ["V"] = value });

        var service = _service.Load(Yaml.WithCustom("a: ${env:V, 'fallback'}"), options);

        Assert.Equal(value, Yaml.Value(service, "custom.a"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("false")]
    [InlineData("")]
    public void Opt_FalsyText_IsNotMissing(string value)
    {
        var options = TempService.DevOptions(options: new Dictionary<string, string> { ["v"] = value });

        var service = _service.Load(Yaml.WithCustom("a: ${opt:v, 'fallback'}"), options);

        Assert.Equal(value, Yaml.Value(service, "custom.a"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("false")]
    [InlineData("")]
    public void CliParam_FalsyText_IsNotMissing(string value)
    {
        var options = TempService.DevOptions(parameters: new Dictionary<string, string> { ["v"] = value });

        var service = _service.Load(Yaml.WithCustom("a: ${param:v, 'fallback'}"), options);

        Assert.Equal(value, Yaml.Value(service, "custom.a"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("false")]
    [InlineData("")]
    public void ExternalSource_FalsyText_IsNotMissing(string value)
    {
        var ssm = new FakeSsmSource(new Dictionary<string, string> { ["/flag"] = value });
        var options = TempService.DevOptions() with
        {
            ExternalSources = new Dictionary<string, IVariableSource> { ["ssm"] = ssm, ["s3"] = ssm },
        };

        var service = _service.Load(Yaml.WithCustom("a: ${ssm:/flag, 'fallback'}", "b: ${s3:/flag, 'fallback'}"), options);

        Assert.Equal(value, Yaml.Value(service, "custom.a"));
        Assert.Equal(value, Yaml.Value(service, "custom.b"));
    }

    [Theory]
    [InlineData("0", ScalarKind.Number)]
    [InlineData("false", ScalarKind.Boolean)]
    [InlineData("''", ScalarKind.Text)]
    public void Self_FalsyValue_IsNotMissing(string written, ScalarKind kind)
    {
        var service = _service.Load(Yaml.WithCustom($"v: {written}", "a: ${self:custom.v, 'fallback'}"));

        Assert.Equal(kind, Yaml.Scalar(service, "custom.a").Kind);
        Assert.NotEqual("fallback", Yaml.Value(service, "custom.a"));
    }

    [Theory]
    [InlineData("0", ScalarKind.Number)]
    [InlineData("false", ScalarKind.Boolean)]
    [InlineData("''", ScalarKind.Text)]
    public void ConfigParam_FalsyValue_IsNotMissing(string written, ScalarKind kind)
    {
        var yaml = Yaml.Service($"params:\n  default:\n    v: {written}\ncustom:\n  a: ${{param:v, 'fallback'}}\n");

        var service = _service.Load(yaml);

        Assert.Equal(kind, Yaml.Scalar(service, "custom.a").Kind);
        Assert.NotEqual("fallback", Yaml.Value(service, "custom.a"));
    }

    [Theory]
    [InlineData("0", ScalarKind.Number)]
    [InlineData("false", ScalarKind.Boolean)]
    [InlineData("''", ScalarKind.Text)]
    public void File_FalsyValue_IsNotMissing(string written, ScalarKind kind)
    {
        _service.Write("values.yml", $"v: {written}\n");

        var service = _service.Load(Yaml.WithCustom("a: ${file(./values.yml):v, 'fallback'}"));

        Assert.Equal(kind, Yaml.Scalar(service, "custom.a").Kind);
        Assert.NotEqual("fallback", Yaml.Value(service, "custom.a"));
    }

    [Fact]
    public void Self_NullValue_CountsAsMissing()
    {
        var service = _service.Load(Yaml.WithCustom("v: ~", "a: ${self:custom.v, 'fallback'}"));

        Assert.Equal("fallback", Yaml.Value(service, "custom.a"));
    }
}
