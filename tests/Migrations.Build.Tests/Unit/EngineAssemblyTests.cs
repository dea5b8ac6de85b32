using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Unit;

/// <summary>
/// The shipped assemblies bind where they must: each engine to any patch of its EF Core major (every
/// EF Core reference at x.0.0.0) on the oldest runtime that major runs on; the MSBuild tasks in
/// MSBuild 17.8 (SDK 8.0.1xx) on .NET 8.
/// </summary>
public sealed class EngineAssemblyTests
{
    private static readonly string ToolOutput = Path.GetDirectoryName(Repo.ToolDll)!;

    [Theory]
    [InlineData(8, ".NETCoreApp,Version=v8.0")]
    [InlineData(9, ".NETCoreApp,Version=v8.0")]
    [InlineData(10, ".NETCoreApp,Version=v10.0")]
    public void Each_engine_references_its_EF_Core_major_at_x_0_0_0(int major, string framework)
    {
        var (references, target) = Read(Path.Combine(ToolOutput, "engine", "ef" + major, "Migrations.Build.Engine.dll"));

        target.Should().Be(framework);
        var efCore = references.Where(r => r.Name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)).ToList();
        efCore.Select(r => r.Name).Should()
            .Contain(["Microsoft.EntityFrameworkCore", "Microsoft.EntityFrameworkCore.Relational", "Microsoft.EntityFrameworkCore.Design"]);
        efCore.Should().AllSatisfy(r => r.Version.Should().Be(new Version(major, 0, 0, 0), $"{r.Name} must bind to any EF Core {major} patch"));
    }

    [Fact]
    public void The_tasks_and_the_tool_run_on_NET_8_and_MSBuild_17_8()
    {
        // MSBuild 17.8 runs on .NET 8 and loads no task built for a later runtime (its API is compiled against 17.8).
        Read(Path.Combine(Repo.Root, "src", "Migrations.Build.Tasks", "bin", Repo.Configuration, "net8.0", "Migrations.Build.Tasks.dll"))
            .Target.Should().Be(".NETCoreApp,Version=v8.0");
        Read(Repo.ToolDll).Target.Should().Be(".NETCoreApp,Version=v8.0");
    }

    private static (List<(string Name, Version Version)> References, string? Target) Read(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var metadata = pe.GetMetadataReader();
        var references = metadata.AssemblyReferences.Select(metadata.GetAssemblyReference)
            .Select(r => (metadata.GetString(r.Name), r.Version)).ToList();
        var target = metadata.GetAssemblyDefinition().GetCustomAttributes().Select(metadata.GetCustomAttribute)
            .Where(a => AttributeName(metadata, a) == "TargetFrameworkAttribute")
            .Select(a => a.DecodeValue(new StringOnly()).FixedArguments[0].Value as string)
            .FirstOrDefault();
        return (references, target);
    }

    private static string AttributeName(MetadataReader metadata, CustomAttribute attribute)
        => attribute.Constructor.Kind == HandleKind.MemberReference
            ? metadata.GetString(metadata.GetTypeReference(
                (TypeReferenceHandle)metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent).Name)
            : string.Empty;

    /// <summary>Decodes the string arguments of an attribute, which is all TargetFrameworkAttribute has.</summary>
    private sealed class StringOnly : ICustomAttributeTypeProvider<string>
    {
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

        public string GetSystemType() => "Type";

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => string.Empty;

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => string.Empty;

        public string GetTypeFromSerializedName(string name) => name;

        public PrimitiveTypeCode GetUnderlyingEnumType(string type) => PrimitiveTypeCode.Int32;

        public bool IsSystemType(string type) => type == "Type";
    }
}
