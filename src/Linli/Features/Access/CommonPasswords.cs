using System.Collections.Frozen;

namespace Linli.Features.Access;

/// <summary>
/// Passwords that pass the length and letters-and-digits rules and are still among the first an
/// attacker tries: keyboard runs, "password123", pinyin phrases and common surnames with digits.
/// Compared without regard to case. Add to the list freely; it is only ever a refusal.
/// </summary>
public static class CommonPasswords
{
    static readonly FrozenSet<string> List = new[]
    {
        "password12", "password123", "password1234", "password12345", "password123456", "passw0rd123", "p@ssw0rd123",
        "1password12", "mypassword1", "password2024", "password2025", "password2026", "password888",
        "qwerty1234", "qwerty12345", "qwerty123456", "qwertyuiop1", "qwertyuiop123", "1qaz2wsx3edc", "1qaz2wsx3edc4rfv",
        "qazwsx123456", "qaz123456789", "zaq12wsxcde3", "1q2w3e4r5t", "1q2w3e4r5t6y", "q1w2e3r4t5", "q1w2e3r4t5y6",
        "asdf123456", "asdfgh123456", "asdfghjkl1", "asd123456789", "zxcvbnm123", "zxcvbnm1234", "zxc123456789",
        "abc1234567", "abc12345678", "abc123456789", "abcd123456", "abcd1234567", "abcde12345", "abcdef123456",
        "abc123abc123", "a123456789", "a1234567890", "aa123456789", "aaa123456789", "a1b2c3d4e5", "a1b2c3d4e5f6",
        "123456789a", "1234567890a", "123456789abc", "1234567890abc", "123456abcdef", "12345678abc", "123456789q",
        "123456789qq", "qq123456789", "qq1234567890", "123qweasdzxc", "qweasdzxc123", "qwe123456789", "1qazxsw23edc",
        "admin12345", "admin123456", "admin1234567", "administrator1", "root123456", "root12345678", "test123456",
        "test12345678", "user123456", "guest123456", "welcome123", "welcome1234", "letmein123", "iloveyou123",
        "iloveyou1314", "monkey123456", "dragon123456", "football123", "baseball123", "superman123", "sunshine123",
        "woaini1314", "woaini520", "woaini5201314", "woaini123456", "woaini1314520", "5201314abc", "abc5201314",
        "5201314woaini", "1314520abc", "wo5201314", "aini1314520", "zhongguo123", "china123456", "beijing123",
        "shanghai123", "wang123456", "wang12345678", "li12345678", "li123456789", "zhang123456", "zhang12345678",
        "liu123456789", "chen123456", "chen12345678", "yang123456", "zhao123456", "huang123456", "zhou123456",
        "wu123456789", "xu123456789", "sun123456789", "ma123456789", "zhu123456789", "hu123456789", "guo123456789",
        "lin123456789", "he123456789", "gao123456789", "luo123456789", "linli123456", "linli12345678", "shequ123456",
        "juweihui123", "jiedao123456", "wangge123456", "mima123456", "mima12345678", "mima1234567890",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static bool Contains(string password) => List.Contains(password.Trim());
}
