using System.Globalization;
using System.Security.Cryptography;

namespace Stratus.Local.Internal;

/// <summary>Builds the environment a Lambda execution environment gives a function process.</summary>
internal static class FunctionEnvironment
{
    // Only what a process needs to start on this machine passes through, and the developer's AWS identity: Lambda
    // gives a function its execution role's keys (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
    // reserved names), and locally the developer's credentials stand in for the role, as with the framework's
    // `invoke local`. Without AWS_PROFILE and the files' paths an SDK in the function would quietly use the
    // default profile, another account than the developer's shell. Everything else in the shell stays out, as
    // it would in Lambda.
    private static readonly string[] InheritedNames =
    [
        "PATH", "HOME",
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "AWS_PROFILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE",
    ];
    private const string InheritedPrefix = "DOTNET_";

    // tempDirectory is the instance's own temp folder, its /tmp, passed as TMPDIR.
    public static Dictionary<string, string> Build(
        LocalFunction function,
        LocalCloudOptions options,
        string runtimeApi,
        string? runtimeApiSocket,
        string tempDirectory,
        DateTimeOffset now)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        AddInherited(environment);

        // TZ, LANG and LD_LIBRARY_PATH are not on Lambda's reserved list: a function may set its own. LANG is
        // Lambda's locale, "en_US.UTF-8" (configuration-envvars.html), not whatever this machine's shell uses.
        environment["TZ"] = ":UTC";
        environment["LANG"] = "en_US.UTF-8";
        environment["LD_LIBRARY_PATH"] = LibraryPath(function);

        // Lambda sets no TMPDIR (its runtimes fall back to /tmp, which is the environment's own) and does not
        // reserve it, so a function that sets TMPDIR in serverless.yml gets its value in AWS, and here too: its
        // path is then as shared locally as the literal /tmp is (see InstanceTempDirectory).
        environment["TMPDIR"] = tempDirectory;
        foreach (var (name, value) in function.Environment)
        {
            environment[name] = value;
        }

        // Lambda reserves these names and refuses to deploy a function that sets them, so they win here too.
        environment["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;

        // Stratus's own SDK reads this one only, and takes the Runtime API over the socket; any other runtime
        // ignores it and uses the TCP address above.
        if (runtimeApiSocket is not null)
        {
            environment["STRATUS_RUNTIME_API_SOCKET"] = runtimeApiSocket;
        }

        environment["_HANDLER"] = function.Handler;
        environment["AWS_LAMBDA_FUNCTION_NAME"] = function.Name;
        environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = function.MemorySize.ToString(CultureInfo.InvariantCulture);
        environment["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
        environment["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand";
        environment["AWS_REGION"] = options.Region;
        environment["AWS_DEFAULT_REGION"] = options.Region;
        environment["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + function.Name;
        environment["AWS_LAMBDA_LOG_STREAM_NAME"] = LogStreamName(now);
        environment["LAMBDA_TASK_ROOT"] = function.TaskRoot;
        environment["LAMBDA_RUNTIME_DIR"] = RuntimeDirectory(function);
        SetExecutionEnvironment(environment, function.Runtime);
        return environment;
    }

    private static void AddInherited(Dictionary<string, string> environment)
    {
        foreach (var name in InheritedNames)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                environment[name] = value;
            }
        }

        foreach (var entry in Environment.GetEnvironmentVariables().Keys.OfType<string>())
        {
            if (entry.StartsWith(InheritedPrefix, StringComparison.Ordinal)
                && !IsEmulatorTuning(entry)
                && Environment.GetEnvironmentVariable(entry) is { } value)
            {
                environment[entry] = value;
            }
        }
    }

    // The emulator's socket setting is not the function's: Lambda gives a function no such variable, and
    // whether this process set it or inherited it from a shell that ran `stratus dev` cannot be told apart.
    // A function that wants it says so in its serverless.yml environment, which is applied after this.
    private static bool IsEmulatorTuning(string name) => name == SocketCompletions.InlineVariable;

    private static void SetExecutionEnvironment(Dictionary<string, string> environment, string? runtime)
    {
        // AWS leaves AWS_EXECUTION_ENV unset on the OS-only runtimes (provided.*).
        runtime ??= "dotnet8";
        if (runtime.StartsWith("provided", StringComparison.Ordinal))
        {
            environment.Remove("AWS_EXECUTION_ENV");
            return;
        }

        environment["AWS_EXECUTION_ENV"] = "AWS_Lambda_" + runtime;
    }

    private static string RuntimeDirectory(LocalFunction function)
    {
        // Lambda's /var/runtime does not exist locally; the folder of the started program is its counterpart.
        return Path.IsPathRooted(function.ExecutablePath)
            ? Path.GetDirectoryName(function.ExecutablePath) ?? function.TaskRoot
            : function.TaskRoot;
    }

    /// <summary>
    /// Lambda's library path puts the runtime's folder and the function's own (each with its <c>lib</c>) after the
    /// system's, so a custom runtime loads the shared libraries shipped in its zip. The system folders are the
    /// loader's defaults here, and layers (/opt/lib) are not emulated.
    /// </summary>
    private static string LibraryPath(LocalFunction function)
    {
        var runtime = RuntimeDirectory(function);
        var task = function.TaskRoot;
        string[] folders = [runtime, Path.Combine(runtime, "lib"), task, Path.Combine(task, "lib")];
        return string.Join(':', folders.Distinct(StringComparer.Ordinal));
    }

    private static string LogStreamName(DateTimeOffset now) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{now:yyyy'/'MM'/'dd}/[$LATEST]{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}");
}
