using System.Globalization;
using System.Text;

namespace Stratus.Bench.Service;

/// <summary>Writes a serverless.yml with a given number of functions, each holding ten variable references.</summary>
internal static class GeneratedService
{
    public const int ReferencesPerFunction = 10;

    public static string Yaml(int functions)
    {
        var text = new StringBuilder();
        text.Append("service: bench\n");
        text.Append("provider:\n  name: aws\n  runtime: dotnet8\n  stage: ${opt:stage, 'dev'}\n");
        text.Append("params:\n  default:\n    tablePrefix: bench\n  dev:\n    tablePrefix: bench-dev\n");
        text.Append("custom:\n  tableName: ${param:tablePrefix}-table\n  memory:\n    dev: 512\n    prod: 1024\n");
        text.Append("functions:\n");
        for (var i = 0; i < functions; i++)
        {
            AppendFunction(text, i.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    // Ten references per function (name 2, memorySize 2 with the nested one, environment 6), across the sources a
    // real file uses: self, opt, env, param, sls, aws and a variable nested in an address.
    private static void AppendFunction(StringBuilder text, string n)
    {
        text.Append("  fn").Append(n).Append(":\n");
        text.Append("    handler: Bench::Bench.Handlers::Fn").Append(n).Append('\n');
        text.Append("    name: ${self:service}-${sls:stage}-fn").Append(n).Append('\n');
        text.Append("    memorySize: ${self:custom.memory.${opt:stage, 'dev'}}\n");
        text.Append("    environment:\n");
        text.Append("      TABLE: ${self:custom.tableName}\n");
        text.Append("      STAGE: ${opt:stage, 'dev'}\n");
        text.Append("      HOME_DIR: ${env:BENCH_UNSET_").Append(n).Append(", 'none'}\n");
        text.Append("      PREFIX: ${param:tablePrefix}\n");
        text.Append("      SELF: ${self:functions.fn").Append(n).Append(".handler}\n");
        text.Append("      REGION: ${aws:region}\n");
    }
}
