using System.Globalization;
using Linli.Features.Access;

namespace Linli.Data.Backup;

/// <summary>
/// The passphrase a backup is sealed with. Anyone holding the file and the passphrase holds every resident's ID
/// number, so it must not be guessable; it is typed by people, so it may be a sentence, in Chinese or not.
/// </summary>
public static class BackupPassphrase
{
    public const int MinLength = 12;
    public const string EnvironmentVariable = "LINLI_BACKUP_PASSPHRASE";

    /// <summary>Null when the passphrase will do; otherwise the sentence that says why not.</summary>
    public static string? Weakness(string passphrase)
    {
        var p = passphrase.Trim();
        var length = new StringInfo(p).LengthInTextElements;
        string? why = null;
        if (length < MinLength) why = $"只有 {length} 个字";
        else if (p.All(char.IsAsciiDigit)) why = "全是数字（日期、电话号码一猜就中）";
        else if (CommonPasswords.Contains(p)) why = "是常见密码";
        else if (p.EnumerateRunes().Distinct().Count() < 6) why = "重复的字太多";
        return why is null ? null
            : $"备份口令太弱：{why}。备份里有全部居民的身份证号和解开它们的密钥，口令至少要 {MinLength} 个字（汉字、字母、数字、符号都算），"
              + "不能是常见密码、纯数字或简单重复；可以用一句只有办公室知道、又容易记住的话。";
    }
}
