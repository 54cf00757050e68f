using System.Security.Cryptography;
using System.Text;

namespace Linli.Data;

/// <summary>
/// Encrypts the fields that must never sit in the database in plain text (national ID, phone):
/// AES-256-GCM with a random nonce, and an HMAC-SHA256 keyed hash for exact look-up.
/// The two keys live in one file under the data directory (keys/field.key), never in the database,
/// so a copy of the database alone reveals nothing.
/// </summary>
public sealed class FieldCipher
{
    public const string KeyFileName = "field.key";
    const int NonceSize = 12, TagSize = 16;
    readonly byte[] encryptionKey;
    readonly byte[] hashKey;

    FieldCipher(byte[] keyFile)
    {
        encryptionKey = keyFile[..32];
        hashKey = keyFile[32..64];
    }

    public static string KeyPath(string dataDir) => Path.Combine(dataDir, "keys", KeyFileName);

    /// <summary>Opens the key file, creating it (readable by the owner only) when it does not exist yet.</summary>
    public static FieldCipher OpenOrCreate(string dataDir) => new(KeyFile.ReadOrCreate(KeyPath(dataDir), 64));

    public static FieldCipher Open(string keyPath) => new(KeyFile.Read(keyPath, 64));

    public byte[] Encrypt(string plain)
    {
        var data = Encoding.UTF8.GetBytes(plain);
        var result = new byte[NonceSize + TagSize + data.Length];
        var nonce = result.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var gcm = new AesGcm(encryptionKey, TagSize);
        gcm.Encrypt(nonce, data, result.AsSpan(NonceSize + TagSize), result.AsSpan(NonceSize, TagSize));
        return result;
    }

    public string Decrypt(byte[] cipher)
    {
        var plain = new byte[cipher.Length - NonceSize - TagSize];
        using var gcm = new AesGcm(encryptionKey, TagSize);
        gcm.Decrypt(cipher.AsSpan(0, NonceSize), cipher.AsSpan(NonceSize + TagSize), cipher.AsSpan(NonceSize, TagSize), plain);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>Same input, same hash: equality look-up without storing the value.</summary>
    public byte[] Hash(string plain) => HMACSHA256.HashData(hashKey, Encoding.UTF8.GetBytes(plain));
}
