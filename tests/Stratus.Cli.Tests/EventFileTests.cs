using System.Text.Json;
using Stratus.Cli.Commands;
using Stratus.Cli.Errors;
using Stratus.Service;

namespace Stratus.Cli.Tests;

/// <summary>
/// `invoke local --path` finds its file as the framework's invoke does, in the service folder, and reads JSON or
/// YAML.
/// </summary>
public sealed class EventFileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("stratus-event-file-").FullName;

    public EventFileTests()
    {
        Directory.CreateDirectory(ServiceFolder);
        Directory.CreateDirectory(CurrentFolder);
    }

    private string ServiceFolder => Path.Combine(_root, "service");

    private string CurrentFolder => Path.Combine(_root, "elsewhere");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Resolve_RelativePathInTheServiceFolder_IsFoundThereFromAnotherFolder()
    {
        var expected = Write(ServiceFolder, "events/order.json", "{}");

        var found = EventFile.Resolve("events/order.json", "--path", ServiceFolder, CurrentFolder);

        Assert.Equal(expected, found);
    }

    [Fact]
    public void Resolve_RelativePathOnlyInTheCurrentFolder_IsFoundThere()
    {
        var expected = Write(CurrentFolder, "order.json", "{}");

        var found = EventFile.Resolve("order.json", "--path", ServiceFolder, CurrentFolder);

        Assert.Equal(expected, found);
    }

    [Fact]
    public void Resolve_RelativePathInBothFolders_TakesTheServiceFoldersAsTheFrameworkDoes()
    {
        var expected = Write(ServiceFolder, "order.json", """{"from":"service"}""");
        Write(CurrentFolder, "order.json", """{"from":"current"}""");

        var found = EventFile.Resolve("order.json", "--path", ServiceFolder, CurrentFolder);

        Assert.Equal(expected, found);
    }

    [Fact]
    public void Resolve_RelativePathInNeitherFolder_ReportsStr4004NamingBothFullPaths()
    {
        var error = Assert.Throws<UsageException>(
            () => EventFile.Resolve("missing.json", "--path", ServiceFolder, CurrentFolder));

        Assert.Equal("STR4004", error.Code);
        Assert.Contains($"'{Path.Combine(ServiceFolder, "missing.json")}' (in the service folder)", error.Message,
            StringComparison.Ordinal);
        Assert.Contains($"'{Path.Combine(CurrentFolder, "missing.json")}' (in the current folder)", error.Message,
            StringComparison.Ordinal);
        Assert.Contains("relative to the service folder", error.Fix, StringComparison.Ordinal);
    }

    // --path takes a text file too (its text is the event); a client context must be a JSON or YAML document.
    [Theory]
    [InlineData("--path", "give --path the path of a JSON, YAML or text file")]
    [InlineData("--contextPath", "give --contextPath the path of a JSON or YAML file")]
    public void Resolve_MissingFile_FixNamesTheKindsOfFileTheOptionTakes(string option, string fix)
    {
        var error = Assert.Throws<UsageException>(
            () => EventFile.Resolve("missing.txt", option, ServiceFolder, CurrentFolder));

        Assert.StartsWith(fix, error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_AbsolutePathThatIsMissing_ReportsStr4004NamingThatPathOnly()
    {
        var missing = Path.Combine(_root, "nowhere", "event.json");

        var error = Assert.Throws<UsageException>(() => EventFile.Resolve(missing, "--path", ServiceFolder, "/"));

        Assert.Equal($"--path '{missing}': there is no file at '{missing}'.", error.Message);
    }

    [Fact]
    public void ReadAsJson_YamlFile_IsTheSameEventAsJson()
    {
        var file = Write(ServiceFolder, "order.yml", """
            id: 42
            paid: true
            note: null
            items:
              - sku: a-1
                count: 2
            """);

        var json = EventFile.ReadAsJson(file, "--path");

        Assert.Equal(
            """{"id":42,"paid":true,"note":null,"items":[{"sku":"a-1","count":2}]}""",
            Minified(json));
    }

    [Theory]
    [InlineData("- 1\n- two\n", "[1,\"two\"]")]
    [InlineData("hello\n", "\"hello\"")]
    [InlineData("", "null")]
    [InlineData("# only a comment\n", "null")]
    public void ReadAsJson_YamlDocumentOfAnyKind_IsThatJson(string yaml, string expected)
    {
        var file = Write(ServiceFolder, "event.yaml", yaml);

        var json = EventFile.ReadAsJson(file, "--path");

        Assert.Equal(expected, Minified(json));
    }

    [Fact]
    public void ReadAsJson_YamlFileWithAnError_ReportsItsFileLineAndColumn()
    {
        var file = Write(ServiceFolder, "order.yaml", "id: 42\nid: 43\n");

        var error = Assert.Throws<ConfigException>(() => EventFile.ReadAsJson(file, "--path"));

        var at = Assert.Single(error.Errors).At;
        Assert.Equal((file, 2, 1), (at.File, at.Line, at.Column));
    }

    [Fact]
    public void ReadAsJson_FileThatIsNeitherJsonNorYaml_ReportsStr4003AtItsFileLineAndColumn()
    {
        var file = Write(ServiceFolder, "order.json", "{\n  \"id\": 42,\n  oops\n}");

        var error = Assert.Throws<UsageException>(() => EventFile.ReadAsJson(file, "--path"));

        Assert.Equal("STR4003", error.Code);
        Assert.StartsWith($"the file given by --path is not valid JSON: {file}:3:3: ", error.Message,
            StringComparison.Ordinal);
        Assert.Contains(".yml or .yaml", error.Fix, StringComparison.Ordinal);
    }

    private static string Write(string folder, string name, string text)
    {
        var path = Path.Combine(folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Minified(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement);
    }
}
