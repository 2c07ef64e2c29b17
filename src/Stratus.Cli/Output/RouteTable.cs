using System.Text;
using Stratus.Service;

namespace Stratus.Cli.Output;

/// <summary>The banner `stratus dev` prints: what it built and every route it serves.</summary>
internal static class RouteTable
{
    public static string Format(DevSession session)
    {
        var text = new StringBuilder();
        text.AppendLine($"{session.Service.Name} (stage '{session.Service.Stage}', {session.Build.Kind})");

        // Paths come from serverless.yml, so they are shown escaped, as every value quoted from it is.
        var routes = session.Cloud.Routes
            .Select(route => (route.Method, Url: DisplayText.Escaped(route.Url), route.FunctionKey))
            .ToList();
        var methodWidth = routes.Count == 0 ? 0 : routes.Max(route => route.Method.Length);
        var urlWidth = routes.Count == 0 ? 0 : routes.Max(route => route.Url.Length);
        foreach (var route in routes)
        {
            text.AppendLine($"  {route.Method.PadRight(methodWidth)}  {route.Url.PadRight(urlWidth)}  -> {route.FunctionKey}");
        }

        text.Append($"Serving on {session.Cloud.BaseAddress} (Lambda invoke API on the same port). Ctrl+C stops.");
        return text.ToString();
    }
}
