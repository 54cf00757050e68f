using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;

namespace Linli.Features.Registry.Import;

/// <summary>
/// Keeps an uploaded roster between the preview and the confirmation, so that nobody uploads it twice:
/// a file under the data directory (imports/), named by the user's id and a random token, encrypted with
/// the data-protection keys (which live in the database), removed after the import or after an hour.
///
/// With several servers behind one proxy, the confirmation must reach a server that sees the same data
/// directory: a shared directory, or sticky sessions. The keys being in the database, any server can read
/// a file another wrote once it sees it. (Keeping the bytes in a database table would lift this; it needs a
/// schema change.)
/// </summary>
public sealed partial class RosterUploads(LinliOptions options, IDataProtectionProvider protection, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    string Folder => Path.Combine(Path.GetFullPath(options.DataDir), "imports");

    IDataProtector Protector(long userId) => protection.CreateProtector("Linli.Registry.RosterUpload", userId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    string PathOf(long userId, string token) => Path.Combine(Folder, $"{userId}-{token}.upload");

    public async Task<string> SaveAsync(long userId, byte[] content, CancellationToken ct)
    {
        Sweep();
        Directory.CreateDirectory(Folder);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await File.WriteAllBytesAsync(PathOf(userId, token), Protector(userId).Protect(content), ct);
        return token;
    }

    /// <summary>The file's bytes, or null when the token is not this user's, is malformed, or has expired.</summary>
    public async Task<byte[]?> LoadAsync(long userId, string? token, CancellationToken ct)
    {
        if (token is null || !Token().IsMatch(token)) return null;
        var path = PathOf(userId, token);
        if (!File.Exists(path)) return null;
        if (clock.GetUtcNow().UtcDateTime - File.GetLastWriteTimeUtc(path) > Lifetime)
        {
            Delete(userId, token);
            return null;
        }
        try
        {
            return Protector(userId).Unprotect(await File.ReadAllBytesAsync(path, ct));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public void Delete(long userId, string? token)
    {
        if (token is null || !Token().IsMatch(token)) return;
        try { File.Delete(PathOf(userId, token)); }
        catch (IOException) { }
    }

    /// <summary>Removes what was left behind by previews never confirmed.</summary>
    void Sweep()
    {
        if (!Directory.Exists(Folder)) return;
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var file in Directory.EnumerateFiles(Folder, "*.upload"))
        {
            try
            {
                if (now - File.GetLastWriteTimeUtc(file) > Lifetime) File.Delete(file);
            }
            catch (IOException) { }
        }
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex Token();
}
