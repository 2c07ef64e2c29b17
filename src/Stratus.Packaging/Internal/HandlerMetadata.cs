using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Stratus.Service;

namespace Stratus.Packaging.Internal;

/// <summary>
/// What a compiled functions assembly's metadata says about handler classes: which classes it defines, and which
/// of them it ever passes as a generic argument, which is the only way one can reach <c>AddHandler&lt;T&gt;()</c>.
/// Read without loading the assembly, so a bad handler is refused before a function process starts.
/// </summary>
internal sealed class HandlerMetadata
{
    private const string FunctionsNamespace = "Stratus.Functions";

    // What AddHandler<T>() accepts: an IFunctionHandler, which the SDK's handler base classes all are.
    private static readonly HashSet<string> HandlerBases =
        new(["FunctionHandler`2", "ApiGatewayHandler`2", "HttpApiHandler", "RestApiHandler"], StringComparer.Ordinal);

    private readonly HashSet<string> _defined;
    private readonly HashSet<string> _notHandlers;
    private readonly HashSet<string> _genericArguments;

    private HandlerMetadata(HashSet<string> defined, HashSet<string> notHandlers, HashSet<string> genericArguments)
    {
        _defined = defined;
        _notHandlers = notHandlers;
        _genericArguments = genericArguments;
    }

    public static HandlerMetadata Read(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var reader = new PEReader(stream);
        var metadata = reader.GetMetadataReader();

        var defined = new HashSet<string>(StringComparer.Ordinal);
        var notHandlers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var handle in metadata.TypeDefinitions)
        {
            var name = FullName(metadata, metadata.GetTypeDefinition(handle));
            defined.Add(name);
            if (IsHandler(metadata, handle) == false)
            {
                notHandlers.Add(name);
            }
        }

        return new HandlerMetadata(defined, notHandlers, GenericArguments(metadata));
    }

    /// <summary>Whether the assembly defines <paramref name="typeName"/>: Namespace.Type, or Outer+Inner.</summary>
    public bool Defines(string typeName) => _defined.Contains(typeName);

    /// <summary>
    /// Whether <paramref name="typeName"/> is known not to be a handler class: neither it nor a base class of
    /// this assembly implements IFunctionHandler or derives from one of the SDK's handler classes. A class whose
    /// base comes from another assembly (other than the SDK) is given the benefit of the doubt.
    /// </summary>
    public bool IsNotAHandler(string typeName) => _notHandlers.Contains(typeName);

    /// <summary>
    /// Whether the assembly could register <paramref name="typeName"/>: some generic method or type of it is
    /// instantiated with that class. AddHandler&lt;T&gt;() is generic, and a handler class lives in the entry
    /// assembly, so a class no instantiation names is one no code of the service registers (directly, or through
    /// a generic helper of another assembly). This errs on the side of "could": any generic use counts.
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

        return !Defines(handler.TypeName) ? PackagingErrors.MissingHandlerClass(function, handler)
            : IsNotAHandler(handler.TypeName) ? PackagingErrors.NotAHandlerClass(function, handler)
            : !MayRegister(handler.TypeName) ? PackagingErrors.UnregisteredHandlerClass(function, handler)
            : null;
    }

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

        // System.Object and other framework classes are never handlers; a base from a library may be one.
        return IsFrameworkType(metadata, baseType) ? false : null;
    }

    private static bool IsFunctionsType(MetadataReader metadata, EntityHandle handle, Func<string, bool> isName) =>
        ReferencedName(metadata, handle) is var (space, name) && space == FunctionsNamespace && isName(name);

    private static bool IsFrameworkType(MetadataReader metadata, EntityHandle handle) =>
        ReferencedName(metadata, handle) is var (space, _)
        && (space == "System" || space.StartsWith("System.", StringComparison.Ordinal));

    /// <summary>The namespace and name of a type (or of a generic instantiation's type), wherever defined.</summary>
    private static (string Namespace, string Name)? ReferencedName(MetadataReader metadata, EntityHandle handle)
    {
        if (handle.Kind == HandleKind.TypeSpecification)
        {
            var blob = metadata.GetBlobReader(metadata.GetTypeSpecification((TypeSpecificationHandle)handle).Signature);
            if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
            {
                return null;
            }

            blob.ReadSignatureTypeCode();
            handle = blob.ReadTypeHandle();
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

    private static HashSet<string> GenericArguments(MetadataReader metadata)
    {
        var collector = new DefinitionCollector(metadata);
        var methodSpecs = metadata.GetTableRowCount(TableIndex.MethodSpec);
        for (var row = 1; row <= methodSpecs; row++)
        {
            var spec = metadata.GetMethodSpecification(MetadataTokens.MethodSpecificationHandle(row));
            spec.DecodeSignature(collector, genericContext: null);
        }

        var typeSpecs = metadata.GetTableRowCount(TableIndex.TypeSpec);
        for (var row = 1; row <= typeSpecs; row++)
        {
            var spec = metadata.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(row));
            spec.DecodeSignature(collector, genericContext: null);
        }

        return collector.Names;
    }

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

    /// <summary>Decodes signatures only to note every class of this assembly they name.</summary>
    private sealed class DefinitionCollector(MetadataReader metadata) : ISignatureTypeProvider<bool, object?>
    {
        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

        public bool GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            Names.Add(FullName(metadata, metadata.GetTypeDefinition(handle)));
            return true;
        }

        public bool GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => true;

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
