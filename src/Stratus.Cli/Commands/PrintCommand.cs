using System.CommandLine;
using Stratus.Cli.Errors;
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
            var node = Select(service.Resolved, parse.GetValue(NodePath));

            var text = parse.GetValue(Format) == "json" ? ServicePrinter.ToJson(node) : ServicePrinter.ToYaml(node);
            await console.Out.WriteLineAsync(text.TrimEnd());
            return ExitCodes.Success;
        });
        return command;
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
