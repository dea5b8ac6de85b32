namespace Migrations.Build.Engine.Sources;

/// <summary>A place in the user's source, for diagnostics an IDE can jump to.</summary>
public sealed record SourceLocation(string File, int Line, int Column = 1);
