using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Stratus.Service;

namespace Stratus.Packaging.Internal;

/// <summary>
/// What a compiled functions assembly's metadata says about handler classes: which classes it defines, and which
/// of them it ever passes as a generic argument, which is the only way one can reach <c>AddHandler&lt;T&gt;()</c>.
/// The class libraries beside it that use the SDK are read too, as handlers may live and be registered there.
/// Read without loading any assembly, so a bad handler is refused before a function process starts.
/// </summary>
internal sealed class HandlerMetadata
{
    private const string FunctionsNamespace = "Stratus.Functions";

    // What AddHandler<T>() accepts: an IFunctionHandler, which the SDK's handler base classes all are.
    private static readonly HashSet<string> HandlerBases =
        new(["FunctionHandler`2", "ApiGatewayHandler`2", "HttpApiHandler", "RestApiHandler"], StringComparer.Ordinal);

    private readonly HashSet<string> _defined = new(StringComparer.Ordinal);
    private readonly HashSet<string> _notHandlers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _genericArguments = new(StringComparer.Ordinal);

    // True when the entry assembly uses a library that is not beside it (a Native AOT build keeps each project's
    // IL in its own obj folder): a class found nowhere may then be defined there.
    private bool _librariesMissing;

    private HandlerMetadata()
    {
    }

    public static HandlerMetadata Read(string entryAssemblyPath)
    {
        var result = new HandlerMetadata();
        var folder = Path.GetDirectoryName(Path.GetFullPath(entryAssemblyPath))!;

        // The libraries it uses, and theirs: a handler may be defined and registered a few libraries down.
        var pending = new Queue<string>(result.Scan(entryAssemblyPath, always: true));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryDequeue(out var library))
        {
            if (IsPlatformAssembly(library) || !seen.Add(library))
            {
                continue;
            }

            var path = Path.Combine(folder, library + ".dll");
            if (!File.Exists(path))
            {
                result._librariesMissing = true;
                continue;
            }

            foreach (var used in result.Scan(path, always: false))
            {
                pending.Enqueue(used);
            }
        }

        return result;
    }

    /// <summary>
    /// Whether the assembly, or a library of the service beside it, defines <paramref name="typeName"/>
    /// (Namespace.Type, or Outer+Inner).
    /// </summary>
    public bool Defines(string typeName) => _defined.Contains(typeName);

    /// <summary>
    /// Whether <paramref name="typeName"/> is known not to be a handler class: neither it nor a base class of
    /// this assembly implements IFunctionHandler or derives from one of the SDK's handler classes. A class whose
    /// base comes from another assembly (other than the SDK) is given the benefit of the doubt.
    /// </summary>
    public bool IsNotAHandler(string typeName) => _notHandlers.Contains(typeName);

    /// <summary>
    /// Whether the service could register <paramref name="typeName"/>: some generic method or type of the entry
    /// assembly or of its libraries is instantiated with that class. AddHandler&lt;T&gt;() is generic, so a class
    /// no instantiation names is one no code registers, directly or through a generic helper. This errs on the side
    /// of "could": any generic use outside the platform's own generics counts.
    /// </summary>
    public bool MayRegister(string typeName) => _genericArguments.Contains(typeName);

    /// <summary>
    /// The error for a function whose handler class this assembly does not define (STR3003) or never registers
    /// (STR3022), or null when it may serve the function (or its handler string is checked elsewhere).
    /// </summary>
    public ConfigError? Check(FunctionDefinition function)
    {
        if (!HandlerReference.TryParse(function.Handler, out var handler))
        {
            return null;
        }

        // A class found nowhere may be in a library that is not beside the entry assembly: nothing can be said.
        if (!Defines(handler.TypeName) && _librariesMissing)
        {
            return null;
        }

        return !Defines(handler.TypeName) ? PackagingErrors.MissingHandlerClass(function, handler, LikelyMeant(handler))
            : IsNotAHandler(handler.TypeName) ? PackagingErrors.NotAHandlerClass(function, handler)
            : !MayRegister(handler.TypeName) ? PackagingErrors.UnregisteredHandlerClass(function, handler)
            : null;
    }

    /// <summary>
    /// The handler class a handler string naming no class most likely meant: one a typo or a letter's case away,
    /// or the only one of that class name in another namespace; else null.
    /// </summary>
    private string? LikelyMeant(HandlerReference handler)
    {
        var handlers = _defined.Where(name => !_notHandlers.Contains(name) && !name.Contains('<')).ToList();
        if (Spelling.Closest(handler.TypeName, handlers) is { } closest)
        {
            return closest;
        }

        var sameClassName = handlers
            .Where(name => ClassName(name).Equals(ClassName(handler.TypeName), StringComparison.OrdinalIgnoreCase))
            .ToList();
        return sameClassName.Count == 1 ? sameClassName[0] : null;
    }

    private static string ClassName(string typeName) => typeName[(typeName.LastIndexOfAny(['.', '+']) + 1)..];

    /// <summary>True or false when the metadata settles it; null when a base class of another assembly may.</summary>
    private static bool? IsHandler(MetadataReader metadata, TypeDefinitionHandle handle)
    {
        var type = metadata.GetTypeDefinition(handle);
        foreach (var implementation in type.GetInterfaceImplementations())
        {
            var implemented = metadata.GetInterfaceImplementation(implementation).Interface;
            if (IsFunctionsType(metadata, implemented, name => name == "IFunctionHandler"))
            {
                return true;
            }
        }

        var baseType = type.BaseType;
        if (baseType.IsNil)
        {
            return false;
        }

        if (baseType.Kind == HandleKind.TypeDefinition)
        {
            return IsHandler(metadata, (TypeDefinitionHandle)baseType);
        }

        if (IsFunctionsType(metadata, baseType, HandlerBases.Contains))
        {
            return true;
        }

        // System.Object and other platform classes are never handlers; a base from a library may be one.
        return IsPlatformType(metadata, baseType) ? false : null;
    }

    private static bool IsFunctionsType(MetadataReader metadata, EntityHandle handle, Func<string, bool> isName) =>
        ReferencedName(metadata, handle) is var (space, name) && space == FunctionsNamespace && isName(name);

    /// <summary>
    /// Whether a type (or a generic instantiation's type) comes from a platform assembly, judged by the assembly
    /// that defines it, not by its namespace: a service's own helper may well sit in namespace System.
    /// </summary>
    private static bool IsPlatformType(MetadataReader metadata, EntityHandle handle)
    {
        handle = WithoutInstantiation(metadata, handle);
        if (handle.IsNil || handle.Kind != HandleKind.TypeReference)
        {
            return false;
        }

        var scope = metadata.GetTypeReference((TypeReferenceHandle)handle).ResolutionScope;
        while (scope.Kind == HandleKind.TypeReference)
        {
            scope = metadata.GetTypeReference((TypeReferenceHandle)scope).ResolutionScope;
        }

        if (scope.Kind != HandleKind.AssemblyReference)
        {
            return false;
        }

        // The SDK is not platform here: its AddHandler<T>() is the registration this looks for.
        var assembly = metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)scope).Name);
        return IsPlatformAssembly(assembly) && assembly != FunctionsNamespace;
    }

    /// <summary>The namespace and name of a type (or of a generic instantiation's type), wherever defined.</summary>
    private static (string Namespace, string Name)? ReferencedName(MetadataReader metadata, EntityHandle handle)
    {
        handle = WithoutInstantiation(metadata, handle);
        if (handle.IsNil)
        {
            return null;
        }

        if (handle.Kind == HandleKind.TypeDefinition)
        {
            var definition = metadata.GetTypeDefinition((TypeDefinitionHandle)handle);
            return (metadata.GetString(definition.Namespace), metadata.GetString(definition.Name));
        }

        if (handle.Kind != HandleKind.TypeReference)
        {
            return null;
        }

        var reference = metadata.GetTypeReference((TypeReferenceHandle)handle);
        return (metadata.GetString(reference.Namespace), metadata.GetString(reference.Name));
    }

    /// <summary>
    /// The generic type of a generic instantiation (List&lt;T&gt; for List&lt;Order&gt;), a nil handle for any
    /// other type specification (an array, say), and any other handle as it is.
    /// </summary>
    private static EntityHandle WithoutInstantiation(MetadataReader metadata, EntityHandle handle)
    {
        if (handle.Kind != HandleKind.TypeSpecification)
        {
            return handle;
        }

        var blob = metadata.GetBlobReader(metadata.GetTypeSpecification((TypeSpecificationHandle)handle).Signature);
        if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
        {
            return default;
        }

        blob.ReadSignatureTypeCode();
        return blob.ReadTypeHandle();
    }

    /// <summary>
    /// Reads one assembly and, when <paramref name="always"/> or it uses the SDK (only such an assembly can hold a
    /// handler), adds what it defines and instantiates. Returns the names of the assemblies it uses either way,
    /// since one that does not use the SDK may still use one that does.
    /// </summary>
    private List<string> Scan(string assemblyPath, bool always)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var reader = new PEReader(stream);
        if (!reader.HasMetadata)
        {
            return [];
        }

        var metadata = reader.GetMetadataReader();
        List<string> used = [.. metadata.AssemblyReferences.Select(handle =>
            metadata.GetString(metadata.GetAssemblyReference(handle).Name))];
        if (!always && !used.Contains(FunctionsNamespace, StringComparer.Ordinal))
        {
            return used;
        }

        foreach (var handle in metadata.TypeDefinitions)
        {
            var name = FullName(metadata, metadata.GetTypeDefinition(handle));
            _defined.Add(name);
            if (IsHandler(metadata, handle) == false)
            {
                _notHandlers.Add(name);
            }
        }

        CollectGenericArguments(metadata, _genericArguments);
        return used;
    }

    private static bool IsPlatformAssembly(string name) =>
        name is "mscorlib" or "netstandard" or "System" or FunctionsNamespace
        || name.StartsWith("System.", StringComparison.Ordinal)
        || name.StartsWith("Microsoft.", StringComparison.Ordinal);

    /// <summary>
    /// Notes every class named as a type argument of a generic method or type the assembly instantiates, leaving
    /// out the platform's own generics (IEquatable&lt;T&gt; of a record, List&lt;T&gt;), which never register.
    /// </summary>
    private static void CollectGenericArguments(MetadataReader metadata, HashSet<string> names)
    {
        var collector = new DefinitionCollector(metadata, names);
        var methodSpecs = metadata.GetTableRowCount(TableIndex.MethodSpec);
        for (var row = 1; row <= methodSpecs; row++)
        {
            var spec = metadata.GetMethodSpecification(MetadataTokens.MethodSpecificationHandle(row));
            if (!IsPlatformMethod(metadata, spec.Method))
            {
                spec.DecodeSignature(collector, genericContext: null);
            }
        }

        var typeSpecs = metadata.GetTableRowCount(TableIndex.TypeSpec);
        for (var row = 1; row <= typeSpecs; row++)
        {
            var handle = MetadataTokens.TypeSpecificationHandle(row);
            if (!IsPlatformType(metadata, handle))
            {
                metadata.GetTypeSpecification(handle).DecodeSignature(collector, genericContext: null);
            }
        }
    }

    private static bool IsPlatformMethod(MetadataReader metadata, EntityHandle method) =>
        method.Kind == HandleKind.MemberReference
        && metadata.GetMemberReference((MemberReferenceHandle)method).Parent is var parent
        && parent.Kind is HandleKind.TypeReference or HandleKind.TypeSpecification
        && IsPlatformType(metadata, parent);

    private static string FullName(MetadataReader metadata, TypeDefinition type)
    {
        var name = metadata.GetString(type.Name);
        if (type.GetDeclaringType() is { IsNil: false } declaring)
        {
            return FullName(metadata, metadata.GetTypeDefinition(declaring)) + "+" + name;
        }

        var space = metadata.GetString(type.Namespace);
        return space.Length == 0 ? name : space + "." + name;
    }

    private static string FullName(MetadataReader metadata, TypeReference type)
    {
        var name = metadata.GetString(type.Name);
        if (type.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            var declaring = metadata.GetTypeReference((TypeReferenceHandle)type.ResolutionScope);
            return FullName(metadata, declaring) + "+" + name;
        }

        var space = metadata.GetString(type.Namespace);
        return space.Length == 0 ? name : space + "." + name;
    }

    /// <summary>Decodes signatures only to note the full name of every class they name.</summary>
    private sealed class DefinitionCollector(MetadataReader metadata, HashSet<string> names)
        : ISignatureTypeProvider<bool, object?>
    {
        public bool GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            names.Add(FullName(metadata, metadata.GetTypeDefinition(handle)));
            return true;
        }

        // A class of a library, passed from here to a generic (the entry assembly registering a library's handler).
        public bool GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            names.Add(FullName(metadata, metadata.GetTypeReference(handle)));
            return true;
        }

        public bool GetTypeFromSpecification(
            MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) => true;

        public bool GetGenericInstantiation(bool genericType, ImmutableArray<bool> typeArguments) => true;

        public bool GetArrayType(bool elementType, ArrayShape shape) => true;

        public bool GetByReferenceType(bool elementType) => true;

        public bool GetPointerType(bool elementType) => true;

        public bool GetSZArrayType(bool elementType) => true;

        public bool GetPinnedType(bool elementType) => true;

        public bool GetModifiedType(bool modifier, bool unmodifiedType, bool isRequired) => true;

        public bool GetFunctionPointerType(MethodSignature<bool> signature) => true;

        public bool GetGenericMethodParameter(object? genericContext, int index) => true;

        public bool GetGenericTypeParameter(object? genericContext, int index) => true;

        public bool GetPrimitiveType(PrimitiveTypeCode typeCode) => true;
    }
}
