using System.Runtime.InteropServices;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Concurrency;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM during a command that changes data in steps (upgrade, downgrade,
/// rollback, backup, restore). The first signal lets the step in progress finish (a migration's
/// transaction, a table's restore) and stops the command at its next stop point, where it says
/// what state it left. A second one, more than 3 s later, stops the process at once, as the default
/// would: the database then rolls back the step in progress with its transaction.
/// </summary>
internal sealed class Interruption : IDisposable
{
    /// <summary>
    /// One key press reaches the engine twice: from the terminal (the whole process group) and forwarded
    /// by the tool. On a busy machine the forwarded one was seen to come more than a second later and
    /// stop the engine at once; a person pressing again after reading the warning takes longer than this.
    /// </summary>
    private const long SamePressMilliseconds = 3000;

    private readonly EventWriter? _events;
    private readonly PosixSignalRegistration[] _registrations;
    private long _first;

    private Interruption(EventWriter? events, bool trap)
    {
        _events = events;
        _registrations = trap
            ? [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)]
            : [];
    }

    /// <summary>Traps the signals for this process until disposed.</summary>
    public static Interruption Trap(EventWriter events) => new(events, trap: true);

    /// <summary>For commands without stop points: a signal ends them at once (they change nothing, or do it in one transaction).</summary>
    public static Interruption None() => new(null, trap: false);

    public bool Requested => Interlocked.Read(ref _first) != 0;

    /// <summary>
    /// At a stop point: when a signal came, ends the command with the contract's exit code for an
    /// interruption and a message that says what state it left (<paramref name="state"/>).
    /// </summary>
    public void StopIfRequested(Func<string> state)
    {
        if (Requested)
        {
            throw new EngineException($"Interrupted: {state()}", ExitCodes.Interrupted);
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        var now = Math.Max(1, Environment.TickCount64);
        var first = Interlocked.CompareExchange(ref _first, now, 0);
        if (first == 0)
        {
            context.Cancel = true;
            _events?.Log(LogLevels.Warning, "Interrupted: finishing the step in progress, then stopping (press Ctrl+C again to stop at once; "
                + "the database then rolls back that step with its transaction).");
            return;
        }

        context.Cancel = now - first < SamePressMilliseconds;
        if (!context.Cancel)
        {
            _events?.Log(LogLevels.Warning, "Stopping at once: the database rolls back the step in progress with its transaction.");
        }
    }

    public void Dispose()
    {
        if (Requested)
        {
            // The press's second copy (forwarded by the tool) may still be on its way while the engine
            // reports where it stopped: kept, the handlers take it as the same press instead of the
            // default that would end the process before its report.
            return;
        }

        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
