// Run by LowerEFCoreReferences.targets as `dotnet run LowerEFCoreReferences.cs -- <assembly>`:
// rewrites the assembly's references to EF Core assemblies to x.0.0.0, so that an engine compiled
// against a later patch of a major binds to any patch of it, as if compiled against x.0.0. Only
// the version fields of AssemblyRef rows change.
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

var path = args[0];
var bytes = File.ReadAllBytes(path);
var lowered = new List<string>();
using (var pe = new PEReader(new MemoryStream(bytes)))
{
    var metadata = pe.GetMetadataReader();
    var table = pe.PEHeaders.MetadataStartOffset + metadata.GetTableMetadataOffset(TableIndex.AssemblyRef);
    var rowSize = metadata.GetTableRowSize(TableIndex.AssemblyRef);
    foreach (var handle in metadata.AssemblyReferences)
    {
        var reference = metadata.GetAssemblyReference(handle);
        var name = metadata.GetString(reference.Name);
        if (name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) && (reference.Version.Build != 0 || reference.Version.Revision != 0))
        {
            // An AssemblyRef row starts with Major, Minor, Build, Revision, two bytes each.
            Array.Clear(bytes, table + (MetadataTokens.GetRowNumber(handle) - 1) * rowSize + 4, 4);
            lowered.Add($"{name} {reference.Version}");
        }
    }
}

if (lowered.Count > 0)
{
    File.WriteAllBytes(path, bytes);
    Console.WriteLine($"Lowered to x.0.0.0: {string.Join(", ", lowered)}");
}
