using System.Diagnostics;

namespace Migrations.Build.Tests.Infrastructure;

/// <summary>
/// A folder on its own 64 KiB file system (tmpfs), to see what a full disk does. Mounting needs root
/// (as in CI); elsewhere the test that uses it is skipped with that reason.
/// </summary>
public sealed class TinyFolder : IDisposable
{
    private TinyFolder(string path) => Path = path;

    public string Path { get; }

    public static TinyFolder Mount()
    {
        var path = Directory.CreateTempSubdirectory("migrations-build-full-").FullName;
        var mount = Process.Start(new ProcessStartInfo("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", path]) { RedirectStandardError = true })!;
        mount.WaitForExit();
        if (mount.ExitCode != 0)
        {
            Directory.Delete(path);
            Assert.Skip($"A full disk is simulated with a 64 KiB tmpfs, which needs root: mount said {mount.StandardError.ReadToEnd().Trim()}");
        }

        return new TinyFolder(path);
    }

    public void Dispose()
    {
        Process.Start("umount", [Path]).WaitForExit();
        Directory.Delete(Path);
    }
}
