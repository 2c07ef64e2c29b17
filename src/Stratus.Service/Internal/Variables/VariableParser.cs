using System.Globalization;
using System.Text.Json;

namespace Stratus.Service.Internal.Variables;

/// <summary>
/// Finds the variables in a string exactly as the Serverless Framework v3 parser does
/// (lib/configuration/variables/parse.js): a state machine over the characters. Only <c>${type:...}</c> and
/// <c>${type(...)...}</c> forms with a lower-case type are variables; anything else in <c>${...}</c>, such as
/// CloudFormation's <c>${AWS::Region}</c> or <c>${Resource.Arn}</c>, is foreign and stays as written.
/// </summary>
internal sealed class VariableParser
{
    private readonly string _value;
    private int _index;
    private State _state = State.Out;
    private State _stringContext;
    private List<VariableMeta>? _variables;
    private List<SourceMeta>? _sources;
    private Stack<Context>? _contexts;
    private SourceMeta? _currentSource;
    private int _contextStart;
    private List<VariableMeta>? _contextVariables;
    private int? _escapeStart;
    private int _variableStart;
    private int _sourceStart;
    private int _paramStart;
    private int _addressStart;

    private VariableParser(string value)
    {
        _value = value;
    }

    private enum State
    {
        Out,
        EscapeVar,
        EscapeVarDollar,
        MaybeVariableOpen,
        MaybeTypeStart,
        MaybeNextSourceStart,
        MaybeType,
        TypeOrSourceLiteral,
        ParamStart,
        Param,
        AfterParamString,
        MaybeAddressOpen,
        MaybeAddressStart,
        Address,
        AfterAddressString,
        AfterSourceLiteralString,
        Foreign,
        EscapeString,
        DoubleQuotedString,
        SingleQuotedString,
    }

    /// <summary>Parses a string; null when it holds no variables and no escapes.</summary>
    /// <exception cref="VariableSyntaxException">The string breaks the variable syntax.</exception>
    public static ParsedValue? Parse(string value)
    {
        if (!value.Contains('$', StringComparison.Ordinal))
        {
            return null;
        }

        var variables = new VariableParser(value).Run();
        return variables is null ? null : new ParsedValue(value, variables);
    }

    /// <summary>Marks a single variable that covers the whole text; null when there are none.</summary>
    public static List<VariableMeta>? Normalize(string text, List<VariableMeta>? variables)
    {
        if (variables is null || variables.Count == 0)
        {
            return null;
        }

        if (variables.Count == 1 && variables[0].Start == 0 && variables[0].End == text.Length)
        {
            variables[0].IsWhole = true;
        }

        return variables;
    }

    private List<VariableMeta>? Run()
    {
        for (_index = 0; _index < _value.Length; _index++)
        {
            Step(_value[_index]);
        }

        if (_currentSource is not null || _sources is not null)
        {
            throw new VariableSyntaxException(
                ConfigErrorCodes.VariableUnterminated,
                "is missing its closing '}'",
                _variableStart);
        }

        return Normalize(_value, _variables);
    }

    private void Step(char c)
    {
        switch (_state)
        {
            case State.Out:
                StepOut(c);
                break;
            case State.EscapeVar:
                if (c == '$')
                {
                    _state = State.EscapeVarDollar;
                }
                else
                {
                    if (c != '\\')
                    {
                        _escapeStart = null;
                    }

                    _state = State.Out;
                }

                break;
            case State.EscapeVarDollar:
                StepEscapeVarDollar(c);
                break;
            case State.MaybeVariableOpen:
                if (c == '{')
                {
                    if (_escapeStart is not null)
                    {
                        RegisterSlashEscape();
                    }

                    _state = State.MaybeTypeStart;
                }
                else
                {
                    _escapeStart = null;
                    if (c != '$')
                    {
                        ReleaseContext();
                    }
                }

                break;
            case State.MaybeTypeStart:
                StepMaybeTypeStart(c);
                break;
            case State.MaybeNextSourceStart:
                StepMaybeNextSourceStart(c);
                break;
            case State.MaybeType:
                StepMaybeType(c);
                break;
            case State.TypeOrSourceLiteral:
                StepTypeOrSourceLiteral(c);
                break;
            case State.ParamStart:
                StepParamStart(c);
                break;
            case State.Param:
                StepParam(c);
                break;
            case State.AfterParamString:
                StepAfterParamString(c);
                break;
            case State.MaybeAddressOpen:
                StepMaybeAddressOpen(c);
                break;
            case State.MaybeAddressStart:
                StepMaybeAddressStart(c);
                break;
            case State.Address:
                StepAddress(c);
                break;
            case State.AfterAddressString:
                StepAfterAddressString(c);
                break;
            case State.AfterSourceLiteralString:
                if (c == ' ')
                {
                    return;
                }

                if (c != '}')
                {
                    throw Invalid(ConfigErrorCodes.VariableSyntax, "has text after a quoted fallback", _sourceStart);
                }

                _currentSource = new SourceMeta { Literal = ParseString(_sourceStart) };
                FinalizeVariable();
                break;
            case State.Foreign:
                if (c == '}')
                {
                    ReleaseContext();
                }
                else if (c == '$')
                {
                    RegisterContext(_contextStart);
                }

                break;
            case State.EscapeString:
                _state = State.DoubleQuotedString;
                break;
            case State.DoubleQuotedString:
                if (c == '"')
                {
                    _state = _stringContext;
                }
                else if (c == '\\')
                {
                    _state = State.EscapeString;
                }

                break;
            case State.SingleQuotedString:
                if (c == '\'')
                {
                    _state = _stringContext;
                }

                break;
            default:
                throw new InvalidOperationException($"Unexpected parser state {_state}.");
        }
    }

    private void StepOut(char c)
    {
        if (c == '\\')
        {
            _escapeStart ??= _index;
            _state = State.EscapeVar;
        }
        else if (c == '$')
        {
            _variableStart = _index;
            _state = State.MaybeVariableOpen;
        }
        else
        {
            _escapeStart = null;
        }
    }

    private void StepEscapeVarDollar(char c)
    {
        if (c == '{')
        {
            RegisterVarEscape();
            _state = State.Out;
            return;
        }

        _escapeStart = null;
        if (c == '\\')
        {
            _escapeStart = _index;
            _state = State.EscapeVar;
        }
        else if (c == '$')
        {
            _variableStart = _index;
            _state = State.MaybeVariableOpen;
        }
        else
        {
            _state = State.Out;
        }
    }

    private void StepMaybeTypeStart(char c)
    {
        if (c is >= 'a' and <= 'z')
        {
            _sourceStart = _index;
            _state = State.MaybeType;
        }
        else if (InsideRealVariable())
        {
            throw Invalid(ConfigErrorCodes.VariableSyntax, "nests a '${' that is not a variable", _index);
        }
        else if (c == '}')
        {
            ReleaseContext();
        }
        else
        {
            _state = State.Foreign;
            if (c == '$')
            {
                RegisterContext(_contextStart);
            }
        }
    }

    private void StepMaybeNextSourceStart(char c)
    {
        if (c == ' ')
        {
            return;
        }

        _sourceStart = _index;
        if (IsAlphaNumeric(c))
        {
            _state = State.TypeOrSourceLiteral;
        }
        else if (c == '"')
        {
            _stringContext = State.AfterSourceLiteralString;
            _state = State.DoubleQuotedString;
        }
        else if (c == '\'')
        {
            _stringContext = State.AfterSourceLiteralString;
            _state = State.SingleQuotedString;
        }
        else if (c == '$')
        {
            throw Invalid(
                ConfigErrorCodes.VariableSyntax,
                "has a '${...}' variable as a fallback, which v3 refuses: a fallback source is written without '${ }'",
                _index);
        }
        else
        {
            throw Invalid(
                ConfigErrorCodes.VariableSyntax,
                $"has an unexpected '{c}' where a fallback should start",
                _index);
        }
    }

    private void StepMaybeType(char c)
    {
        if (c == ':')
        {
            _currentSource = new SourceMeta { Type = _value[_sourceStart.._index] };
            _state = State.MaybeAddressStart;
        }
        else if (c == '(')
        {
            _currentSource = new SourceMeta { Type = _value[_sourceStart.._index], Params = [] };
            _state = State.ParamStart;
        }
        else if (!IsAlphaNumeric(c))
        {
            if (InsideRealVariable())
            {
                throw Invalid(ConfigErrorCodes.VariableSyntax, "nests a '${' that is not a variable", _sourceStart);
            }

            if (c == '}')
            {
                ReleaseContext();
            }
            else
            {
                _state = State.Foreign;
                if (c == '$')
                {
                    RegisterContext(_contextStart);
                }
            }
        }
    }

    private void StepTypeOrSourceLiteral(char c)
    {
        if (c == ' ')
        {
            return;
        }

        if (c is ':' or '(')
        {
            var type = _value[_sourceStart.._index];
            if (!IsType(type))
            {
                throw Invalid(ConfigErrorCodes.VariableSyntax, $"has an invalid source name '{type}'", _sourceStart);
            }

            _currentSource = c == ':' ? new SourceMeta { Type = type } : new SourceMeta { Type = type, Params = [] };
            _state = c == ':' ? State.MaybeAddressStart : State.ParamStart;
        }
        else if (c == '}')
        {
            _currentSource = new SourceMeta { Literal = ParseLiteral(_value[_sourceStart.._index].Trim(), false) };
            FinalizeVariable();
        }
        else if (!IsAlphaNumeric(c))
        {
            throw Invalid(ConfigErrorCodes.VariableSyntax, $"has an unexpected '{c}' in a fallback", _sourceStart);
        }
    }

    private void StepParamStart(char c)
    {
        if (c == ' ')
        {
            return;
        }

        var source = Current();
        if (c == ')')
        {
            _state = State.MaybeAddressOpen;
        }
        else if (c == ',')
        {
            source.Params!.Add(new ArgumentMeta(LiteralValue.Null, null));
        }
        else if (c == '}')
        {
            throw Invalid(ConfigErrorCodes.VariableSyntax, "closes before its parameters' ')'", _index);
        }
        else
        {
            _paramStart = _index;
            if (c is '"' or '\'')
            {
                _stringContext = State.AfterParamString;
                _state = c == '"' ? State.DoubleQuotedString : State.SingleQuotedString;
            }
            else
            {
                _state = State.Param;
                _contextVariables = null;
                if (c == '$')
                {
                    RegisterContext(_paramStart);
                }
            }
        }
    }

    private void StepParam(char c)
    {
        var source = Current();
        if (c is ')' or ',')
        {
            var text = _value[_paramStart.._index].Trim();
            if (c == ',' || text.Length > 0)
            {
                source.Params!.Add(_contextVariables is null
                    ? new ArgumentMeta(ParseLiteral(text, true), null)
                    : ArgumentMeta.Of(text, _contextVariables));
            }

            _state = c == ')' ? State.MaybeAddressOpen : State.ParamStart;
        }
        else if (c == '}')
        {
            throw Invalid(ConfigErrorCodes.VariableSyntax, "closes before its parameters' ')'", _paramStart);
        }
        else if (c == '$')
        {
            RegisterContext(_paramStart);
        }
    }

    private void StepAfterParamString(char c)
    {
        if (c == ' ')
        {
            return;
        }

        if (c is not (')' or ','))
        {
            throw Invalid(ConfigErrorCodes.VariableSyntax, "has text after a quoted parameter", _paramStart);
        }

        Current().Params!.Add(new ArgumentMeta(ParseString(_paramStart), null));
        _state = c == ')' ? State.MaybeAddressOpen : State.ParamStart;
    }

    private void StepMaybeAddressOpen(char c)
    {
        switch (c)
        {
            case ' ':
                return;
            case ':':
                _state = State.MaybeAddressStart;
                break;
            case '}':
                FinalizeVariable();
                break;
            case ',':
                FinalizeSource();
                break;
            default:
                throw Invalid(ConfigErrorCodes.VariableSyntax, $"has an unexpected '{c}' after ')'", _index);
        }
    }

    private void StepMaybeAddressStart(char c)
    {
        if (c == ' ')
        {
            return;
        }

        if (c == '}')
        {
            FinalizeVariable();
            return;
        }

        if (c == ',')
        {
            FinalizeSource();
            return;
        }

        _addressStart = _index;
        if (c == ':')
        {
            // '${foo::Bar}' is CloudFormation-like text, not a variable.
            if (Current().Params is not null || InsideRealVariable())
            {
                throw Invalid(ConfigErrorCodes.VariableSyntax, "has an address that starts with ':'", _addressStart);
            }

            _currentSource = null;
            _state = State.Foreign;
        }
        else if (c is '"' or '\'')
        {
            _stringContext = State.AfterAddressString;
            _state = c == '"' ? State.DoubleQuotedString : State.SingleQuotedString;
        }
        else
        {
            _state = State.Address;
            _contextVariables = null;
            if (c == '$')
            {
                RegisterContext(_addressStart);
            }
        }
    }

    private void StepAddress(char c)
    {
        if (c is '}' or ',')
        {
            Current().Address = ArgumentMeta.Of(_value[_addressStart.._index].Trim(), _contextVariables);
            if (c == '}')
            {
                FinalizeVariable();
            }
            else
            {
                FinalizeSource();
            }
        }
        else if (c == '$')
        {
            RegisterContext(_addressStart);
        }
    }

    private void StepAfterAddressString(char c)
    {
        if (c == ' ')
        {
            return;
        }

        if (c is not ('}' or ','))
        {
            throw Invalid(ConfigErrorCodes.VariableSyntax, "has text after a quoted address", _addressStart);
        }

        Current().Address = new ArgumentMeta(ParseString(_addressStart), null);
        if (c == '}')
        {
            FinalizeVariable();
        }
        else
        {
            FinalizeSource();
        }
    }

    private SourceMeta Current() =>
        _currentSource ?? throw new InvalidOperationException("The variable parser lost its current source.");

    private bool InsideRealVariable() =>
        _contexts is not null && _contexts.Any(context => context.State != State.Foreign);

    private void FinalizeSource()
    {
        _sources ??= [];
        _sources.Add(Current());
        _currentSource = null;
        _state = State.MaybeNextSourceStart;
    }

    private void FinalizeVariable()
    {
        FinalizeSource();
        _variables ??= [];
        _variables.Add(new VariableMeta
        {
            Start = _variableStart - _contextStart,
            End = _index + 1 - _contextStart,
            Sources = _sources,
        });
        _sources = null;
        ReleaseContext();
    }

    private void RegisterVarEscape()
    {
        // A backslash run before '${' that is odd in length escapes it: half the backslashes remain, plus '$'.
        var start = _escapeStart!.Value;
        _variables ??= [];
        _variables.Add(new VariableMeta
        {
            Start = start - _contextStart,
            End = _index - _contextStart,
            EscapeText = new string('\\', (_index - 1 - start) / 2) + "$",
        });
        _escapeStart = null;
    }

    private void RegisterSlashEscape()
    {
        // An even backslash run before '${' keeps half of the backslashes and leaves the variable live.
        var start = _escapeStart!.Value;
        _variables ??= [];
        _variables.Add(new VariableMeta
        {
            Start = start - _contextStart,
            End = _index - 1 - _contextStart,
            EscapeText = new string('\\', (_index - 1 - start + 1) / 2),
        });
        _escapeStart = null;
    }

    private void RegisterContext(int newContextStart)
    {
        _contexts ??= new Stack<Context>();
        _variables ??= [];
        if (newContextStart != 0 && _contextVariables is null)
        {
            _contextVariables = [];
        }

        _contexts.Push(new Context(
            _state, _variableStart, _contextStart, _variables, _contextVariables, _currentSource, _sources));
        _state = State.MaybeVariableOpen;
        _variableStart = _index;
        _sources = null;
        if (newContextStart != 0)
        {
            _contextStart = newContextStart;
            _variables = _contextVariables;
        }
    }

    private void ReleaseContext()
    {
        if (_contexts is null || _contexts.Count == 0)
        {
            _contexts = null;
            _state = State.Out;
            return;
        }

        var context = _contexts.Pop();
        if (_contexts.Count == 0)
        {
            _contexts = null;
        }

        _state = context.State;
        _variableStart = context.VariableStart;
        _variables = context.Variables;
        _contextVariables = context.ContextVariables;
        _currentSource = context.CurrentSource;
        _sources = context.Sources;
        if (_state == State.Param)
        {
            _paramStart = _contextStart;
        }

        if (_state == State.Address)
        {
            _addressStart = _contextStart;
        }

        _contextStart = context.ContextStart;
    }

    private LiteralValue ParseString(int start)
    {
        var raw = _value[start.._index].Trim();
        if (raw.StartsWith('\''))
        {
            return LiteralValue.String(raw[1..^1]);
        }

        try
        {
            using var document = JsonDocument.Parse(raw);
            return LiteralValue.String(document.RootElement.GetString() ?? string.Empty);
        }
        catch (JsonException)
        {
            throw Invalid(ConfigErrorCodes.VariableSyntax, $"has an invalid double-quoted string {raw}", start);
        }
    }

    private LiteralValue ParseLiteral(string literal, bool fallBackToText)
    {
        switch (literal)
        {
            case "true":
                return LiteralValue.Boolean(true);
            case "false":
                return LiteralValue.Boolean(false);
            case "null":
                return LiteralValue.Null;
        }

        if (TryJavaScriptNumber(literal, out var number))
        {
            return LiteralValue.Number(number);
        }

        if (fallBackToText)
        {
            return LiteralValue.String(literal);
        }

        throw Invalid(
            ConfigErrorCodes.VariableBareWordFallback,
            $"has the fallback '{literal}', which is neither a source nor a literal",
            _sourceStart);
    }

    /// <summary>JavaScript's Number(text) for the forms a fallback can take.</summary>
    private static bool TryJavaScriptNumber(string text, out double number)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 2 && trimmed[0] == '0' && (trimmed[1] is 'x' or 'X' or 'o' or 'O' or 'b' or 'B'))
        {
            var radix = char.ToLowerInvariant(trimmed[1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            try
            {
                number = Convert.ToUInt64(trimmed[2..], radix);
                return true;
            }
            catch (FormatException)
            {
                number = 0;
                return false;
            }
        }

        if (trimmed is "Infinity" or "+Infinity" or "-Infinity")
        {
            number = trimmed[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        if (trimmed.Length == 0)
        {
            number = 0;
            return true;
        }

        // .NET also parses 'NaN' and culture symbols; JavaScript's Number() takes only these characters here.
        number = 0;
        return trimmed.All(ch => char.IsAsciiDigit(ch) || ch is '.' or 'e' or 'E' or '+' or '-')
            && double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    private static bool IsAlphaNumeric(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '-';

    private static bool IsType(string type) =>
        type.Length > 0 && type[0] is >= 'a' and <= 'z' && type.All(char.IsAsciiLetterOrDigit);

    private static VariableSyntaxException Invalid(string code, string message, int index) => new(code, message, index);

    private sealed record Context(
        State State,
        int VariableStart,
        int ContextStart,
        List<VariableMeta>? Variables,
        List<VariableMeta>? ContextVariables,
        SourceMeta? CurrentSource,
        List<SourceMeta>? Sources);
}
