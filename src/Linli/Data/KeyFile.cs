using System.Security.Cryptography;

namespace Linli.Data;

/// <summary>
/// The secret keys Linli keeps as files under the data directory (keys/…), never in the database:
/// random bytes, readable by the owner only, created on first use.
/// </summary>
public static class KeyFile
{
    /// <summary>
    /// Reads the key at <paramref name="path"/>, creating it with <paramref name="length"/> random bytes when it
    /// does not exist yet. The new file is written whole under a temporary name (mode 0600 from its creation)
    /// and then linked into place, so that two servers starting at once end up with the same key and nobody
    /// ever reads a half-written one.
    /// </summary>
    public static byte[] ReadOrCreate(string path, int length)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var f = new FileStream(temporary, options))
                f.Write(RandomNumberGenerator.GetBytes(length));
            try { File.Move(temporary, path, overwrite: false); }
            catch (IOException) when (File.Exists(path)) { File.Delete(temporary); }   // another process was first: use its key
        }
        return Read(path, length);
    }

    /// <summary>Reads an existing key; a file of the wrong length is refused in plain words.</summary>
    public static byte[] Read(string path, int length)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != length) throw new InvalidDataException($"密钥文件 {path} 已损坏：长度应为{length}字节，实际为{bytes.Length}字节。");
        return bytes;
    }
}
