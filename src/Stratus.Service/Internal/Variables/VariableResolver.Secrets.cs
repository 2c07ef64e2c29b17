using Stratus.Service.Internal.Tree;

namespace Stratus.Service.Internal.Variables;

/// <summary>Where a stored secret may end up once every variable is resolved.</summary>
internal sealed partial class VariableResolver
{
    /// <summary>
    /// Settings that only hold values for variables to use: the framework deploys neither, so a secret kept there
    /// and referenced from a function's environment is never shipped from them.
    /// </summary>
    private static readonly string[] HolderKeys = ["custom", "params"];

    /// <summary>
    /// Reports every stored secret (an envelope from a source that marks it encrypted) that ended up anywhere but
    /// the whole value of a function's environment variable. The function's SDK decrypts, at cold start, exactly
    /// the environment variables whose whole value is an envelope (SecretDecryptor), so anywhere else (inside a
    /// CloudFormation function, in tags, in a description) the ciphertext would be deployed as useless text.
    /// Text that joins a secret is STR1130, reported while resolving; this judges whole values by where they land.
    /// </summary>
    public void ReportSecretsNeverDecrypted()
    {
        if (!_sawEncrypted)
        {
            return;
        }

        var path = new List<string>();
        foreach (var entry in _root.Entries.Where(entry => !HolderKeys.Contains(entry.Key)))
        {
            path.Add(entry.Key);
            ReportSecretsBelow(entry.Value, path);
            path.RemoveAt(path.Count - 1);
        }
    }

    // The resolved tree shares nodes between the places that reference them; each place is judged on its own.
    // The tree's expanded size is checked before this walk (TreeSize), so the walk is bounded.
    private void ReportSecretsBelow(MNode node, List<string> path)
    {
        switch (node)
        {
            case MScalar { IsEncrypted: true } scalar when !IsEnvironmentValue(path):
                Errors.Add(SecretNeverDecryptedError(scalar, path));
                break;
            case MMapping mapping:
                foreach (var entry in mapping.Entries)
                {
                    path.Add(entry.Key);
                    ReportSecretsBelow(entry.Value, path);
                    path.RemoveAt(path.Count - 1);
                }

                break;
            case MSequence sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    path.Add(Index(i));
                    ReportSecretsBelow(sequence.Items[i], path);
                    path.RemoveAt(path.Count - 1);
                }

                break;
        }
    }

    /// <summary>
    /// The length of the path to an environment variable's value: provider.environment.NAME,
    /// functions.NAME.environment.NAME, or, with functions written as a list, functions.0.NAME.environment.NAME;
    /// zero when the path does not start with an environment block.
    /// </summary>
    private static int EnvironmentValueLength(List<string> path) => path switch
    {
        ["provider", "environment", _, ..] => 3,
        ["functions", _, "environment", _, ..] => 4,
        ["functions", var item, _, "environment", _, ..] when item.All(char.IsAsciiDigit) => 5,
        _ => 0,
    };

    private static bool IsEnvironmentValue(List<string> path) => path.Count == EnvironmentValueLength(path);

    private ConfigError SecretNeverDecryptedError(MScalar scalar, List<string> path)
    {
        var written = scalar.SecretVariable;
        var variable = written ?? "${s3:...}";
        var place = string.Join('.', path);
        var environmentLength = EnvironmentValueLength(path);
        var fix = environmentLength > 0
            ? $"give the secret an environment variable of its own ('{path[environmentLength - 1]}_SECRET: " +
              $"{variable}') and build the longer value from it in the function."
            : $"remove it from '{place}' and give it to the function as the whole value of an environment " +
              $"variable ('NAME: {variable}'); tags, descriptions and other settings are deployed as written.";
        var part = environmentLength > 0 ? ", not part of a CloudFormation function in one" : string.Empty;
        return new ConfigError(
            ConfigErrorCodes.EncryptedSecretNeverDecrypted,
            written is null ? scalar.At : Locate(scalar, written),
            $"{(written is null ? "a variable" : $"'{written}'")} places a stored secret at '{place}', where " +
            "nothing decrypts it: a function decrypts a stored secret only when it is the whole value of one of " +
            $"its environment variables{part}, so the ciphertext would be deployed as it is.",
            fix);
    }
}
