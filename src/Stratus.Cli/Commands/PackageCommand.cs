using System.CommandLine;
using System.Globalization;
using System.Text;
using Stratus.Aws;
using Stratus.Cli.Output;
using Stratus.Packaging;
using Stratus.Service;

namespace Stratus.Cli.Commands;

/// <summary>`stratus package`: every function's deployable zip, a manifest and a size report.</summary>
internal static class PackageCommand
{
    // Each command gets its own option instances (the Create* methods), read back by these names: an option
    // records the commands it belongs to, and roots built at once on several threads (as tests do)
    // corrupted that record when the instances were shared statics.
    // SecretSources reads the last three too.
    internal const string LocalName = "--local";
    internal const string AwsProfileName = "--aws-profile";
    internal const string S3EndpointName = "--s3-endpoint";
    private const string ForceName = "--force";

    private static Option<bool> CreateForce() => new(ForceName)
    {
        Description = "Rebuild every artifact, even those whose inputs did not change.",
    };

    /// <summary>Reads <c>${s3:}</c> secrets from the local store instead of AWS (see SecretSources).</summary>
    private static Option<bool> CreateLocal() => new(LocalName)
    {
        Description = "Read ${s3:} secrets from the local store (~/.stratus) instead of the stage's AWS bucket.",
    };

    private static Option<string?> CreateAwsProfile() => new(AwsProfileName)
    {
        Description = "AWS profile that reads ${s3:} and ${ssm:} (default: the environment, then AWS_PROFILE).",
    };

    private static Option<string?> CreateS3Endpoint() => new(S3EndpointName)
    {
        Description = $"S3-compatible endpoint URL (default: ${AwsSettings.S3EndpointVariable}, then AWS).",
    };

    public static Command Create(CliConsole console)
    {
        var command = new Command(
            "package",
            "Package each function into a reproducible zip under .stratus/package " +
            "(Native AOT for provided.al2023 and provided.al2).");
        command.Options.Add(CreateForce());
        command.Options.Add(CreateLocal());
        command.Options.Add(CreateAwsProfile());
        command.Options.Add(CreateS3Endpoint());
        command.SetAction((parse, cancellationToken) => RunAsync(parse, console, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CliConsole console, CancellationToken cancellationToken)
    {
        var service = ServiceContext.Load(parse);
        var count = service.Functions.Count;
        await console.Error.WriteLineAsync($"Packaging {service.Name} ({count} function{(count == 1 ? "" : "s")})...");

        var options = new PackageOptions
        {
            Force = parse.GetValue<bool>(ForceName),
            Progress = line => console.Error.WriteLine("  " + line),
        };
        var result = await new ServicePackager().PackageAsync(service, options, cancellationToken);

        foreach (var warning in result.Warnings)
        {
            await console.Error.WriteLineAsync("warning: " + warning);
        }

        await console.Out.WriteLineAsync(FormatTable(result));
        return ExitCodes.Success;
    }

    /// <summary>Formats the size report: one row per function, then where the package was written.</summary>
    internal static string FormatTable(PackageResult result)
    {
        var rows = result.Functions.Select(package => new[]
        {
            package.FunctionKey,
            Path.GetFileName(package.ArtifactPath),
            package.BuildKind.ToString(),
            Megabytes(package.UnzippedSize),
            Megabytes(package.ZippedSize),
            package.Reused ? "reused" : "built",
        }).ToList();
        string[] header = ["function", "artifact", "build", "unzipped", "zipped", ""];
        var widths = header
            .Select((title, i) => rows.Select(row => row[i].Length).Append(title.Length).Max())
            .ToArray();

        var text = new StringBuilder();
        AppendRow(text, header, widths);
        foreach (var row in rows)
        {
            AppendRow(text, row, widths);
        }

        var reused = result.Functions.Where(package => package.Reused).Select(package => package.FunctionKey).ToList();
        text.Append(reused.Count == 0
            ? "Zips reused: none"
            : "Zips reused (no input changed): " + string.Join(", ", reused));
        text.Append('\n').Append("Package written to ").Append(result.OutputDirectory);
        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            // Names are left-aligned, sizes right-aligned so their digits line up.
            var cell = i is 3 or 4 ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]);
            text.Append(cell).Append(i < cells.Length - 1 ? "  " : "");
        }

        text.Length = text.ToString().TrimEnd().Length;
        text.Append('\n');
    }

    private static string Megabytes(long bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.00} MB");
}
