using Linli.Data;
using Linli.Features.Registry;

namespace Linli.Features.Demo;

/// <summary>
/// Makes believable households for an older urban community in central China: elderly living alone
/// and elderly couples, young couples with a child, three generations under one roof, migrants renting.
/// </summary>
sealed class PeopleFactory(Random rng, FieldCipher cipher)
{
    public sealed class Person
    {
        public required string Name { get; init; }
        public required Gender Gender { get; init; }
        public required DateOnly BirthDate { get; init; }
        public required RelationToHead Relation { get; init; }
        public required string Region { get; init; }
        public required ResidenceKind Kind { get; init; }
        public string Ethnicity { get; init; } = "汉族";
        public string? MaritalStatus { get; set; }
        public List<string> Tags { get; } = [];
        public int Age => Years(BirthDate);
    }

    readonly HashSet<string> usedIds = [];
    readonly HashSet<string> usedPhones = [];

    static int Years(DateOnly birth)
    {
        var today = DemoCommunity.ReferenceDate;
        var age = today.Year - birth.Year;
        return birth > today.AddYears(-age) ? age - 1 : age;
    }

    DateOnly BirthForAge(int age) => DemoCommunity.ReferenceDate.AddYears(-age).AddDays(-rng.Next(1, 365));

    /// <summary>One household's people, head first, at most <paramref name="max"/> of them.</summary>
    public List<Person> Household(int max)
    {
        var roll = rng.Next(100);
        var members = new List<Person>();
        var migrant = rng.Next(100) < 22;
        var kind = migrant ? ResidenceKind.Migrant : rng.Next(100) < 9 ? ResidenceKind.Resident : ResidenceKind.Registered;
        var region = migrant ? Pick(DemoNames.MigrantRegions) : Pick(DemoNames.LocalRegions);
        var ethnicity = rng.Next(1000) switch { < 20 => "回族", < 25 => "满族", _ => "汉族" };
        var surname = DemoNames.Surname(rng);

        Person Add(RelationToHead relation, bool male, int age, string? familyName = null, string? marital = null)
        {
            var birth = BirthForAge(Math.Max(0, age));
            var p = new Person
            {
                Name = (familyName ?? DemoNames.Surname(rng)) + DemoNames.GivenName(rng, male, birth.Year),
                Gender = male ? Gender.Male : Gender.Female, BirthDate = birth, Relation = relation,
                Region = region, Kind = kind, Ethnicity = ethnicity, MaritalStatus = marital,
            };
            members.Add(p);
            return p;
        }

        switch (roll)
        {
            case < 8: // elderly living alone, most of them widows
            {
                if (kind == ResidenceKind.Migrant) { kind = ResidenceKind.Registered; region = Pick(DemoNames.LocalRegions); }
                var head = Add(RelationToHead.Self, rng.Next(100) < 30, rng.Next(66, 93), surname, "丧偶");
                head.Tags.Add(DemoTags.ElderlyLivingAlone.Code);
                break;
            }
            case < 20: // elderly couple whose children live elsewhere
            {
                var age = rng.Next(60, 86);
                var head = Add(RelationToHead.Self, true, age, surname, "已婚");
                var wife = Add(RelationToHead.Spouse, false, age - rng.Next(0, 5), null, "已婚");
                head.Tags.Add(DemoTags.EmptyNestElderly.Code);
                wife.Tags.Add(DemoTags.EmptyNestElderly.Code);
                break;
            }
            case < 29: // single young adult, often a migrant renting
                Add(RelationToHead.Self, rng.Next(100) < 55, rng.Next(22, 46), surname, "未婚");
                break;
            case < 41: // couple without children at home
            {
                var age = rng.Next(25, 60);
                Add(RelationToHead.Self, true, age, surname, "已婚");
                Add(RelationToHead.Spouse, false, age - rng.Next(-2, 5), null, "已婚");
                break;
            }
            case < 79: // couple with one or two children
            {
                var age = rng.Next(28, 56);
                var maleHead = rng.Next(100) < 80;
                Add(RelationToHead.Self, maleHead, age, surname, "已婚");
                Add(RelationToHead.Spouse, !maleHead, age - rng.Next(-2, 4), maleHead ? null : surname, "已婚");
                var children = roll < 67 ? 1 : 2;
                for (var i = 0; i < children; i++)
                    Add(RelationToHead.Child, rng.Next(2) == 0, age - rng.Next(24, 35), surname, "未婚");
                break;
            }
            case < 93: // three generations: the head's parents live with the family
            {
                var age = rng.Next(35, 56);
                Add(RelationToHead.Self, true, age, surname, "已婚");
                Add(RelationToHead.Spouse, false, age - rng.Next(-2, 4), null, "已婚");
                Add(RelationToHead.Child, rng.Next(2) == 0, age - rng.Next(24, 33), surname, "未婚");
                var parentAge = age + rng.Next(24, 32);
                if (rng.Next(100) < 60) Add(RelationToHead.Parent, true, parentAge, surname, "已婚");
                Add(RelationToHead.Parent, false, parentAge - rng.Next(0, 4), null, members.Count == 4 ? "已婚" : "丧偶");
                break;
            }
            default: // a single parent with a child, or grandparents raising a grandchild
            {
                if (rng.Next(2) == 0)
                {
                    var age = rng.Next(30, 56);
                    Add(RelationToHead.Self, rng.Next(100) < 35, age, surname, "离异");
                    Add(RelationToHead.Child, rng.Next(2) == 0, age - rng.Next(22, 33), surname, "未婚");
                }
                else
                {
                    var age = rng.Next(58, 76);
                    Add(RelationToHead.Self, true, age, surname, "已婚");
                    Add(RelationToHead.Spouse, false, age - rng.Next(0, 4), null, "已婚");
                    Add(RelationToHead.Grandchild, rng.Next(2) == 0, rng.Next(3, 16), surname, "未婚");
                }
                break;
            }
        }
        if (members.Count > max) members.RemoveRange(max, members.Count - max);
        // An elderly couple cut to one person (the last household of a grid) is someone living alone, not an empty nest:
        // widowed and labelled 独居老人, never a spouse left married to nobody. Draws no random number, so the seed's people stay.
        if (members is [{ Relation: RelationToHead.Self } alone] && alone.Tags.Remove(DemoTags.EmptyNestElderly.Code))
        {
            alone.Tags.Add(DemoTags.ElderlyLivingAlone.Code);
            alone.MaritalStatus = "丧偶";
        }
        AddHouseholdTags(members);
        return members;
    }

    void AddHouseholdTags(List<Person> members)
    {
        var head = members[0];
        var hardship = rng.Next(1000) < 30 + (head.Age >= 60 ? 15 : 0);
        if (hardship) head.Tags.Add(DemoTags.HardshipHousehold.Code);
        if (rng.Next(1000) < (hardship ? 550 : 4)) head.Tags.Add(DemoTags.MinimumLivingAllowance.Code);
        foreach (var p in members)
        {
            if (rng.Next(1000) < (p.Age >= 60 ? 110 : p.Age >= 18 ? 45 : 15)) p.Tags.Add(DemoTags.Disabled.Code);
            if (p.Age is >= 18 and < 60 && rng.Next(1000) < 50) p.Tags.Add(DemoTags.Unemployed.Code);
            if (p.Gender == Gender.Male && p.Age is >= 20 and < 56 && rng.Next(10_000) < 25) p.Tags.Add(DemoTags.ReintegrationSupport.Code);
            if (p.Age is >= 18 and < 51 && rng.Next(10_000) < 15) p.Tags.Add(DemoTags.DrugRehabilitation.Code);
        }
    }

    public Resident ToResident(Person p, long gridId, long householdId)
    {
        var id = NewNationalId(p);
        var phone = p.Age >= 16 && rng.Next(100) < (p.Age >= 80 ? 50 : 92) ? NewPhone() : null;
        return new Resident
        {
            GridId = gridId, HouseholdId = householdId, RelationToHead = p.Relation,
            Name = p.Name, Gender = p.Gender, BirthDate = p.BirthDate, Ethnicity = p.Ethnicity,
            NationalIdCipher = cipher.Encrypt(id), NationalIdHash = cipher.Hash(id), NationalIdMasked = NationalId.Mask(id),
            PhoneCipher = phone is null ? null : cipher.Encrypt(phone), PhoneHash = phone is null ? null : cipher.Hash(phone),
            PhoneMasked = phone is null ? null : PhoneNumber.Mask(phone),
            ResidenceKind = p.Kind, Status = ResidentStatus.Active,
            Education = Education(p), PoliticalStatus = Political(p), MaritalStatus = p.Age >= 18 ? p.MaritalStatus : null,
        };
    }

    string NewNationalId(Person p)
    {
        while (true)
        {
            var seq = rng.Next(0, 500) * 2 + (p.Gender == Gender.Male ? 1 : 0);
            var first17 = $"{p.Region}{p.BirthDate:yyyyMMdd}{seq:000}";
            var id = first17 + NationalId.CheckDigit(first17);
            if (usedIds.Add(id)) return id;
        }
    }

    string NewPhone()
    {
        while (true)
        {
            var phone = Pick(DemoNames.MobilePrefixes) + rng.Next(0, 100_000_000).ToString("00000000", System.Globalization.CultureInfo.InvariantCulture);
            if (usedPhones.Add(phone)) return phone;
        }
    }

    string? Education(Person p) => p.Age switch
    {
        < 3 => null,
        < 7 => "学龄前",
        < 13 => "小学在读",
        < 16 => "初中在读",
        < 19 => "高中在读",
        _ when p.BirthDate.Year < 1955 => Pick(["小学", "小学", "初中", "初中", "高中", "中专"]),
        _ when p.BirthDate.Year < 1975 => Pick(["初中", "高中", "高中", "中专", "大专", "本科"]),
        _ => Pick(["初中", "高中", "中专", "大专", "大专", "本科", "本科", "硕士研究生"]),
    };

    string? Political(Person p) => p.Age switch
    {
        < 14 => null,
        < 28 when rng.Next(100) < 30 => "共青团员",
        >= 18 when rng.Next(1000) < 75 => "中共党员",
        _ => "群众",
    };

    T Pick<T>(T[] items) => items[rng.Next(items.Length)];
}
