using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using Linli.Web;

namespace Linli.Features.Registry;

/// <summary>
/// A resident's fields as the API takes them (JSON, camelCase): the same fields a GET returns. Read by hand rather
/// than bound, so that a field that is absent can be told from one that is null, and every wrong value is named:
/// <list type="bullet">
/// <item><c>PUT</c> replaces the record: every field below must be present (null clears the fields that may be empty).</item>
/// <item><c>PATCH</c> (JSON merge patch): an absent field stays as it is; null clears it where it may be empty.</item>
/// <item><c>nationalId</c>, <c>phone</c>: a full number replaces; the masked form exactly as a GET returned it keeps
/// the stored number; any other masked value is refused; null clears.</item>
/// <item><c>tags</c>: the names (or codes) of the labels the user may see; labels the user may not see stay as they are.
/// <c>tagIds</c> may be given instead.</item>
/// <item><c>id</c>, <c>status</c>, <c>gridId</c>, <c>householdId</c>, <c>version</c> are read-only and ignored, so a GET's body can be sent back.</item>
/// </list>
/// </summary>
public static class ResidentBody
{
    /// <summary>The fields a PUT must carry, with their labels.</summary>
    public static readonly IReadOnlyList<(string Json, string Label)> Fields =
    [
        ("name", "姓名"), ("gender", "性别"), ("birthDate", "出生日期"), ("nationalId", "公民身份号码"), ("phone", "联系电话"),
        ("ethnicity", "民族"), ("relationToHead", "与户主关系"), ("residenceKind", "居住类型"), ("education", "文化程度"),
        ("politicalStatus", "政治面貌"), ("maritalStatus", "婚姻状况"), ("notes", "备注"), ("tags", "人员标签"),
    ];

    static readonly HashSet<string> ReadOnly = ["id", "status", "gridId", "householdId", "version"];

    /// <summary>For the OpenAPI document: the body of PUT, and of PATCH where every field is optional.</summary>
    public sealed record Shape(string Name, string Gender, DateOnly? BirthDate, string? NationalId, string? Phone, string? Ethnicity,
        string RelationToHead, string ResidenceKind, string? Education, string? PoliticalStatus, string? MaritalStatus, string? Notes, IReadOnlyList<string> Tags);

    public enum Mode { Create, Replace, Merge }

    /// <summary>
    /// Lays <paramref name="body"/> over <paramref name="form"/> (the record as it stands for a merge, a fresh form
    /// otherwise). Returns the problems by JSON field name; empty when the body is good.
    /// </summary>
    public static Dictionary<string, string[]> Read(JsonNode? body, ResidentEditor.Form form, Mode mode, IReadOnlyList<Tag> visibleTags)
    {
        var say = UiText.Shared;
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors[field] = [message];
        if (body is not JsonObject obj)
        {
            Error("", "请求体应是一个 JSON 对象（居民的各项信息）。");
            return errors;
        }
        var labels = Fields.ToDictionary(f => f.Json, f => f.Label);
        foreach (var (key, _) in obj)
            if (!labels.ContainsKey(key) && key != "tagIds" && !ReadOnly.Contains(key))
                Error(key, say["没有这一项：{0}。可填写的项目：{1}。", key, string.Join("、", Fields.Select(f => f.Json))]);
        if (mode == Mode.Replace)
        {
            var missing = Fields.Where(f => !obj.ContainsKey(f.Json) && !(f.Json == "tags" && obj.ContainsKey("tagIds"))).ToList();
            foreach (var (json, label) in missing)
                Error(json, say["缺少“{0}”（{1}）：PUT 须提交完整的居民信息（可为 null 的项写 null）；只改部分项目请用 PATCH。", say[label], json]);
        }
        if (mode == Mode.Create && !obj.ContainsKey("name")) Error("name", "请填写姓名（name）。");

        string? Text(string key)
        {
            var node = obj[key];
            if (node is null) return null;
            if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
            Error(key, say["“{0}”（{1}）应为文字或 null。", say[labels.GetValueOrDefault(key, key)], key]);
            return null;
        }
        T? Enumeration<T>(string key) where T : struct, Enum
        {
            var label = labels[key];
            var allowed = string.Join("、", Enum.GetNames<T>());
            var node = obj[key];
            if (node is null) { Error(key, say["“{0}”（{1}）不能为空，应为 {2} 之一。", say[label], key, allowed]); return null; }
            if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String
                && Enum.TryParse<T>(v.GetValue<string>(), ignoreCase: true, out var named) && Enum.IsDefined(named)
                && !v.GetValue<string>().Trim().All(c => char.IsAsciiDigit(c) || c == '-'))
                return named;
            if (node is JsonValue n && n.GetValueKind() == JsonValueKind.Number && n.TryGetValue<int>(out var i)
                && Enum.IsDefined(typeof(T), i))
                return (T)Enum.ToObject(typeof(T), i);
            Error(key, say["“{0}”（{1}）的值 {2} 不在范围内，应为 {3} 之一。", say[label], key, node.ToJsonString(), allowed]);
            return null;
        }

        if (obj.ContainsKey("name"))
        {
            if (obj["name"] is null) Error("name", "姓名不能为空。");
            else if (Text("name") is { } name) form.Name = name;
        }
        if (obj.ContainsKey("gender") && Enumeration<Gender>("gender") is { } gender) form.Gender = gender;
        if (obj.ContainsKey("birthDate"))
        {
            var text = Text("birthDate");
            if (text is null) { if (obj["birthDate"] is null) form.BirthDate = null; }
            else if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth)) form.BirthDate = birth;
            else Error("birthDate", say["出生日期（birthDate）应写成 yyyy-MM-dd，如 1950-03-03；收到的是“{0}”。", TextElements.Cut(text, 20, "…")]);
        }
        if (obj.ContainsKey("nationalId")) form.NationalId = Text("nationalId");
        if (obj.ContainsKey("phone")) form.Phone = Text("phone");
        if (obj.ContainsKey("ethnicity")) form.Ethnicity = Text("ethnicity");
        if (obj.ContainsKey("relationToHead") && Enumeration<RelationToHead>("relationToHead") is { } relation)
        {
            form.RelationToHead = relation;
            // The API names the category: a GB/T 4761 code of another category no longer holds.
            if (form.RelationCode is { } code && CodeTables.CategoryOf(code) != relation) form.RelationCode = null;
        }
        if (obj.ContainsKey("residenceKind") && Enumeration<ResidenceKind>("residenceKind") is { } kind) form.ResidenceKind = kind;
        if (obj.ContainsKey("education")) form.Education = Text("education");
        if (obj.ContainsKey("politicalStatus")) form.PoliticalStatus = Text("politicalStatus");
        if (obj.ContainsKey("maritalStatus")) form.MaritalStatus = Text("maritalStatus");
        if (obj.ContainsKey("notes")) form.Notes = Text("notes");

        if (obj.ContainsKey("tags") && obj.ContainsKey("tagIds")) Error("tags", "人员标签请只用 tags 或 tagIds 其中之一。");
        else if (obj.ContainsKey("tags"))
        {
            var ids = new List<long>();
            if (obj["tags"] is JsonArray names)
                foreach (var item in names)
                {
                    var text = item is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>().Trim() : null;
                    if (visibleTags.FirstOrDefault(t => t.Name == text || t.Code == text) is { } tag) ids.Add(tag.Id);
                    else Error("tags", say["没有这个人员标签：{0}。标签按名称或代码填写，见 GET /api/v1/tags。", (text is null ? item?.ToJsonString() : TextElements.Cut(text, 32, "…"))]);
                }
            else if (obj["tags"] is not null) Error("tags", "人员标签（tags）应为标签名称的数组，如 [\"独居老人\"]；[] 或 null 表示没有标签。");
            form.TagIds = ids;
        }
        else if (obj.ContainsKey("tagIds"))
        {
            var ids = new List<long>();
            if (obj["tagIds"] is JsonArray numbers)
                foreach (var item in numbers)
                {
                    if (item is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var id) && visibleTags.Any(t => t.Id == id)) ids.Add(id);
                    else Error("tagIds", say["没有这个人员标签：{0}。", item?.ToJsonString() ?? "null"]);
                }
            else if (obj["tagIds"] is not null) Error("tagIds", "人员标签（tagIds）应为数字的数组。");
            form.TagIds = ids;
        }
        return errors;
    }
}
