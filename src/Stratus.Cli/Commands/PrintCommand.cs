using System.CommandLine;
using Stratus.Cli.Errors;
using Stratus.Cli.Output;
using Stratus.Service;

namespace Stratus.Cli.Commands;

/// <summary>`stratus print`: the service with every variable resolved.</summary>
internal static class PrintCommand
{
    private static readonly Option<string> Format = new("--format")
    {
        Description = "Output format: yaml or json.",
        DefaultValueFactory = _ => "yaml",
    };

    private static readonly Option<string?> NodePath = new("--path")
    {
        Description = "Print only the part at this dotted path, e.g. provider.environment.",
    };

    public static Command Create(CliConsole console)
    {
        Format.AcceptOnlyFromAmong("yaml", "json");

        var command = new Command("print", "Print the resolved service configuration (secrets shown as ***).");
        command.Options.Add(Format);
        command.Options.Add(NodePath);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var service = ServiceContext.Load(parse);
            var path = parse.GetValue(NodePath) ?? string.Empty;
            var node = Select(ServicePrinter.WithFrameworkDefaults(service), path);
            var masked = MaskedBelow(service.SecretPaths, path, ref node);

            var text = parse.GetValue(Format) == "json"
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
