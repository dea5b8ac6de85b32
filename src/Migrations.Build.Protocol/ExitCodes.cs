namespace Migrations.Build.Protocol;

/// <summary>The contract's exit codes, shared by the engine, the tool and the MSBuild task.</summary>
public static class ExitCodes
{
    /// <summary>Done, or the check found nothing.</summary>
    public const int Success = 0;

    /// <summary>The check found something: drift, pending, unsafe, failed cycle.</summary>
    public const int Findings = 1;

    /// <summary>Bad input or usage.</summary>
    public const int Usage = 2;

    /// <summary>Database or connection error.</summary>
    public const int Database = 3;

    /// <summary>Refused: production without confirmation, lock timeout.</summary>
    public const int Refused = 4;

    /// <summary>Interrupted (Ctrl+C, SIGTERM): stopped at a safe point, as 128 + SIGINT by convention.</summary>
    public const int Interrupted = 130;
}
