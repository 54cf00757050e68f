using System.Diagnostics;

namespace Linli.Tests.Health;

/// <summary>
/// Real faults of the disk under a data directory, as root (the tests run as root, where chmod stops no write):
/// `chattr +i` makes a file immutable — ext4 then refuses every write, even through a descriptor already open,
/// which is what a database file gone read-only under a running server looks like; a small tmpfs mounted over
/// the data directory fills up for real.
/// </summary>
static class Disks
{
    public static void Run(string program, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{program} {string.Join(' ', args)}: {p.StandardError.ReadToEnd()}");
    }

    /// <summary>Makes the files immutable until disposed.</summary>
    public static IDisposable Immutable(params string[] files)
    {
        var present = files.Where(File.Exists).ToArray();
        foreach (var f in present) Run("chattr", "+i", f);
        return new Undo(() => { foreach (var f in present) Run("chattr", "-i", f); });
    }

    /// <summary>A tmpfs of <paramref name="megabytes"/> MB mounted over the (empty) directory until disposed.</summary>
    public static IDisposable SmallDisk(string dir, int megabytes)
    {
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", dir);
        return new Undo(() => Run("umount", "-l", dir));
    }

    /// <summary>Fills the file system that holds <paramref name="dir"/> with one file, until the disk says it is full.</summary>
    public static string Fill(string dir)
    {
        var path = Path.Combine(dir, "filler.bin");
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        var block = new byte[64 * 1024];
        try
        {
            while (true) file.Write(block);
        }
        catch (IOException) { }
        return path;
    }

    sealed class Undo(Action undo) : IDisposable
    {
        int done;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref done, 1) == 0) undo();
        }
    }
}
