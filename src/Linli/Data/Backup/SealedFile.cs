using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Linli.Data.Backup;

/// <summary>
/// The encrypted envelope of a backup file (.lnbk), streamed in chunks so that a database of hundreds of
/// megabytes never sits in memory. Layout:
/// <code>
/// header  "LNBK\r\n\x1a\n" | version 1 | kdf 1 (PBKDF2-HMAC-SHA256) | iterations u32 | salt 16 | chunk size u32 | check 32
/// chunks  length u32 | ciphertext | tag 16        (AES-256-GCM, nonce = 0000 ‖ chunk number u64, AAD = chunk number ‖ last?)
/// </code>
/// PBKDF2 gives 64 bytes: the first 32 are the AES key, the last 32 key the header's check (HMAC-SHA256 over the
/// header before it), which tells a wrong passphrase from a damaged file before any chunk is opened. The salt is
/// random for every file, so every file has its own key and a counter is a safe nonce. The last chunk says it is
/// the last in its authenticated data: a file cut short after any chunk is caught, as is anything appended.
/// </summary>
public static class SealedFile
{
    public const int DefaultIterations = 600_000;
    internal const int ChunkSize = 1 << 20, SaltSize = 16, TagSize = 16, CheckSize = 32;
    internal const int HeaderSize = 8 + 1 + 1 + 4 + SaltSize + 4 + CheckSize;
    internal static readonly byte[] Magic = "LNBK\r\n\u001a\n"u8.ToArray();
    const byte Version = 1, Pbkdf2Sha256 = 1;

    /// <summary>Opens <paramref name="target"/> for writing the sealed form of whatever is written to the result.</summary>
    public static Stream Seal(Stream target, string passphrase, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var header = new byte[HeaderSize];
        Magic.CopyTo(header, 0);
        header[8] = Version;
        header[9] = Pbkdf2Sha256;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(10), (uint)iterations);
        salt.CopyTo(header, 14);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(14 + SaltSize), ChunkSize);
        var (key, checkKey) = Derive(passphrase, salt, iterations);
        HMACSHA256.HashData(checkKey, header.AsSpan(0, HeaderSize - CheckSize), header.AsSpan(HeaderSize - CheckSize));
        target.Write(header);
        return new SealingStream(target, key);
    }

    /// <summary>
    /// Reads the header of <paramref name="source"/> and checks the passphrase against it; the result reads the
    /// plain content and throws <see cref="SealedFileException"/> at the first chunk that is damaged or missing.
    /// </summary>
    public static Stream Open(Stream source, string passphrase)
    {
        var header = new byte[HeaderSize];
        var read = source.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false);
        if (read < Magic.Length || !header.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new SealedFileException("这不是邻里的备份文件（文件开头的标记不对）。", wrongPassphrase: false);
        if (read < HeaderSize) throw new SealedFileException("备份文件不完整：连文件头都不全。", wrongPassphrase: false);
        if (header[8] != Version || header[9] != Pbkdf2Sha256)
            throw new SealedFileException($"备份文件的格式版本是 {header[8]}，这个版本的 linli 只认得版本 {Version}。请用较新的 linli 恢复。", wrongPassphrase: false);
        var iterations = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(10));
        var chunkSize = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(14 + SaltSize));
        if (iterations is < 10_000 or > 50_000_000 || chunkSize is 0 or > 64 << 20)
            throw new SealedFileException("备份文件的文件头已损坏。", wrongPassphrase: false);
        var (key, checkKey) = Derive(passphrase, header.AsSpan(14, SaltSize).ToArray(), (int)iterations);
        var expected = HMACSHA256.HashData(checkKey, header.AsSpan(0, HeaderSize - CheckSize));
        if (!CryptographicOperations.FixedTimeEquals(expected, header.AsSpan(HeaderSize - CheckSize)))
            throw new SealedFileException("口令不对：用这个口令打不开这份备份（也可能是文件头被改动过）。请用备份时设定的口令再试。", wrongPassphrase: true);
        return new OpeningStream(source, key, (int)chunkSize);
    }

    static (byte[] Key, byte[] CheckKey) Derive(string passphrase, byte[] salt, int iterations)
    {
        // The same words typed on another machine's input method must give the same key.
        var bytes = Encoding.UTF8.GetBytes(passphrase.Normalize(NormalizationForm.FormC));
        var both = Rfc2898DeriveBytes.Pbkdf2(bytes, salt, iterations, HashAlgorithmName.SHA256, 64);
        return (both[..32], both[32..]);
    }

    internal static void Nonce(Span<byte> nonce, long chunk)
    {
        nonce[..4].Clear();
        BinaryPrimitives.WriteInt64BigEndian(nonce[4..], chunk);
    }

    internal static byte[] Associated(long chunk, bool last)
    {
        var aad = new byte[9];
        BinaryPrimitives.WriteInt64BigEndian(aad, chunk);
        aad[8] = last ? (byte)1 : (byte)0;
        return aad;
    }
}

/// <summary>A backup file that cannot be opened: the passphrase is wrong, or the file is damaged or cut short. The message is for the office.</summary>
public sealed class SealedFileException(string message, bool wrongPassphrase) : Exception(message)
{
    public bool WrongPassphrase { get; } = wrongPassphrase;
}

sealed class SealingStream(Stream target, byte[] key) : Stream
{
    readonly AesGcm gcm = new(key, SealedFile.TagSize);
    readonly byte[] plain = new byte[SealedFile.ChunkSize];
    readonly byte[] sealedChunk = new byte[4 + SealedFile.ChunkSize + SealedFile.TagSize];
    int filled;
    long chunk;
    bool finished;

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(finished, this);
        while (buffer.Length > 0)
        {
            // A chunk is sealed only when more follows, so that the last one can say it is the last.
            if (filled == plain.Length) Emit(last: false);
            var n = Math.Min(buffer.Length, plain.Length - filled);
            buffer[..n].CopyTo(plain.AsSpan(filled));
            filled += n;
            buffer = buffer[n..];
        }
    }

    void Emit(bool last)
    {
        Span<byte> nonce = stackalloc byte[12];
        SealedFile.Nonce(nonce, chunk);
        BinaryPrimitives.WriteUInt32BigEndian(sealedChunk, (uint)filled);
        gcm.Encrypt(nonce, plain.AsSpan(0, filled), sealedChunk.AsSpan(4, filled), sealedChunk.AsSpan(4 + filled, SealedFile.TagSize), SealedFile.Associated(chunk, last));
        target.Write(sealedChunk, 0, 4 + filled + SealedFile.TagSize);
        chunk++;
        filled = 0;
    }

    /// <summary>Seals what is left as the last chunk. Disposing does it too; the target stays open.</summary>
    public override void Flush() { }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !finished)
        {
            Emit(last: true);
            finished = true;
            target.Flush();
            gcm.Dispose();
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !finished;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}

sealed class OpeningStream(Stream source, byte[] key, int chunkSize) : Stream
{
    readonly AesGcm gcm = new(key, SealedFile.TagSize);
    readonly byte[] cipher = new byte[chunkSize + SealedFile.TagSize];
    readonly byte[] plain = new byte[chunkSize];
    int available, position;
    long chunk;
    bool sawLast;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (position == available)
        {
            if (sawLast) return 0;
            Next();
        }
        var n = Math.Min(buffer.Length, available - position);
        plain.AsSpan(position, n).CopyTo(buffer);
        position += n;
        return n;
    }

    void Next()
    {
        Span<byte> length = stackalloc byte[4];
        var got = source.ReadAtLeast(length, 4, throwOnEndOfStream: false);
        if (got == 0) throw Cut();
        if (got < 4) throw Cut();
        var size = BinaryPrimitives.ReadUInt32BigEndian(length);
        if (size > plain.Length) throw Damaged();
        if (source.ReadAtLeast(cipher.AsSpan(0, (int)size + SealedFile.TagSize), (int)size + SealedFile.TagSize, throwOnEndOfStream: false) < size + SealedFile.TagSize)
            throw Cut();
        Span<byte> nonce = stackalloc byte[12];
        SealedFile.Nonce(nonce, chunk);
        var text = cipher.AsSpan(0, (int)size);
        var tag = cipher.AsSpan((int)size, SealedFile.TagSize);
        if (!TryDecrypt(nonce, text, tag, last: false))
        {
            if (!TryDecrypt(nonce, text, tag, last: true)) throw Damaged();
            sawLast = true;
            if (source.ReadByte() != -1) throw new SealedFileException("备份文件已损坏：结尾之后还多出了数据。", wrongPassphrase: false);
        }
        available = (int)size;
        position = 0;
        chunk++;
    }

    bool TryDecrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> text, ReadOnlySpan<byte> tag, bool last)
    {
        try
        {
            gcm.Decrypt(nonce, text, tag, plain.AsSpan(0, text.Length), SealedFile.Associated(chunk, last));
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    SealedFileException Cut() => new($"备份文件不完整：在第 {chunk + 1} 段（约第 {chunk + 1} MB）处中断了。可能是复制没有完成，或存放它的磁盘已满。请换一份完整的备份。", wrongPassphrase: false);

    SealedFileException Damaged() => new($"备份文件已损坏：第 {chunk + 1} 段（约第 {chunk + 1} MB）的校验不通过，内容被改动过或磁盘出了错。请换一份备份。", wrongPassphrase: false);

    protected override void Dispose(bool disposing)
    {
        if (disposing) gcm.Dispose();
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
