// A bare Kestrel endpoint on 127.0.0.1: GET /status answers {"version":"1.0.0"} as JSON, like the example's
// status function, with no gateway, no second process and no logging. Usage: KestrelPeer <port>
using System.Globalization;

var port = int.Parse(args[0], CultureInfo.InvariantCulture);
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, port));

var app = builder.Build();
var status = """{"version":"1.0.0"}"""u8.ToArray();
app.MapGet("/status", async context =>
{
    // Content-Length, as the emulator answers, so both frame their answers alike.
    context.Response.ContentType = "application/json";
    context.Response.ContentLength = status.Length;
    await context.Response.Body.WriteAsync(status);
});

await app.RunAsync();
