using Linli.Features.Registry;

namespace Linli.Features.Demo;

/// <summary>The labels an office starts with (GLOSSARY.md); the sensitive ones follow DESIGN.md.</summary>
public static class DemoTags
{
    public sealed record Definition(string Code, string Name, string Category, bool IsSensitive, int? VisitIntervalDays, int? VisitWithinHours = null)
    {
        public Tag ToTag() => new() { Code = Code, Name = Name, Category = Category, IsSensitive = IsSensitive, VisitIntervalDays = VisitIntervalDays, VisitWithinHours = VisitWithinHours };
    }

    public static readonly Definition HardshipHousehold = new("HardshipHousehold", "困难户", "民政救助", false, 30);
    public static readonly Definition MinimumLivingAllowance = new("MinimumLivingAllowance", "低保户", "民政救助", true, 30);
    /// <summary>高风险 of 探访关爱 (DOMAIN.md §1): weekly, and within 24 h of the change that left them alone.</summary>
    public static readonly Definition ElderlyLivingAlone = new("ElderlyLivingAlone", "独居老人", "老龄", false, 7, VisitWithinHours: 24);
    public static readonly Definition EmptyNestElderly = new("EmptyNestElderly", "空巢老人", "老龄", false, 30);
    public static readonly Definition Disabled = new("Disabled", "残疾人", "残联", true, 30);
    public static readonly Definition Unemployed = new("Unemployed", "失业人员", "人社", false, 90);
    public static readonly Definition ReintegrationSupport = new("ReintegrationSupport", "安置帮教对象", "综治", true, 30);
    public static readonly Definition DrugRehabilitation = new("DrugRehabilitation", "社区戒毒/康复人员", "综治", true, 30);

    public static readonly IReadOnlyList<Definition> All =
        [HardshipHousehold, MinimumLivingAllowance, ElderlyLivingAlone, EmptyNestElderly, Disabled, Unemployed, ReintegrationSupport, DrugRehabilitation];
}
