using System.Text.RegularExpressions;

namespace Linli.Features.Registry.Import;

/// <summary>
/// Splits an address as rosters write it into building, unit and room: "3号楼2单元301", "3栋2单元301室",
/// "幸福路12号院3号楼2单元301", "3-2-301". The administrative part in front (…市…区…街道…社区) is dropped;
/// a courtyard or estate name stays part of the building's name, so that two courtyards' "3号楼" stay apart.
/// </summary>
public static partial class AddressParser
{
    public sealed record Place(string Building, string Unit, string Room)
    {
        /// <summary>The address as export writes it; it parses back to the same place.</summary>
        public override string ToString() => Building + Unit + Room;
    }

    public static Place? Parse(string? address)
    {
        if (address is null) return null;
        var s = RosterValues.Compact(address);
        var m = Written().Match(s);
        if (!m.Success) m = Dashed().Match(s);
        if (!m.Success) return null;
        var prefix = Administrative().Replace(m.Groups["prefix"].Value, "");
        var number = Arabic(m.Groups["b"].Value);
        var kind = m.Groups["bs"].Success ? m.Groups["bs"].Value : "号楼";
        var building = prefix + number + (kind is "栋" or "幢" or "号楼" or "号楼栋" ? "号楼" : kind);
        var unit = m.Groups["u"].Success ? Arabic(m.Groups["u"].Value) + "单元" : "";
        var room = m.Groups["r"].Value;
        if (building.Length > 64 || unit.Length > 16 || room.Length > 16) return null;
        return new Place(building, unit, room);
    }

    [GeneratedRegex(@"^(?<prefix>.*?)(?<b>[0-9A-Za-z]+|[一二三四五六七八九十]+)(?<bs>号楼栋|号楼|栋|幢|座)(?:(?<u>[0-9]+|[一二三四五六七八九十]+)单元)?(?<r>[0-9A-Za-z]+(?:-[0-9A-Za-z]+)?)(?:室|号|户)?$")]
    private static partial Regex Written();

    [GeneratedRegex(@"^(?<prefix>.*?)(?<b>\d+)-(?<u>\d+)-(?<r>\d+)(?:室|号)?$")]
    private static partial Regex Dashed();

    [GeneratedRegex(@"^.*(?:省|自治区|市|县|(?<!小)区|街道|镇|乡|社区|居委会)")]
    private static partial Regex Administrative();

    /// <summary>
    /// A building's name with its form taken away, to tell two spellings of one number: 60号楼, 60幢, 60栋, 六十号楼,
    /// "60 号楼", ６０号楼 and 060号楼 all give the same key; a courtyard or estate name in front stays part of it.
    /// </summary>
    public static string KeyOf(string building)
    {
        var s = RosterValues.Compact(building);
        var m = BuildingNumber().Match(s);
        if (!m.Success) return s;
        var number = Arabic(m.Groups["b"].Value).TrimStart('0');
        var kind = m.Groups["bs"].Value is "" or "栋" or "幢" or "号楼" or "号楼栋" or "号" ? "号楼" : m.Groups["bs"].Value;
        return m.Groups["prefix"].Value + number + kind;
    }

    [GeneratedRegex(@"^(?<prefix>.*?)(?<b>[0-9A-Za-z]+|[一二三四五六七八九十]+)(?<bs>号楼栋|号楼|栋|幢|座|号)?$")]
    private static partial Regex BuildingNumber();

    /// <summary>三 → 3, 十二 → 12; digits and letters stay as they are.</summary>
    static string Arabic(string s)
    {
        const string digits = "一二三四五六七八九";
        if (s.Length == 0 || !s.All(c => c == '十' || digits.Contains(c, StringComparison.Ordinal))) return s;
        var ten = s.IndexOf('十', StringComparison.Ordinal);
        if (ten < 0) return string.Concat(s.Select(c => (char)('1' + digits.IndexOf(c, StringComparison.Ordinal))));
        var tens = ten == 0 ? 1 : digits.IndexOf(s[ten - 1], StringComparison.Ordinal) + 1;
        var ones = ten == s.Length - 1 ? 0 : digits.IndexOf(s[^1], StringComparison.Ordinal) + 1;
        return (tens * 10 + ones).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
