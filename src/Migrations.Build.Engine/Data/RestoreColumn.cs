namespace Migrations.Build.Engine.Data;

/// <summary>
/// A backed-up column matched by name to a column of the table as it is now: the database's name for
/// its type, and whether its backed-up value goes back as the database's own text (cast to the type).
/// </summary>
internal sealed record RestoreColumn(int BackupIndex, string Name, Type Type, string BackupType, string StoreType = "", bool AsText = false);
