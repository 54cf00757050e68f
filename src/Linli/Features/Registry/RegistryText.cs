namespace Linli.Features.Registry;

/// <summary>The office's words for the registry's values.</summary>
public static class RegistryText
{
    public static string Of(Gender g) => g == Gender.Male ? "男" : "女";

    public static string Of(RelationToHead r) => r switch
    {
        RelationToHead.Self => "户主",
        RelationToHead.Spouse => "配偶",
        RelationToHead.Child => "子女",
        RelationToHead.Parent => "父母",
        RelationToHead.Grandchild => "孙子女",
        RelationToHead.Sibling => "兄弟姐妹",
        _ => "其他",
    };

    public static string Of(ResidenceKind k) => k switch
    {
        ResidenceKind.Registered => "户籍",
        ResidenceKind.Resident => "常住",
        _ => "流动",
    };

    public static string Of(ResidentStatus s) => s switch
    {
        ResidentStatus.Active => "在册",
        ResidentStatus.MovedOut => "迁出",
        ResidentStatus.Merged => "已合并",
        _ => "死亡",
    };

    public static int Age(DateOnly birth, DateOnly today)
    {
        var age = today.Year - birth.Year;
        return birth > today.AddYears(-age) ? age - 1 : age;
    }

    public static string Address(string? building, string? unit, string? room) =>
        building is null ? "（无门牌）" : $"{building}{unit}{room}室";
}
