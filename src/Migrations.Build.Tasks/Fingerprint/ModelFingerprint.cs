using System.Buffers;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Security.Cryptography;
using System.Text;
using Migrations.Build.Protocol;

using Migrations.Build.Protocol.Metadata;

namespace Migrations.Build.Tasks.Fingerprint;

/// <summary>
/// A hash of what EF Core's model can depend on in the app's own assemblies, read from their metadata
/// without loading them (milliseconds): every type's shape (its base, interfaces, attributes, fields,
/// properties and constructors; a model is found by reflection over them) and the code of
/// <see cref="ModelGraph"/>, each token written by name. An edit to code the model can't reach
/// (a controller's action, a query, a new method) leaves it as it was; the references to other
/// assemblies carry their versions. Compiler-written types count only where that code reaches them.
/// </summary>
internal static class ModelFingerprint
{
    // Changes with every commit (the SDK puts the commit in it); nothing a model reads.
    private const string InformationalVersion = "System.Reflection.AssemblyInformationalVersionAttribute::";

    /// <summary>
    /// The fingerprint of the assemblies at <paramref name="assemblyPaths"/>. Each assembly's part is a hash
    /// of its own (its bytes and what the graph reaches in it): a part of <paramref name="last"/> with the
    /// same key is taken as it is, so an edit to one project of a layered app reads only that one's code
    /// (a context library's migrations are megabytes of IL).
    /// </summary>
    public static Result Compute(IEnumerable<string> assemblyPaths, IReadOnlyDictionary<string, string>? last = null)
    {
        var assemblies = assemblyPaths.Where(File.Exists).Distinct(StringComparer.Ordinal).Select(p => new AppAssembly(p))
            .OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
        try
        {
            var graph = new ModelGraph(assemblies, GraphSummary.Reusable(assemblies, last));
            var parts = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, summary) in GraphSummary.Of(assemblies, graph))
            {
                parts[key] = summary; // one assembly twice (the same bytes in two folders) is one summary
            }

            using var whole = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var assembly in assemblies)
            {
                var key = $"{assembly.Name}|{assembly.ContentHash}|{Scope(assembly, graph)}";
                var part = last?.GetValueOrDefault(key) ?? Part(assembly, graph);
                parts[key] = part;
                whole.AppendData(Encoding.UTF8.GetBytes(part + "\n"));
            }

            return new Result(Hex.Lower(whole.GetHashAndReset()), parts);
        }
        finally
        {
            assemblies.ForEach(a => a.Dispose());
        }
    }

    /// <summary>What of the assembly the graph reaches (its methods' bodies) and names (its types' whole shape), as a hash.</summary>
    private static string Scope(AppAssembly assembly, ModelGraph graph)
    {
        var reached = graph.Reached.Where(m => m.Item1 == assembly).Select(m => MetadataTokens.GetRowNumber(m.Item2)).Order();
        var named = graph.Named.Where(t => t.Item1 == assembly).Select(t => MetadataTokens.GetRowNumber(t.Item2)).Order();
        return Hex.Lower(SHA256.HashData(Encoding.UTF8.GetBytes($"{string.Join(',', reached)};{string.Join(',', named)}")));
    }

    /// <summary>The assembly's part: its header, resources and every type's shape, with the names its bodies use.</summary>
    private static string Part(AppAssembly assembly, ModelGraph graph)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new ArrayBufferWriter<byte>();
        var table = new NameTable();
        hash.AppendData(Encoding.UTF8.GetBytes(Header(assembly)));
        hash.AppendData(assembly.Resources());
        foreach (var type in assembly.Reader.TypeDefinitions)
        {
            Shape(assembly, type, graph, hash, (table, buffer));
        }

        table.HashInto(hash);
        return Hex.Lower(hash.GetHashAndReset());
    }

    /// <param name="Value">The fingerprint.</param>
    /// <param name="Parts">Each assembly's part by its key (name, content hash, scope): what the next computation may take as it is.</param>
    public sealed record Result(string Value, IReadOnlyDictionary<string, string> Parts);

    private static string Header(AppAssembly assembly)
    {
        var reader = assembly.Reader;
        var definition = reader.GetAssemblyDefinition();
        var text = new StringBuilder($"assembly {assembly.Name} {definition.Version}");
        assembly.Names.Attributes(text, definition.GetCustomAttributes()
            .Where(a => !assembly.Names.Member(reader.GetCustomAttribute(a).Constructor).Contains(InformationalVersion, StringComparison.Ordinal)));
        foreach (var reference in reader.AssemblyReferences.Select(reader.GetAssemblyReference))
        {
            text.Append($"\nreferences {reader.GetString(reference.Name)} {reference.Version} {reader.GetString(reference.Culture)} "
                + $"{assembly.Names.Blob(reference.PublicKeyOrToken)}");
        }

        return text.Append('\n').ToString();
    }

    private static void Shape(AppAssembly assembly, TypeDefinitionHandle handle, ModelGraph graph, IncrementalHash hash,
        (NameTable Table, ArrayBufferWriter<byte> Buffer) bodies)
    {
        var reader = assembly.Reader;
        var names = assembly.Names;
        var type = reader.GetTypeDefinition(handle);
        var named = graph.Named.Contains((assembly, handle));
        if (assembly.IsGenerated(handle) && !named)
        {
            return; // a closure, a lambda's cache, a state machine of code the model can't reach
        }

        var text = new StringBuilder($"type {type.Attributes} {names.Definition(handle)}");
        if (!type.BaseType.IsNil)
        {
            text.Append(" : ").Append(names.Type(type.BaseType));
        }

        foreach (var implemented in type.GetInterfaceImplementations())
        {
            text.Append(", ").Append(names.Type(reader.GetInterfaceImplementation(implemented).Interface));
        }

        GenericParameters(text, names, type.GetGenericParameters());
        names.Attributes(text, type.GetCustomAttributes());
        foreach (var field in type.GetFields().Select(reader.GetFieldDefinition))
        {
            var name = reader.GetString(field.Name);
            if (named || !name.StartsWith('<') || name.EndsWith(">k__BackingField", StringComparison.Ordinal))
            {
                text.Append($"\n field {field.Attributes} {name}:{field.DecodeSignature(names, null)}");
                Constant(text, names, field.GetDefaultValue());
                names.Attributes(text, field.GetCustomAttributes());
            }
        }

        foreach (var property in type.GetProperties().Select(reader.GetPropertyDefinition))
        {
            text.Append($"\n property {property.Attributes} {reader.GetString(property.Name)}{MetadataNames.Signature(property.DecodeSignature(names, null))}");
            Constant(text, names, property.GetDefaultValue());
            names.Attributes(text, property.GetCustomAttributes());
        }

        foreach (var e in type.GetEvents().Select(reader.GetEventDefinition))
        {
            text.Append($"\n event {e.Attributes} {reader.GetString(e.Name)}:{names.Type(e.Type)}");
            names.Attributes(text, e.GetCustomAttributes());
        }

        foreach (var method in type.GetMethods()
            .Where(m => named || graph.Reached.Contains((assembly, m)) || reader.GetString(reader.GetMethodDefinition(m).Name) is ".ctor" or ".cctor"))
        {
            Method(text, assembly, method);
            if (graph.Reached.Contains((assembly, method)))
            {
                hash.AppendData(Encoding.UTF8.GetBytes(text.Append("\n  body ").ToString()));
                text.Clear();
                assembly.HashBody(method, bodies.Table, hash, bodies.Buffer);
            }
        }

        hash.AppendData(Encoding.UTF8.GetBytes(text.Append('\n').ToString()));
    }

    private static void Method(StringBuilder text, AppAssembly assembly, MethodDefinitionHandle handle)
    {
        var reader = assembly.Reader;
        var method = reader.GetMethodDefinition(handle);
        text.Append($"\n method {method.Attributes} {method.ImplAttributes} "
            + $"{reader.GetString(method.Name)}{MetadataNames.Signature(method.DecodeSignature(assembly.Names, null))}");
        GenericParameters(text, assembly.Names, method.GetGenericParameters());
        assembly.Names.Attributes(text, method.GetCustomAttributes());
        foreach (var parameter in method.GetParameters().Select(reader.GetParameter))
        {
            text.Append($" param {parameter.SequenceNumber} {parameter.Attributes} {reader.GetString(parameter.Name)}");
            Constant(text, assembly.Names, parameter.GetDefaultValue());
            assembly.Names.Attributes(text, parameter.GetCustomAttributes());
        }
    }

    private static void GenericParameters(StringBuilder text, MetadataNames names, GenericParameterHandleCollection parameters)
    {
        foreach (var parameter in parameters.Select(names.Reader.GetGenericParameter))
        {
            text.Append($" <{parameter.Attributes} {names.Reader.GetString(parameter.Name)}");
            foreach (var constraint in parameter.GetConstraints().Select(names.Reader.GetGenericParameterConstraint))
            {
                text.Append(' ').Append(names.Type(constraint.Type));
            }

            text.Append('>');
        }
    }

    private static void Constant(StringBuilder text, MetadataNames names, ConstantHandle handle)
    {
        if (!handle.IsNil)
        {
            var constant = names.Reader.GetConstant(handle);
            text.Append($" = {constant.TypeCode}:{names.Blob(constant.Value)}");
        }
    }
}
