using Stratus.Service;

namespace Stratus.Packaging;

/// <summary>The configuration errors packaging reports, each with a stable STR3xxx code.</summary>
public static class PackagingErrors
{
    /// <summary>STR3001: a handler string without an assembly and a type.</summary>
    public static ConfigError MalformedHandler(FunctionDefinition function)
    {
        ArgumentNullException.ThrowIfNull(function);

        return new ConfigError(
            "STR3001",
            function.HandlerSpan,
            $"function '{function.Key}' has handler '{function.Handler}', which does not name an assembly and a type.",
            "write the handler as 'Assembly::Namespace.TypeName', for example " +
            "'UsersService.Functions::UsersService.Functions.GetUserHandler'.");
    }

    /// <summary>STR3002: the handler's assembly is not built by any project in the service folder.</summary>
    public static ConfigError UnknownAssembly(
        FunctionDefinition function,
        HandlerReference handler,
        IReadOnlyList<FunctionProject> projects)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(projects);

        var known = projects.Count == 0
            ? "no project was found under the service folder"
            : "projects found build " + string.Join(", ", projects.Select(p => $"'{p.AssemblyName}'"));
        return new ConfigError(
            "STR3002",
            function.HandlerSpan,
            $"function '{function.Key}' names assembly '{handler.AssemblyName}', but no project builds it ({known}).",
            "use the AssemblyName of a functions project under the service folder before '::' in the handler.");
    }
}
