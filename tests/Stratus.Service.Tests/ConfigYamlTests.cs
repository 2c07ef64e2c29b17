namespace Stratus.Service.Tests;

public sealed class ConfigYamlTests
{
    [Fact]
    public void Parse_PlainScalars_GetYamlTypes()
    {
        var yaml = "a: 512\nb: true\nc: ~\nd: null\ne: '512'\nf: \"true\"\ng: 0.5\nh: text\ni:\nj: 0x1F\nk: False\n";

        var root = Assert.IsType<ConfigMapping>(ConfigYaml.Parse(yaml, "serverless.yml"));

        Assert.Equal(ScalarKind.Number, Kind(root, "a"));
        Assert.Equal(ScalarKind.Boolean, Kind(root, "b"));
        Assert.Equal(ScalarKind.Null, Kind(root, "c"));
        Assert.Equal(ScalarKind.Null, Kind(root, "d"));
        Assert.Equal(ScalarKind.Text, Kind(root, "e"));
        Assert.Equal(ScalarKind.Text, Kind(root, "f"));
        Assert.Equal(ScalarKind.Number, Kind(root, "g"));
        Assert.Equal(ScalarKind.Text, Kind(root, "h"));
        Assert.Equal(ScalarKind.Null, Kind(root, "i"));
        Assert.Equal("31", ((ConfigScalar)root["j"]!).ToJsonNumber());
        Assert.False(((ConfigScalar)root["k"]!).AsBoolean);
    }

    [Fact]
    public void Parse_Nodes_CarryLineAndColumn()
    {
        var yaml = "service: demo\nprovider:\n  name: aws\n  memorySize: 64\n";
        var root = (ConfigMapping)ConfigYaml.Parse(yaml, "serverless.yml");

        var memory = root.Find("provider.memorySize")!;

        Assert.Equal(new SourceSpan("serverless.yml", 4, 15, 2), memory.At);
        Assert.True(((ConfigMapping)root["provider"]!).TryGetEntry("memorySize", out var entry));
        Assert.Equal((4, 3), (entry.KeyAt.Line, entry.KeyAt.Column));
    }

    [Fact]
    public void Parse_KeysKeepFileOrder()
    {
        var root = (ConfigMapping)ConfigYaml.Parse("zeta: 1\nalpha: 2\nmid: 3\n", "f.yml");

        Assert.Equal(["zeta", "alpha", "mid"], root.Keys);
    }

    [Fact]
    public void Parse_ShortFormTags_AreKeptWithoutExpansion()
    {
        var yaml = "a: !Ref Bucket\nb: !GetAtt Table.Arn\nc: !Join ['', [a, b]]\n";

        var root = (ConfigMapping)ConfigYaml.Parse(yaml, "f.yml");

        Assert.Equal("!Ref", root["a"]!.Tag);
        Assert.Equal("Bucket", ((ConfigScalar)root["a"]!).Value);
        Assert.Equal("!Join", root["c"]!.Tag);
    }

    [Fact]
    public void Parse_ShortFormTagsWithExpansion_BecomeLongForms()
    {
        var yaml = """
            a: !Ref Bucket
            b: !GetAtt Table.StreamArn.Sub
            c: !Sub 'arn:${AWS::Partition}:s3:::${Bucket}'
            d: !If [IsProd, !Ref Big, !Ref Small]
            e: !Condition IsProd
            f: !GetAZs ''
            g: !Select [0, !GetAZs '']
            h: !Split [',', 'a,b']
            i: !FindInMap [Map, Key, Value]
            j: !ImportValue Shared-Id
            k: !Base64 text
            l: !Equals [a, b]
            m: !Not [!Condition IsProd]
            n: !And [!Condition A, !Condition B]
            o: !Or [!Condition A, !Condition B]
            p: !Cidr [10.0.0.0/16, 4, 8]
            """;

        var root = (ConfigMapping)ConfigYaml.Parse(yaml, "f.yml", expandShortForms: true);

        Assert.Equal("Bucket", ((ConfigScalar)root.Find("a.Ref")!).Value);
        var getAtt = (ConfigSequence)root.Find("b.Fn::GetAtt")!;
        Assert.Equal(["Table", "StreamArn.Sub"], getAtt.Items.Cast<ConfigScalar>().Select(item => item.Value));
        Assert.NotNull(root.Find("c.Fn::Sub"));
        Assert.Equal("Big", ((ConfigScalar)root.Find("d.Fn::If.1.Ref")!).Value);
        Assert.Equal("IsProd", ((ConfigScalar)root.Find("e.Condition")!).Value);
        foreach (var (key, name) in new[]
        {
            ("f", "Fn::GetAZs"), ("g", "Fn::Select"), ("h", "Fn::Split"), ("i", "Fn::FindInMap"),
            ("j", "Fn::ImportValue"), ("k", "Fn::Base64"), ("l", "Fn::Equals"), ("m", "Fn::Not"), ("n", "Fn::And"),
            ("o", "Fn::Or"), ("p", "Fn::Cidr"),
        })
        {
            Assert.True(((ConfigMapping)root[key]!).ContainsKey(name), $"{key} should become {name}");
        }
    }

    [Fact]
    public void Parse_MergeKeysAndAnchors_MergeAsJsYamlDoes()
    {
        var yaml = "base: &base\n  a: 1\n  b: 2\nchild:\n  <<: *base\n  b: 3\n  c: 4\ncopy: *base\n";

        var root = (ConfigMapping)ConfigYaml.Parse(yaml, "f.yml");

        var child = (ConfigMapping)root["child"]!;
        Assert.Equal(["a", "b", "c"], child.Keys);
        Assert.Equal("3", ((ConfigScalar)child["b"]!).Value);
        Assert.Equal("1", ((ConfigScalar)root.Find("copy.a")!).Value);
    }

    [Fact]
    public void Parse_DuplicateKeys_ReportsEveryOne()
    {
        var yaml = "a: 1\nb:\n  x: 1\n  x: 2\na: 3\n";

        var exception = Assert.Throws<ConfigException>(() => ConfigYaml.Parse(yaml, "serverless.yml"));

        Assert.Equal(2, exception.Errors.Count);
        Assert.All(exception.Errors, error => Assert.Equal(ConfigErrorCodes.YamlDuplicateKey, error.Code));
        Assert.Equal([4, 5], exception.Errors.Select(error => error.At.Line).Order());
        Assert.Contains(exception.Errors, error => error.Message.Contains("'a'", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_TabIndentation_ReportsTabLine()
    {
        var yaml = "service: demo\nprovider:\n\tname: aws\n";

        var error = SingleError(yaml);

        Assert.Equal(ConfigErrorCodes.YamlTab, error.Code);
        Assert.Equal((3, 1), (error.At.Line, error.At.Column));
        Assert.Contains("tab", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadIndentation_ReportsLine()
    {
        var yaml = "provider:\n  name: aws\n runtime: dotnet8\n";

        var error = SingleError(yaml);

        Assert.Equal(ConfigErrorCodes.YamlIndentation, error.Code);
        Assert.Equal(3, error.At.Line);
        Assert.Contains("indented", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OverIndentedKeyUnderScalar_ReportsIndentation()
    {
        var error = SingleError("a: 1\n  b: 2\n");

        Assert.Equal(ConfigErrorCodes.YamlIndentation, error.Code);
        Assert.Equal(2, error.At.Line);
    }

    [Fact]
    public void Parse_UnclosedQuote_ReportsWhereItStarts()
    {
        var error = SingleError("a: 'abc\nb: 2\n");

        Assert.Equal(ConfigErrorCodes.YamlUnclosed, error.Code);
        Assert.Equal((1, 4), (error.At.Line, error.At.Column));
    }

    [Theory]
    [InlineData("pattern: \"^\\d+$\"\n", 1, 12, "\\d")]
    [InlineData("path: \"C:\\Users\\me\"\n", 1, 10, "\\U")]
    [InlineData("a: \"ok\\n\\x4g\"\n", 1, 9, "\\x4")]
    [InlineData("a: \"\\uD800\"\n", 1, 5, "\\uD800")]
    [InlineData("a: \"\\U0011FFFF\"\n", 1, 5, "\\U0011FFFF")]
    [InlineData("a: \"\\UFFFFFFFF\"\n", 1, 5, "\\UFFFFFFFF")]
    [InlineData("a:\n  - \"line one \\\n    then \\q\"\n", 3, 10, "\\q")]
    public void Parse_UnknownEscapeInDoubleQuotes_PointsAtTheEscape(string yaml, int line, int column, string escape)
    {
        var error = SingleError(yaml);

        Assert.Equal(ConfigErrorCodes.YamlBadEscape, error.Code);
        Assert.Equal((line, column, escape.Length), (error.At.Line, error.At.Column, error.At.Length));
        Assert.StartsWith($"the escape '{escape}' ", error.Message, StringComparison.Ordinal);
        Assert.Contains("\\uHHHH", error.Message, StringComparison.Ordinal);
        Assert.Contains("single quotes", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownEscape_FixQuotesTheSameTextInSingleQuotes()
    {
        var error = SingleError("path: \"C:\\Users\\me\"\n");

        Assert.Contains("single quotes ('C:\\Users\\me')", error.Fix, StringComparison.Ordinal);
        Assert.Contains("\"C:\\\\Users\\\\me\"", error.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("never closed", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a: \"ok \\\" \\\\ \\t \\x41 \\u00e9 \\U0001F600 \\uD83D\\uDE00 \\/\"\n")]
    [InlineData("a: 'C:\\Users\\me'\n")]
    [InlineData("a: C:\\Users\\me\n")]
    public void Parse_AcceptedEscapesAndPlainBackslashes_Load(string yaml)
    {
        var root = (ConfigMapping)ConfigYaml.Parse(yaml, "serverless.yml");

        Assert.NotNull(root["a"]);
    }

    [Theory]
    [InlineData("a: \"x\"#c\n", 7)]
    [InlineData("a: [1]#c\n", 7)]
    public void Parse_CommentWithoutSpaceAfterValue_SaysSoInsteadOfUnclosed(string yaml, int column)
    {
        var error = SingleError(yaml);

        Assert.Equal(ConfigErrorCodes.YamlSyntax, error.Code);
        Assert.Equal((1, column), (error.At.Line, error.At.Column));
        Assert.Contains("comment only after a space", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a:\n  b: \"abc\ndef\"\n")]
    [InlineData("a:\n  b: \"abc\nc: 1\n")]
    public void Parse_QuotedStringRunningOntoLessIndentedLine_NamesBothCauses(string yaml)
    {
        var error = SingleError(yaml);

        Assert.Equal(ConfigErrorCodes.YamlUnclosed, error.Code);
        Assert.Equal((2, 6), (error.At.Line, error.At.Column));
        Assert.Contains("runs on to line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("closing quote is missing", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a: [1, 2\nb: 3\n", 1, 4, '[')]
    [InlineData("service: x\nfunctions:\n  a:\n    handler: [oops\n", 4, 14, '[')]
    [InlineData("a: {b: 1, c: [1, 2], d: 'x]' # ]\ne: 2\n", 1, 4, '{')]
    [InlineData("list:\n  - [1,\n     [2, 3],\n     \"4]\"\n", 2, 5, '[')]
    [InlineData("a: [1, 2}\n", 1, 4, '[')]
    public void Parse_UnclosedFlowCollection_PointsAtItsOpeningBracket(string yaml, int line, int column, char bracket)
    {
        var error = SingleError(yaml);

        Assert.Equal(ConfigErrorCodes.YamlUnclosed, error.Code);
        Assert.Equal((line, column), (error.At.Line, error.At.Column));
        Assert.StartsWith($"the '{bracket}' ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a: 1\nb: [\n", 2, 4, '[')]
    [InlineData("a: 1\nb: [", 2, 4, '[')]
    [InlineData("a: 1\nb: {c: 1\n\n# end\n", 2, 4, '{')]
    [InlineData("a:\n  - [1, [2]\n", 2, 5, '[')]
    public void Parse_FlowCollectionOpenAtEndOfFile_PointsAtItsOpeningBracket(
        string yaml,
        int line,
        int column,
        char bracket)
    {
        var error = SingleError(yaml);

        Assert.Equal(ConfigErrorCodes.YamlUnclosed, error.Code);
        Assert.Equal((line, column), (error.At.Line, error.At.Column));
        Assert.Equal($"the '{bracket}' {(bracket == '[' ? "list" : "mapping")} that starts here is never closed.",
            error.Message);
    }

    [Fact]
    public void Parse_BracketInsideAPlainValue_IsNotTakenForTheOpenList()
    {
        var error = SingleError("a: x[1]\nb: [1, 2\nc: 3\n");

        Assert.Equal((2, 4), (error.At.Line, error.At.Column));
    }

    [Fact]
    public void Parse_UnknownTag_ReportsIt()
    {
        var error = SingleError("a: !Foo x\n");

        Assert.Equal(ConfigErrorCodes.YamlUnknownTag, error.Code);
        Assert.Contains("'!Foo'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UndefinedAlias_ReportsIt()
    {
        var error = SingleError("a: *nope\n");

        Assert.Equal(ConfigErrorCodes.YamlUnknownAnchor, error.Code);
    }

    [Theory]
    [InlineData("x: &a [1, *a]\n", 1, 11, 1)]
    [InlineData("x: &a\n  b: 1\n  c:\n    d: *a\n", 4, 8, 1)]
    [InlineData("a: &a old\nx: &a {b: [*a]}\n", 2, 12, 2)]
    public void Parse_AliasInsideItsOwnAnchoredValue_ReportsCycleAtAlias(
        string yaml,
        int line,
        int column,
        int anchorLine)
    {
        var error = SingleError(yaml);

        Assert.Equal(ConfigErrorCodes.YamlAliasCycle, error.Code);
        Assert.Equal((line, column, 2), (error.At.Line, error.At.Column, error.At.Length));
        Assert.Contains($"inside the value anchored '&a' (line {anchorLine})", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("no anchor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AliasToAClosedOrNewerAnchor_CopiesIt()
    {
        var root = (ConfigMapping)ConfigYaml.Parse("x: &a [1, &b 2, *b]\ny: *a\nz: &c [&c 5, *c]\n", "f.yml");

        Assert.Equal(3, ((ConfigSequence)root["y"]!).Items.Count);
        Assert.Equal("5", ((ConfigScalar)((ConfigSequence)root["z"]!).Items[1]).Value);
    }

    [Fact]
    public void Parse_TwoDocuments_ReportsSecond()
    {
        var error = SingleError("a: 1\n---\nb: 2\n");

        Assert.Equal(ConfigErrorCodes.YamlMultipleDocuments, error.Code);
        Assert.Equal(2, error.At.Line);
    }

    [Fact]
    public void Parse_AliasBomb_IsRefusedWithLocatedError()
    {
        var lines = new List<string> { "a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i < 9; i++)
        {
            var previous = string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10));
            lines.Add($"a{i}: &a{i} [{previous}]");
        }

        var exception = Assert.Throws<ConfigException>(() => ConfigYaml.Parse(string.Join("\n", lines), "s.yml"));

        Assert.Equal(ConfigErrorCodes.DocumentTooLarge, Assert.Single(exception.Errors).Code);
    }

    private static ConfigError SingleError(string yaml) =>
        Assert.Single(Assert.Throws<ConfigException>(() => ConfigYaml.Parse(yaml, "serverless.yml")).Errors);

    private static ScalarKind Kind(ConfigMapping root, string key) => ((ConfigScalar)root[key]!).Kind;
}
