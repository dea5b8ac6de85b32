using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Migrations.Build.Tool.Running;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM in the tool. While the engine runs, the tool stays to the end: the
/// signal goes on to the engine (a terminal sends it to both; <c>kill</c> or a container stop
/// only to the tool), which stops at its next safe point and says what state it left; the tool
/// shows that, audits it and exits 130. Before or after the engine, the signal ends the tool at
/// once (nothing has changed yet), after <see cref="Terminating"/> ran (the audit line).
/// </summary>
internal static class Interrupts
{
    private static readonly object Gate = new();
    private static PosixSignalRegistration[] _registrations = [];
    private static readonly HashSet<Process> Engines = [];
    private static int _requested;

    /// <summary>Runs when a signal is about to end the tool at once.</summary>
    public static Action? Terminating { get; set; }

    public static bool Requested => Volatile.Read(ref _requested) == 1;

    public static void Trap()
        => _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];

    /// <summary>An engine process while it runs, which a signal is passed on to (a fleet runs several at once).</summary>
    public static void Started(Process engine)
    {
        lock (Gate)
        {
            Engines.Add(engine);
        }
    }

    public static void Ended(Process engine)
    {
        lock (Gate)
        {
            Engines.Remove(engine);
        }
    }

    private static void OnSignal(PosixSignalContext context)
    {
        Volatile.Write(ref _requested, 1);
        lock (Gate)
        {
            if (Engines.Count > 0)
            {
                context.Cancel = true;
                foreach (var engine in Engines)
                {
                    Forward(engine, context.Signal);
                }

                return;
            }
        }

        Terminating?.Invoke();
    }

    /// <summary>
    /// The engine may have had it from the terminal already; it takes two within three seconds as one.
    /// Windows delivers Ctrl+C to every process of the console, so there is nothing to pass on.
    /// </summary>
    private static void Forward(Process engine, PosixSignal signal)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            _ = Kill(engine.Id, signal == PosixSignal.SIGTERM ? SigTerm : SigInt);
        }
        catch (InvalidOperationException)
        {
            // It has just ended.
        }
    }

    private const int SigInt = 2;
    private const int SigTerm = 15;

    // DllImport, not LibraryImport: blittable arguments need no marshalling code, and so no unsafe code.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054

    public static void Release()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
