using Library;
using Microsoft.EntityFrameworkCore;

// The app only reads: its schema is managed by migrations (dotnet migrate upgrade, or -t:MigrateUp).
using var db = LibraryContextFactory.Create();
var pending = db.Database.GetPendingMigrations().ToList();
if (pending.Count > 0)
{
    Console.WriteLine($"The database needs {pending.Count} migration(s): run 'dotnet migrate upgrade'.");
    return 1;
}

Console.WriteLine($"{db.Books.Count()} book(s) by {db.Authors.Count()} author(s), {db.Members.Count()} member(s).");
return 0;
