using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Benefits;

/// <summary>
/// An office's own settings of one benefit kind (issue 14: "kinds with their steps, each configurable"): the time limit,
/// the 公示 days, which of the 居委会's optional steps it takes, and the review cycle. Kept per unit — a community, or the
/// street for all its communities — and never changed in place: each save adds a row, the newest is in force, and an
/// application keeps the row it was opened under (<see cref="BenefitApplication.KindSettingId"/>), so a change applies to
/// new applications only. A row with <see cref="Reset"/> puts the unit back on the defaults (or the street's settings).
/// </summary>
public sealed class BenefitKindSetting
{
    public long Id { get; set; }
    /// <summary>The community or the street whose setting this is.</summary>
    public required long UnitId { get; set; }
    public required string Kind { get; set; }
    public int LimitWorkingDays { get; set; }
    public int NoticeDays { get; set; }
    public bool NeedsInvestigation { get; set; }
    public bool NeedsReview { get; set; }
    public bool NeedsNotice { get; set; }
    public int? ReviewMonths { get; set; }
    public int? UnstableReviewMonths { get; set; }
    public bool Reset { get; set; }
    public DateTime SavedAt { get; set; }
    public required string SavedBy { get; set; }
}

sealed class BenefitKindSettingConfiguration : IEntityTypeConfiguration<BenefitKindSetting>
{
    public void Configure(EntityTypeBuilder<BenefitKindSetting> b)
    {
        b.ToTable("BenefitKindSettings");
        b.Property(x => x.Kind).HasMaxLength(16);
        b.Property(x => x.SavedBy).HasMaxLength(64);
        b.HasIndex(x => new { x.UnitId, x.Kind, x.Id });
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>The kinds as an office has set them: reading the one in force for a community or an application, and saving a change.</summary>
public sealed class BenefitKinds(LinliDb db, AuditLog audit, TimeProvider clock)
{
    /// <summary>Where a kind's settings come from, for the page: 默认, 街道设置, 本社区设置.</summary>
    public enum Origin { Default, Street, Community }

    public sealed record InForce(BenefitKind Kind, long? SettingId, Origin Origin, DateTime? SavedAt, string? SavedBy);

    public sealed class Form
    {
        public string? Kind { get; set; }
        public int? LimitWorkingDays { get; set; }
        public int? NoticeDays { get; set; }
        public bool NeedsInvestigation { get; set; }
        public bool NeedsReview { get; set; }
        public bool NeedsNotice { get; set; }
        public int? ReviewMonths { get; set; }
        public int? UnstableReviewMonths { get; set; }
        /// <summary>Back to the defaults (or the street's settings, for a community).</summary>
        public bool Reset { get; set; }
    }

    /// <summary>A preset with an office's setting laid over it.</summary>
    public static BenefitKind Apply(BenefitKind preset, BenefitKindSetting? s) => s is null || s.Reset ? preset : preset with
    {
        LimitWorkingDays = s.LimitWorkingDays, NeedsInvestigation = s.NeedsInvestigation, NeedsReview = s.NeedsReview, NeedsNotice = s.NeedsNotice,
        ReviewMonths = s.ReviewMonths, UnstableReviewMonths = s.UnstableReviewMonths, DefaultNoticeDays = s.NoticeDays,
    };

    /// <summary>Every kind as in force in <paramref name="unitId"/> (a community: its own, else its street's, else the default; a street: its own, else the default).</summary>
    public async Task<IReadOnlyList<InForce>> ForUnitAsync(long unitId, CancellationToken ct)
    {
        var unit = await db.OrgUnits.AsNoTracking().Where(o => o.Id == unitId).Select(o => new { o.Id, o.Kind, o.ParentId }).FirstOrDefaultAsync(ct);
        var units = unit is null ? [] : unit.Kind == OrgUnitKind.Community && unit.ParentId is { } p ? new[] { unit.Id, p } : new[] { unit.Id };
        var rows = await db.Set<BenefitKindSetting>().AsNoTracking().Where(s => units.Contains(s.UnitId)).ToListAsync(ct);
        var newest = rows.GroupBy(s => (s.UnitId, s.Kind)).Select(g => g.MaxBy(s => s.Id)!).Where(s => !s.Reset).ToList();
        return BenefitKind.Presets.Select(k =>
        {
            var own = newest.FirstOrDefault(s => s.Kind == k.Code && s.UnitId == unitId);
            var street = units.Length > 1 ? newest.FirstOrDefault(s => s.Kind == k.Code && s.UnitId == units[1]) : null;
            var used = own ?? street;
            var origin = used is null ? Origin.Default : used == own && unit!.Kind == OrgUnitKind.Community ? Origin.Community : Origin.Street;
            return new InForce(Apply(k, used), used?.Id, origin, used?.SavedAt, used?.SavedBy);
        }).ToList();
    }

    /// <summary>The kind a new application in <paramref name="communityId"/> is opened under.</summary>
    public async Task<InForce?> ForNewAsync(long communityId, string? code, CancellationToken ct) =>
        BenefitKind.Find(code) is null ? null : (await ForUnitAsync(communityId, ct)).First(k => k.Kind.Code == code);

    /// <summary>The kind an application was opened under (the defaults, for applications before settings existed).</summary>
    public async Task<BenefitKind> OfAsync(BenefitApplication a, CancellationToken ct)
    {
        var preset = BenefitKind.Find(a.Kind)!;
        if (a.KindSettingId is not { } id) return preset;
        return Apply(preset, await db.Set<BenefitKindSetting>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct));
    }

    /// <summary>The units whose kinds the user sets: communities and streets where they hold <c>benefits.configure</c>.</summary>
    public async Task<IReadOnlyList<OrgUnit>> UnitsAsync(UserArea area, CancellationToken ct)
    {
        var units = await db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.Community || o.Kind == OrgUnitKind.Street).OrderBy(o => o.Path).ToListAsync(ct);
        return units.Where(u => area.HasIn(Permissions.Benefits.Configure, u)).ToList();
    }

    /// <summary>Saves one kind's settings for a unit; null when the unit is not the user's to set.</summary>
    public async Task<IReadOnlyDictionary<string, string>?> SaveAsync(UserArea area, long unitId, Form f, CancellationToken ct)
    {
        var unit = (await UnitsAsync(area, ct)).FirstOrDefault(u => u.Id == unitId);
        if (unit is null) return null;
        var errors = new Dictionary<string, string>();
        var preset = BenefitKind.Find(f.Kind);
        if (preset is null) return new Dictionary<string, string> { [nameof(f.Kind)] = "请选择救助类别。" };
        if (!f.Reset)
        {
            if (f.LimitWorkingDays is not (>= 5 and <= 60)) errors[nameof(f.LimitWorkingDays)] = "办理时限应在5到60个工作日之间（低保一般30个，特殊情况45个）。";
            if (f.NoticeDays is not (>= 5 and <= 30)) errors[nameof(f.NoticeDays)] = "公示天数应在5到30天之间（默认7天，公示至少5天）。";
            if (f.ReviewMonths is < 1 or > 36) errors[nameof(f.ReviewMonths)] = "核查周期应在1到36个月之间，不定期核查请留空。";
            if (f.UnstableReviewMonths is < 1 or > 36) errors[nameof(f.UnstableReviewMonths)] = "收入不稳定的核查周期应在1到36个月之间，或留空。";
            else if (f.UnstableReviewMonths is { } u && f.ReviewMonths is { } r && u > r) errors[nameof(f.UnstableReviewMonths)] = "收入不稳定的家庭应核查得更勤，周期不能长于一般核查周期。";
        }
        if (errors.Count > 0) return errors;
        var row = f.Reset
            ? new BenefitKindSetting { UnitId = unit.Id, Kind = preset.Code, Reset = true, SavedAt = clock.GetUtcNow().UtcDateTime, SavedBy = area.DisplayName }
            : new BenefitKindSetting
            {
                UnitId = unit.Id, Kind = preset.Code, LimitWorkingDays = f.LimitWorkingDays!.Value, NoticeDays = f.NoticeDays!.Value,
                NeedsInvestigation = f.NeedsInvestigation, NeedsReview = f.NeedsReview, NeedsNotice = f.NeedsNotice,
                ReviewMonths = f.ReviewMonths, UnstableReviewMonths = f.UnstableReviewMonths, SavedAt = clock.GetUtcNow().UtcDateTime, SavedBy = area.DisplayName,
            };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(row);
        await db.SaveChangesAsync(ct);
        var said = f.Reset ? "恢复默认" : $"时限{row.LimitWorkingDays}个工作日，公示{row.NoticeDays}天，"
            + $"{(row.NeedsInvestigation ? "" : "不")}入户调查，{(row.NeedsReview ? "" : "不")}民主评议，{(row.NeedsNotice ? "" : "不")}公示，核查周期{row.ReviewMonths?.ToString() ?? "—"}个月";
        await audit.WriteAsync(db, AuditActions.BenefitWrite, new AuditTarget(AuditTargets.OrgUnit, unit.Id), unit.Id, $"{unit.Name}设置救助类别“{preset.Name}”：{said}", ct: ct);
        await tx.CommitAsync(ct);
        return new Dictionary<string, string>();
    }
}
