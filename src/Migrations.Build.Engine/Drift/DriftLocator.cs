using Migrations.Build.Engine.Sources;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Migrations.Build.Engine.Drift;

/// <summary>
/// Where in the user's code a drift is: the property or entity that the code added or changed, or,
/// for something the code removed, its entry in the model snapshot; else the snapshot or context file.
/// </summary>
internal sealed class DriftLocator(SourceLocator sources, ModelDrift drift, string snapshotClass, string contextClass)
{
    public SourceLocation? Locate(MigrationOperation operation)
    {
        var subject = ModelSubject.Find(operation, drift.Snapshot, drift.Current);
        if (subject is { InCurrentModel: true })
        {
            var inCode = subject.Property is { } property
                ? sources.FindMember(subject.ClrName, property)
                : sources.FindType(subject.ClrName);
            if (inCode is not null)
            {
                return inCode;
            }
        }

        var snapshot = sources.FindType(snapshotClass);
        if (subject is not null && snapshot is not null)
        {
            var texts = subject.Property is { } removed
                ? new[] { $"Entity(\"{subject.ModelName}\"", $"(\"{removed}\")" }
                : [$"Entity(\"{subject.ModelName}\""];
            if (SourceLocator.FindText(snapshot.File, snapshot.Line, texts) is { } entry)
            {
                return entry;
            }
        }

        return snapshot ?? sources.FindType(contextClass);
    }
}
