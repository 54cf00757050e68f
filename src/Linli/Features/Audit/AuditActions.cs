namespace Linli.Features.Audit;

/// <summary>What an audit row records. The code is stored; the label is what the auditor reads.</summary>
public static class AuditActions
{
    public const string Login = "login";
    public const string LoginFailed = "login-failed";
    public const string Lockout = "lockout";
    public const string Logout = "logout";
    /// <summary>A request refused: 403 from a policy, a form without its antiforgery token, later a record outside the user's area.</summary>
    public const string Denied = "denied";
    /// <summary>A masked ID or phone number shown in full, with the reason given.</summary>
    public const string Reveal = "reveal";
    public const string Export = "export";
    public const string Write = "write";
    public const string RoleChange = "role-change";
    public const string UserAdd = "user-add";
    public const string UserDisable = "user-disable";
    public const string UserEnable = "user-enable";
    public const string UserList = "user-list";
    public const string UserUnlock = "user-unlock";
    /// <summary>An administrator gave an account a new password.</summary>
    public const string PasswordReset = "password-reset";
    /// <summary>The security administrator turned an account's second factor off and voided its authenticator (a lost phone).</summary>
    public const string TwoFactorReset = "two-factor-reset";
    /// <summary>A user changed their own password.</summary>
    public const string PasswordChange = "password-change";
    public const string TokenCreate = "token-create";
    public const string TokenRevoke = "token-revoke";
    /// <summary>Too many refused access tokens from one address: one row says so, the refusals after it are not each written.</summary>
    public const string RateLimited = "rate-limited";
    /// <summary>A request to export a roster unmasked or with sensitive labels, and a second person's decision on it.</summary>
    public const string ExportRequest = "export-request";
    public const string ExportApprove = "export-approve";
    public const string ExportReject = "export-reject";
    /// <summary>A year's holiday schedule imported into the working-day calendar (linli calendar import).</summary>
    public const string CalendarImport = "calendar-import";
    /// <summary>A visit recorded, corrected by its author, given a later note; a person's own visit rhythm set or removed.</summary>
    public const string VisitRecord = "visit-record";
    public const string VisitCorrect = "visit-correct";
    public const string VisitNote = "visit-note";
    public const string VisitRhythm = "visit-rhythm";
    /// <summary>A case opened or moved on (事件: 登记, 受理, 转派, 延期 …), or its deadline recomputed.</summary>
    public const string CaseWrite = "case-write";
    /// <summary>A grievance's content read (信访件查阅): every read is written.</summary>
    public const string CaseRead = "case-read";
    /// <summary>A benefit application taken or moved on (受理, 入户调查, 民主评议, 公示, 报街道, 审批, 终止 …), or an objection to its notice.</summary>
    public const string BenefitWrite = "benefit-write";
    /// <summary>Ledgers (issue 16): a template saved, a ledger submitted, a submission approved or returned.</summary>
    public const string LedgerTemplate = "ledger-template";
    public const string LedgerSubmit = "ledger-submit";
    public const string LedgerReview = "ledger-review";
    /// <summary>上级任务 (issue 16): a task assigned, a community's part started, reported, accepted, returned or reminded (催办); an inspection recorded or its pack downloaded.</summary>
    public const string TaskWrite = "task-write";
    /// <summary>An activity planned, changed, closed; a sign-up, attendance or walk-in; a series generated.</summary>
    public const string ActivityWrite = "activity-write";
    /// <summary>A volunteer registered or changed (consent, team), hours proposed, confirmed or rejected, time redeemed, a certificate posted or issued.</summary>
    public const string VolunteerWrite = "volunteer-write";
    /// <summary>党建: a branch, member, meeting or its attendance, an inspection or a rectification item written (进度, 销号 …).</summary>
    public const string PartyWrite = "party-write";
    /// <summary>A service order placed or moved on (派单, 完成, 回访, 取消); the catalogue, rules or providers changed; a settlement or order list exported.</summary>
    public const string ServiceWrite = "service-write";

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [Login] = "登录",
        [LoginFailed] = "登录失败",
        [Lockout] = "账号锁定",
        [Logout] = "退出登录",
        [Denied] = "拒绝访问",
        [Reveal] = "查看完整号码",
        [Export] = "导出",
        [Write] = "修改数据",
        [RoleChange] = "角色变更",
        [UserAdd] = "新增账号",
        [UserDisable] = "停用账号",
        [UserEnable] = "启用账号",
        [UserList] = "查看账号列表",
        [UserUnlock] = "解除锁定",
        [PasswordReset] = "重置密码",
        [PasswordChange] = "修改密码",
        [TwoFactorReset] = "重置两步验证",
        [TokenCreate] = "创建访问令牌",
        [TokenRevoke] = "吊销访问令牌",
        [RateLimited] = "请求过多被限制",
        [ExportRequest] = "申请导出",
        [ExportApprove] = "批准导出",
        [ExportReject] = "驳回导出",
        [CalendarImport] = "导入节假日安排",
        [VisitRecord] = "登记走访",
        [VisitCorrect] = "更正走访记录",
        [VisitNote] = "补充走访说明",
        [VisitRhythm] = "设置个人走访周期",
        [CaseWrite] = "办理事件",
        [CaseRead] = "查阅信访件",
        [BenefitWrite] = "办理救助申请",
        [LedgerTemplate] = "保存台账模板",
        [LedgerSubmit] = "报送台账",
        [LedgerReview] = "审核台账",
        [TaskWrite] = "办理上级任务",
        [ActivityWrite] = "登记社区活动",
        [VolunteerWrite] = "登记志愿服务",
        [PartyWrite] = "党建记录",
        [ServiceWrite] = "办理服务单",
    };

    public static string Label(string action) => Labels.GetValueOrDefault(action, action);
}

/// <summary>The kinds of thing an audit row points at, with the id kept beside it.</summary>
public static class AuditTargets
{
    /// <summary>
    /// Not a target: the kind the audit page asks <see cref="IAuditNames"/> for to show who acted — an account's display
    /// name alone (the row keeps the user name beside it). Access answers it.
    /// </summary>
    public const string Actor = "actor";
    public const string User = "user";
    public const string Token = "token";
    public const string Resident = "resident";
    public const string Household = "household";
    public const string OrgUnit = "orgunit";
    public const string ExportRequest = "export-request";
    public const string Visit = "visit";
    public const string Case = "case";
    public const string Benefit = "benefit";
    public const string LedgerSubmission = "ledger-submission";
    public const string LedgerTemplate = "ledger-template";
    public const string AssignedTask = "task";
    public const string Inspection = "inspection";
    public const string Activity = "activity";
    public const string Volunteer = "volunteer";
    public const string PartyBranch = "party-branch";
    public const string PartyMember = "party-member";
    public const string PartyMeeting = "party-meeting";
    public const string SelfInspection = "self-inspection";
    public const string Rectification = "rectification";
    public const string ServiceOrder = "service-order";

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [Case] = "事件",
        [Benefit] = "救助申请",
        [ServiceOrder] = "服务单",
        [User] = "账号",
        [Token] = "访问令牌",
        [Resident] = "居民",
        [Household] = "户",
        [OrgUnit] = "组织单元",
        [ExportRequest] = "导出申请",
        [Visit] = "走访记录",
        [LedgerSubmission] = "台账报送",
        [LedgerTemplate] = "台账模板",
        [AssignedTask] = "上级任务",
        [Inspection] = "检查考核",
        [Activity] = "社区活动",
        [Volunteer] = "志愿者",
        [PartyBranch] = "党支部",
        [PartyMember] = "党员",
        [PartyMeeting] = "支部会议",
        [SelfInspection] = "查摆问题",
        [Rectification] = "整改事项",
    };

    public static string Label(string kind) => Labels.GetValueOrDefault(kind, kind);
}

/// <summary>What an audit row is about: ("resident", 4711).</summary>
public sealed record AuditTarget(string Kind, long Id)
{
    public static AuditTarget User(long id) => new(AuditTargets.User, id);
    public static AuditTarget Token(long id) => new(AuditTargets.Token, id);
    public static AuditTarget Resident(long id) => new(AuditTargets.Resident, id);
    public static AuditTarget Household(long id) => new(AuditTargets.Household, id);
    public static AuditTarget ExportRequest(long id) => new(AuditTargets.ExportRequest, id);
    public static AuditTarget Visit(long id) => new(AuditTargets.Visit, id);
    public static AuditTarget Case(long id) => new(AuditTargets.Case, id);
    public static AuditTarget LedgerSubmission(long id) => new(AuditTargets.LedgerSubmission, id);
    public static AuditTarget LedgerTemplate(long id) => new(AuditTargets.LedgerTemplate, id);
    public static AuditTarget AssignedTask(long id) => new(AuditTargets.AssignedTask, id);
    public static AuditTarget Inspection(long id) => new(AuditTargets.Inspection, id);
    public static AuditTarget Activity(long id) => new(AuditTargets.Activity, id);
    public static AuditTarget Volunteer(long id) => new(AuditTargets.Volunteer, id);
    public static AuditTarget ServiceOrder(long id) => new(AuditTargets.ServiceOrder, id);
}

/// <summary>Who acted, when it is not the logged-in user of the current request.</summary>
public sealed record AuditActor(long? Id, string? Name)
{
    /// <summary>The `linli` command line, run by whoever runs the server.</summary>
    public static readonly AuditActor Cli = new(null, "cli");
    /// <summary>Nobody logged in.</summary>
    public static readonly AuditActor Anonymous = new(null, null);
}
