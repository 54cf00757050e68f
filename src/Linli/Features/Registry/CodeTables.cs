namespace Linli.Features.Registry;

/// <summary>One entry of a national code table: the standard's code, the word the registry stores and shows, and the other ways rosters write it.</summary>
public sealed record CodeEntry(string Code, string Word, params string[] Aliases);

/// <summary>
/// A national code table: the entries in the standard's order, and the look-up of a word as offices type it
/// (full-width folded, spaces dropped; the standard's long name, the office's short name, common short forms).
/// </summary>
public sealed class CodeTable
{
    readonly Dictionary<string, CodeEntry> byWord = new(StringComparer.Ordinal);
    readonly Dictionary<string, CodeEntry> byCode = new(StringComparer.Ordinal);

    public CodeTable(string name, string standard, IReadOnlyList<CodeEntry> entries)
    {
        Name = name;
        Standard = standard;
        Entries = entries;
        foreach (var e in entries)
        {
            byCode.TryAdd(e.Code, e);
            byWord.TryAdd(Key(e.Word), e);
            foreach (var a in e.Aliases) byWord.TryAdd(Key(a), e);
        }
    }

    /// <summary>民族, 与户主关系 …: the field's name as the forms label it.</summary>
    public string Name { get; }
    /// <summary>The standard the codes come from, e.g. GB/T 3304-1991.</summary>
    public string Standard { get; }
    public IReadOnlyList<CodeEntry> Entries { get; }

    /// <summary>The entry a word or a code means; null when the table has no such word.</summary>
    public CodeEntry? Find(string? typed)
    {
        if (typed is null) return null;
        var key = Key(typed);
        if (key.Length == 0) return null;
        return byWord.TryGetValue(key, out var e) ? e : byCode.TryGetValue(key, out e) ? e : null;
    }

    public CodeEntry? ByCode(string? code) => code is not null && byCode.TryGetValue(code, out var e) ? e : null;

    /// <summary>The stored word for what was typed: the standard's word when the table knows it; otherwise null.</summary>
    public string? WordOf(string? typed) => Find(typed)?.Word;

    static string Key(string s) => new(Text.ToHalfWidth(s).Where(c => !char.IsWhiteSpace(c) && c is not ('\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF')).ToArray());
}

/// <summary>
/// The national code tables the registry's forms and imports use, so that a field holds one of the standard's words
/// and not whatever was typed: 民族 (GB/T 3304), 与户主关系 (GB/T 4761), 文化程度 (GB/T 4658), 政治面貌 (GB/T 4762),
/// 婚姻状况 (GB/T 2261.2), 性别 (GB/T 2261.1). Each table's source is named on it.
/// </summary>
public static class CodeTables
{
    /// <summary>
    /// 民族: GB/T 3304-1991《中国各民族名称的罗马字母拼写法和代码》, the 56 nationalities in the standard's order (01 汉族 … 56 基诺族),
    /// with 97 其他 and 98 外国血统中国籍人士 as the standard adds them. "汉" and "回" are read as 汉族 and 回族.
    /// </summary>
    public static readonly CodeTable Ethnicity = BuildEthnicity();

    static CodeTable BuildEthnicity()
    {
        string[] names =
        [
            "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳",
            "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯",
            "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴",
            "珞巴", "基诺",
        ];
        var extra = new Dictionary<string, string[]>
        {
            ["蒙古"] = ["蒙族"], ["维吾尔"] = ["维族"], ["哈萨克"] = ["哈族"], ["朝鲜"] = ["朝族"], ["土家"] = ["土家"],
        };
        var entries = names.Select((n, i) => new CodeEntry($"{i + 1:00}", n + "族", [n, .. extra.GetValueOrDefault(n, [])])).ToList();
        entries.Add(new CodeEntry("97", "其他", "其它", "其他民族", "未识别民族"));
        entries.Add(new CodeEntry("98", "外国血统", "外国血统中国籍人士", "外国血统中国籍"));
        return new CodeTable("民族", "GB/T 3304-1991", entries);
    }

    /// <summary>
    /// 与户主关系: GB/T 4761-2008《家庭关系代码》, every code in the standard's order. The first digit is the group
    /// (1 配偶, 2 子, 3 女, 4 孙子女, 5 父母, 6 祖父母, 7 兄弟姐妹, 8–9 其他); <see cref="CategoryOf"/> puts each code into
    /// the registry's summary categories (<see cref="RelationToHead"/>): 女婿 counts among sons and 儿媳 among daughters,
    /// as the standard groups them; 嫂, 弟媳, 姐夫, 妹夫 among siblings; grandparents, uncles and aunts under 其他.
    /// 户口簿 writes "户主" (and some systems "家庭户户主"/"集体户户主") for the head.
    /// </summary>
    public static readonly CodeTable Relation = new("与户主关系", "GB/T 4761-2008",
    [
        new("01", "本人", "户主本人", "本人户主"),
        new("02", "户主", "家庭户户主", "集体户户主", "户主(本人)", "户主（本人）"),
        new("10", "配偶", "之配偶", "老伴", "爱人"),
        new("11", "夫", "丈夫", "之夫"),
        new("12", "妻", "妻子", "之妻"),
        new("20", "子", "儿子", "之子", "儿"),
        new("21", "独生子"),
        new("22", "长子"),
        new("23", "次子", "二子"),
        new("24", "三子"),
        new("25", "四子"),
        new("26", "五子"),
        new("27", "养子或继子", "养子", "继子"),
        new("28", "女婿"),
        new("29", "其他儿子"),
        new("30", "女", "女儿", "之女"),
        new("31", "独生女", "独女"),
        new("32", "长女"),
        new("33", "次女", "二女"),
        new("34", "三女"),
        new("35", "四女"),
        new("36", "五女"),
        new("37", "养女或继女", "养女", "继女"),
        new("38", "儿媳", "儿媳妇", "媳妇"),
        new("39", "其他女儿"),
        new("40", "孙子、孙女或外孙子、外孙女", "孙子女", "孙子、孙女", "孙辈"),
        new("41", "孙子", "孙"),
        new("42", "孙女"),
        new("43", "外孙子", "外孙"),
        new("44", "外孙女"),
        new("45", "孙媳妇或外孙媳妇", "孙媳妇", "孙媳", "外孙媳妇"),
        new("46", "孙女婿或外孙女婿", "孙女婿", "外孙女婿"),
        new("47", "曾孙子或外曾孙子", "曾孙子", "曾孙", "外曾孙子", "重孙"),
        new("48", "曾孙女或外曾孙女", "曾孙女", "外曾孙女", "重孙女"),
        new("49", "其他孙子、孙女或外孙子、外孙女", "其他孙子女"),
        new("50", "父母"),
        new("51", "父亲", "父"),
        new("52", "母亲", "母"),
        new("53", "公公"),
        new("54", "婆婆"),
        new("55", "岳父"),
        new("56", "岳母"),
        new("57", "继父或养父", "继父", "养父"),
        new("58", "继母或养母", "继母", "养母"),
        new("59", "其他父母关系"),
        new("60", "祖父母或外祖父母", "祖父母", "外祖父母"),
        new("61", "祖父", "爷爷"),
        new("62", "祖母", "奶奶"),
        new("63", "外祖父", "外公", "姥爷"),
        new("64", "外祖母", "外婆", "姥姥"),
        new("65", "配偶的祖父母或外祖父母"),
        new("66", "曾祖父"),
        new("67", "曾祖母"),
        new("68", "配偶的曾祖父母或外曾祖父母"),
        new("69", "其他祖父母或外祖父母关系"),
        new("70", "兄弟姐妹"),
        new("71", "兄", "哥哥", "哥"),
        new("72", "嫂", "嫂子"),
        new("73", "弟", "弟弟"),
        new("74", "弟媳", "弟妹"),
        new("75", "姐姐", "姐"),
        new("76", "姐夫"),
        new("77", "妹妹", "妹"),
        new("78", "妹夫"),
        new("79", "其他兄弟姐妹", "兄弟", "姐妹"),
        new("80", "其他", "其它"),
        new("81", "伯父"),
        new("82", "伯母"),
        new("83", "叔父", "叔叔"),
        new("84", "婶母", "婶婶"),
        new("85", "舅父", "舅舅"),
        new("86", "舅母", "舅妈"),
        new("87", "姨父"),
        new("88", "姨母", "姨妈"),
        new("89", "姑父"),
        new("90", "姑母", "姑妈"),
        new("91", "堂兄弟、堂姐妹", "堂兄弟", "堂姐妹", "堂兄", "堂弟", "堂姐", "堂妹"),
        new("92", "表兄弟、表姐妹", "表兄弟", "表姐妹", "表兄", "表弟", "表姐", "表妹"),
        new("93", "侄子"),
        new("94", "侄女"),
        new("95", "外甥"),
        new("96", "外甥女"),
        new("97", "其他亲属", "亲属", "亲戚"),
        new("99", "非亲属", "朋友", "保姆", "租户", "同住人", "借住"),
    ]);

    /// <summary>
    /// Words rosters write for a whole category rather than one code (子女, 之子女 …): they read as that category,
    /// with no single code.
    /// </summary>
    static readonly Dictionary<string, RelationToHead> CategoryWords = new(StringComparer.Ordinal)
    {
        ["子女"] = RelationToHead.Child, ["儿女"] = RelationToHead.Child, ["之子女"] = RelationToHead.Child, ["儿子儿媳"] = RelationToHead.Child,
        ["姐弟"] = RelationToHead.Sibling, ["兄妹"] = RelationToHead.Sibling,
    };

    /// <summary>The summary category of a GB/T 4761 code.</summary>
    public static RelationToHead CategoryOf(string code) => code switch
    {
        "01" or "02" => RelationToHead.Self,
        _ when code.Length != 2 => RelationToHead.Other,
        _ => code[0] switch
        {
            '1' => RelationToHead.Spouse,
            '2' or '3' => RelationToHead.Child,
            '4' => RelationToHead.Grandchild,
            '5' => RelationToHead.Parent,
            '7' => RelationToHead.Sibling,
            _ => RelationToHead.Other,
        },
    };

    /// <summary>What a roster's 与户主关系 says: the GB/T 4761 code (null for a category word such as 子女) and the category; null when unknown.</summary>
    public static (string? Code, RelationToHead Category)? RelationOf(string? typed)
    {
        if (typed is null) return null;
        if (Relation.Find(typed) is { } e) return (e.Code, CategoryOf(e.Code));
        var key = new string(Text.ToHalfWidth(typed).Where(c => !char.IsWhiteSpace(c)).ToArray());
        return CategoryWords.TryGetValue(key, out var c) ? (null, c) : null;
    }

    /// <summary>The code a form shows for a stored category that has no code of its own (a record from before the code tables).</summary>
    public static string GenericCode(RelationToHead r, Gender g) => r switch
    {
        RelationToHead.Self => "02",
        RelationToHead.Spouse => "10",
        RelationToHead.Child => g == Gender.Female ? "30" : "20",
        RelationToHead.Grandchild => "40",
        RelationToHead.Parent => "50",
        RelationToHead.Sibling => "70",
        _ => "80",
    };

    /// <summary>
    /// 文化程度: GB/T 4658-2006《学历代码》, at the level offices record (the standard's first two digits: 10 研究生 …
    /// 90 其他), with the short words offices use (大学专科 → 大专, 大学本科 → 本科, 中等专业学校 → 中专), and the words for
    /// children (学龄前, 小学在读 …) that the standard has no code for (their code is empty).
    /// </summary>
    public static readonly CodeTable Education = new("文化程度", "GB/T 4658-2006",
    [
        new("11", "博士研究生", "博士", "博士研究生毕业"),
        new("14", "硕士研究生", "硕士", "研究生", "研究生教育", "硕士研究生毕业"),
        new("20", "本科", "大学本科", "大学", "大本", "本科毕业", "大学本科毕业"),
        new("30", "大专", "大学专科", "专科", "大学专科和专科学校", "高职", "大专毕业"),
        new("40", "中专", "中等专业学校", "中专毕业", "中等职业学校"),
        new("50", "技工学校", "技校", "技工"),
        new("60", "高中", "高中毕业", "普通高中", "职高", "职业高中"),
        new("70", "初中", "初级中学", "初中毕业"),
        new("80", "小学", "小学毕业"),
        new("90", "文盲或半文盲", "文盲", "半文盲", "不识字或识字很少", "其他", "其它"),
        // The office's words for children still at school, beyond the standard (which records schooling finished): kept as written.
        new("", "学龄前", "未上学", "幼儿园", "学前"),
        new("", "小学在读", "小学生", "在读小学"),
        new("", "初中在读", "初中生", "在读初中"),
        new("", "高中在读", "高中生", "在读高中"),
        new("", "大学在读", "大学生", "在读大学", "本科在读"),
    ]);

    /// <summary>政治面貌: GB/T 4762-1984《政治面貌代码》, 01 中共党员 … 13 群众, with the short words in use (党员 → 中共党员, 团员 → 共青团员).</summary>
    public static readonly CodeTable PoliticalStatus = new("政治面貌", "GB/T 4762-1984",
    [
        new("01", "中共党员", "中国共产党党员", "党员", "共产党员"),
        new("02", "中共预备党员", "中国共产党预备党员", "预备党员"),
        new("03", "共青团员", "中国共产主义青年团团员", "团员", "共青团"),
        new("04", "民革党员", "中国国民党革命委员会会员", "民革会员", "民革"),
        new("05", "民盟盟员", "中国民主同盟盟员", "民盟"),
        new("06", "民建会员", "中国民主建国会会员", "民建"),
        new("07", "民进会员", "中国民主促进会会员", "民进"),
        new("08", "农工党党员", "中国农工民主党党员", "农工党"),
        new("09", "致公党党员", "中国致公党党员", "致公党"),
        new("10", "九三学社社员", "九三学社"),
        new("11", "台盟盟员", "台湾民主自治同盟盟员", "台盟"),
        new("12", "无党派人士", "无党派民主人士", "无党派"),
        new("13", "群众", "普通群众", "无"),
    ]);

    /// <summary>婚姻状况: GB/T 2261.2-2003《个人基本信息分类与代码 第2部分：婚姻状况代码》; code 40 (离婚) is stored as 离异, the word offices and the demo use.</summary>
    public static readonly CodeTable MaritalStatus = new("婚姻状况", "GB/T 2261.2-2003",
    [
        new("10", "未婚", "单身"),
        new("20", "已婚", "在婚", "有配偶"),
        new("21", "初婚"),
        new("22", "再婚"),
        new("23", "复婚"),
        new("30", "丧偶"),
        new("40", "离异", "离婚"),
        new("90", "未说明的婚姻状况", "未说明", "不详"),
    ]);

    /// <summary>性别: GB/T 2261.1-2003 (1 男, 2 女); the registry keeps the two a person can be registered with.</summary>
    public static Gender? GenderOf(string? typed) => typed is null ? null : new string(Text.ToHalfWidth(typed).Where(c => !char.IsWhiteSpace(c)).ToArray()) switch
    {
        "男" or "男性" or "M" or "m" or "1" or "男士" => Gender.Male,
        "女" or "女性" or "F" or "f" or "2" or "女士" => Gender.Female,
        _ => null,
    };

    /// <summary>The four tables of free-text fields, by the field's name, for mapping stored values.</summary>
    public static IReadOnlyList<CodeTable> WordTables => [Ethnicity, Education, PoliticalStatus, MaritalStatus];
}
