using System.Runtime.CompilerServices;

namespace Stratus.Cli.Tests.Support;

/// <summary>
/// Points STRATUS_HOME at a temporary folder for the whole test run, before any test starts, so the local
/// secrets store and its key file never touch the user's profile folder; removed when the run ends.
/// </summary>
internal static class TestStratusHome
{
    public static string Root { get; private set; } = "";

    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage(
        "Usage",
        "CA2255:The ModuleInitializer attribute should not be used in libraries",
        Justification = "A test assembly: the variable must be set before any test reads the environment.")]
    internal static void Initialize()
    {
        Root = Directory.CreateTempSubdirectory("stratus-cli-tests-home-").FullName;
        Environment.SetEnvironmentVariable("STRATUS_HOME", Root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A function process may still hold a file; the OS temp cleaner removes the rest.
            }
        };
    }
}
