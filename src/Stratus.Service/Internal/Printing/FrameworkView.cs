namespace Stratus.Service.Internal.Printing;

/// <summary>
/// Turns a resolved document into what the Serverless Framework v3 prints for it: its print shows the
/// configuration after the framework's own start-up has added defaults to it and after its schema
/// validator (Ajv with <c>coerceTypes: 'array'</c>) has coerced values in place.
/// </summary>
// Limitation: only the coercions the corpus exercises are applied (environment values, lambdaHashingVersion,
// disabledDeprecations, DependsOn, schedule rate); other schema places where Ajv would turn a number into a
// string or a single value into a list print as written, so such a file differs from the framework's print.
internal static class FrameworkView
{
    public static ConfigNode Apply(ServiceDefinition service)
    {
        if (service.Resolved is not ConfigMapping root)
        {
            return service.Resolved;
        }

        // Merging a list renumbers the paths under it, so the printer's masks would miss secrets there: they are
        // masked here first.
        foreach (var list in new[] { "resources", "functions" })
        {
            if (root[list] is ConfigSequence)
            {
                root = (ConfigMapping)MaskUnder(root, list, service.SecretPaths);
            }
        }

        root = Update(root, "resources", MergeListOfMappings);
        root = Update(root, "functions", MergeListOfMappings);
        root = Update(root, "disabledDeprecations", AsList);
        root = Update(root, "provider", node => Provider(node, service));
        root = Update(root, "functions", node => Functions(node, service));
        root = Update(root, "resources", Resources);
        return Update(root, "package", node => Package(node, service));
    }

    private static ConfigNode Provider(ConfigNode node, ServiceDefinition service)
    {
        // 'provider: aws' prints as the mapping it stands for, defaults added, as the framework prints it.
        if (Model.ServiceModelBuilder.ProviderMapping(node) is not { } provider)
        {
            return node;
        }

        // The framework writes these during start-up: stage only when absent, region always (the --region option
        // wins), and versionFunctions when the provider is aws and the key is absent or null.
        provider = SetIfMissing(provider, "stage", at => ConfigScalar.FromString("dev", at));
        provider = Set(provider, "region", ConfigScalar.FromString(service.Region, provider.At));
        if (IsText(provider["name"], "aws"))
        {
            provider = SetIfMissing(provider, "versionFunctions", at => ConfigScalar.FromBoolean(true, at));
        }

        provider = DeploymentBucket(provider);
        provider = Update(provider, "lambdaHashingVersion", AsText);
        return Update(provider, "environment", Environment);
    }

    private static ConfigMapping DeploymentBucket(ConfigMapping provider)
    {
        if (provider["deploymentBucket"] is not ConfigMapping bucket)
        {
            return provider;
        }

        // The aws provider keeps the object form aside and leaves only the bucket name in its place.
        provider = Set(provider, "deploymentBucketObject", bucket);
        return Set(provider, "deploymentBucket", bucket["name"] ?? ConfigScalar.Null(bucket.At));
    }

    private static ConfigNode Functions(ConfigNode node, ServiceDefinition service)
    {
        if (node is not ConfigMapping functions)
        {
            return node;
        }

        var entries = new List<ConfigEntry>();
        foreach (var entry in functions.Entries)
        {
            if (entry.Value is ConfigScalar { IsNull: true })
            {
                continue;
            }

            entries.Add(entry with { Value = Function(entry.Key, entry.Value, service) });
        }

        return new ConfigMapping(functions.At, entries, functions.Tag);
    }

    private static ConfigNode Function(string key, ConfigNode node, ServiceDefinition service)
    {
        if (node is not ConfigMapping function)
        {
            return node;
        }

        if (!IsTruthy(function["events"]))
        {
            function = Set(function, "events", new ConfigSequence(function.At, []));
        }

        if (!IsTruthy(function["name"]))
        {
            var name = $"{service.Name}-{service.Stage}-{key}";
            function = Set(function, "name", ConfigScalar.FromString(name, function.At));
        }

        function = Update(function, "environment", Environment);
        return Update(function, "events", Events);
    }

    private static ConfigNode Events(ConfigNode node)
    {
        if (node is not ConfigSequence events)
        {
            return node;
        }

        var items = events.Items.Select(item => item is ConfigMapping e
            ? Update(e, "schedule", schedule => schedule is ConfigMapping s ? Update(s, "rate", AsList) : schedule)
            : item);
        return new ConfigSequence(events.At, items, events.Tag);
    }

    private static ConfigNode Resources(ConfigNode node)
    {
        if (node is not ConfigMapping resources || resources["Resources"] is not ConfigMapping templates)
        {
            return node;
        }

        var entries = templates.Entries.Select(entry => entry.Value is ConfigMapping resource
            ? entry with { Value = Update(resource, "DependsOn", AsList) }
            : entry);
        return Set(resources, "Resources", new ConfigMapping(templates.At, entries, templates.Tag));
    }

    private static ConfigNode Package(ConfigNode node, ServiceDefinition service)
    {
        if (node is not ConfigMapping package)
        {
            return node;
        }

        // Only a package block written in the file is the object the framework prints, so only then does the
        // key it assigns at start-up show.
        var prefix = service.Resolved.Find("provider.deploymentPrefix") is ConfigScalar { IsNull: false } p
            ? p.ToText()
            : "serverless";
        var dirname = $"{prefix}/{service.Name}/{service.Stage}/code-artifacts";
        return Set(package, "artifactsS3KeyDirname", ConfigScalar.FromString(dirname, package.At));
    }

    private static ConfigNode Environment(ConfigNode node)
    {
        if (node is not ConfigMapping environment)
        {
            return node;
        }

        var entries = environment.Entries.Select(entry => entry with { Value = AsText(entry.Value) });
        return new ConfigMapping(environment.At, entries, environment.Tag);
    }

    private static ConfigNode AsText(ConfigNode node) =>
        node is ConfigScalar { Kind: ScalarKind.Number or ScalarKind.Boolean } scalar
            ? ConfigScalar.FromString(scalar.ToText(), scalar.At)
            : node;

    private static ConfigNode AsList(ConfigNode node) => node is ConfigScalar { IsNull: false }
        ? new ConfigSequence(node.At, [node])
        : node;

    // The framework merges a list of fragments (resources or functions written as a list) into one object,
    // later fragments winning key by key, as lodash's merge does.
    private static ConfigNode MergeListOfMappings(ConfigNode node)
    {
        var mergeable = node is ConfigSequence list
            && list.Items.All(item => item is ConfigMapping or ConfigScalar { IsNull: true });
        if (!mergeable)
        {
            return node;
        }

        ConfigNode merged = new ConfigMapping(node.At, []);
        foreach (var item in ((ConfigSequence)node).Items.OfType<ConfigMapping>())
        {
            merged = DeepMerge(merged, item);
        }

        return merged;
    }

    private static ConfigNode DeepMerge(ConfigNode target, ConfigNode source)
    {
        if (target is ConfigMapping left && source is ConfigMapping right)
        {
            foreach (var entry in right.Entries)
            {
                var value = left[entry.Key] is { } existing ? DeepMerge(existing, entry.Value) : entry.Value;
                left = Set(left, entry.Key, value);
            }

            return left;
        }

        if (target is ConfigSequence first && source is ConfigSequence second)
        {
            var items = first.Items.ToList();
            for (var i = 0; i < second.Items.Count; i++)
            {
                if (i < items.Count)
                {
                    items[i] = DeepMerge(items[i], second.Items[i]);
                }
                else
                {
                    items.Add(second.Items[i]);
                }
            }

            return new ConfigSequence(first.At, items, first.Tag);
        }

        return source;
    }

    private static ConfigNode MaskUnder(ConfigNode root, string prefix, IReadOnlySet<string> secretPaths)
    {
        foreach (var secret in secretPaths.Where(path => path.StartsWith(prefix + ".", StringComparison.Ordinal)))
        {
            root = ReplaceAt(root, secret.Split('.'), 0, ConfigScalar.FromString("***", root.At));
        }

        return root;
    }

    private static ConfigNode ReplaceAt(ConfigNode node, string[] keys, int depth, ConfigNode value)
    {
        if (depth == keys.Length)
        {
            return value;
        }

        var key = keys[depth];
        switch (node)
        {
            case ConfigMapping mapping when mapping[key] is { } child:
                return Set(mapping, key, ReplaceAt(child, keys, depth + 1, value));
            case ConfigSequence sequence when int.TryParse(key, out var i) && i >= 0 && i < sequence.Items.Count:
                var items = sequence.Items.ToArray();
                items[i] = ReplaceAt(items[i], keys, depth + 1, value);
                return new ConfigSequence(sequence.At, items, sequence.Tag);
            default:
                return node;
        }
    }

    private static ConfigMapping Update(ConfigMapping mapping, string key, Func<ConfigNode, ConfigNode> change) =>
        mapping[key] is { } value ? Set(mapping, key, change(value)) : mapping;

    private static ConfigMapping SetIfMissing(
        ConfigMapping mapping,
        string key,
        Func<SourceSpan, ConfigNode> create) =>
        mapping[key] is null or ConfigScalar { IsNull: true } ? Set(mapping, key, create(mapping.At)) : mapping;

    private static ConfigMapping Set(ConfigMapping mapping, string key, ConfigNode value)
    {
        if (ReferenceEquals(mapping[key], value))
        {
            return mapping;
        }

        var entries = mapping.Entries.ToList();
        var index = entries.FindIndex(entry => entry.Key == key);
        if (index >= 0)
        {
            entries[index] = entries[index] with { Value = value };
        }
        else
        {
            entries.Add(new ConfigEntry(key, mapping.At, value));
        }

        return new ConfigMapping(mapping.At, entries, mapping.Tag);
    }

    private static bool IsText(ConfigNode? node, string text) =>
        node is ConfigScalar { Kind: ScalarKind.Text } scalar && scalar.Value == text;

    // JavaScript truthiness: what the framework's `if (!functionObj.events)` checks.
    private static bool IsTruthy(ConfigNode? node) => node switch
    {
        null => false,
        ConfigScalar { IsNull: true } => false,
        ConfigScalar { Kind: ScalarKind.Boolean } s => s.AsBoolean == true,
        ConfigScalar { Kind: ScalarKind.Text } s => s.Value.Length > 0,
        ConfigScalar { Kind: ScalarKind.Number } s => s.AsDouble is not (0 or double.NaN),
        _ => true,
    };
}
