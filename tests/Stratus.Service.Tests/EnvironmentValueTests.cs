namespace Stratus.Service.Tests;

/// <summary>Environment values: what Lambda and the framework's schema take, and what they refuse.</summary>
public sealed class EnvironmentValueTests : IDisposable
{
    private readonly TempService _service = new();

    public void Dispose() => _service.Dispose();

    [Theory]
    [InlineData("{a: 1}", "mapping")]
    [InlineData("[1, 2]", "list")]
    [InlineData("{Ref: Table, Other: x}", "mapping")]
    [InlineData("{Fn::FindInMap: [a, b, c]}", "mapping")]
    public void Load_ProviderEnvironmentObjectOrList_FailsAtTheValue(string value, string kind)
    {
        var yaml = $"service: demo\nprovider:\n  name: aws\n  environment:\n    VALUE: {value}\n";

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal("STR1231", error.Code);
        Assert.Equal((5, 12), (error.At.Line, error.At.Column));
        Assert.Contains(
            $"provider sets the environment variable 'VALUE' to a {kind}",
            error.Message,
            StringComparison.Ordinal);
        Assert.Contains("write its JSON in quotes", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FunctionEnvironmentList_FailsAtTheValue()
    {
        var yaml = Yaml.Service("functions:\n  a:\n    handler: A::A.B\n    environment:\n      LIST:\n        - 1\n");

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal("STR1231", error.Code);
        Assert.Equal((10, 9), (error.At.Line, error.At.Column));
        Assert.Contains("function 'a' sets the environment variable 'LIST'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("''", "")]
    [InlineData("12", "12")]
    [InlineData("true", "true")]
    [InlineData("{Ref: Table}", """{"Ref":"Table"}""")]
    [InlineData("!GetAtt Table.Arn", """{"Fn::GetAtt":["Table","Arn"]}""")]
    [InlineData("!Sub '${AWS::Region}-x'", """{"Fn::Sub":"${AWS::Region}-x"}""")]
    [InlineData("{Fn::ImportValue: shared-table}", """{"Fn::ImportValue":"shared-table"}""")]
    [InlineData("{Fn::Join: ['-', [a, b]]}", """{"Fn::Join":["-",["a","b"]]}""")]
    [InlineData("{Fn::If: [IsProd, a, b]}", """{"Fn::If":["IsProd","a","b"]}""")]
    [InlineData("{Fn::Select: [0, [a, b]]}", """{"Fn::Select":[0,["a","b"]]}""")]
    public void Load_EnvironmentValueTheSchemaTakes_IsKeptAsText(string value, string expected)
    {
        var yaml = Yaml.Service($"functions:\n  a:\n    handler: A::A.B\n    environment:\n      VALUE: {value}\n");

        var service = _service.Load(yaml);

        Assert.Equal(expected, Assert.Single(service.Functions).Environment["VALUE"]);
    }
}
