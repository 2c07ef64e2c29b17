using UsersService.Functions.Users;

namespace UsersService.Functions.Tests;

/// <summary>The real SQLite store, on a database file in a temp folder.</summary>
public sealed class SqliteUserStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("users-store-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Store_CreateUpdateDelete_RoundTripsThroughTheFile()
    {
        var store = new SqliteUserStore(Path.Combine(_folder, "users.db"));

        var ada = await store.CreateAsync(new ValidUser("Ada", "ada@example.com"), CancellationToken.None);
        var bob = await store.CreateAsync(new ValidUser("Bob", "bob@example.com"), CancellationToken.None);
        var updated = await store.UpdateAsync(ada.Id, new ValidUser("Ada L", "al@example.com"), CancellationToken.None);
        var removed = await store.DeleteAsync(bob.Id, CancellationToken.None);

        Assert.Equal(new User(ada.Id, "Ada L", "al@example.com"), updated);
        Assert.True(removed);
        Assert.Equal([new User(ada.Id, "Ada L", "al@example.com")], await store.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Store_ReopenedOnTheSameFile_StillHasTheUsers()
    {
        var path = Path.Combine(_folder, "users.db");
        var created = await new SqliteUserStore(path).CreateAsync(new ValidUser("Ada", "ada@example.com"), CancellationToken.None);

        var reopened = await new SqliteUserStore(path).GetAsync(created.Id, CancellationToken.None);

        Assert.Equal(created, reopened);
    }

    [Fact]
    public async Task Store_MissingIds_AnswerNullAndFalse()
    {
        var store = new SqliteUserStore(Path.Combine(_folder, "users.db"));

        Assert.Null(await store.GetAsync("nope", CancellationToken.None));
        Assert.Null(await store.UpdateAsync("nope", new ValidUser("A", "a@example.com"), CancellationToken.None));
        Assert.False(await store.DeleteAsync("nope", CancellationToken.None));
    }
}
