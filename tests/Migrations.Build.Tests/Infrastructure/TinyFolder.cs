using System.Diagnostics;

namespace Migrations.Build.Tests.Infrastructure;

/// <summary>
/// A folder on its own 64 KiB file system (tmpfs), to see what a full or read-only disk does (root
/// writes to a read-only folder anyway; not to a read-only file system). Mounting needs root
/// (as in CI); elsewhere the test that uses it is skipped with that reason.
/// </summary>
public sealed class TinyFolder : IDisposable
{
    private TinyFolder(string path) => Path = path;

    public string Path { get; }

    public static TinyFolder Mount(bool readOnly = false)
    {
        var path = Directory.CreateTempSubdirectory("migrations-build-full-").FullName;
        var options = readOnly ? "size=64k,ro" : "size=64k";
        var mount = Process.Start(new ProcessStartInfo("mount", ["-t", "tmpfs", "-o", options, "tmpfs", path]) { RedirectStandardError = true })!;
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
