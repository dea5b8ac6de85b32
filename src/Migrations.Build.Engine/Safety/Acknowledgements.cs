using System.Reflection;

namespace Migrations.Build.Engine.Safety;

/// <summary>An <c>[AllowUnsafeOperation("MIG102", Reason = "...")]</c> on a migration class.</summary>
internal sealed record Acknowledgement(string Rule, string? Reason)
{
    public const string AttributeName = "Migrations.Build.AllowUnsafeOperationAttribute";

    /// <summary>Reads the attributes by name: the type lives in the user's assembly (the package compiles it in).</summary>
    public static IReadOnlyList<Acknowledgement> Of(Type migration)
        => migration.GetCustomAttributesData()
            .Where(a => a.AttributeType.FullName == AttributeName && a.ConstructorArguments.Count > 0)
            .Select(a => new Acknowledgement(
                ((string?)a.ConstructorArguments[0].Value ?? string.Empty).Trim(),
                a.NamedArguments.FirstOrDefault(n => n.MemberName == "Reason").TypedValue.Value as string))
            .ToList();

    public bool HasReason => !string.IsNullOrWhiteSpace(Reason);
}
