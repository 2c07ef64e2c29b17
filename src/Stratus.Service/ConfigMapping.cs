using System.Diagnostics.CodeAnalysis;

namespace Stratus.Service;

/// <summary>A mapping of keys to values that keeps the keys in the order they were written.</summary>
public sealed record ConfigMapping : ConfigNode
{
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates a mapping; keys must be unique.</summary>
    /// <exception cref="ArgumentException">Two entries have the same key.</exception>
    public ConfigMapping(SourceSpan at, IEnumerable<ConfigEntry> entries, string? tag = null)
        : base(at, tag)
    {
        ArgumentNullException.ThrowIfNull(entries);

        Entries = entries.ToArray();
        _index = new Dictionary<string, int>(Entries.Count, StringComparer.Ordinal);
        for (var i = 0; i < Entries.Count; i++)
        {
            if (!_index.TryAdd(Entries[i].Key, i))
            {
                throw new ArgumentException($"Duplicate mapping key '{Entries[i].Key}'.", nameof(entries));
            }
        }
    }

    /// <summary>The entries in the order they were written.</summary>
    public IReadOnlyList<ConfigEntry> Entries { get; }

    /// <summary>The number of keys.</summary>
    public int Count => Entries.Count;

    /// <summary>The keys in the order they were written.</summary>
    public IEnumerable<string> Keys => Entries.Select(entry => entry.Key);

    /// <summary>The value of a key, or null when the key is absent.</summary>
    public ConfigNode? this[string key] => TryGetValue(key, out var value) ? value : null;

    /// <summary>Looks up the value of a key.</summary>
    public bool TryGetValue(string key, [NotNullWhen(true)] out ConfigNode? value)
    {
        if (_index.TryGetValue(key, out var i))
        {
            value = Entries[i].Value;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>Looks up the entry of a key, with the key's own position.</summary>
    public bool TryGetEntry(string key, [NotNullWhen(true)] out ConfigEntry? entry)
    {
        entry = _index.TryGetValue(key, out var i) ? Entries[i] : null;
        return entry is not null;
    }

    /// <summary>Whether the key is present (its value may be a null scalar).</summary>
    public bool ContainsKey(string key) => _index.ContainsKey(key);
}
