using Linli.Features.Access;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Linli.Features.Party;

/// <summary>
/// The head every branch page loads the same way: the user's area, the branch asked for (the first the user sees when none
/// is named; null when it is not theirs to see), whether they keep that branch's records, and today. Also how a page passes
/// a desk's refusals on to its form.
/// </summary>
public sealed class PartyHead(CurrentUser me, PartyReader reader)
{
    public sealed record Head(UserArea Area, PartyReader.BranchChoice Branch, bool CanWrite, DateOnly Today);

    public async Task<Head?> LoadAsync(long? branchId, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var branch = await reader.BranchAsync(area, branchId, ct);
        if (branch is null) return null;
        return new Head(area, branch, await reader.WritesAsync(area, branch.CommunityId, ct), reader.Today);
    }

    /// <summary>A desk's refusals on the form's fields (<paramref name="prefix"/> + field; "" = the form as a whole).</summary>
    public static void Refusals(ModelStateDictionary state, IReadOnlyDictionary<string, string> errors, string prefix)
    {
        foreach (var (field, message) in errors) state.AddModelError(field.Length == 0 ? "" : prefix + field, message);
    }
}
