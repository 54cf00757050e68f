using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features;

/// <summary>
/// What a work module offers to the pages it does not own — the home page, a resident's page, the hotline's caller
/// view — and to the other modules, declared here in the base so that the consumer reads the declaration and never the
/// module (DESIGN.md, "a module declares what it offers"; the architecture test keeps work modules apart). A module
/// registers its implementations in its own <c>Add…()</c>; the consumer takes <c>IEnumerable&lt;…&gt;</c>, so a module
/// that is absent simply contributes nothing.
/// </summary>
public enum Tone { Normal, Ok, Due, Overdue }

/// <summary>
/// One number on the home page: what it counts (<paramref name="Title"/>), the count, and the list it counts
/// (<paramref name="Href"/> — every number is a link). <paramref name="Order"/> sorts cards across modules (lower first).
/// </summary>
public sealed record HomeCard(string Module, string Title, long Number, string Href, Tone Tone = Tone.Normal, string? Note = null, int Order = 100);

/// <summary>A module's numbers for the home page of one user, each counted inside that user's area for its permission.</summary>
public interface IHomeCards
{
    Task<IReadOnlyList<HomeCard>> ForAsync(UserArea area, CancellationToken ct);
}

/// <summary>Where a person's facts are shown: the resident page (full, for registry readers) or the hotline's caller view (minimal).</summary>
public enum PersonView { Resident, Caller }

/// <summary>One line about a person: text, when, its state word, and the page that holds it (null when the user may not open it).</summary>
public sealed record PersonFact(string Text, DateTimeOffset? When, string? State, string? Href, Tone Tone = Tone.Normal);

/// <summary>A module's section on a person's page, e.g. 最近走访 or 进行中的事件. An empty <paramref name="Facts"/> shows <paramref name="Empty"/>.</summary>
public sealed record PersonSection(string Module, string Title, IReadOnlyList<PersonFact> Facts, string Empty, int Order = 100);

/// <summary>
/// A module's sections for several residents at once (the caller view lists up to 20), keyed by resident id. The
/// implementation asks its own scope (a fact the user may not see is left out, not shown masked), and returns no
/// entry for a resident it has nothing to say about only when it would not show an empty section either.
/// </summary>
public interface IPersonSections
{
    Task<IReadOnlyDictionary<long, PersonSection>> ForAsync(UserArea area, IReadOnlyCollection<long> residentIds, PersonView view, CancellationToken ct);
}

/// <summary>What another module asks the cases module to open: a help request from a visit's recorded need, for example.</summary>
/// <param name="Kind">The case type's code (e.g. <c>help</c> for 求助).</param>
/// <param name="GridId">The grid the case belongs to (the resident's or household's grid).</param>
/// <param name="Source">Where it came from, for the case's history (e.g. <c>visit</c>), with <paramref name="SourceId"/>.</param>
/// <param name="CallerName">Who raised it when that is not the resident (an objector to a public notice); empty for anonymous.</param>
/// <param name="CallerPhone">Their phone as they gave it; the case keeps it masked, as the hotline's cases do.</param>
public sealed record CaseIntakeRequest(string Kind, long GridId, long? ResidentId, long? HouseholdId, string Summary, string Source, long SourceId,
    string? CallerName = null, string? CallerPhone = null);

/// <summary>The case opened: its id, the public reference number a resident can quote (e.g. <c>QZ-2026-000123</c>), its page.</summary>
public sealed record CaseIntakeResult(long CaseId, string Reference, string Href);

/// <summary>
/// Opening a case from another module in one step (issue 12: "a visit's recorded need becomes a case"). Absent until the
/// cases module is registered; a caller takes it as optional. Throws <see cref="UnauthorizedAccessException"/> when the
/// user may not open cases in <see cref="CaseIntakeRequest.GridId"/>.
/// </summary>
public interface ICaseIntake
{
    Task<CaseIntakeResult> OpenAsync(UserArea area, CaseIntakeRequest request, CancellationToken ct);
}

/// <summary>
/// The registry merging two records (合户; 合并重复居民): each work module moves its own rows that point at the record
/// merged away to the record kept, in the registry's transaction (<paramref name="db"/> is the registry's context, its
/// transaction open), before the merged household is removed. Without it a household with visits or cases could not be
/// merged, and a duplicate person's visits would stay on the pointer.
/// </summary>
public interface IRegistryMerges
{
    Task HouseholdMergedAsync(Data.LinliDb db, long mergedId, long intoId, CancellationToken ct);
    Task ResidentMergedAsync(Data.LinliDb db, long mergedId, long intoId, CancellationToken ct);
}

/// <summary>
/// The registry telling the modules which residents a set-based write changed past SaveChanges (the roster import's
/// bulk inserts, the bulk label), in that write's transaction (<paramref name="db"/> is the registry's context, its
/// transaction open, the rows already written). A module that keeps an aggregate over residents, their labels or
/// grids (the visits' <c>VisitStandings</c>) brings it up to date here; the save hooks never see such writes.
/// </summary>
public interface IResidentsWrittenInBulk
{
    Task WrittenAsync(Data.LinliDb db, IReadOnlyCollection<long> residentIds, CancellationToken ct);
}

// ---- Ledgers (issue 16): fields and rows the modules offer, read by the ledger module ----

/// <summary>What one row of a ledger stands for. The registry offers <see cref="Resident"/> and <see cref="Household"/>;
/// a module may offer its own subject (a visit, a case, a dues payment, a service record) with its own row ids.</summary>
public static class LedgerSubjects
{
    public const string Resident = "resident", Household = "household";
}

/// <summary>How a ledger value is written in a cell (counts whole, amounts such as hours with up to two decimals, money in 元 with two decimals, dates as 2026-11-30, year-months as 2026-11).</summary>
public enum LedgerValueKind { Text, Count, Amount, Money, Date, YearMonth, DateTime }

/// <summary>
/// One field a module offers to ledgers: a stable <paramref name="Key"/> prefixed by the module (<c>registry.name</c>,
/// <c>benefits.monthly-amount</c>; templates store it, so it never changes), the office's name for it (姓名), the subject
/// whose rows it fills, how its value is written, the words by which a department's blank form names it (身份证, 公民身份号码 …
/// — used to map an uploaded header), the permission a user must hold where the row is for the value to be filled
/// (<paramref name="Grant"/>; null = whoever may list the rows; a ledger holding a field the user lacks is refused), and
/// whether the value is masked unless the export is approved for full numbers (<paramref name="Masked"/>).
/// </summary>
public sealed record LedgerField(string Key, string Name, string Subject, LedgerValueKind Kind, IReadOnlyList<string> Words,
    string? Grant = null, bool Masked = false);

/// <summary>What a ledger is generated for: the user (whose scope every query asks), the unit (a community or a grid), the
/// period (inclusive dates; a monthly ledger is the month), and whether full numbers were approved for this export.</summary>
public sealed record LedgerScope(UserArea Area, long UnitId, DateOnly From, DateOnly To, bool FullNumbers = false);

/// <summary>Which rows of a subject a ledger lists. Labels are tag codes (any of them, or all when <paramref name="AllLabels"/>);
/// ages in whole years on <see cref="LedgerScope.To"/>; <paramref name="Kinds"/> are a module's own kinds (benefit kinds,
/// case types, meeting types …) for subjects that have them. A subject ignores what does not apply to it.</summary>
public sealed record LedgerFilter(IReadOnlyList<string> Labels, bool AllLabels = false, int? AgeFrom = null, int? AgeTo = null,
    IReadOnlyList<string>? Kinds = null)
{
    public static readonly LedgerFilter None = new([]);
}

/// <summary>
/// A module's fields for ledgers. <see cref="ValuesAsync"/> fills many rows at once: for each row id the user may see, one
/// value per requested field in the order asked (null when there is none); rows out of the user's scope are left out.
/// Values are plain: string, int, long, decimal, DateOnly, DateTimeOffset.
/// </summary>
public interface ILedgerFields
{
    IReadOnlyList<LedgerField> Fields { get; }
    Task<IReadOnlyDictionary<long, object?[]>> ValuesAsync(LedgerScope scope, IReadOnlyList<LedgerField> fields, IReadOnlyCollection<long> rowIds, CancellationToken ct);
}

/// <summary>
/// The rows of one subject for a ledger: ids in the ledger's order (by grid, then household, then person, or by date for
/// records), counted inside the user's scope for <see cref="Permission"/> and the unit of <see cref="LedgerScope"/>.
/// </summary>
public interface ILedgerRows
{
    string Subject { get; }
    /// <summary>The subject's name for the template page (居民, 户, 走访记录 …).</summary>
    string Name { get; }
    /// <summary>The permission whose units decide which rows a user may list.</summary>
    string Permission { get; }
    Task<IReadOnlyList<long>> RowIdsAsync(LedgerScope scope, LedgerFilter filter, CancellationToken ct);
}

/// <summary>One column of a built-in ledger: the department's heading and the field that fills it, or null for a typed column
/// (签名, 劳动时间, 近期动态 — what really changes each cycle).</summary>
public sealed record LedgerColumn(string Heading, string? FieldKey);

/// <summary>
/// A register a module knows the layout of (ledger-layouts.txt): department (民政, 残联, 组织 …), name, the cycle
/// (<c>monthly</c>, <c>quarterly</c>, <c>yearly</c>, <c>on-demand</c>) and due day, the subject and filter, the columns in the
/// department's order. The ledger module offers these as built-in templates; absent modules offer none.
/// </summary>
public sealed record LedgerDeclaration(string Key, string Department, string Name, string Cycle, int? DueDay, string Subject,
    LedgerFilter Filter, IReadOnlyList<LedgerColumn> Columns, bool StreetApproves = false);

/// <summary>A module's built-in registers.</summary>
public interface ILedgerDeclarations
{
    IReadOnlyList<LedgerDeclaration> Ledgers { get; }
}

// ---- Volunteers (issue 17), used by home services (issue 14) ----

/// <summary>A volunteer who may be sent: id in the activities module, display name (as consent allows), team, skills.</summary>
public sealed record VolunteerChoice(long VolunteerId, string Name, string? Team, IReadOnlyList<string> Skills);

/// <summary>Hours served, confirmed by staff: which volunteer, the day, hours (travel excluded), what was done, 服务人次, and the
/// record it came from (<c>service-order</c>, its id) so a second credit for the same record replaces the first.</summary>
public sealed record VolunteerHoursEntry(long VolunteerId, DateOnly Date, decimal Hours, string Content, int ServedCount, string Source, long SourceId);

/// <summary>
/// The volunteers a module may dispatch, and crediting their hours (issue 14: "dispatched to a volunteer, hours credited").
/// Implemented by the activities module; absent when it is. Throws <see cref="UnauthorizedAccessException"/> out of scope.
/// </summary>
public interface IVolunteerDesk
{
    Task<IReadOnlyList<VolunteerChoice>> ChoicesAsync(UserArea area, long unitId, string? skill, CancellationToken ct);
    Task<long> CreditAsync(UserArea area, VolunteerHoursEntry entry, CancellationToken ct);
}

// ---- Visits offered to other modules (a benefit's household investigation, a party member's holiday visit) ----

/// <summary>A visit recorded from another module's record: who was visited, when, by which method code (<c>home</c> 上门 …),
/// what was found, and the source (<c>benefit</c>, its id) shown in the visit's history.</summary>
public sealed record VisitIntakeRequest(long ResidentId, DateTimeOffset VisitedAt, string Method, string Findings, string Source, long SourceId);

/// <summary>The visit recorded: its id and page.</summary>
public sealed record VisitIntakeResult(long VisitId, string Href);

/// <summary>Recording a visit from another module in one step. Implemented by the visits module; throws
/// <see cref="UnauthorizedAccessException"/> when the user may not record visits for the resident.</summary>
public interface IVisitIntake
{
    Task<VisitIntakeResult> RecordAsync(UserArea area, VisitIntakeRequest request, CancellationToken ct);
}

/// <summary>
/// The grids of a ledger's unit where the user holds <paramref name="permission"/> — what every <see cref="ILedgerRows"/>
/// and <see cref="ILedgerFields"/> asks its rows inside (added by the ledgers helper, issue 16: each provider needs it and
/// the grids below a unit are Access's to know).
/// </summary>
public static class LedgerUnits
{
    public static async Task<long[]> GridsAsync(Data.LinliDb db, LedgerScope scope, string permission, CancellationToken ct)
    {
        var allowed = scope.Area.GridsWhere(permission);
        if (allowed.Count == 0) return [];
        var unit = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(o => o.Id == scope.UnitId, ct);
        if (unit is null) return [];
        var set = allowed.ToHashSet();
        return (await AreaGrants.GridsUnderAsync(db, unit, ct)).Where(set.Contains).ToArray();
    }
}

// ---- Cases offered to home services (issue 14): an order placed for a 求助 links the case by its reference ----

/// <summary>A case found by its public reference: its id, reference, type code (<c>help</c> …), grid, resident and page.</summary>
public sealed record CaseLink(long CaseId, string Reference, string Kind, long GridId, long? ResidentId, string Href);

/// <summary>
/// Finding a case by the reference a caller quotes, among the cases the user sees (or registered). Implemented by the cases
/// module; absent when it is (a module then keeps the reference as typed, unlinked).
/// </summary>
public interface ICaseLinks
{
    Task<CaseLink?> FindAsync(UserArea area, string reference, CancellationToken ct);
}

// ---- Next steps a module offers on another module's record (下服务单 on a 求助 case or a caller) ----

/// <summary>Which record an action is offered on: <see cref="RecordSubjects"/>, its id, its grid and resident when known, its reference and kind code.</summary>
public sealed record RecordContext(string Subject, long Id, long? GridId, long? ResidentId, string? Reference = null, string? Kind = null);

/// <summary>The subjects of <see cref="RecordContext"/>.</summary>
public static class RecordSubjects
{
    /// <summary>A case's page (<see cref="RecordContext.Id"/> the case id).</summary>
    public const string Case = "case";
    /// <summary>A caller found in the hotline's caller view (<see cref="RecordContext.Id"/> the resident id).</summary>
    public const string Caller = "caller";
}

/// <summary>A link to a next step in another module, e.g. 下服务单; the target page checks scope again.</summary>
public sealed record RecordAction(string Module, string Label, string Href, int Order = 100);

/// <summary>A module's next steps on records it does not own. Only doors: the page behind the link decides.</summary>
public interface IRecordActions
{
    IReadOnlyList<RecordAction> For(UserArea area, RecordContext record);
}

// ---- Tasks from above and ledgers (issue 16): a task may ask for a ledger; an inspection pack holds ledgers' latest submissions ----

/// <summary>A ledger template a task may ask for, or an inspection may show: its key, department and name.</summary>
public sealed record LedgerChoice(string Key, string Department, string Name);

/// <summary>A ledger just submitted: the submission, its template, the unit it is for, the day, and the task it was
/// submitted for when the office came from the task's page (<paramref name="ForTask"/>; null when it did not say).</summary>
public sealed record LedgerSubmitted(long SubmissionId, string TemplateKey, string TemplateName, long UnitId, DateOnly SubmittedOn, long? ForTask);

/// <summary>A frozen submission written as the department's xlsx (what an inspection is shown).</summary>
public sealed record LedgerFile(long SubmissionId, string TemplateName, DateOnly PeriodFrom, DateOnly PeriodTo, string FileName, byte[] Content);

/// <summary>
/// The ledgers as other modules see them (implemented by the ledgers module): the templates a task may ask for, and the
/// latest submission of a template for a unit as xlsx, inside the user's scope (null when there is none or it is out of scope).
/// </summary>
public interface ILedgerShelf
{
    Task<IReadOnlyList<LedgerChoice>> ChoicesAsync(UserArea area, CancellationToken ct);
    Task<LedgerFile?> LatestAsync(UserArea area, string templateKey, long unitId, CancellationToken ct);
}

/// <summary>
/// Told of every ledger submission, inside the submission's transaction (the tasks module marks the task that asked for
/// the ledger 已提交). Absent modules are simply not told.
/// </summary>
public interface ILedgerSubmissionFollower
{
    Task SubmittedAsync(UserArea area, LedgerSubmitted submitted, CancellationToken ct);
}
