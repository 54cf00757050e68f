namespace Linli.Features.Audit;

/// <summary>
/// Names for what audit rows point at, and words for the codes their details hold, so that the auditor reads
/// "王秀兰（cadre）" and "管理人员标签" where the row stores ("user", 8) and "registry.manage-tags". The module that
/// owns a kind of thing registers one of these (Access: accounts, tokens, units, permissions; Registry: residents,
/// households, export requests); the audit page asks them all. The log itself stores only codes and ids, and knows
/// no module.
/// </summary>
public interface IAuditNames
{
    /// <summary>Names of the <paramref name="kind"/> (one of <see cref="AuditTargets"/>) with these ids; nothing for kinds this module does not own.</summary>
    Task<IReadOnlyDictionary<long, string>> NamesAsync(string kind, IReadOnlyCollection<long> ids, CancellationToken ct);

    /// <summary>Codes that appear in details (permission codes…), with the words to show for them.</summary>
    IReadOnlyDictionary<string, string> Words { get; }
}
