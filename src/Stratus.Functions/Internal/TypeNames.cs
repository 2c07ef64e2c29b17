using System;
using System.Linq;

namespace Stratus.Functions.Internal;

/// <summary>
/// Type names as C# writes them, for messages: a generic's FullName spells out its arguments' assemblies.
/// </summary>
internal static class TypeNames
{
    /// <summary>
    /// <c>System.Collections.Generic.Dictionary&lt;System.String, System.String&gt;</c> where FullName would
    /// give <c>Dictionary`2[[System.String, System.Private.CoreLib, Version=…]]</c>.
    /// </summary>
    public static string Display(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);

        if (type.IsArray)
        {
            return Display(type.GetElementType()!) + "[]";
        }

        var name = type.FullName ?? type.Name;
        if (!type.IsGenericType)
        {
            return name.Replace('+', '.');
        }

        var definition = type.GetGenericTypeDefinition();
        var baseName = (definition.FullName ?? definition.Name).Replace('+', '.');
        var tick = baseName.IndexOf('`', StringComparison.Ordinal);
        var arguments = string.Join(", ", type.GetGenericArguments().Select(Display));
        return $"{(tick < 0 ? baseName : baseName[..tick])}<{arguments}>";
    }
}
