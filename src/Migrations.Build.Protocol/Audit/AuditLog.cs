using System.Text;
using System.Text.Json;

namespace Migrations.Build.Protocol.Audit;

/// <summary>One command as the audit log records it (one JSON line; field names are the contract's).</summary>
public sealed record AuditEntry
{
    public required DateTimeOffset Time { get; init; }

    public required string User { get; init; }

    public required string Machine { get; init; }

    /// <summary>The verb (upgrade, rollback...), or msbuild:Target for the build's targets.</summary>
    public required string Command { get; init; }

    /// <summary>The arguments as given, every secret masked.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    public string? Environment { get; init; }

    /// <summary>success, findings, usage, database, refused or interrupted (from the exit code).</summary>
    public required string Outcome { get; init; }

    public int ExitCode { get; init; }

    public string? Error { get; init; }

    /// <summary>What the command warned about on its way (e.g. each migration that timed out on a table lock and was tried again); null when nothing.</summary>
    public IReadOnlyList<string>? Warnings { get; init; }

    public double DurationSeconds { get; init; }
}

/// <summary>
/// The audit log: one JSON line per command appended to <c>migrations-audit.jsonl</c> (beside the
/// backups, in the project's folder) or to <see cref="PathVariable"/>. Secrets are masked before a
/// line is made. Writing it never fails a command: a log that can't be written is said, not thrown.
/// </summary>
public static class AuditLog
{
    public const string FileName = "migrations-audit.jsonl";

    /// <summary>A file to write the audit log to instead; <c>off</c> turns it off.</summary>
    public const string PathVariable = "MIGRATIONS_AUDIT_LOG";

    /// <summary>Where the log goes for a project in <paramref name="projectDir"/>, or null when it is off.</summary>
    public static string? PathFor(string projectDir)
        => System.Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } custom
            ? custom.Equals("off", StringComparison.OrdinalIgnoreCase) ? null : Path.GetFullPath(custom)
            : Path.Combine(projectDir, FileName);

    public static string Outcome(int exitCode) => exitCode switch
    {
        ExitCodes.Success => "success",
        ExitCodes.Findings => "findings",
        ExitCodes.Usage => "usage",
        ExitCodes.Database => "database",
        ExitCodes.Refused => "refused",
        _ => "interrupted",
    };

    /// <summary>Masks what an argument list may hold: the value after --connection, any connection string with a secret.</summary>
    public static IReadOnlyList<string> MaskArguments(IReadOnlyList<string> args)
    {
        var masked = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            masked.Add(i > 0 && args[i - 1] is "--connection" ? ConnectionStringMasker.Mask(arg) ?? string.Empty
                : arg.StartsWith("--connection=", StringComparison.Ordinal) ? "--connection=" + ConnectionStringMasker.Mask(arg["--connection=".Length..])
                : ConnectionStringMasker.MaskText(arg));
        }

        return masked;
    }

    /// <summary>Appends one line; returns why it couldn't, or null.</summary>
    public static string? Append(string path, AuditEntry entry)
    {
        var safe = entry with { Error = entry.Error is null ? null : ConnectionStringMasker.MaskText(entry.Error) };
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(safe, ProtocolJson.Compact) + "\n");
        Exception? last = null;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);

                // Exclusive while writing: .NET's append mode on Unix seeks to the end at open rather
                // than appending each write, so two commands ending together could overwrite a line.
                using var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
                file.Seek(0, SeekOrigin.End);
                file.Write(line);
                return null;
            }
            catch (IOException e) when (e is not DirectoryNotFoundException and not PathTooLongException)
            {
                last = e; // another command is writing its line: wait a moment
                Thread.Sleep(20);
            }
            catch (UnauthorizedAccessException e)
            {
                last = e;
                break;
            }
        }

        return $"The audit log {path} could not be written: {last?.Message}";
    }

    /// <summary>
    /// An entry for this user and machine, now; <paramref name="secrets"/>: the run's connection strings, kept out of it whatever their form.
    /// </summary>
    public static AuditEntry Entry(string command, IReadOnlyList<string> args, string? environment, int exitCode, string? error, TimeSpan duration,
        SecretScrubber? secrets = null, IReadOnlyList<string>? warnings = null) => new()
    {
        Time = DateTimeOffset.UtcNow,
        User = System.Environment.UserName,
        Machine = System.Environment.MachineName,
        Command = command,
        Arguments = secrets is null ? MaskArguments(args) : [.. MaskArguments(args).Select(a => secrets.Scrub(a)!)],
        Environment = environment,
        Outcome = Outcome(exitCode),
        ExitCode = exitCode,
        Error = secrets is null ? error : secrets.Scrub(error),
        Warnings = warnings is not { Count: > 0 } ? null : [.. warnings.Select(w => ConnectionStringMasker.MaskText(secrets is null ? w : secrets.Scrub(w)!))],
        DurationSeconds = Math.Round(duration.TotalSeconds, 3),
    };
}
