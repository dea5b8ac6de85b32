namespace Migrations.Build.Protocol;

/// <summary>
/// Which environment names count as production: <c>Production</c>, or the names in <see cref="Variable"/>,
/// separated by commas or semicolons (e.g. <c>Production,Live,prod-eu</c>). Case doesn't matter.
/// </summary>
public static class ProductionEnvironments
{
    public const string Variable = "MIGRATIONS_PRODUCTION_ENVIRONMENTS";

    public static bool IsProduction(string? environment)
    {
        if (string.IsNullOrWhiteSpace(environment))
        {
            return false;
        }

        // A list that names nothing (",,", " ") keeps the default: a typo must not turn production off.
        var names = (Environment.GetEnvironmentVariable(Variable) ?? string.Empty)
            .Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return (names.Length > 0 ? names : ["Production"]).Contains(environment.Trim(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The app's environment from the variables its host reads (ASPNETCORE_ENVIRONMENT first, as ASP.NET Core does).</summary>
    public static string? FromVariables()
        => Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") is { Length: > 0 } aspnet ? aspnet
            : Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") is { Length: > 0 } dotnet ? dotnet : null;
}
