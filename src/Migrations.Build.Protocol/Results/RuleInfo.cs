namespace Migrations.Build.Protocol.Results;

/// <summary>A rule's metadata, for reports that describe their rules (SARIF, markdown).</summary>
public sealed record RuleInfo(string Id, string Title, string Severity, string HelpUri);
