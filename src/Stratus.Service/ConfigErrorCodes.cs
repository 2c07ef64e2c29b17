namespace Stratus.Service;

/// <summary>
/// Every configuration error code Stratus.Service reports, each with a one-line description. A code is never
/// reused for another meaning; a retired code stays listed.
/// </summary>
public static class ConfigErrorCodes
{
    /// <summary>The configuration file does not exist.</summary>
    public const string ConfigFileNotFound = "STR1001";

    /// <summary>The YAML could not be parsed.</summary>
    public const string YamlSyntax = "STR1002";

    /// <summary>A tab character is used for indentation, which YAML forbids.</summary>
    public const string YamlTab = "STR1003";

    /// <summary>A mapping has the same key twice.</summary>
    public const string YamlDuplicateKey = "STR1004";

    /// <summary>A line is indented so that it fits no block.</summary>
    public const string YamlIndentation = "STR1005";

    /// <summary>A YAML tag is neither a standard tag nor a CloudFormation short form.</summary>
    public const string YamlUnknownTag = "STR1006";

    /// <summary>The document is empty or is not a mapping of keys.</summary>
    public const string DocumentNotMapping = "STR1007";

    /// <summary>The file holds more than one YAML document.</summary>
    public const string YamlMultipleDocuments = "STR1008";

    /// <summary>A quoted string or a flow collection is never closed.</summary>
    public const string YamlUnclosed = "STR1009";

    /// <summary>An alias names an anchor that was not defined before it.</summary>
    public const string YamlUnknownAnchor = "STR1010";

    /// <summary>A merge key (&lt;&lt;) or a !merge tag is given something that cannot be merged.</summary>
    public const string YamlInvalidMerge = "STR1011";

    /// <summary>A JSON file could not be parsed.</summary>
    public const string JsonSyntax = "STR1012";

    /// <summary>Aliases expand the document beyond the size Stratus accepts.</summary>
    public const string DocumentTooLarge = "STR1013";

    /// <summary>A file exists but could not be read (a folder, or no permission).</summary>
    public const string FileUnreadable = "STR1014";

    /// <summary>
    /// STR1015: a double-quoted string holds a backslash escape that YAML does not have, or, in YAML or JSON, a
    /// \u escape that is no Unicode character (a lone surrogate, which JSON.parse would keep).
    /// </summary>
    public const string YamlBadEscape = "STR1015";

    /// <summary>STR1016: an alias refers to the anchored list or mapping that contains it (a cycle).</summary>
    public const string YamlAliasCycle = "STR1016";

    /// <summary>STR1017: the service file is JavaScript or TypeScript, which Stratus does not run.</summary>
    public const string ConfigFileIsScript = "STR1017";

    /// <summary>A variable is opened with ${ but never closed.</summary>
    public const string VariableUnterminated = "STR1101";

    /// <summary>A variable is not written in the variable syntax.</summary>
    public const string VariableSyntax = "STR1102";

    /// <summary>A fallback is a bare word that is neither a source nor a literal.</summary>
    public const string VariableBareWordFallback = "STR1103";

    /// <summary>A variable names a source that does not exist.</summary>
    public const string VariableUnknownSource = "STR1104";

    /// <summary>A self: reference addresses a path that has no value, and there is no fallback.</summary>
    public const string SelfPathNotFound = "STR1105";

    /// <summary>Variables refer to each other in a cycle.</summary>
    public const string VariableCycle = "STR1106";

    /// <summary>
    /// A self: reference addresses the whole document, which contains the reference itself.
    /// </summary>
    public const string SelfRoot = "STR1107";

    /// <summary>
    /// A variable inside a longer string resolves to an object or null, which cannot be joined into text.
    /// </summary>
    public const string NonStringInString = "STR1108";

    /// <summary>Resolved values keep producing new variables beyond the nesting limit.</summary>
    public const string VariableNestTooDeep = "STR1109";

    /// <summary>A variable needs AWS (s3:, ssm:, cf:) and no provider for it is registered.</summary>
    public const string SourceNeedsAws = "STR1110";

    /// <summary>A registered external variable source failed.</summary>
    public const string ExternalSourceFailed = "STR1111";

    /// <summary>A file() variable has no path, or its path is not text.</summary>
    public const string FileArgumentInvalid = "STR1112";

    /// <summary>A file() variable points to a file that does not exist, and there is no fallback.</summary>
    public const string FileNotFound = "STR1113";

    /// <summary>
    /// A file() variable addresses a key that the file does not have, and there is no fallback.
    /// </summary>
    public const string FileAddressNotFound = "STR1114";

    /// <summary>A file() variable points to a JavaScript file, which Stratus cannot run.</summary>
    public const string FileTypeUnsupported = "STR1115";

    /// <summary>
    /// An env: variable names an environment variable that is not set, and there is no fallback.
    /// </summary>
    public const string EnvVariableNotSet = "STR1116";

    /// <summary>An opt: variable names a CLI option that was not given, and there is no fallback.</summary>
    public const string OptionNotSet = "STR1117";

    /// <summary>
    /// A param: variable names a parameter that is defined nowhere, and there is no fallback.
    /// </summary>
    public const string ParamNotSet = "STR1118";

    /// <summary>The AWS account id cannot be known offline, and there is no fallback.</summary>
    public const string AccountIdOffline = "STR1119";

    /// <summary>A variable's address or argument is missing or not one the source supports.</summary>
    public const string InvalidSourceAddress = "STR1120";

    /// <summary>strToBool() is given something other than true, false, 1 or 0.</summary>
    public const string StrToBoolInvalid = "STR1121";

    /// <summary>An external source (s3:, ssm:, cf:, ...) found no value, and there is no fallback.</summary>
    public const string ExternalValueNotFound = "STR1122";

    /// <summary>References chain through more properties than the resolver follows.</summary>
    public const string ReferenceChainTooDeep = "STR1123";

    /// <summary>STR1124: text built from variables grows past the accepted size.</summary>
    public const string ResolvedValueTooLarge = "STR1124";

    /// <summary>
    /// STR1125: strToBool() is given an unquoted falsy literal (0, false, null), which the framework reads as no input.
    /// </summary>
    public const string StrToBoolLiteralMissing = "STR1125";

    /// <summary>
    /// STR1130: an encrypted secret (a stored envelope the function decrypts) is joined into longer text, where
    /// nothing would decrypt it.
    /// </summary>
    public const string EncryptedSecretInText = "STR1130";

    /// <summary>
    /// STR1131: an encrypted secret is placed, as a whole value, where nothing decrypts it: anywhere but the whole
    /// value of a function's environment variable (inside a CloudFormation function, in tags, in a description).
    /// </summary>
    public const string EncryptedSecretNeverDecrypted = "STR1131";

    /// <summary>The service has no name.</summary>
    public const string ServiceNameMissing = "STR1201";

    /// <summary>The service name is not letters, digits and hyphens starting with a letter.</summary>
    public const string ServiceNameInvalid = "STR1202";

    /// <summary>A memorySize is outside the Lambda range of 128 to 10240 MB.</summary>
    public const string MemorySizeOutOfRange = "STR1203";

    /// <summary>A timeout is outside the Lambda range of 1 to 900 seconds.</summary>
    public const string TimeoutOutOfRange = "STR1204";

    /// <summary>A function has no handler.</summary>
    public const string HandlerMissing = "STR1205";

    /// <summary>An http event has no method or no path.</summary>
    public const string HttpEventIncomplete = "STR1206";

    /// <summary>An http or httpApi event has a method that API Gateway does not know.</summary>
    public const string HttpMethodInvalid = "STR1207";

    /// <summary>The provider block is missing, not a mapping, or not the aws provider.</summary>
    public const string ProviderInvalid = "STR1208";

    /// <summary>The functions block, or one function, is not a mapping.</summary>
    public const string FunctionInvalid = "STR1209";

    /// <summary>A function's events are not a list of one-key mappings.</summary>
    public const string EventInvalid = "STR1210";

    /// <summary>A setting that must be a whole number is not one.</summary>
    public const string NotAWholeNumber = "STR1211";

    /// <summary>A reservedConcurrency is negative.</summary>
    public const string ReservedConcurrencyInvalid = "STR1212";

    /// <summary>A schedule event has no rate or a rate that is not rate(...) or cron(...).</summary>
    public const string ScheduleInvalid = "STR1213";

    /// <summary>An httpApi event has no route, or a route that is not 'METHOD /path' or '*'.</summary>
    public const string HttpApiEventIncomplete = "STR1214";

    /// <summary>The stage is not text made of letters, digits and hyphens (what a stack name allows).</summary>
    public const string StageInvalid = "STR1215";

    /// <summary>An environment block is not a mapping of names to values.</summary>
    public const string EnvironmentInvalid = "STR1216";

    /// <summary>An HTTP API payload version is not '1.0' or '2.0'.</summary>
    public const string PayloadVersionInvalid = "STR1217";

    /// <summary>The region is not text like 'eu-west-1'.</summary>
    public const string RegionInvalid = "STR1218";

    /// <summary>A cors setting is neither true/false nor a mapping of cors options.</summary>
    public const string CorsInvalid = "STR1219";

    /// <summary>A setting has the wrong type (for example a handler that is a list).</summary>
    public const string ValueTypeInvalid = "STR1220";

    /// <summary>The service is written in the object form (<c>service: { name: x }</c>), which v3 refuses.</summary>
    public const string ServiceObjectNotation = "STR1221";

    /// <summary>STR1222: two functions declare the same route of the same API.</summary>
    public const string RouteConflict = "STR1222";

    /// <summary>STR1223: a route path is not one API Gateway accepts.</summary>
    public const string RoutePathInvalid = "STR1223";

    /// <summary>STR1224: a schedule expression is not a rate or cron expression EventBridge accepts.</summary>
    public const string ScheduleExpressionInvalid = "STR1224";

    /// <summary>STR1225: a schedule's input, inputPath or inputTransformer is not one EventBridge accepts.</summary>
    public const string ScheduleInputInvalid = "STR1225";

    /// <summary>STR1226: a function's maximumRetryAttempts is outside Lambda's 0 to 2.</summary>
    public const string MaximumRetryAttemptsOutOfRange = "STR1226";

    /// <summary>STR1227: a function's maximumEventAge is outside Lambda's 60 to 21600 seconds.</summary>
    public const string MaximumEventAgeOutOfRange = "STR1227";

    /// <summary>
    /// STR1228: a schedule's method, timezone or name is one the framework or EventBridge refuses, or a name
    /// another schedule already has.
    /// </summary>
    public const string ScheduleSettingInvalid = "STR1228";

    /// <summary>STR1229: a function's deployed name is not one Lambda takes (64 letters, digits, '-', '_').</summary>
    public const string FunctionNameInvalid = "STR1229";

    /// <summary>STR1230: two items of a 'functions' list give a function of the same name.</summary>
    public const string FunctionKeyRepeated = "STR1230";

    /// <summary>
    /// STR1231: an environment value is a list, or a mapping that is not one CloudFormation function.
    /// </summary>
    public const string EnvironmentValueInvalid = "STR1231";

    /// <summary>
    /// STR1232: provider.httpApi.cors allows credentials for the origin '*', which API Gateway refuses at deploy.
    /// </summary>
    public const string CorsCredentialsWithAnyOrigin = "STR1232";

    /// <summary>
    /// STR1233: an http event's request schema is not JSON, not a JSON Schema draft 4 that API Gateway accepts as a
    /// model, or names a provider model that does not exist.
    /// </summary>
    public const string RequestSchemaInvalid = "STR1233";

    /// <summary>STR1301 (warning): an event or setting that the local cloud accepts but does not emulate.</summary>
    public const string NotEmulatedLocally = "STR1301";

    /// <summary>STR1302 (warning): an event kind the Serverless Framework does not know.</summary>
    public const string EventKindUnknown = "STR1302";

    /// <summary>STR1303 (warning): a setting the framework's schema does not have (an event's or an API settings
    /// block's, or a likely typo of a function, provider or schedule setting), or has in another form.</summary>
    public const string EventSettingUnknown = "STR1303";

    /// <summary>STR1304 (warning): an httpApi route names an authorizer provider.httpApi does not define.</summary>
    public const string AuthorizerUndefined = "STR1304";

    /// <summary>
    /// STR1305 (warning): a function's timeout is as long as, or longer than, the integration timeout of an API that
    /// routes to it (REST 29 s, HTTP API 30 s).
    /// </summary>
    public const string TimeoutBeyondGateway = "STR1305";

    /// <summary>STR1306 (warning): a mapping key holds a variable, which is not resolved in keys.</summary>
    public const string VariableInKey = "STR1306";

    /// <summary>
    /// STR1307 (warning): frameworkVersion is a range that framework 3.40, which Stratus follows, does not satisfy.
    /// </summary>
    public const string FrameworkVersionExcluded = "STR1307";

    /// <summary>STR1308 (warning): the service lists framework plugins, which Stratus does not run.</summary>
    public const string PluginsNotRun = "STR1308";

    /// <summary>
    /// STR1309 (warning): a schedule expression the local cloud runs, spelt so that the framework's schema pattern
    /// does not match it (spaces inside the parentheses, two spaces between cron fields, a leading zero).
    /// </summary>
    public const string ScheduleSpellingLoose = "STR1309";

    /// <summary>
    /// STR1310: a function with reservedConcurrency 0, which Lambda throttles on every call (a warning in `dev`;
    /// what `invoke local` fails with, before it builds).
    /// </summary>
    public const string FunctionAlwaysThrottled = "STR1310";

    /// <summary>
    /// STR1311 (warning): a CORS setting that can never apply as written: an HTTP API allowed origin with a
    /// wildcard API Gateway does not take, or an allowed method that is no HTTP method.
    /// </summary>
    public const string CorsValueNeverMatches = "STR1311";

    /// <summary>
    /// STR1312 (warning): a REST path with cors on one event and an OPTIONS event of its own, which the framework
    /// compiles into one API Gateway method.
    /// </summary>
    public const string CorsBesideOwnOptions = "STR1312";

    /// <summary>
    /// STR1313 (warning): a REST event requires a path parameter its path does not have, so its request validator
    /// refuses every request (400, "Missing required request parameters").
    /// </summary>
    public const string RequiredPathParameterNotInPath = "STR1313";

    /// <summary>
    /// STR1314 (warning): an http event's request schema for a content type other than JSON is a text that is not
    /// JSON, which the framework deploys as written; bodies of that content type are not validated locally.
    /// </summary>
    public const string RequestSchemaNotChecked = "STR1314";

    /// <summary>Every code with its one-line description, in code order.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = new SortedDictionary<string, string>
    {
        [ConfigFileNotFound] = "The configuration file does not exist.",
        [YamlSyntax] = "The YAML could not be parsed.",
        [YamlTab] = "A tab character is used for indentation.",
        [YamlDuplicateKey] = "A mapping has the same key twice.",
        [YamlIndentation] = "A line is indented so that it fits no block.",
        [YamlUnknownTag] = "A YAML tag is neither standard nor a CloudFormation short form.",
        [DocumentNotMapping] = "The document is empty or not a mapping.",
        [YamlMultipleDocuments] = "The file holds more than one YAML document.",
        [YamlUnclosed] = "A quoted string or flow collection is never closed.",
        [YamlUnknownAnchor] = "An alias names an undefined anchor.",
        [YamlInvalidMerge] = "A merge key or !merge tag is given something that cannot be merged.",
        [JsonSyntax] = "A JSON file could not be parsed.",
        [DocumentTooLarge] = "Aliases or references expand the document beyond the accepted size.",
        [ResolvedValueTooLarge] = "Text built from variables grows beyond the accepted size.",
        [EncryptedSecretInText] = "A stored secret is joined into longer text, where nothing would decrypt it.",
        [EncryptedSecretNeverDecrypted] =
            "A stored secret is placed anywhere but an environment variable's whole value, where nothing decrypts it.",
        [RouteConflict] = "Two functions declare the same route of the same API.",
        [RoutePathInvalid] = "A route path is not one API Gateway accepts.",
        [ScheduleExpressionInvalid] = "A schedule expression is not a rate or cron expression EventBridge accepts.",
        [ScheduleInputInvalid] = "A schedule's input, inputPath or inputTransformer is not one EventBridge accepts.",
        [MaximumRetryAttemptsOutOfRange] = "A maximumRetryAttempts is outside 0 to 2.",
        [MaximumEventAgeOutOfRange] = "A maximumEventAge is outside 60 to 21600 seconds.",
        [ScheduleSettingInvalid] =
            "A schedule's method, timezone or name is one the framework or EventBridge refuses, or a name used twice.",
        [FunctionNameInvalid] = "A function's deployed name is not one Lambda accepts.",
        [FunctionKeyRepeated] = "Two items of a 'functions' list give a function of the same name.",
        [EnvironmentValueInvalid] = "An environment value is a list, or a mapping but no CloudFormation function.",
        [CorsCredentialsWithAnyOrigin] = "An HTTP API's cors allows credentials with the origin '*'.",
        [RequestSchemaInvalid] = "An http event's request schema is not a JSON Schema draft 4 model.",
        [FileUnreadable] = "A file exists but could not be read.",
        [YamlBadEscape] =
            "A double-quoted string holds an escape YAML does not have, or a lone surrogate (YAML or JSON).",
        [YamlAliasCycle] = "An alias refers to the anchored value that contains it.",
        [ConfigFileIsScript] = "The service file is JavaScript or TypeScript.",
        [VariableUnterminated] = "A variable is opened with ${ but never closed.",
        [VariableSyntax] = "A variable is not written in the variable syntax.",
        [VariableBareWordFallback] = "A fallback is a bare word, neither a source nor a literal.",
        [VariableUnknownSource] = "A variable names a source that does not exist.",
        [SelfPathNotFound] = "A self: path has no value and no fallback.",
        [VariableCycle] = "Variables refer to each other in a cycle.",
        [SelfRoot] = "A self: reference addresses the whole document.",
        [NonStringInString] = "A variable inside text resolves to an object or null.",
        [VariableNestTooDeep] = "Resolved values keep producing variables beyond the limit.",
        [SourceNeedsAws] = "A variable needs AWS and no provider is registered.",
        [ExternalSourceFailed] = "A registered external variable source failed.",
        [FileArgumentInvalid] = "A file() variable has no path or a non-text path.",
        [FileNotFound] = "A file() variable points to a missing file and has no fallback.",
        [FileAddressNotFound] = "A file() address has no value and no fallback.",
        [FileTypeUnsupported] = "A file() variable points to a JavaScript file.",
        [EnvVariableNotSet] = "An env: variable is not set and has no fallback.",
        [OptionNotSet] = "An opt: option was not given and has no fallback.",
        [ParamNotSet] = "A param: parameter is defined nowhere and has no fallback.",
        [AccountIdOffline] = "The AWS account id cannot be known offline.",
        [InvalidSourceAddress] = "A variable's address or argument is missing or unsupported.",
        [StrToBoolInvalid] = "strToBool() is given something other than true, false, 1 or 0.",
        [ExternalValueNotFound] = "An external source found no value and there is no fallback.",
        [ReferenceChainTooDeep] = "References chain through more properties than the resolver follows.",
        [StrToBoolLiteralMissing] = "strToBool() is given an unquoted 0, false or null, which reads as no input.",
        [ServiceNameMissing] = "The service has no name.",
        [ServiceNameInvalid] = "The service name is not letters, digits and hyphens.",
        [MemorySizeOutOfRange] = "A memorySize is outside 128 to 10240 MB.",
        [TimeoutOutOfRange] = "A timeout is outside 1 to 900 seconds.",
        [HandlerMissing] = "A function has no handler.",
        [HttpEventIncomplete] = "An http event has no method or no path.",
        [HttpMethodInvalid] = "An http or httpApi event has an unknown method.",
        [ProviderInvalid] = "The provider block is missing, malformed or not aws.",
        [FunctionInvalid] = "The functions block or a function is not a mapping.",
        [EventInvalid] = "A function's events are not a list of one-key mappings.",
        [NotAWholeNumber] = "A setting that must be a whole number is not one.",
        [ReservedConcurrencyInvalid] = "A reservedConcurrency is negative.",
        [ScheduleInvalid] = "A schedule event has no valid rate or cron expression.",
        [HttpApiEventIncomplete] = "An httpApi event has no valid route.",
        [StageInvalid] = "The stage is not a valid stage name.",
        [EnvironmentInvalid] = "An environment block is not a mapping of names to values.",
        [PayloadVersionInvalid] = "An HTTP API payload version is not '1.0' or '2.0'.",
        [RegionInvalid] = "The region is not a valid region name.",
        [CorsInvalid] = "A cors setting is neither a boolean nor a mapping.",
        [ValueTypeInvalid] = "A setting has the wrong type.",
        [ServiceObjectNotation] = "The service is written as an object instead of a name.",
        [NotEmulatedLocally] = "Warning: an event or setting the local cloud accepts but does not emulate.",
        [EventKindUnknown] = "Warning: an event kind the Serverless Framework does not know.",
        [EventSettingUnknown] = "Warning: a setting the framework's schema does not have or refuses, or a typo of one.",
        [AuthorizerUndefined] = "Warning: an httpApi route names an authorizer provider.httpApi does not define.",
        [TimeoutBeyondGateway] = "Warning: a function's timeout reaches past the integration timeout of its API.",
        [VariableInKey] = "Warning: a mapping key holds a variable, which is not resolved in keys.",
        [FrameworkVersionExcluded] = "Warning: frameworkVersion excludes framework 3.40, which Stratus follows.",
        [PluginsNotRun] = "Warning: the service lists framework plugins, which Stratus does not run.",
        [CorsValueNeverMatches] = "Warning: a CORS origin or method can never match as written.",
        [CorsBesideOwnOptions] = "Warning: a REST path has cors and an OPTIONS event of its own.",
        [RequiredPathParameterNotInPath] = "Warning: a required path parameter is not in the event's path.",
        [RequestSchemaNotChecked] = "Warning: a request model for a content type other than JSON is not JSON.",
        [ScheduleSpellingLoose] = "Warning: a schedule expression is spelt as the framework's schema does not take it.",
        [FunctionAlwaysThrottled] = "Warning: a function has reservedConcurrency 0, so every call to it is throttled.",
    };
}
