using System.Collections.Frozen;

namespace Linli.Features.Registry;

/// <summary>
/// Pinyin initials of a name, so that 张三丰 is found by "zsf". The table (Resources/pinyin-initials.tsv)
/// is generated from pinyin-pro by tools/pinyin; a character's first letter is taken from its most common
/// reading, a surname's from its reading as a surname (单 → s, 曾 → z), and other readings give variants.
/// </summary>
public static class Pinyin
{
    sealed record Entry(char Primary, string All, char? Surname);

    static readonly Lazy<FrozenDictionary<char, Entry>> Table = new(Load);

    static FrozenDictionary<char, Entry> Load()
    {
        using var stream = typeof(Pinyin).Assembly.GetManifestResourceStream("Linli.Resources.pinyin-initials.tsv")
            ?? throw new InvalidOperationException("missing embedded resource Resources/pinyin-initials.tsv");
        using var reader = new StreamReader(stream);
        var table = new Dictionary<char, Entry>(21_000);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var f = line.Split('\t');
            table[f[0][0]] = new Entry(f[1][0], f[2], f.Length > 3 && f[3].Length > 0 ? f[3][0] : null);
        }
        return table.ToFrozenDictionary();
    }

    /// <summary>
    /// The initials of a name: the likeliest reading first, then (for names with several readings) the others,
    /// at most <paramref name="max"/> in all, separated by spaces: 单雄信 → "sxx dxx cxx".
    /// Letters and digits in the name are kept as they are, lower-cased; other characters are skipped.
    /// </summary>
    public static string Initials(string name, int max = 4)
    {
        var choices = new List<string>(name.Length);
        var first = true;
        // By Unicode scalar: a character outside the BMP (𠮷) is not in the table and is skipped whole.
        foreach (var rune in name.EnumerateRunes())
        {
            if (!rune.IsBmp) { first = false; continue; }
            var c = (char)rune.Value;
            if (Table.Value.TryGetValue(c, out var e))
            {
                var likeliest = first && e.Surname is { } s ? s : e.Primary;
                choices.Add(likeliest + e.All.Replace(likeliest.ToString(), "", StringComparison.Ordinal));
                first = false;
            }
            else if (char.IsAsciiLetterOrDigit(c)) choices.Add(char.ToLowerInvariant(c).ToString());
        }
        if (choices.Count == 0) return "";
        var variants = new List<string> { "" };
        foreach (var options in choices)
        {
            var next = new List<string>();
            foreach (var v in variants)
                foreach (var o in options)
                    if (next.Count < max) next.Add(v + o);
            variants = next;
        }
        return string.Join(' ', variants);
    }

    /// <summary>True when a search text looks like initials a person typed: 2 to 8 Latin letters.</summary>
    public static bool LooksLikeInitials(string text) => text.Length is >= 2 and <= 8 && text.All(char.IsAsciiLetter);
}
