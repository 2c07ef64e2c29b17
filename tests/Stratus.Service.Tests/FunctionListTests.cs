namespace Stratus.Service.Tests;

/// <summary>'functions:' written as a list of mappings, which the framework merges into one.</summary>
public sealed class FunctionListTests : IDisposable
{
    private readonly TempService _service = new();

    public void Dispose() => _service.Dispose();

    [Fact]
    public void Load_FunctionsAsList_MergesItemsInOrderKeepingPositions()
    {
        var yaml = Yaml.Service("""
            functions:
              - a: {handler: A::A.B}
              - b:
                  handler: A::A.C
                  memorySize: 64
            """);

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal("STR1203", error.Code);
        Assert.Equal((9, 19), (error.At.Line, error.At.Column));
    }

    [Fact]
    public void Load_ListItemOfSettingsWithoutAName_SaysTheNameIsMissing()
    {
        var yaml = Yaml.Service("""
            functions:
              - handler: A::A.B
                memorySize: 256
            """);

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal(ConfigErrorCodes.FunctionInvalid, error.Code);
        Assert.Contains(
            "settings ('handler: ...') without the function's name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FunctionsAsListOfIncludedFiles_ReadsEveryFunction()
    {
        _service.Write("one.yml", "a:\n  handler: A::A.B\n");
        _service.Write("two.yml", "b:\n  handler: A::A.C\nc:\n  handler: A::A.D\n");
        var yaml = Yaml.Service("""
            functions:
              - ${file(one.yml)}
              - ~
              - ${file(two.yml)}
            """);

        var service = _service.Load(yaml);

        Assert.Equal(["a", "b", "c"], service.Functions.Select(function => function.Key));
        Assert.Equal("A::A.C", service.FindFunction("b")!.Handler);
        Assert.Equal("two.yml", Path.GetFileName(service.FindFunction("c")!.At.File));
        Assert.Equal((3, 1), (service.FindFunction("c")!.At.Line, service.FindFunction("c")!.At.Column));
    }

    [Fact]
    public void Load_FunctionsListGivesAKeyTwice_FailsAtTheSecond()
    {
        var yaml = Yaml.Service("""
            functions:
              - a: {handler: A::A.B}
              - b: {handler: A::A.C}
              - a: {handler: A::A.D}
            """);

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal("STR1230", error.Code);
        Assert.Equal((8, 5), (error.At.Line, error.At.Column));
        Assert.Contains("function 'a'", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FunctionsListItemNotAMapping_FailsAtTheItem()
    {
        var yaml = Yaml.Service("""
            functions:
              - a: {handler: A::A.B}
              - just-text
            """);

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal("STR1209", error.Code);
        Assert.Equal((7, 5), (error.At.Line, error.At.Column));
        Assert.Contains("an item of the 'functions' list", error.Message, StringComparison.Ordinal);
    }
}
