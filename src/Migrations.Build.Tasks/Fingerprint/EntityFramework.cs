namespace Migrations.Build.Tasks.Fingerprint;

/// <summary>What the fingerprint knows of EF Core's API: which assemblies are EF Core's, and which of its types only use a model.</summary>
internal static class EntityFramework
{
    // EF Core's API for querying and saving: code that only calls these can't change the model.
    private static readonly HashSet<string> UsingTypes = new(StringComparer.Ordinal)
    {
        "DbSet", "DbContext", "DatabaseFacade", "ChangeTracker", "EntityEntry", "PropertyEntry", "ReferenceEntry", "CollectionEntry",
        "NavigationEntry", "MemberEntry", "PropertyValues", "EF", "DbFunctions", "DbUpdateException", "DbUpdateConcurrencyException",
        "IDbContextTransaction", "IDbContextFactory", "SetPropertyCalls", "UpdateSettersBuilder", "IIncludableQueryable",
    };

    private static readonly string[] UsingSuffixes = ["QueryableExtensions", "DatabaseFacadeExtensions", "DbFunctionsExtensions", "EntityEntryExtensions"];

    /// <summary>An assembly of EF Core, its providers or its plugins (EFCore.NamingConventions, ...).</summary>
    public static bool Owns(string assembly)
        => assembly.Contains("EntityFrameworkCore", StringComparison.Ordinal) || assembly.StartsWith("EFCore", StringComparison.Ordinal);

    /// <summary>A type of EF Core's that code can name without changing the model (by its name, without generic arity).</summary>
    public static bool OnlyUses(string typeName)
    {
        var name = typeName.Split('`')[0];
        return UsingTypes.Contains(name) || UsingSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal));
    }
}
