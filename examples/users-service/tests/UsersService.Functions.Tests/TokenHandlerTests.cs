using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Stratus.Functions.Testing;
using UsersService.Functions.Tokens;
using UsersService.Functions.Users;

namespace UsersService.Functions.Tests;

public sealed class TokenHandlerTests
{
    private const string Secret = "test-signing-key-of-32-bytes-len";

    private readonly InMemoryUserStore _store = new InMemoryUserStore().With(new User("u7", "Ada", "ada@example.com"));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly JwtTokens _tokens;

    public TokenHandlerTests() => _tokens = new JwtTokens(Secret, _clock);

    [Fact]
    public async Task CreateToken_ExistingUser_ReturnsHs256TokenValidForOneHour()
    {
        var request = HttpApiRequestBuilder.Post("/tokens").WithBody("""{"userId":"u7"}""").Build();

        var response = await new CreateTokenHandler(_store, _tokens).ExecuteAsync(request, new TestLambdaContext());

        Assert.Equal(200, response.StatusCode);
        var token = JsonDocument.Parse(response.Body!).RootElement.GetProperty("token").GetString()!;
        var parts = token.Split('.');
        Assert.Equal("""{"alg":"HS256","typ":"JWT"}""", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[0])));
        var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])).RootElement;
        Assert.Equal("u7", claims.GetProperty("sub").GetString());
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeSeconds(), claims.GetProperty("iat").GetInt64());
        Assert.Equal(3600, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
        var expected = HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(Secret),
            Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
        Assert.Equal(Base64Url.EncodeToString(expected), parts[2]);
    }

    [Fact]
    public async Task CreateToken_UnknownUser_Returns404()
    {
        var request = HttpApiRequestBuilder.Post("/tokens").WithBody("""{"userId":"nobody"}""").Build();

        var response = await new CreateTokenHandler(_store, _tokens).ExecuteAsync(request, new TestLambdaContext());

        Assert.Equal(404, response.StatusCode);
    }

    [Fact]
    public async Task CreateToken_NoUserId_Returns400NamingTheField()
    {
        var request = HttpApiRequestBuilder.Post("/tokens").WithBody("{}").Build();

        var response = await new CreateTokenHandler(_store, _tokens).ExecuteAsync(request, new TestLambdaContext());

        Assert.Equal(400, response.StatusCode);
        var errors = JsonDocument.Parse(response.Body!).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("userId", out _));
    }

    [Fact]
    public async Task GetMe_ValidToken_ReturnsTheUser()
    {
        var response = await GetMeAsync("Bearer " + _tokens.Issue("u7"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("Ada", JsonDocument.Parse(response.Body!).RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task GetMe_NoAuthorizationHeader_Returns401WithABearerChallenge()
    {
        var response = await GetMeAsync(null);

        Assert.Equal(401, response.StatusCode);
        Assert.Equal("Bearer", response.Headers!["WWW-Authenticate"]);
    }

    [Fact]
    public async Task GetMe_ExpiredToken_Returns401SayingSo()
    {
        var token = _tokens.Issue("u7");
        _clock.Advance(TimeSpan.FromHours(1));

        var response = await GetMeAsync("Bearer " + token);

        Assert.Equal(401, response.StatusCode);
        Assert.Contains("expired", response.Body);
    }

    [Fact]
    public async Task GetMe_TokenJustBeforeExpiry_IsAccepted()
    {
        var token = _tokens.Issue("u7");
        _clock.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));

        var response = await GetMeAsync("Bearer " + token);

        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task GetMe_TokenSignedWithAnotherKey_Returns401()
    {
        var forged = new JwtTokens("another-key-entirely-of-32-bytes", _clock).Issue("u7");

        var response = await GetMeAsync("Bearer " + forged);

        Assert.Equal(401, response.StatusCode);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS512")]
    public async Task GetMe_TokenWithAnotherAlgorithm_Returns401(string algorithm)
    {
        var parts = _tokens.Issue("u7").Split('.');
        var header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"alg":"{{algorithm}}","typ":"JWT"}"""));

        var response = await GetMeAsync($"Bearer {header}.{parts[1]}.{parts[2]}");

        Assert.Equal(401, response.StatusCode);
    }

    [Fact]
    public async Task GetMe_PayloadChangedToAnotherUser_Returns401()
    {
        _store.With(new User("u8", "Bob", "bob@example.com"));
        var parts = _tokens.Issue("u7").Split('.');
        var claims = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1]))
            .Replace("u7", "u8", StringComparison.Ordinal);

        var changed = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims));
        var response = await GetMeAsync($"Bearer {parts[0]}.{changed}.{parts[2]}");

        Assert.Equal(401, response.StatusCode);
    }

    [Theory]
    [InlineData("Bearer ")]
    [InlineData("Bearer not-a-token")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task GetMe_MalformedAuthorization_Returns401(string authorization)
    {
        var response = await GetMeAsync(authorization);

        Assert.Equal(401, response.StatusCode);
    }

    [Fact]
    public async Task Configure_WithJwtSecretVariable_RegistersBothTokenFunctions()
    {
        using var host = FunctionTestHost.Create(
            UsersFunctions.Configure,
            services => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions
                .AddSingleton<IUserStore>(services, _store),
            new Dictionary<string, string> { ["JWT_SECRET"] = Secret });
        var create = HttpApiRequestBuilder.Post("/tokens").WithBody("""{"userId":"u7"}""").Build();

        var created = await host.InvokeHttpApiAsync<CreateTokenHandler>(create);
        var token = JsonDocument.Parse(created.Body!).RootElement.GetProperty("token").GetString();
        var me = await host.InvokeHttpApiAsync<GetMeHandler>(
            HttpApiRequestBuilder.Get("/me").WithHeader("Authorization", $"Bearer {token}").Build());

        Assert.Equal(200, me.StatusCode);
        Assert.DoesNotContain(host.Logs, entry => entry.Message.Contains(Secret, StringComparison.Ordinal));
    }

    private Task<Stratus.Functions.HttpApiResponse> GetMeAsync(string? authorization)
    {
        var request = HttpApiRequestBuilder.Get("/me");
        if (authorization is not null)
        {
            request = request.WithHeader("Authorization", authorization);
        }

        return new GetMeHandler(_store, _tokens).ExecuteAsync(request.Build(), new TestLambdaContext());
    }
}
