using System.Buffers;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;

using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Metadata;

namespace Migrations.Build.Tasks.Fingerprint;

/// <summary>One of the app's own assemblies, read from its bytes (no file stays open, nothing is loaded).</summary>
internal sealed class AppAssembly : IDisposable
{
    private readonly PEReader _pe;
    private readonly Dictionary<MethodDefinitionHandle, List<EntityHandle>> _uses = [];
    private Dictionary<string, TypeDefinitionHandle>? _types;

    public AppAssembly(string path)
    {
        var bytes = File.ReadAllBytes(path);
        ContentHash = Hex.Lower(SHA256.HashData(bytes));
        _pe = new PEReader(new MemoryStream(bytes));
        Reader = _pe.GetMetadataReader();
        Names = new MetadataNames(Reader);
        Name = Reader.GetString(Reader.GetAssemblyDefinition().Name);
    }

    public string Name { get; }

    /// <summary>The SHA-256 of the file: the same bytes, wherever they are, read the same.</summary>
    public string ContentHash { get; }

    public MetadataReader Reader { get; }

    public MetadataNames Names { get; }

    /// <summary>What a method's body names (<see cref="MethodIL.Uses"/>), read once.</summary>
    public List<EntityHandle> Uses(MethodDefinitionHandle handle)
    {
        if (!_uses.TryGetValue(handle, out var uses))
        {
            _uses[handle] = uses = MethodIL.Uses(_pe, Reader.GetMethodDefinition(handle));
        }

        return uses;
    }

    /// <summary>Adds a method's body to the hash (<see cref="MethodIL.Hash"/>).</summary>
    public void HashBody(MethodDefinitionHandle handle, NameTable table, IncrementalHash hash, ArrayBufferWriter<byte> buffer)
        => MethodIL.Hash(_pe, Names, table, Reader.GetMethodDefinition(handle), hash, buffer);

    /// <summary>A type of this assembly by its full name as <see cref="MetadataNames"/> writes it (nested: Outer/Inner).</summary>
    public TypeDefinitionHandle? Type(string fullName)
    {
        _types ??= Reader.TypeDefinitions.ToDictionary(Names.Definition, t => t, StringComparer.Ordinal);
        return _types.TryGetValue(fullName, out var handle) ? handle : null;
    }

    /// <summary>Written by the compiler (closures, lambdas, state machines, fixed buffers): its name starts with '&lt;'.</summary>
    public bool IsGenerated(TypeDefinitionHandle handle)
    {
        var type = Reader.GetTypeDefinition(handle);
        return Reader.GetString(type.Name).StartsWith('<') || (!type.GetDeclaringType().IsNil && IsGenerated(type.GetDeclaringType()));
    }

    /// <summary>The embedded resources' bytes (a model may be read from one).</summary>
    public ReadOnlySpan<byte> Resources()
    {
        var directory = _pe.PEHeaders.CorHeader?.ResourcesDirectory;
        return directory is { Size: > 0 } d ? _pe.GetSectionData(d.RelativeVirtualAddress).GetContent(0, d.Size).AsSpan() : [];
    }

    /// <summary>The value of an assembly-level attribute whose only argument is a string, e.g. the user secrets id.</summary>
    public string? AttributeString(string attributeType)
    {
        foreach (var handle in Reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = Reader.GetCustomAttribute(handle);
            if (Names.Member(attribute.Constructor).Contains($"]{attributeType}::", StringComparison.Ordinal))
            {
                var value = Reader.GetBlobReader(attribute.Value);
                value.ReadUInt16(); // the prolog
                return value.ReadSerializedString();
            }
        }

        return null;
    }

    public MethodAttributes Attributes(MethodDefinitionHandle handle) => Reader.GetMethodDefinition(handle).Attributes;

    public void Dispose() => _pe.Dispose();
}
