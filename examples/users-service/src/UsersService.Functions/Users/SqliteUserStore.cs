using Microsoft.Data.Sqlite;

namespace UsersService.Functions.Users;

/// <summary>Keeps users in a SQLite file, so they survive restarts of `stratus dev`.</summary>
/// <remarks>
/// Every function runs in its own process and each opens the same file; SQLite's file locking and the
/// connection's busy timeout keep concurrent writers safe.
/// </remarks>
public sealed class SqliteUserStore : IUserStore
{
    private readonly string _connectionString;
    private readonly Lazy<Task> _schema;

    /// <summary>Creates a store on the database file at <paramref name="databasePath"/>.</summary>
    public SqliteUserStore(string databasePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        _schema = new Lazy<Task>(CreateSchemaAsync);
    }

    /// <inheritdoc />
    public async Task<User> CreateAsync(ValidUser user, CancellationToken cancellationToken)
    {
        var created = new User(Guid.CreateVersion7().ToString("N"), user.Name, user.Email);

        await ExecuteAsync(
            "INSERT INTO users (id, name, email) VALUES ($id, $name, $email)",
            command => BindUser(command, created),
            cancellationToken);
        return created;
    }

    /// <inheritdoc />
    public async Task<User?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var users = await QueryAsync(
            "SELECT id, name, email FROM users WHERE id = $id",
            command => command.Parameters.AddWithValue("$id", id),
            cancellationToken);
        return users.Count == 0 ? null : users[0];
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken) =>
        QueryAsync("SELECT id, name, email FROM users ORDER BY seq", _ => { }, cancellationToken);

    /// <inheritdoc />
    public async Task<User?> UpdateAsync(string id, ValidUser user, CancellationToken cancellationToken)
    {
        var updated = new User(id, user.Name, user.Email);

        var changed = await ExecuteAsync(
            "UPDATE users SET name = $name, email = $email WHERE id = $id",
            command => BindUser(command, updated),
            cancellationToken);
        return changed == 0 ? null : updated;
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var removed = await ExecuteAsync(
            "DELETE FROM users WHERE id = $id",
            command => command.Parameters.AddWithValue("$id", id),
            cancellationToken);
        return removed > 0;
    }

    private static void BindUser(SqliteCommand command, User user)
    {
        command.Parameters.AddWithValue("$id", user.Id);
        command.Parameters.AddWithValue("$name", user.Name);
        command.Parameters.AddWithValue("$email", user.Email);
    }

    private async Task<int> ExecuteAsync(
        string sql,
        Action<SqliteCommand> bind,
        CancellationToken cancellationToken)
    {
        await _schema.Value;

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<User>> QueryAsync(
        string sql,
        Action<SqliteCommand> bind,
        CancellationToken cancellationToken)
    {
        await _schema.Value;

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);

        var users = new List<User>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(new User(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return users;
    }

    private async Task CreateSchemaAsync()
    {
        await using var connection = await OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();

        // seq keeps insertion order for listing; ids are opaque strings.
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS users (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                email TEXT NOT NULL
            );
            """;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
