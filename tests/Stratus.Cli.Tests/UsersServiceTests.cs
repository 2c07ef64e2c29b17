using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Stratus.Cli.Tests.Support;

namespace Stratus.Cli.Tests;

/// <summary>The users example served by `stratus dev`'s local cloud, exercised over real HTTP.</summary>
[Collection(UsersServiceGroup.Name)]
public sealed class UsersServiceTests(UsersServiceFixture service)
{
    [Fact]
    public async Task Status_Get_ReturnsVersionFromServerlessYml()
    {
        var response = await service.Client.GetAsync("/status");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("1.0.0", body.GetProperty("version").GetString());
    }

    [Fact]
    public async Task Users_CreateReadListUpdateDelete_AnswerWithTheRightStatusCodes()
    {
        var created = await service.Client.PostAsJsonAsync("/users", new { name = "Ada", email = "ada@example.com" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var user = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = user.GetProperty("id").GetString();
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal($"/users/{id}", created.Headers.Location?.OriginalString);

        var read = await service.Client.GetFromJsonAsync<JsonElement>($"/users/{id}");
        Assert.Equal("ada@example.com", read.GetProperty("email").GetString());

        var list = await service.Client.GetFromJsonAsync<JsonElement>("/users");
        Assert.Contains(list.EnumerateArray(), u => u.GetProperty("id").GetString() == id);

        var updated = await service.Client.PutAsJsonAsync($"/users/{id}", new { name = "Ada L", email = "al@example.com" });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("Ada L", (await updated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());

        var deleted = await service.Client.DeleteAsync($"/users/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        var gone = await service.Client.GetAsync($"/users/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task CreateUser_MissingNameAndBadEmail_Answers400WithEveryReason()
    {
        var response = await service.Client.PostAsJsonAsync("/users", new { email = "not-an-email" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("email", out _));
    }

    [Fact]
    public async Task Functions_AfterBeingCalled_EachRunInItsOwnProcess()
    {
        await service.Client.GetAsync("/status");
        await service.Client.GetAsync("/users");

        var status = service.Session.Cloud.GetProcessIds("status");
        var list = service.Session.Cloud.GetProcessIds("listUsers");

        Assert.NotEmpty(status);
        Assert.NotEmpty(list);
        Assert.Empty(status.Intersect(list));
        Assert.DoesNotContain(Environment.ProcessId, status.Concat(list));
    }

    [Fact]
    public async Task Function_KilledByHand_NextRequestColdStartsANewProcess()
    {
        await service.Client.GetAsync("/status");
        var before = Assert.Single(service.Session.Cloud.GetProcessIds("status"));

        using (var victim = Process.GetProcessById(before))
        {
            victim.Kill();
            await victim.WaitForExitAsync();
        }

        var response = await service.Client.GetAsync("/status");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(before, service.Session.Cloud.GetProcessIds("status"));
        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync("/users")).StatusCode);
    }

    [Fact]
    public async Task Users_AfterDevIsStoppedAndStarted_AreStillThere()
    {
        var created = await service.Client.PostAsJsonAsync("/users", new { name = "Grace", email = "grace@example.com" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        await service.RestartAsync();

        var response = await service.Client.GetAsync($"/users/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

[CollectionDefinition(Name)]
public sealed class UsersServiceGroup : ICollectionFixture<UsersServiceFixture>
{
    public const string Name = "users-service";
}
