using Stratus.Service.Internal.Variables;

namespace Stratus.Service.Tests;

/// <summary>The parser follows the framework v3 syntax (lib/configuration/variables/parse.js).</summary>
public sealed class VariableParserTests
{
    [Theory]
    [InlineData("${AWS::Region}")]
    [InlineData("${foo::Region}")]
    [InlineData("${Database}")]
    [InlineData("${stageVariables.stageName}")]
    [InlineData("${}")]
    [InlineData("${type}")]
    [InlineData("arn:aws:s3:::${Bucket}/*")]
    [InlineData("no variables here")]
    [InlineData("price $5 {not} a variable")]
    [InlineData("${Type:foo, bar:x, Bad:y}")]
    public void Parse_NotVariableSyntax_FindsNothing(string text)
    {
        var parsed = VariableParser.Parse(text);

        Assert.Null(parsed);
    }

    [Fact]
    public void Parse_AddressWithColons_KeepsThemInAddress()
    {
        var parsed = VariableParser.Parse("${type:address:with:colons}")!;

        var source = Assert.Single(Assert.Single(parsed.Variables).Sources!);
        Assert.Equal("type", source.Type);
        Assert.Equal("address:with:colons", source.Address!.Value.Text);
        Assert.True(parsed.IsWholeVariable);
    }

    [Fact]
    public void Parse_SeveralSources_AreKeptInOrder()
    {
        var parsed = VariableParser.Parse("${a(p), b:\"x\", c:, d:y}")!;

        var sources = Assert.Single(parsed.Variables).Sources!;
        Assert.Equal(["a", "b", "c", "d"], sources.Select(source => source.Type));
        Assert.Equal("p", sources[0].Params![0].Value.Text);
        Assert.Equal("x", sources[1].Address!.Value.Text);
        Assert.Null(sources[2].Address);
        Assert.Equal("y", sources[3].Address!.Value.Text);
    }

    [Theory]
    [InlineData("${opt:x, 232}", ScalarKind.Number, "232")]
    [InlineData("${opt:x, true}", ScalarKind.Boolean, "true")]
    [InlineData("${opt:x, false}", ScalarKind.Boolean, "false")]
    [InlineData("${opt:x, null}", ScalarKind.Null, "null")]
    [InlineData("${opt:x, 'foo, bar'}", ScalarKind.Text, "foo, bar")]
    [InlineData("${opt:x, \"foo, bar\"}", ScalarKind.Text, "foo, bar")]
    [InlineData("${opt:x, \"a\\\"b\"}", ScalarKind.Text, "a\"b")]
    [InlineData("${opt:x, 'mongodb+srv://u:p@host/db'}", ScalarKind.Text, "mongodb+srv://u:p@host/db")]
    public void Parse_LiteralFallback_IsTyped(string text, ScalarKind kind, string value)
    {
        var literal = Assert.Single(VariableParser.Parse(text)!.Variables).Sources![1].Literal!;

        Assert.Equal((kind, value), (literal.Kind, literal.Text));
    }

    [Fact]
    public void Parse_ForeignWithNestedVariable_FindsOnlyTheInnerOne()
    {
        var parsed = VariableParser.Parse("${AWS::${opt:x}}")!;

        var variable = Assert.Single(parsed.Variables);
        Assert.Equal((7, 15), (variable.Start, variable.End));
        Assert.False(parsed.IsWholeVariable);
    }

    [Fact]
    public void Parse_NestedVariableInAddress_IsParsedAsPartOfAddress()
    {
        var parsed = VariableParser.Parse("${self:custom.${opt:stage}.table}")!;

        var address = Assert.Single(Assert.Single(parsed.Variables).Sources!).Address!;
        Assert.Equal("custom.${opt:stage}.table", address.Nested!.Text);
        Assert.Equal((7, 19), (address.Nested.Variables[0].Start, address.Nested.Variables[0].End));
    }

    [Fact]
    public void Parse_Interpolation_RecordsPositions()
    {
        var parsed = VariableParser.Parse("a-${opt:x}-b-${env:Y}")!;

        Assert.Equal([(2, 10), (13, 21)], parsed.Variables.Select(variable => (variable.Start, variable.End)));
    }

    [Theory]
    [InlineData(@"\${s:}", "$")]
    [InlineData(@"\\\${s:}", @"\$")]
    public void Parse_OddBackslashesBeforeVariable_EscapeIt(string text, string escape)
    {
        var variable = Assert.Single(VariableParser.Parse(text)!.Variables);

        Assert.Equal(escape, variable.EscapeText);
    }

    [Fact]
    public void Parse_EvenBackslashesBeforeVariable_KeepHalfAndResolve()
    {
        var parsed = VariableParser.Parse(@"\\${s:}")!;

        Assert.Equal(@"\", parsed.Variables[0].EscapeText);
        Assert.NotNull(parsed.Variables[1].Sources);
    }

    [Theory]
    [InlineData("${type:address", ConfigErrorCodes.VariableUnterminated)]
    [InlineData("${type:foo, elo}", ConfigErrorCodes.VariableBareWordFallback)]
    [InlineData("${type:foo,\"dev\",20}", ConfigErrorCodes.VariableSyntax)]
    [InlineData("${type(${AWS::Region})}", ConfigErrorCodes.VariableSyntax)]
    public void Parse_InvalidSyntax_Throws(string text, string code)
    {
        var error = Assert.Throws<VariableSyntaxException>(() => VariableParser.Parse(text));

        Assert.Equal(code, error.Code);
    }
}
