using System.ComponentModel.DataAnnotations;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Linli.Web;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// Adds and changes residents: validates what was typed, keeps every change in the resident's history
/// (old → new, numbers masked), and writes one audit row, all in one transaction.
/// </summary>
public sealed class ResidentEditor(LinliDb db, FieldCipher cipher, AuditLog audit, TimeProvider clock, UiText? text = null)
{
    readonly UiText say = text ?? UiText.Shared;   // the roster import makes one itself

    public sealed class Form
    {
        // The length is checked in code points (TextElements.Name): 𠮷 is one character, as PostgreSQL counts it.
        [Display(Name = "姓名"), Required(ErrorMessage = "请填写姓名")]
        public string Name { get; set; } = "";
        /// <summary>The number typed in full; its masked form as shown (4101**********123X) keeps the stored one; empty clears it.</summary>
        [Display(Name = "公民身份号码")]
        public string? NationalId { get; set; }
        [Display(Name = "性别")]
        public Gender? Gender { get; set; }
        [Display(Name = "出生日期")]
        public DateOnly? BirthDate { get; set; }
        [Display(Name = "民族"), StringLength(16)]
        public string? Ethnicity { get; set; } = "汉族";
        /// <summary>As <see cref="NationalId"/>: a new number in full, the shown masked form to keep it, empty to clear it.</summary>
        [Display(Name = "联系电话")]
        public string? Phone { get; set; }
        [Display(Name = "与户主关系")]
        public RelationToHead RelationToHead { get; set; } = RelationToHead.Other;
        /// <summary>The GB/T 4761 code chosen on the form (22 长子); when given it decides <see cref="RelationToHead"/>. Null from callers that know only the category.</summary>
        [Display(Name = "与户主关系")]
        public string? RelationCode { get; set; }
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
        /// <summary>The version of the record the form was filled from: a change is saved only onto that version.</summary>
        public int? Version { get; set; }

        /// <summary>The form as the record stands: every field, the numbers in their masked form (which means "keep").</summary>
        public static Form From(Resident r, IEnumerable<long> tagIds) => new()
        {
            Name = r.Name, NationalId = r.NationalIdMasked, Gender = r.Gender, BirthDate = r.BirthDate, Ethnicity = r.Ethnicity,
            Phone = r.PhoneMasked, RelationToHead = r.RelationToHead, RelationCode = r.RelationCode ?? CodeTables.GenericCode(r.RelationToHead, r.Gender),
            ResidenceKind = r.ResidenceKind, Education = r.Education,
            PoliticalStatus = r.PoliticalStatus, MaritalStatus = r.MaritalStatus, Notes = r.Notes, TagIds = tagIds.ToList(), Version = r.Version,
        };

        /// <summary>On the edit page: the form as it was first shown (<see cref="Snapshot"/>), to tell the fields the user changed from those left alone.</summary>
        [System.Text.Json.Serialization.JsonIgnore]
        public string? Seen { get; set; }

        public string Snapshot() => System.Text.Json.JsonSerializer.Serialize(this);

        static Form? FromSnapshot(string? json)
        {
            if (string.IsNullOrEmpty(json)) return null;
            try { return System.Text.Json.JsonSerializer.Deserialize<Form>(json); }
            catch (System.Text.Json.JsonException) { return null; }
        }

        sealed record Field(Func<Form, object?> Get, Action<Form, Form> Take, bool IsNumber = false);

        static readonly Field[] Fields =
        [
            new(f => f.Name, (to, from) => to.Name = from.Name),
            new(f => f.NationalId, (to, from) => to.NationalId = from.NationalId, IsNumber: true),
            new(f => f.Gender, (to, from) => to.Gender = from.Gender),
            new(f => f.BirthDate, (to, from) => to.BirthDate = from.BirthDate),
            new(f => f.Ethnicity, (to, from) => to.Ethnicity = from.Ethnicity),
            new(f => f.Phone, (to, from) => to.Phone = from.Phone, IsNumber: true),
            new(f => f.RelationToHead, (to, from) => to.RelationToHead = from.RelationToHead),
            new(f => f.RelationCode, (to, from) => to.RelationCode = from.RelationCode),
            new(f => f.ResidenceKind, (to, from) => to.ResidenceKind = from.ResidenceKind),
            new(f => f.Education, (to, from) => to.Education = from.Education),
            new(f => f.PoliticalStatus, (to, from) => to.PoliticalStatus = from.PoliticalStatus),
            new(f => f.MaritalStatus, (to, from) => to.MaritalStatus = from.MaritalStatus),
            new(f => f.Notes, (to, from) => to.Notes = from.Notes),
            new(f => string.Join(",", f.TagIds.Distinct().Order()), (to, from) => to.TagIds = [.. from.TagIds]),
        ];

        static bool Same(object? a, object? b) =>
            a is string or null && b is string or null ? TextElements.Clean(a as string, multiline: true) == TextElements.Clean(b as string, multiline: true) : Equals(a, b);

        /// <summary>
        /// A form to re-apply after someone else saved first: the fields this user left as they were shown
        /// (<paramref name="seen"/>) take the other's values, the fields this user changed keep this user's; a masked
        /// number the other replaced takes the new one (a mask only ever means "keep"). The version is the current one.
        /// </summary>
        public static Form Merge(string? seenSnapshot, Form theirs, Form yours)
        {
            var seen = FromSnapshot(seenSnapshot);
            var merged = new Form { Version = theirs.Version };
            foreach (var f in Fields)
            {
                var untouched = seen is not null && Same(f.Get(yours), f.Get(seen));
                var staleMask = f.IsNumber && f.Get(yours) is string y && y.Contains('*', StringComparison.Ordinal) && !Same(y, f.Get(theirs));
                f.Take(merged, untouched || staleMask ? theirs : yours);
            }
            merged.Seen = theirs.Snapshot();
            return merged;
        }

        /// <summary>Each field as a person reads it, by its label: for showing two versions of a record side by side.</summary>
        public IEnumerable<(string Label, string? Value)> Shown(IReadOnlyList<Tag> tags)
        {
            yield return ("姓名", Name);
            yield return ("公民身份号码", NationalId);
            yield return ("性别", Gender is { } g ? RegistryText.Of(g) : null);
            yield return ("出生日期", BirthDate?.ToString("yyyy-MM-dd"));
            yield return ("民族", Ethnicity);
            yield return ("联系电话", Phone);
            yield return ("与户主关系", CodeTables.Relation.ByCode(RelationCode)?.Word ?? RegistryText.Of(RelationToHead));
            yield return ("居住类型", RegistryText.Of(ResidenceKind));
            yield return ("文化程度", Education);
            yield return ("政治面貌", PoliticalStatus);
            yield return ("婚姻状况", MaritalStatus);
            yield return ("备注", Notes);
            yield return ("人员标签", string.Join("、", tags.Where(t => TagIds.Contains(t.Id)).Select(t => t.Name)));
        }

        public static async Task<Form> OfAsync(LinliDb db, Resident r, CancellationToken ct) =>
            From(r, await db.ResidentTags.Where(rt => rt.ResidentId == r.Id).Select(rt => rt.TagId).ToListAsync(ct));
    }

    /// <summary>
    /// What went wrong, by form field (the key is the property name); empty when all is well. <see cref="Stale"/>:
    /// the record changed since the form's version was read, and nothing was saved.
    /// </summary>
    public sealed record Outcome(long? ResidentId, IReadOnlyDictionary<string, string> Errors, bool Stale = false)
    {
        public bool Ok => Errors.Count == 0 && !Stale;
    }

    /// <summary>
    /// A value the form's binding refused (性别=99) gets a message that names its field, for the pages: ASP.NET's
    /// message for an undefined enumeration value knows the value only.
    /// </summary>
    public static void NameBindingErrors(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary state, string prefix)
    {
        foreach (var property in typeof(Form).GetProperties())
        {
            if (!state.TryGetValue($"{prefix}.{property.Name}", out var entry) || entry.AttemptedValue is null) continue;
            // Only the binder's refusals (ModelBindingMessages names them "… 无效。" or in the reader's language), not the validation messages beside them.
            var refusals = entry.Errors.Where(e => e.Exception is not null || e.ErrorMessage.EndsWith("无效。", StringComparison.Ordinal)
                || e.ErrorMessage.EndsWith("無效。", StringComparison.Ordinal) || e.ErrorMessage.Contains(" is not valid", StringComparison.Ordinal)).ToList();
            if (refusals.Count == 0) continue;
            var label = property.GetCustomAttributes(typeof(DisplayAttribute), false).OfType<DisplayAttribute>().FirstOrDefault()?.Name ?? property.Name;
            var value = TextElements.Cut(TextElements.Clean(entry.AttemptedValue) ?? "", 20, "…");
            foreach (var e in refusals) entry.Errors.Remove(e);
            entry.Errors.Add(UiText.Shared["{0}的值“{1}”无效。", UiText.Shared[label], value]);
        }
    }

    static readonly IReadOnlyDictionary<string, string> NoErrors = new Dictionary<string, string>();

    /// <summary>
    /// The refusal when the database's unique index turns the number away (someone registered it a moment before): it
    /// names nobody, since that someone may live outside the user's area.
    /// </summary>
    static readonly IReadOnlyDictionary<string, string> NumberTaken = new Dictionary<string, string> { [nameof(Form.NationalId)] = NumberTakenElsewhere };

    /// <summary>What a user is told of an ID number registered to someone they may not see (issue 9: the existence leaks nothing more).</summary>
    const string NumberTakenElsewhere = "该身份证号已登记，请联系社区核实。";

    /// <summary>
    /// A new member of a household in the user's area; null when the household is not there. <paramref name="arrival"/>:
    /// a person moving in from elsewhere (<see cref="HouseholdChanges.MoveInAsync"/>), whose first history row says from where.
    /// Inside the caller's transaction when there is one.
    /// </summary>
    public async Task<Outcome?> CreateAsync(UserArea area, long householdId, Form form, CancellationToken ct, (string From, DateOnly On)? arrival = null)
    {
        var household = await db.Households.InScopeOf(area, Permissions.Registry.Write).FirstOrDefaultAsync(h => h.Id == householdId, ct);
        if (household is null) return null;
        var errors = new Dictionary<string, string>();
        var name = CheckFields(form, errors);
        var id18 = await CheckNumbersAsync(area, form, null, errors, ct);
        if (id18 is null && form.Gender is null && !errors.ContainsKey(nameof(Form.Gender))) errors[nameof(Form.Gender)] = "没有身份证号时请选择性别。";
        if (errors.Count > 0) return new Outcome(null, errors);
        var resident = new Resident
        {
            GridId = household.GridId, HouseholdId = household.Id, Name = name!,
            Gender = id18 is not null ? NationalId.Gender(id18) : form.Gender!.Value,
            BirthDate = id18 is not null ? NationalId.BirthDate(id18) : form.BirthDate,
        };
        // One transaction from the insert to the audit row: a failure leaves no half-registered person.
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        db.Residents.Add(resident);
        await db.SaveChangesAsync(ct);
        Outcome outcome;
        try
        {
            outcome = await ApplyAsync(area, resident, form, name!, id18, arrival is null ? "登记新居民" : "登记外地迁入", ct, created: true, arrival);
            if (household.HeadId is null && resident.RelationToHead == RelationToHead.Self) household.HeadId = resident.Id;
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone else set the household's head in the meantime; nothing of this registration is kept.
            db.ChangeTracker.Clear();
            return new Outcome(null, new Dictionary<string, string> { [nameof(Form.RelationToHead)] = "这一户刚被他人修改（户主已变），请重新打开页面再登记。" });
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsNationalIdTaken(e))
        {
            // Another writer registered this number between our check and our save; nothing of this registration is kept.
            db.ChangeTracker.Clear();
            return new Outcome(null, NumberTaken);
        }
        if (tx is not null) await tx.CommitAsync(ct);
        return outcome;
    }

    /// <summary>
    /// Replaces the resident's fields by the form's, saved only onto <see cref="Form.Version"/>: when the record
    /// changed since (or the form carries no version) nothing is saved and the outcome is <see cref="Outcome.Stale"/>.
    /// </summary>
    public async Task<Outcome?> UpdateAsync(UserArea area, long id, Form form, CancellationToken ct)
    {
        var resident = await db.Residents.InScopeOf(area, Permissions.Registry.Write).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (resident is null) return null;
        if (form.Version != resident.Version) return new Outcome(id, NoErrors, Stale: true);
        var errors = new Dictionary<string, string>();
        var name = CheckFields(form, errors);
        var id18 = await CheckNumbersAsync(area, form, resident, errors, ct);
        if (errors.Count > 0) return new Outcome(id, errors);
        try
        {
            return await ApplyAsync(area, resident, form, name!, id18, "修改居民信息", ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another writer saved between our read and our write: the UPDATE … WHERE Version = n found no row.
            db.ChangeTracker.Clear();
            return new Outcome(id, NoErrors, Stale: true);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsNationalIdTaken(e))
        {
            db.ChangeTracker.Clear();
            return new Outcome(id, NumberTaken);
        }
    }

    async Task<Outcome> ApplyAsync(UserArea area, Resident resident, Form form, string name, string? id18, string what, CancellationToken ct, bool created = false,
        (string From, DateOnly On)? arrival = null)
    {
        var id = resident.Id;
        var shownGender = resident.Gender;      // what the form's relation was shown from, before this edit changes the gender
        var changes = new List<(string Field, string? Old, string? New)>();
        if (arrival is { } a) changes.Add(("外地迁入", a.From, $"{resident.Name}（{a.On:yyyy-MM-dd}迁入）"));
        else if (created) changes.Add(("登记", null, resident.Name));

        void Set<T>(string field, T oldValue, T newValue, Action apply, Func<T, string?>? show = null)
        {
            if (EqualityComparer<T>.Default.Equals(oldValue, newValue)) return;
            changes.Add((field, show is null ? oldValue?.ToString() : show(oldValue), show is null ? newValue?.ToString() : show(newValue)));
            apply();
        }
        // A text field whose stored value reads the same once cleaned (a CRLF, a stray control character from an old
        // import) is left byte for byte as it is: sending back what was shown never rewrites a field.
        void SetText(string field, string? stored, string? wanted, Action apply, bool multiline = false)
        {
            if (TextElements.Clean(stored, multiline) == wanted) return;
            Set(field, stored, wanted, apply);
        }
        SetText("姓名", resident.Name, name, () => resident.Name = name);
        // The numbers: the masked form as shown keeps what is stored (byte for byte); empty clears; a full number replaces.
        if (id18 is not null)
        {
            var masked = NationalId.Mask(id18);
            if (resident.NationalIdHash is null || !resident.NationalIdHash.AsSpan().SequenceEqual(cipher.Hash(id18)))
            {
                changes.Add(("公民身份号码", resident.NationalIdMasked, masked));
                resident.NationalIdCipher = cipher.Encrypt(id18);
                resident.NationalIdHash = cipher.Hash(id18);
                resident.NationalIdMasked = masked;
            }
        }
        else if (Blank(form.NationalId) && resident.NationalIdMasked is not null)
        {
            changes.Add(("公民身份号码", resident.NationalIdMasked, null));
            resident.NationalIdCipher = null;
            resident.NationalIdHash = null;
            resident.NationalIdMasked = null;
        }
        var gender = id18 is not null ? NationalId.Gender(id18) : form.Gender ?? resident.Gender;
        Set("性别", resident.Gender, gender, () => resident.Gender = gender, g => RegistryText.Of(g));
        var birth = id18 is not null ? NationalId.BirthDate(id18) : form.BirthDate;
        Set("出生日期", resident.BirthDate, birth, () => resident.BirthDate = birth, d => d?.ToString("yyyy-MM-dd"));
        if (!Keeps(form.Phone, resident.PhoneMasked) && PhoneNumber.Normalize(TextElements.Clean(form.Phone)) is { } phone)
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
        else if (Blank(form.Phone) && resident.PhoneMasked is not null)
        {
            changes.Add(("联系电话", resident.PhoneMasked, null));
            resident.PhoneCipher = null;
            resident.PhoneHash = null;
            resident.PhoneMasked = null;
        }
        SetText("民族", resident.Ethnicity, Clean(form.Ethnicity), () => resident.Ethnicity = Clean(form.Ethnicity));
        // The GB/T 4761 code decides the category; the generic code a form shows for a record that has none keeps it without one.
        var relationCode = CodeTables.Relation.ByCode(form.RelationCode)?.Code;
        var relation = relationCode is not null ? CodeTables.CategoryOf(relationCode) : form.RelationToHead;
        if (relationCode is null && relation == resident.RelationToHead) relationCode = resident.RelationCode;
        if (resident.RelationCode is null && relationCode == CodeTables.GenericCode(resident.RelationToHead, shownGender) && relation == resident.RelationToHead) relationCode = null;
        if (relation != resident.RelationToHead || relationCode != resident.RelationCode)
        {
            changes.Add(("与户主关系", RelationWord(resident.RelationCode, resident.RelationToHead), RelationWord(relationCode, relation)));
            resident.RelationToHead = relation;
            resident.RelationCode = relationCode;
        }
        Set("居住类型", resident.ResidenceKind, form.ResidenceKind, () => resident.ResidenceKind = form.ResidenceKind, k => RegistryText.Of(k));
        SetText("文化程度", resident.Education, Clean(form.Education), () => resident.Education = Clean(form.Education));
        SetText("政治面貌", resident.PoliticalStatus, Clean(form.PoliticalStatus), () => resident.PoliticalStatus = Clean(form.PoliticalStatus));
        SetText("婚姻状况", resident.MaritalStatus, Clean(form.MaritalStatus), () => resident.MaritalStatus = Clean(form.MaritalStatus));
        var notes = TextElements.Clean(form.Notes, multiline: true);
        SetText("备注", resident.Notes, notes, () => resident.Notes = notes, multiline: true);
        var sensitiveChanges = await ApplyTagsAsync(area, resident, form.TagIds, changes, ct);
        if (created)
        {
            // A new person's history starts with being registered: the fields filled in are not changes from blank or from a default.
            changes.RemoveRange(1, changes.Count - 1);
            sensitiveChanges.Clear();
        }
        if (changes.Count == 0 && !created) return new Outcome(id, NoErrors);
        // A change of labels alone moves the resident's version too: the labels are part of what an ETag vouches for.
        if (!created) Data.RowVersions.Touch(db.Entry(resident));
        await SaveAsync(area, resident, changes, sensitiveChanges, what, ct);
        return new Outcome(id, NoErrors);
    }

    static bool Blank(string? s) => TextElements.Clean(s) is null;

    static string RelationWord(string? code, RelationToHead category) => CodeTables.Relation.ByCode(code)?.Word ?? RegistryText.Of(category);

    /// <summary>True when the field holds the masked form as it was shown: the stored number stays as it is.</summary>
    static bool Keeps(string? typed, string? storedMask) =>
        storedMask is not null && TextElements.Clean(typed) is { } t && string.Equals(Text.ToHalfWidth(t), storedMask, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The checks every channel shares: a name (control characters refused, counted in characters, not UTF-16
    /// units), enumerations inside their range (a number like 99 is not a gender), lengths of the short fields.
    /// Returns the cleaned name.
    /// </summary>
    string? CheckFields(Form form, Dictionary<string, string> errors)
    {
        var (name, nameError) = TextElements.Name(form.Name);
        if (nameError is not null) errors[nameof(Form.Name)] = nameError;
        if (form.Gender is { } g && !Enum.IsDefined(g)) errors[nameof(Form.Gender)] = "性别只能是男或女（Male、Female）。";
        if (!Enum.IsDefined(form.RelationToHead))
            errors[nameof(Form.RelationToHead)] = say["与户主关系只能是 {0}。", string.Join("、", Enum.GetValues<RelationToHead>().Select(r => $"{say[RegistryText.Of(r)]}（{r}）"))];
        if (form.RelationCode is { Length: > 0 } rc && CodeTables.Relation.ByCode(rc) is null)
            errors[nameof(Form.RelationCode)] = say["与户主关系代码“{0}”不在 GB/T 4761 家庭关系代码中。", TextElements.Cut(rc, 8, "…")];
        if (!Enum.IsDefined(form.ResidenceKind))
            errors[nameof(Form.ResidenceKind)] = say["居住类型只能是 {0}。", string.Join("、", Enum.GetValues<ResidenceKind>().Select(k => $"{say[RegistryText.Of(k)]}（{k}）"))];
        foreach (var (field, label, value, max) in new[]
                 {
                     (nameof(Form.Ethnicity), "民族", form.Ethnicity, 16), (nameof(Form.Education), "文化程度", form.Education, 16),
                     (nameof(Form.PoliticalStatus), "政治面貌", form.PoliticalStatus, 16), (nameof(Form.MaritalStatus), "婚姻状况", form.MaritalStatus, 16),
                 })
            if (Clean(value) is { } v && v.Length > max) errors[field] = say["{0}不能超过{1}个字。", say[label], max];
        if (TextElements.Clean(form.Notes, multiline: true) is { Length: > 2000 }) errors[nameof(Form.Notes)] = "备注不能超过2000字";
        return name;
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
            // A label put on by a person's edit is a trigger for the label's first visit (Tag.VisitWithinHours).
            db.ResidentTags.Add(new ResidentTag { ResidentId = resident.Id, TagId = tagId, GridId = resident.GridId, AddedAtUtc = clock.GetUtcNow().UtcDateTime });
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

    /// <summary>
    /// The numbers as typed: a full new ID number is returned (checked, not registered to anyone else). A masked
    /// form is accepted only as the one shown for this very resident (meaning "keep"); any other is refused, so
    /// that a masked number is never saved as if it were the number.
    /// </summary>
    async Task<string?> CheckNumbersAsync(UserArea area, Form form, Resident? self, Dictionary<string, string> errors, CancellationToken ct)
    {
        string? id18 = null;
        var selfId = self?.Id ?? 0;
        var typedId = TextElements.Clean(form.NationalId);
        if (typedId is not null && Keeps(typedId, self?.NationalIdMasked)) typedId = null;
        else if (typedId is not null && typedId.Contains('*', StringComparison.Ordinal))
        {
            errors[nameof(Form.NationalId)] = "公民身份号码不能填写脱敏号码（带 *）：不改就保留显示的号码，要改请填写完整的18位号码。";
            typedId = null;
        }
        if (typedId is not null)
        {
            if (!NationalId.TryNormalize(typedId, out var n, out var error)) errors[nameof(Form.NationalId)] = error!;
            else
            {
                var hash = cipher.Hash(n);
                var other = await db.Residents.Where(r => r.NationalIdHash == hash && r.Id != selfId)
                    .Select(r => new { r.Id, r.Name, r.GridId }).FirstOrDefaultAsync(ct);
                if (other is null) id18 = n;
                // Only what the user may know: whose number it is, inside the user's own area; elsewhere only that it is taken.
                else if (area.HasInGrid(Permissions.Registry.Read, other.GridId))
                    errors[nameof(Form.NationalId)] = say["这个身份证号已登记在另一位居民名下：{0}（编号 {1}），请勿重复登记。", other.Name, other.Id];
                else
                {
                    errors[nameof(Form.NationalId)] = NumberTakenElsewhere;
                    await audit.WriteAsync(AuditActions.Denied, AuditTarget.Resident(other.Id), other.GridId,
                        $"登记居民时填写的身份证号 {NationalId.Mask(n)} 已登记在管辖范围外的居民名下，未告知是谁", ct: ct);
                }
            }
        }
        var typedPhone = TextElements.Clean(form.Phone);
        if (typedPhone is not null && !Keeps(typedPhone, self?.PhoneMasked))
        {
            if (typedPhone.Contains('*', StringComparison.Ordinal))
                errors[nameof(Form.Phone)] = "联系电话不能填写脱敏号码（带 *）：不改就保留显示的号码，要改请填写完整号码。";
            else if (PhoneNumber.Normalize(typedPhone) is not { Length: >= 7 and <= 12 })
                errors[nameof(Form.Phone)] = "电话号码应为11位手机号或7到12位固定电话。";
        }
        if (form.BirthDate is { } b && (b > clock.Today() || b.Year < 1890))
            errors[nameof(Form.BirthDate)] = "出生日期不在合理范围内。";
        return id18;
    }

    async Task SaveAsync(UserArea area, Resident resident, List<(string Field, string? Old, string? New)> changes, HashSet<int> sensitive, string what, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var userName = await EditorNameAsync(db, area, ct);
        for (var i = 0; i < changes.Count; i++)
            db.ResidentChanges.Add(HistoryRow(resident, area, userName, now, changes[i].Field, changes[i].Old, changes[i].New, sensitive.Contains(i)));
        // Inside the caller's transaction when there is one (a new resident), else in one of its own.
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.Write, AuditTarget.Resident(resident.Id), resident.GridId,
            $"{what}：{string.Join("、", changes.Select(c => c.Field).Distinct())}", ct: ct);
        if (own is not null) await own.CommitAsync(ct);
    }

    /// <summary>The history names the editor as colleagues know them (显示名), not by the login name.</summary>
    internal static Task<string?> EditorNameAsync(LinliDb db, UserArea area, CancellationToken ct) =>
        db.Users.Where(u => u.Id == area.UserId).Select(u => u.DisplayName != "" ? u.DisplayName : u.UserName).FirstOrDefaultAsync(ct);

    /// <summary>One history row of a resident's field, its values cut to what a history row holds.</summary>
    internal static ResidentChange HistoryRow(Resident resident, UserArea area, string? userName, DateTime now, string field, string? old, string? @new, bool sensitive = false) => new()
    {
        ResidentId = resident.Id, GridId = resident.GridId, HouseholdId = resident.HouseholdId, AtUtc = now,
        UserId = area.UserId, UserName = userName, Field = field,
        OldValue = old is { } o ? TextElements.Cut(o, HistoryValueLength, "…") : null,
        NewValue = @new is { } n ? TextElements.Cut(n, HistoryValueLength, "…") : null,
        IsSensitive = sensitive,
    };

    /// <summary>What a history row holds of a value (备注 may be longer).</summary>
    const int HistoryValueLength = 500;

    /// <summary>A one-line field as stored: control characters and broken surrogates dropped, trimmed, null when empty.</summary>
    static string? Clean(string? s) => TextElements.Clean(s);
}
