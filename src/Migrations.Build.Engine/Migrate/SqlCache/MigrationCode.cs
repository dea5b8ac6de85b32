using System.Buffers;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using System.Text;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Metadata;

namespace Migrations.Build.Engine.Migrate.SqlCache;

/// <summary>
/// A hash of a migration class's code as compiled: every method of the class and of the classes the
/// compiler nests in it (the lambdas of Up and of the Designer's BuildTargetModel), each token read as
/// the name it stands for, so a rebuild of unchanged code hashes the same and any edit, the Designer's
/// included, doesn't. Read from the assembly file, never run: the target model stays unbuilt.
/// </summary>
internal sealed class MigrationCode : IDisposable
{
    private readonly Dictionary<string, (PEReader Pe, MetadataNames Names)?> _assemblies = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string?> _hashes = [];

    /// <summary>The hash of <paramref name="type"/>'s code; null when its assembly has no file to read (loaded from bytes).</summary>
    public string? Hash(Type type)
    {
        if (!_hashes.TryGetValue(type, out var hash))
        {
            _hashes[type] = hash = Compute(type);
        }

        return hash;
    }

    private string? Compute(Type type)
    {
        if (Open(type.Assembly.Location) is not { } assembly)
        {
            return null;
        }

        var (pe, names) = assembly;
        var table = new NameTable();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new ArrayBufferWriter<byte>();
        Add((TypeDefinitionHandle)MetadataTokens.EntityHandle(type.MetadataToken), pe, names, table, hash, buffer);
        table.HashInto(hash);
        return Hex.Lower(hash.GetHashAndReset());
    }

    private static void Add(TypeDefinitionHandle handle, PEReader pe, MetadataNames names, NameTable table, IncrementalHash hash,
        ArrayBufferWriter<byte> buffer)
    {
        var reader = names.Reader;
        var type = reader.GetTypeDefinition(handle);
        hash.AppendData(Encoding.UTF8.GetBytes($"type {names.Definition(handle)} : {(type.BaseType.IsNil ? string.Empty : names.Type(type.BaseType))}\n"));
        foreach (var attribute in type.GetCustomAttributes())
        {
            // [Migration("id")], [DbContext(typeof(...))]: the constructor and its arguments as written.
            var value = reader.GetCustomAttribute(attribute);
            hash.AppendData(Encoding.UTF8.GetBytes($"[{names.Member(value.Constructor)}]"));
            hash.AppendData(reader.GetBlobBytes(value.Value));
        }

        foreach (var methodHandle in type.GetMethods())
        {
            var method = reader.GetMethodDefinition(methodHandle);
            var signature = method.DecodeSignature(names, null);
            hash.AppendData(Encoding.UTF8.GetBytes($"\nmethod {signature.ReturnType} "
                + $"{reader.GetString(method.Name)}({string.Join(",", signature.ParameterTypes)})\n"));
            MethodIL.Hash(pe, names, table, method, hash, buffer);
        }

        foreach (var nested in type.GetNestedTypes())
        {
            Add(nested, pe, names, table, hash, buffer);
        }
    }

    private (PEReader Pe, MetadataNames Names)? Open(string path)
    {
        if (!_assemblies.TryGetValue(path, out var assembly))
        {
            if (path.Length > 0 && File.Exists(path))
            {
                var pe = new PEReader(File.OpenRead(path));
                assembly = (pe, new MetadataNames(pe.GetMetadataReader()));
            }

            _assemblies[path] = assembly;
        }

        return assembly;
    }

    public void Dispose()
    {
        foreach (var assembly in _assemblies.Values)
        {
            assembly?.Pe.Dispose();
        }
    }
}
