using Linli.Features.Access;

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
public sealed record CaseIntakeRequest(string Kind, long GridId, long? ResidentId, long? HouseholdId, string Summary, string Source, long SourceId);

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
