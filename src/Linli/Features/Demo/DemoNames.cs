namespace Linli.Features.Demo;

/// <summary>
/// What the demonstration residents are called and where their ID numbers come from: surnames weighted
/// roughly as in the national census, given names that follow the fashions of the decade a person was born in.
/// </summary>
static class DemoNames
{
    // (surname, weight per thousand), the most common first.
    static readonly (string Name, int Weight)[] Surnames =
    [
        ("王", 73), ("李", 72), ("张", 69), ("刘", 55), ("陈", 47), ("杨", 31), ("赵", 23), ("黄", 22), ("周", 21), ("吴", 20),
        ("徐", 17), ("孙", 16), ("胡", 14), ("朱", 13), ("高", 13), ("林", 12), ("何", 12), ("郭", 12), ("马", 12), ("罗", 9),
        ("梁", 9), ("宋", 8), ("郑", 8), ("谢", 7), ("韩", 7), ("唐", 7), ("冯", 7), ("于", 6), ("董", 6), ("萧", 2),
        ("程", 6), ("曹", 6), ("袁", 5), ("邓", 5), ("许", 5), ("傅", 5), ("沈", 5), ("曾", 5), ("彭", 5), ("吕", 5),
        ("苏", 5), ("卢", 4), ("蒋", 4), ("蔡", 4), ("贾", 4), ("丁", 4), ("魏", 4), ("薛", 4), ("叶", 4), ("阎", 3),
        ("余", 3), ("潘", 3), ("杜", 3), ("戴", 3), ("夏", 3), ("钟", 3), ("汪", 3), ("田", 3), ("任", 3), ("姜", 3),
        ("范", 3), ("方", 3), ("石", 3), ("姚", 3), ("谭", 2), ("廖", 2), ("邹", 2), ("熊", 2), ("金", 2), ("陆", 2),
        ("郝", 2), ("孔", 2), ("白", 2), ("崔", 2), ("康", 2), ("毛", 2), ("邱", 2), ("秦", 2), ("江", 2), ("史", 2),
        ("顾", 2), ("侯", 2), ("邵", 2), ("孟", 2), ("龙", 2), ("万", 2), ("段", 2), ("雷", 2), ("钱", 2), ("汤", 2),
        ("尹", 2), ("黎", 2), ("易", 2), ("常", 2), ("武", 2), ("乔", 2), ("贺", 2), ("赖", 1), ("龚", 1), ("文", 1),
        ("欧阳", 1), ("司马", 1), ("诸葛", 1),
    ];
    static readonly int SurnameTotal = Surnames.Sum(s => s.Weight);

    // Given names by the decade of birth: the 1930s–50s, the 60s–70s, the 80s–90s, after 2000.
    static readonly string[][] Male =
    [
        ["建国", "国庆", "福生", "德明", "志刚", "保国", "振华", "宝山", "长海", "金贵", "文华", "树林", "永昌", "洪涛", "德胜", "玉林", "春生", "有才"],
        ["建军", "卫东", "红军", "志强", "国强", "建华", "伟", "勇", "军", "斌", "建平", "卫国", "海涛", "新民", "立新", "永刚", "东升", "建设"],
        ["磊", "鹏", "超", "杰", "浩", "强", "涛", "亮", "俊杰", "晓东", "志伟", "海洋", "宇", "鑫", "帅", "明辉", "文博", "建波"],
        ["子轩", "浩然", "宇轩", "梓涵", "俊熙", "一鸣", "博文", "子墨", "皓轩", "思源", "天佑", "铭泽", "嘉懿", "煜祺", "睿", "泽宇", "奕辰", "沐阳"],
    ];
    static readonly string[][] Female =
    [
        ["秀英", "桂英", "玉兰", "桂兰", "秀兰", "凤英", "淑珍", "玉珍", "秀珍", "翠花", "素芬", "桂珍", "淑英", "玉梅", "秀云", "金凤", "兰英", "爱华"],
        ["红梅", "丽华", "建英", "艳", "丽", "静", "敏", "芳", "红霞", "玉华", "春燕", "小红", "卫红", "海燕", "秀梅", "雪梅", "丽萍", "美玲"],
        ["婷婷", "丹", "倩", "晶晶", "雪", "琳", "佳", "颖", "娟", "慧", "欢", "晓燕", "丽娜", "莉", "婷", "璐", "文静", "思琪"],
        ["子涵", "欣怡", "梓涵", "诗涵", "一诺", "雨桐", "可馨", "语嫣", "梓萱", "思彤", "若汐", "欣妍", "紫涵", "芷若", "梦琪", "佳怡", "依诺", "安琪"],
    ];

    public static string Surname(Random rng)
    {
        var pick = rng.Next(SurnameTotal);
        foreach (var (name, weight) in Surnames)
        {
            if (pick < weight) return name;
            pick -= weight;
        }
        return "王";
    }

    public static string GivenName(Random rng, bool male, int birthYear)
    {
        var era = birthYear switch { < 1960 => 0, < 1980 => 1, < 2000 => 2, _ => 3 };
        var pool = (male ? Male : Female)[era];
        return pool[rng.Next(pool.Length)];
    }

    /// <summary>Administrative division codes: Zhengzhou's urban districts for locals, other cities for migrants.</summary>
    public static readonly string[] LocalRegions = ["410102", "410103", "410104", "410105", "410106"];
    public static readonly string[] MigrantRegions = ["411602", "411102", "410302", "411303", "420106", "340104", "370102", "130102", "610113", "411502"];

    public static readonly string[] MobilePrefixes = ["133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156", "158", "159", "176", "177", "180", "181", "186", "187", "188", "189", "199"];
}
