using Stratus.Service.Internal.Json;
using Stratus.Service.Internal.Tree;
using Stratus.Service.Internal.Yaml;

namespace Stratus.Service.Internal.Variables;

/// <summary>
/// The <c>file(path):address</c> source: YAML and JSON files are parsed (once each), other files read as
/// text.
/// </summary>
internal sealed partial class VariableResolver
{
    private static readonly HashSet<string> ScriptExtensions =
        new(StringComparer.OrdinalIgnoreCase) { ".js", ".cjs", ".mjs", ".ts" };

    private readonly Dictionary<string, FileContent> _fileCache = new(StringComparer.Ordinal);
    private readonly HashSet<SourceSpan> _reportedIncludeCycles = [];

    private async ValueTask<SourceOutcome> FileAsync(SourceRequest request, CancellationToken cancellationToken)
    {
        var relative = request.Parameters.Count > 0 && request.Parameters[0] is MScalar { Kind: ScalarKind.Text } path
            ? path.Text.Trim()
            : null;
        if (string.IsNullOrEmpty(relative))
        {
            return Fail(
                request.Host,
                ConfigErrorCodes.FileArgumentInvalid,
                request.VariableText,
                $"'{request.VariableText}' gives no file path.",
                "name the file in the parentheses, such as ${file(./config.yml):key}.");
        }

        var fullPath = Path.GetFullPath(Path.Combine(_settings.ServiceDirectory, relative));
        var include = new FileInclude(
            fullPath,
            request.Address ?? string.Empty,
            string.IsNullOrEmpty(request.Address) ? $"file({relative})" : $"file({relative}):{request.Address}",
            request.Path);
        if (request.Host.Includes.Any(step => step.FullPath == fullPath && step.Address == include.Address))
        {
            return IncludeCycle(request, include);
        }

        var content = Read(fullPath, relative, request);
        if (content.Failed)
        {
            return SourceOutcome.Failed;
        }

        if (content.Root is null)
        {
            return content.IsEmpty
                ? SourceOutcome.NotFound(ConfigErrorCodes.FileAddressNotFound, $"the file '{relative}' is empty")
                : SourceOutcome.NotFound(ConfigErrorCodes.FileNotFound, $"the file '{relative}' does not exist");
        }

        var copy = content.Root.Clone();
        SetNestDepth(copy, request.Host.NestDepth + 1);
        MarkIncluded(copy, [.. request.Host.Includes, include]);
        if (string.IsNullOrEmpty(request.Address))
        {
            return SourceOutcome.Found(copy);
        }

        return await FileAddressAsync(copy, relative, request, cancellationToken);
    }

    private async ValueTask<SourceOutcome> FileAddressAsync(
        MNode content,
        string relative,
        SourceRequest request,
        CancellationToken cancellationToken)
    {
        // A holder gives the file's root a slot, so a root that is a variable can be resolved like any value.
        var holder = new MSequence(content.At);
        holder.Items.Add(content);
        var keys = new List<string> { "0" };
        keys.AddRange(request.Address!.Split('.'));

        var outcome = await ResolvePathAsync(holder, keys, $"file({relative})", false, cancellationToken);
        return outcome.IsFailed || outcome.IsFound
            ? outcome
            : SourceOutcome.NotFound(
                ConfigErrorCodes.FileAddressNotFound,
                $"the file '{relative}' has no value at '{request.Address}'");
    }

    /// <summary>
    /// A value that includes, through <c>${file()}</c>, the same address of a file it was itself read from would
    /// include itself without end. Each variable closing such a cycle is reported once, however many copies of the
    /// file reach it.
    /// </summary>
    private SourceOutcome IncludeCycle(SourceRequest request, FileInclude include)
    {
        var at = Locate(request.Host, request.VariableText);
        if (!_reportedIncludeCycles.Add(at))
        {
            return SourceOutcome.Failed;
        }

        Errors.Add(new ConfigError(
            ConfigErrorCodes.VariableCycle,
            at,
            $"the variable '{request.VariableText}' is part of a cycle through included files: " +
            $"{IncludeChain(request.Host.Includes)} → {include.Label}.",
            "break the cycle: make one of these values a literal, or point it somewhere else."));
        return SourceOutcome.Failed;
    }

    /// <summary>The property that started the includes, then each one: <c>custom.x → file(./a.yml):y</c>.</summary>
    private static string IncludeChain(IReadOnlyList<FileInclude> includes) =>
        string.Join(" → ", includes.Select(step => step.Label).Prepend(includes[0].RequestedBy));

    private static void MarkIncluded(MNode node, IReadOnlyList<FileInclude> includes)
    {
        foreach (var scalar in node.Scalars())
        {
            scalar.Includes = includes;
        }
    }

    private FileContent Read(string fullPath, string relative, SourceRequest request)
    {
        if (_fileCache.TryGetValue(fullPath, out var cached))
        {
            return cached;
        }

        var content = Load(fullPath, relative, request);
        _fileCache[fullPath] = content;
        return content;
    }

    private FileContent Load(string fullPath, string relative, SourceRequest request)
    {
        // Even a file that is missing or fails to read: creating or fixing it changes how the service reads.
        _settings.Files.LookedFor(fullPath);
        if (Directory.Exists(fullPath))
        {
            Fail(
                request.Host,
                ConfigErrorCodes.FileUnreadable,
                request.VariableText,
                $"'{request.VariableText}' points to the folder '{relative}', not to a file.",
                "point the variable at a file inside the folder.");
            return FileContent.Failure;
        }

        if (!File.Exists(fullPath))
        {
            return FileContent.Missing;
        }

        var extension = Path.GetExtension(fullPath);

        // Limitation: the framework runs .js files and uses what they export; Stratus runs no JavaScript, so
        // such references are reported instead of resolved.
        if (ScriptExtensions.Contains(extension))
        {
            Fail(
                request.Host,
                ConfigErrorCodes.FileTypeUnsupported,
                request.VariableText,
                $"'{request.VariableText}' points to the script '{relative}'; Stratus reads YAML, JSON and text " +
                "files but does not run JavaScript.",
                "move the values into a .yml or .json file, or pass them as --param or environment variables.");
            return FileContent.Failure;
        }

        string text;
        try
        {
            Stats.FileReads++;
            text = File.ReadAllText(fullPath);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            Fail(
                request.Host,
                ConfigErrorCodes.FileUnreadable,
                request.VariableText,
                $"the file '{relative}' named by '{request.VariableText}' cannot be read: " +
                $"{error.Message.TrimEnd('.')}.",
                "check that the file is readable by the current user.");
            return FileContent.Failure;
        }

        return Parse(text, fullPath, extension, request);
    }

    private FileContent Parse(string text, string fullPath, string extension, SourceRequest request)
    {
        var display = DisplayPath(fullPath);
        _settings.Files.Add(display, text);
        var errorsBefore = Errors.Count;
        var root = extension.ToLowerInvariant() switch
        {
            ".yml" or ".yaml" => YamlLoader.Load(text, display, Errors, expandShortForms: true),
            ".json" or ".tfstate" => JsonLoader.Load(text, display, Errors),
            _ => new MScalar(new SourceSpan(display, 1, 1, 1), ScalarKind.Text, text, ConfigScalarStyle.Literal)
            {
                State = ResolveState.Unparsed,
            },
        };

        if (root is null || Errors.Count > errorsBefore)
        {
            NameIncluder(errorsBefore, request);
            return FileContent.Failure;
        }

        // An empty file holds no value, so a fallback applies, as in the framework.
        return root is MScalar { Kind: ScalarKind.Null } ? FileContent.Empty : new FileContent(root, false);
    }

    /// <summary>
    /// An error inside an included file says which variable read the file, since the file alone does not tell
    /// which of several includes (or which service) brought it in.
    /// </summary>
    private void NameIncluder(int firstError, SourceRequest request)
    {
        var includer = Locate(request.Host, request.VariableText);
        for (var index = firstError; index < Errors.Count; index++)
        {
            Errors[index] = Errors[index] with
            {
                Message = $"{Errors[index].Message} The file is read by '{request.VariableText}' at {includer}.",
            };
        }
    }

    private string DisplayPath(string fullPath) =>
        _settings.ShowFullPaths ? fullPath : Path.GetRelativePath(Environment.CurrentDirectory, fullPath);

    /// <summary>
    /// A file's parsed content (null when it does not exist), or a failure already reported.
    /// </summary>
    private sealed record FileContent(MNode? Root, bool Failed, bool IsEmpty = false)
    {
        public static FileContent Missing { get; } = new(null, false);

        public static FileContent Empty { get; } = new(null, false, true);

        public static FileContent Failure { get; } = new(null, true);
    }
}
