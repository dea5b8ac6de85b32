using System.Text.Json;
using FluentAssertions;
using Migrations.Build.Engine;
using Migrations.Build.Engine.Data;
using Migrations.Build.Engine.Restore;
using Migrations.Build.Protocol.Backups;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Migrations.Build.Tests.Unit.Backups;

/// <summary>Values a column can't take are refused in restore's first pass, naming table, column and row, before anything is written.</summary>
public sealed class RestoreValueTests : IDisposable
{
    private readonly SqliteConnection _db = new("Data Source=:memory:");

    public RestoreValueTests()
    {
        _db.Open();
        using var create = _db.CreateCommand();
        create.CommandText = "CREATE TABLE Readings (Id INTEGER PRIMARY KEY, Value REAL, Taken TEXT)";
        create.ExecuteNonQuery();
    }

    public void Dispose() => _db.Dispose();

    private RestoreTarget Target(params BackupColumn[] columns)
    {
        using var context = new DbContext(new DbContextOptionsBuilder().UseSqlite(_db).Options);
        var dialect = DataDialect.For("Microsoft.EntityFrameworkCore.Sqlite", context.GetService<ISqlGenerationHelper>());
        return RestoreTarget.Describe(_db, dialect, "Readings", null, columns, ["Id"], sameDatabase: false)!;
    }

    [Fact]
    public void NaN_from_another_database_is_refused_for_SQLite_naming_the_row()
    {
        var target = Target(new("Id", "Int32"), new("Value", "Double"));

        var read = () => target.Values(JsonDocument.Parse("[7,\"NaN\"]").RootElement, 1);

        read.Should().Throw<EngineException>().WithMessage("Readings.Value at Id = 7: SQLite can't store NaN*nothing was restored.");
    }

    [Fact]
    public void Another_databases_array_text_is_refused_before_anything_is_written()
    {
        var describe = () => Target(new("Id", "Int32"), new("Taken", "String", "integer[]", Text: true));

        describe.Should().Throw<EngineException>()
            .WithMessage("Readings.Taken was backed up as another database's own text of integer[]*Nothing was restored.");
    }

    [Fact]
    public void A_row_with_too_few_values_names_its_place()
    {
        var target = Target(new("Id", "Int32"), new("Value", "Double"));

        var read = () => target.Values(JsonDocument.Parse("[7]").RootElement, 3);

        read.Should().Throw<EngineException>().WithMessage("Row 3 of Readings has 1 values for 2 columns*");
    }
}
