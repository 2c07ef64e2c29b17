using UsersService.Functions.Users;

namespace UsersService.Functions.Tests;

/// <summary>A test double for IUserStore: a list in memory with predictable ids.</summary>
internal sealed class InMemoryUserStore : IUserStore
{
    private readonly List<User> _users = [];
    private int _nextId = 1;

    public IReadOnlyList<User> Users => _users;

    public InMemoryUserStore With(params User[] users)
    {
        _users.AddRange(users);
        return this;
    }

    public Task<User> CreateAsync(ValidUser user, CancellationToken cancellationToken)
    {
        var created = new User($"u{_nextId++}", user.Name, user.Email);
        _users.Add(created);
        return Task.FromResult(created);
    }

    public Task<User?> GetAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(_users.Find(u => u.Id == id));

    public Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<User>>([.. _users]);

    public Task<User?> UpdateAsync(string id, ValidUser user, CancellationToken cancellationToken)
    {
        var index = _users.FindIndex(u => u.Id == id);
        if (index < 0)
        {
            return Task.FromResult<User?>(null);
        }

        _users[index] = new User(id, user.Name, user.Email);
        return Task.FromResult<User?>(_users[index]);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(_users.RemoveAll(u => u.Id == id) > 0);
}
