using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Library;

/// <summary>
/// How the tools (dotnet migrate, dotnet ef) create the context. The connection comes from
/// LIBRARY_CONNECTION, else a SQLite file beside the project.
/// </summary>
public class LibraryContextFactory : IDesignTimeDbContextFactory<LibraryContext>
{
    public LibraryContext CreateDbContext(string[] args) => Create();

    public static LibraryContext Create()
    {
        var connection = Environment.GetEnvironmentVariable("LIBRARY_CONNECTION") is { Length: > 0 } c ? c : "Data Source=library.db";
        return new LibraryContext(new DbContextOptionsBuilder<LibraryContext>().UseSqlite(connection).Options);
    }
}
