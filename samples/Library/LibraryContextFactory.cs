using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Library;

/// <summary>
/// How the app and the tools (dotnet migrate, dotnet ef) create the context. The provider comes
/// from LIBRARY_PROVIDER (sqlite, the default; postgres; sqlserver) and the connection from
/// LIBRARY_CONNECTION, else a SQLite file beside the project. Migrations are provider-specific:
/// the ones in Migrations/ are SQLite's.
/// </summary>
public class LibraryContextFactory : IDesignTimeDbContextFactory<LibraryContext>
{
    public LibraryContext CreateDbContext(string[] args) => Create();

    public static LibraryContext Create()
    {
        var provider = Environment.GetEnvironmentVariable("LIBRARY_PROVIDER") is { Length: > 0 } p ? p.ToLowerInvariant() : "sqlite";
        var connection = Environment.GetEnvironmentVariable("LIBRARY_CONNECTION") is { Length: > 0 } c ? c : null;
        var options = new DbContextOptionsBuilder<LibraryContext>();
        _ = provider switch
        {
            "sqlite" => options.UseSqlite(connection ?? "Data Source=library.db"),
            "postgres" => options.UseNpgsql(connection ?? "Host=localhost;Database=library;Username=postgres"),
            "sqlserver" => options.UseSqlServer(connection ?? "Server=localhost;Database=library;Integrated Security=true;TrustServerCertificate=true"),
            _ => throw new InvalidOperationException($"LIBRARY_PROVIDER '{provider}' is not one of sqlite, postgres, sqlserver."),
        };
        return new LibraryContext(options.Options);
    }
}
