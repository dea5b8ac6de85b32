using System.Reflection;
using Migrations.Build.Engine.Loading;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Migrations.Build.Engine.History;

/// <summary>
/// <c>contents</c>: the contexts that have migrations and their ids, from the attributes EF Core's
/// migrations carry. No context is created and no database read, so a bundle can say what it holds
/// while it is being made.
/// </summary>
internal static class ContentsOperations
{
    public static int Contents(EngineSession session)
    {
        var contexts = ContextSet.Types(session.Request)
            .Where(t => typeof(Migration).IsAssignableFrom(t))
            .Select(t => (Context: t.GetCustomAttribute<DbContextAttribute>()?.ContextType, Id: t.GetCustomAttribute<MigrationAttribute>()?.Id))
            .Where(m => m.Context is not null && m.Id is not null)
            .GroupBy(m => m.Context!)
            .Select(g => new BundledContext(g.Key.Name, g.Select(m => m.Id!).Distinct().Order(StringComparer.Ordinal).ToList()))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        session.Events.Result(new ContentsResult { EFCore = AssemblyVersions.Of(typeof(DbContext).Assembly), Contexts = contexts });
        return 0;
    }
}
