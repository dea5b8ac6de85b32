using FluentAssertions;
using Migrations.Build.Engine.Integrity;

namespace Migrations.Build.Tests.Unit;

/// <summary>Two contexts whose migrations share a folder share its integrity file, each keeping its own entries.</summary>
public sealed class IntegrityFileTests
{
    [Fact]
    public void A_file_of_one_context_names_it_once_and_its_entries_belong_to_it()
    {
        var file = IntegrityFile.With(null, "BlogDb", [new("1_Init", "h1")]);

        file.Context.Should().Be("BlogDb");
        file.Migrations.Should().OnlyContain(m => m.Context == null);
        file.EntriesOf("BlogDb").Select(m => m.Id).Should().Equal("1_Init");
        file.EntriesOf("AuditDb").Should().BeEmpty("another context's migrations are not in this file");
    }

    [Fact]
    public void A_second_context_locking_into_the_file_keeps_the_first_ones_entries_and_each_names_its_context()
    {
        var blog = IntegrityFile.With(null, "BlogDb", [new("1_Init", "h1"), new("3_AddBody", "h3")]);

        var shared = IntegrityFile.With(blog, "AuditDb", [new("2_InitAudit", "h2")]);
        var again = IntegrityFile.With(shared, "BlogDb", [new("1_Init", "h1"), new("3_AddBody", "h3"), new("4_Tags", "h4")]);

        shared.Context.Should().BeNull();
        shared.Migrations.Should().OnlyContain(m => m.Context != null);
        again.EntriesOf("AuditDb").Select(m => m.Id).Should().Equal("2_InitAudit");
        again.EntriesOf("BlogDb").Select(m => m.Id).Should().Equal("1_Init", "3_AddBody", "4_Tags");
    }

    [Fact]
    public void A_shared_file_round_trips_through_disk()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lock-{Guid.NewGuid():N}.json");
        try
        {
            IntegrityFile.With(IntegrityFile.With(null, "BlogDb", [new("1_Init", "h1", Baseline: true)]), "AuditDb", [new("2_InitAudit", "h2")]).Write(path);

            var read = IntegrityFile.Read(path)!;

            read.EntriesOf("BlogDb").Should().ContainSingle().Which.Should().Be(new LockedMigration("1_Init", "h1", true, "BlogDb"));
            read.EntriesOf("AuditDb").Should().ContainSingle().Which.Hash.Should().Be("h2");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
