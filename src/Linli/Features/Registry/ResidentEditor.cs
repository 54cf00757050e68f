using System.ComponentModel.DataAnnotations;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// Adds and changes residents: validates what was typed, keeps every change in the resident's history
/// (old → new, numbers masked), and writes one audit row, all in one transaction.
/// </summary>
public sealed class ResidentEditor(LinliDb db, FieldCipher cipher, AuditLog audit, TimeProvider clock)
{
    public sealed class Form
    {
        [Display(Name = "姓名"), Required(ErrorMessage = "请填写姓名"), StringLength(64, ErrorMessage = "姓名不能超过64个字")]
        public string Name { get; set; } = "";
        [Display(Name = "公民身份号码")]
        public string? NationalId { get; set; }
        [Display(Name = "性别")]
        public Gender? Gender { get; set; }
        [Display(Name = "出生日期")]
        public DateOnly? BirthDate { get; set; }
        [Display(Name = "民族"), StringLength(16)]
        public string? Ethnicity { get; set; } = "汉族";
        [Display(Name = "联系电话")]
        public string? Phone { get; set; }
        [Display(Name = "与户主关系")]
        public RelationToHead RelationToHead { get; set; } = RelationToHead.Other;
        [Display(Name = "居住类型")]
        public ResidenceKind ResidenceKind { get; set; } = ResidenceKind.Registered;
        [Display(Name = "文化程度"), StringLength(16)]
        public string? Education { get; set; }
        [Display(Name = "政治面貌"), StringLength(16)]
        public string? PoliticalStatus { get; set; }
        [Display(Name = "婚姻状况"), StringLength(16)]
        public string? MaritalStatus { get; set; }
        [Display(Name = "备注"), StringLength(2000, ErrorMessage = "备注不能超过2000字")]
        public string? Notes { get; set; }
        /// <summary>The labels ticked on the form; labels the user may not see are left as they are.</summary>
        public List<long> TagIds { get; set; } = [];

        public static Form From(Resident r) => new()
        {
            Name = r.Name, Gender = r.Gender, BirthDate = r.BirthDate, Ethnicity = r.Ethnicity,
            RelationToHead = r.RelationToHead, ResidenceKind = r.ResidenceKind, Education = r.Education,
            PoliticalStatus = r.PoliticalStatus, MaritalStatus = r.MaritalStatus, Notes = r.Notes,
        };
    }

    /// <summary>What went wrong, by form field (the key is the property name); empty when all is well.</summary>
    public sealed record Outcome(long? ResidentId, IReadOnlyDictionary<string, string> Errors)
    {
        public bool Ok => Errors.Count == 0;
    }

    /// <summary>A new member of a household in the user's area; null when the household is not there.</summary>
    public async Task<Outcome?> CreateAsync(UserArea area, long householdId, Form form, CancellationToken ct)
    {
        var household = await db.Households.InScopeOf(area, Permissions.Registry.Write).FirstOrDefaultAsync(h => h.Id == householdId, ct);
        if (household is null) return null;
        var errors = new Dictionary<string, string>();
        var id18 = await CheckNumbersAsync(area, form, 0, errors, ct);
        if (id18 is null && form.Gender is null) errors[nameof(Form.Gender)] = "没有身份证号时请选择性别。";
        if (errors.Count > 0) return new Outcome(null, errors);
        var resident = new Resident
        {
            GridId = household.GridId, HouseholdId = household.Id, Name = form.Name.Trim(),
            Gender = id18 is not null ? NationalId.Gender(id18) : form.Gender!.Value,
            BirthDate = id18 is not null ? NationalId.BirthDate(id18) : form.BirthDate,
        };
        // One transaction from the insert to the audit row: a failure leaves no half-registered person.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Residents.Add(resident);
        await db.SaveChangesAsync(ct);
        var outcome = await ApplyAsync(area, resident, form, id18, "登记新居民", ct, created: true);
        if (household.HeadId is null && resident.RelationToHead == RelationToHead.Self) household.HeadId = resident.Id;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return outcome;
    }

    public async Task<Outcome?> UpdateAsync(UserArea area, long id, Form form, CancellationToken ct)
    {
        var resident = await db.Residents.InScopeOf(area, Permissions.Registry.Write).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (resident is null) return null;
        var errors = new Dictionary<string, string>();
        var id18 = await CheckNumbersAsync(area, form, resident.Id, errors, ct);
        if (errors.Count > 0) return new Outcome(id, errors);
        return await ApplyAsync(area, resident, form, id18, "修改居民信息", ct);
    }

    async Task<Outcome> ApplyAsync(UserArea area, Resident resident, Form form, string? id18, string what, CancellationToken ct, bool created = false)
    {
        var id = resident.Id;
        var changes = new List<(string Field, string? Old, string? New)>();
        if (created) changes.Add(("登记", null, resident.Name));

        void Set<T>(string field, T oldValue, T newValue, Action apply, Func<T, string?>? show = null)
        {
            if (EqualityComparer<T>.Default.Equals(oldValue, newValue)) return;
            changes.Add((field, show is null ? oldValue?.ToString() : show(oldValue), show is null ? newValue?.ToString() : show(newValue)));
            apply();
        }
        var name = form.Name.Trim();
        Set("姓名", resident.Name, name, () => resident.Name = name);
        if (id18 is not null)
        {
            var masked = NationalId.Mask(id18);
            Set("公民身份号码", resident.NationalIdMasked, masked, () =>
            {
                resident.NationalIdCipher = cipher.Encrypt(id18);
                resident.NationalIdHash = cipher.Hash(id18);
                resident.NationalIdMasked = masked;
            });
        }
        var gender = id18 is not null ? NationalId.Gender(id18) : form.Gender ?? resident.Gender;
        Set("性别", resident.Gender, gender, () => resident.Gender = gender, g => RegistryText.Of(g));
        var birth = id18 is not null ? NationalId.BirthDate(id18) : form.BirthDate;
        Set("出生日期", resident.BirthDate, birth, () => resident.BirthDate = birth, d => d?.ToString("yyyy-MM-dd"));
        var phone = PhoneNumber.Normalize(form.Phone);
        if (phone is not null)
        {
            var masked = PhoneNumber.Mask(phone);
            if (resident.PhoneHash is null || !resident.PhoneHash.AsSpan().SequenceEqual(cipher.Hash(phone)))
            {
                changes.Add(("联系电话", resident.PhoneMasked, masked));
                resident.PhoneCipher = cipher.Encrypt(phone);
                resident.PhoneHash = cipher.Hash(phone);
                resident.PhoneMasked = masked;
            }
        }
        else if (string.IsNullOrWhiteSpace(form.Phone) && resident.PhoneMasked is not null)
        {
            changes.Add(("联系电话", resident.PhoneMasked, null));
            resident.PhoneCipher = null;
            resident.PhoneHash = null;
            resident.PhoneMasked = null;
        }
        Set("民族", resident.Ethnicity, Clean(form.Ethnicity), () => resident.Ethnicity = Clean(form.Ethnicity));
        Set("与户主关系", resident.RelationToHead, form.RelationToHead, () => resident.RelationToHead = form.RelationToHead, r => RegistryText.Of(r));
        Set("居住类型", resident.ResidenceKind, form.ResidenceKind, () => resident.ResidenceKind = form.ResidenceKind, k => RegistryText.Of(k));
        Set("文化程度", resident.Education, Clean(form.Education), () => resident.Education = Clean(form.Education));
        Set("政治面貌", resident.PoliticalStatus, Clean(form.PoliticalStatus), () => resident.PoliticalStatus = Clean(form.PoliticalStatus));
        Set("婚姻状况", resident.MaritalStatus, Clean(form.MaritalStatus), () => resident.MaritalStatus = Clean(form.MaritalStatus));
        Set("备注", resident.Notes, Clean(form.Notes), () => resident.Notes = Clean(form.Notes));
        var sensitiveChanges = await ApplyTagsAsync(area, resident, form.TagIds, changes, ct);
        if (changes.Count == 0 && !created) return new Outcome(id, new Dictionary<string, string>());
        await SaveAsync(area, resident, changes, sensitiveChanges, what, ct);
        return new Outcome(id, new Dictionary<string, string>());
    }

    /// <summary>Adds and removes the labels the user may see; returns which of the changes are sensitive.</summary>
    async Task<HashSet<int>> ApplyTagsAsync(UserArea area, Resident resident, List<long> wanted, List<(string Field, string? Old, string? New)> changes, CancellationToken ct)
    {
        var sensitive = new HashSet<int>();
        var visible = await db.Tags.VisibleTo(area, resident.GridId).ToDictionaryAsync(t => t.Id, ct);
        var current = await db.ResidentTags.Where(rt => rt.ResidentId == resident.Id && visible.Keys.Contains(rt.TagId)).ToListAsync(ct);
        foreach (var gone in current.Where(rt => !wanted.Contains(rt.TagId)))
        {
            db.ResidentTags.Remove(gone);
            if (visible[gone.TagId].IsSensitive) sensitive.Add(changes.Count);
            changes.Add(("人员标签", visible[gone.TagId].Name, null));
        }
        foreach (var tagId in wanted.Distinct().Where(t => visible.ContainsKey(t) && current.All(rt => rt.TagId != t)))
        {
            db.ResidentTags.Add(new ResidentTag { ResidentId = resident.Id, TagId = tagId, GridId = resident.GridId });
            if (visible[tagId].IsSensitive) sensitive.Add(changes.Count);
            changes.Add(("人员标签", null, visible[tagId].Name));
        }
        return sensitive;
    }

    /// <summary>迁出 or 死亡: the resident stays in the registry with the new status and the date in the notes of the change.</summary>
    public async Task<bool> SetStatusAsync(UserArea area, long id, ResidentStatus status, DateOnly date, string? note, CancellationToken ct)
    {
        var resident = await db.Residents.InScopeOf(area, Permissions.Registry.Write).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (resident is null) return false;
        if (resident.Status == status) return true;
        var change = ("状态", (string?)RegistryText.Of(resident.Status), (string?)$"{RegistryText.Of(status)}（{date:yyyy-MM-dd}{(string.IsNullOrWhiteSpace(note) ? "" : "，" + note.Trim())}）");
        resident.Status = status;
        await SaveAsync(area, resident, [change], [], status == ResidentStatus.MovedOut ? "登记迁出" : "登记死亡", ct);
        return true;
    }

    async Task<string?> CheckNumbersAsync(UserArea area, Form form, long selfId, Dictionary<string, string> errors, CancellationToken ct)
    {
        string? id18 = null;
        if (!string.IsNullOrWhiteSpace(form.NationalId))
        {
            if (!NationalId.TryNormalize(form.NationalId, out var n, out var error)) errors[nameof(Form.NationalId)] = error!;
            else
            {
                var hash = cipher.Hash(n);
                var other = await db.Residents.Where(r => r.NationalIdHash == hash && r.Id != selfId)
                    .Select(r => new { r.Id, r.Name, r.GridId }).FirstOrDefaultAsync(ct);
                if (other is null) id18 = n;
                // Only what the user may know: whose number it is, inside the user's own area; elsewhere only that it is taken.
                else if (area.HasInGrid(Permissions.Registry.Read, other.GridId))
                    errors[nameof(Form.NationalId)] = $"这个身份证号已登记在另一位居民名下：{other.Name}（编号 {other.Id}），请勿重复登记。";
                else
                {
                    errors[nameof(Form.NationalId)] = "该身份证号已登记，请联系社区核实。";
                    await audit.WriteAsync(AuditActions.Denied, AuditTarget.Resident(other.Id), other.GridId,
                        $"登记居民时填写的身份证号 {NationalId.Mask(n)} 已登记在管辖范围外的居民名下，未告知是谁", ct: ct);
                }
            }
        }
        if (!string.IsNullOrWhiteSpace(form.Phone) && PhoneNumber.Normalize(form.Phone) is not { Length: >= 7 and <= 12 })
            errors[nameof(Form.Phone)] = "电话号码应为11位手机号或7到12位固定电话。";
        if (form.BirthDate is { } b && (b > DateOnly.FromDateTime(clock.GetLocalNow().Date) || b.Year < 1890))
            errors[nameof(Form.BirthDate)] = "出生日期不在合理范围内。";
        return id18;
    }

    async Task SaveAsync(UserArea area, Resident resident, List<(string Field, string? Old, string? New)> changes, HashSet<int> sensitive, string what, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var userName = await db.Users.Where(u => u.Id == area.UserId).Select(u => u.UserName).FirstOrDefaultAsync(ct);
        for (var i = 0; i < changes.Count; i++)
            db.ResidentChanges.Add(new ResidentChange
            {
                ResidentId = resident.Id, GridId = resident.GridId, HouseholdId = resident.HouseholdId, AtUtc = now,
                UserId = area.UserId, UserName = userName, Field = changes[i].Field, OldValue = changes[i].Old, NewValue = changes[i].New,
                IsSensitive = sensitive.Contains(i),
            });
        // Inside the caller's transaction when there is one (a new resident), else in one of its own.
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.Write, AuditTarget.Resident(resident.Id), resident.GridId,
            $"{what}：{string.Join("、", changes.Select(c => c.Field).Distinct())}", ct: ct);
        if (own is not null) await own.CommitAsync(ct);
    }

    static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
