using System.Text.Json;
using Stratus.Functions.Testing;
using UsersService.Functions.Users;

namespace UsersService.Functions.Tests;

public sealed class UserHandlerTests
{
    private readonly InMemoryUserStore _store = new();

    [Fact]
    public async Task CreateUser_ValidBody_Returns201WithLocationAndStoresTheUser()
    {
        var request = HttpApiRequestBuilder.Post("/users").WithBody("""{"name":" Ada ","email":"ada@example.com"}""");

        var response = await UsersHost.Create(_store).InvokeHttpApiAsync<CreateUserHandler>(request.Build());

        Assert.Equal(201, response.StatusCode);
        Assert.Equal("/users/u1", response.Headers!["Location"]);
        Assert.Equal(new User("u1", "Ada", "ada@example.com"), Assert.Single(_store.Users));
    }

    [Theory]
    [InlineData("""{"email":"ada@example.com"}""", "name")]
    [InlineData("""{"name":"","email":"ada@example.com"}""", "name")]
    [InlineData("""{"name":"Ada","email":"ada.example.com"}""", "email")]
    [InlineData("""{"name":"Ada","email":"ada@example"}""", "email")]
    [InlineData("""{"name":"Ada"}""", "email")]
    public async Task CreateUser_InvalidField_Returns400NamingTheField(string body, string field)
    {
        var request = HttpApiRequestBuilder.Post("/users").WithBody(body).Build();

        var response = await UsersHost.Create(_store).InvokeHttpApiAsync<CreateUserHandler>(request);

        Assert.Equal(400, response.StatusCode);
        var errors = JsonDocument.Parse(response.Body!).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), response.Body);
        Assert.Empty(_store.Users);
    }

    [Fact]
    public async Task CreateUser_BodyIsNotJson_Returns400()
    {
        var request = HttpApiRequestBuilder.Post("/users").WithBody("{name: nope").Build();

        var response = await UsersHost.Create(_store).InvokeHttpApiAsync<CreateUserHandler>(request);

        Assert.Equal(400, response.StatusCode);
    }

    [Fact]
    public async Task ListUsers_ReturnsEveryUserInOrder()
    {
        _store.With(new User("a", "Ada", "ada@example.com"), new User("b", "Bob", "bob@example.com"));

        var response = await new ListUsersHandler(_store)
            .ExecuteAsync(HttpApiRequestBuilder.Get("/users").Build(), new TestLambdaContext());

        Assert.Equal(200, response.StatusCode);
        var ids = JsonDocument.Parse(response.Body!).RootElement.EnumerateArray().Select(u => u.GetProperty("id").GetString());
        Assert.Equal(["a", "b"], ids);
    }

    [Fact]
    public async Task GetUser_Existing_Returns200WithTheUser()
    {
        _store.With(new User("a", "Ada", "ada@example.com"));
        var request = HttpApiRequestBuilder.Get("/users/a").WithPathParameter("id", "a").Build();

        var response = await new GetUserHandler(_store).ExecuteAsync(request, new TestLambdaContext());

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("Ada", JsonDocument.Parse(response.Body!).RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task GetUser_Missing_Returns404Problem()
    {
        var request = HttpApiRequestBuilder.Get("/users/zz").WithPathParameter("id", "zz").Build();

        var response = await new GetUserHandler(_store).ExecuteAsync(request, new TestLambdaContext());

        Assert.Equal(404, response.StatusCode);
        Assert.Contains("zz", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateUser_Existing_Returns200WithTheNewFields()
    {
        _store.With(new User("a", "Ada", "ada@example.com"));
        var request = HttpApiRequestBuilder.Put("/users/a").WithPathParameter("id", "a")
            .WithBody("""{"name":"Ada L","email":"al@example.com"}""").Build();

        var response = await new UpdateUserHandler(_store).ExecuteAsync(request, new TestLambdaContext());

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(new User("a", "Ada L", "al@example.com"), Assert.Single(_store.Users));
    }

    [Fact]
    public async Task UpdateUser_Missing_Returns404()
    {
        var request = HttpApiRequestBuilder.Put("/users/zz").WithPathParameter("id", "zz")
            .WithBody("""{"name":"Ada","email":"ada@example.com"}""").Build();

        var response = await new UpdateUserHandler(_store).ExecuteAsync(request, new TestLambdaContext());

        Assert.Equal(404, response.StatusCode);
    }

    [Fact]
    public async Task UpdateUser_InvalidEmail_Returns400AndKeepsTheUser()
    {
        _store.With(new User("a", "Ada", "ada@example.com"));
        var request = HttpApiRequestBuilder.Put("/users/a").WithPathParameter("id", "a")
            .WithBody("""{"name":"Ada","email":"nope"}""").Build();

        var response = await new UpdateUserHandler(_store).ExecuteAsync(request, new TestLambdaContext());

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("ada@example.com", Assert.Single(_store.Users).Email);
    }

    [Fact]
    public async Task DeleteUser_Existing_Returns204AndRemovesIt()
    {
        _store.With(new User("a", "Ada", "ada@example.com"));
        var request = HttpApiRequestBuilder.Delete("/users/a").WithPathParameter("id", "a").Build();

        var response = await new DeleteUserHandler(_store).ExecuteAsync(request, new TestLambdaContext());

        Assert.Equal(204, response.StatusCode);
        Assert.Empty(_store.Users);
    }

    [Fact]
    public async Task DeleteUser_Missing_Returns404()
    {
        var request = HttpApiRequestBuilder.Delete("/users/zz").WithPathParameter("id", "zz").Build();

        var response = await new DeleteUserHandler(_store).ExecuteAsync(request, new TestLambdaContext());

        Assert.Equal(404, response.StatusCode);
    }
}
