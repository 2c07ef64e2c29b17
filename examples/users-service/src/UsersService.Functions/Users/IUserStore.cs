namespace UsersService.Functions.Users;

/// <summary>Where users live; injected so handlers are tested with an in-memory double.</summary>
public interface IUserStore
{
    /// <summary>Stores a new user under a fresh id and returns it.</summary>
    Task<User> CreateAsync(ValidUser user, CancellationToken cancellationToken);

    /// <summary>Returns the user with <paramref name="id"/>, or null when there is none.</summary>
    Task<User?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Returns every user, oldest first.</summary>
    Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Replaces a user's fields; returns the updated user, or null when there is none.</summary>
    Task<User?> UpdateAsync(string id, ValidUser user, CancellationToken cancellationToken);

    /// <summary>Removes a user; returns false when there was none.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);
}
