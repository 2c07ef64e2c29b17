using System.CommandLine;
using Stratus.Cli.Errors;
using Stratus.Cli.Output;
using Stratus.Service;

namespace Stratus.Cli.Commands;

/// <summary>`stratus print`: the service with every variable resolved.</summary>
internal static class PrintCommand
{
    // Each command gets its own option instances (the Create* methods), read back by these names: an option
    // records the commands it belongs to, and roots built at once on several threads (as tests do)
    // corrupted that record when the instances were shared statics.
    private const string FormatName = "--format";
    private const string NodePathName = "--path";

    private static Option<string> CreateFormat()
    {
        var format = new Option<string>(FormatName)
        {
            Description = "Output format: yaml or json.",
            DefaultValueFactory = _ => "yaml",
        };
        format.AcceptOnlyFromAmong("yaml", "json");
        return format;
    }

    private static Option<string?> CreateNodePath() => new(NodePathName)
    {
        Description = "Print only the part at this dotted path, e.g. provider.environment.",
    };

    public static Command Create(CliConsole console)
    {
        var command = new Command("print", "Print the resolved service configuration (secrets shown as ***).");
        command.Options.Add(CreateFormat());
        command.Options.Add(CreateNodePath());
        command.SetAction(async (parse, cancellationToken) =>
        {
            var service = ServiceContext.Load(parse);
            var path = parse.GetValue<string?>(NodePathName) ?? string.Empty;
            var node = Select(ServicePrinter.WithFrameworkDefaults(service), path);
            var masked = MaskedBelow(service.SecretPaths, path, ref node);

            var text = parse.GetValue<string>(FormatName) == "json"
                ? ServicePrinter.ToJson(node, masked)
                : ServicePrinter.ToYaml(node, masked);
            await console.Out.WriteLineAsync(text.TrimEnd());
            return ExitCodes.Success;
        });
        return command;
    }

    // Secret paths are dotted from the document root; printing one part needs them relative to that part, and a
    // part that is itself secret (or inside one) prints as the mask alone.
    private static HashSet<string> MaskedBelow(IReadOnlySet<string> secretPaths, string path, ref ConfigNode node)
    {
        if (path.Length == 0)
        {
            return [.. secretPaths];
        }

        if (secretPaths.Any(secret => path == secret || path.StartsWith(secret + ".", StringComparison.Ordinal)))
        {
            node = ConfigScalar.FromString("***", node.At);
            return [];
        }

        var prefix = path + ".";
        return [.. secretPaths
            .Where(secret => secret.StartsWith(prefix, StringComparison.Ordinal))
            .Select(secret => secret[prefix.Length..])];
    }

    private static ConfigNode Select(ConfigNode root, string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return root;
        }

        return root.Find(path) ?? throw CliErrors.PathNotFound(path);
    }
}
