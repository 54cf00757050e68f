
namespace Linli.Features.Access;

/// <summary>The roles of GLOSSARY.md. A role is a set of <see cref="Permissions"/>.</summary>
public static class Roles
{
    public const string GridCadre = nameof(GridCadre);
    public const string CommunityLead = nameof(CommunityLead);
    public const string SocialWorker = nameof(SocialWorker);
    public const string HotlineOperator = nameof(HotlineOperator);
    /// <summary>党务工作者: keeps the community's party branch (members, meetings, self-inspection); sees nothing else.</summary>
    public const string PartyWorker = nameof(PartyWorker);
    public const string StreetOfficer = nameof(StreetOfficer);
    public const string SystemAdmin = nameof(SystemAdmin);
    public const string SecurityAdmin = nameof(SecurityAdmin);
    public const string Auditor = nameof(Auditor);

    public static readonly IReadOnlyList<string> All =
        [GridCadre, CommunityLead, SocialWorker, HotlineOperator, PartyWorker, StreetOfficer, SystemAdmin, SecurityAdmin, Auditor];

    /// <summary>三员分立: no account may hold two of these.</summary>
    public static readonly IReadOnlyList<string> Administrators = [SystemAdmin, SecurityAdmin, Auditor];

    /// <summary>The roles of the office's daily work, which read or change the registry. No account holds one of these and an administrator role.</summary>
    public static readonly IReadOnlyList<string> Work = [GridCadre, CommunityLead, SocialWorker, HotlineOperator, PartyWorker, StreetOfficer];

    /// <summary>
    /// The kind of unit a role is held over: a cadre over grids, a lead, social worker or hotline operator
    /// over a community, a street officer over the street. The administrators' duties are not bounded by
    /// area, so they are held over the street.
    /// </summary>
    public static OrgUnitKind UnitKindOf(string role) => role switch
    {
        GridCadre => OrgUnitKind.Grid,
        CommunityLead or SocialWorker or HotlineOperator or PartyWorker => OrgUnitKind.Community,
        _ => OrgUnitKind.Street,
    };

    /// <summary>A cadre looks after one or two grids, no more.</summary>
    public const int MaxGridsOfCadre = 2;

    public static string DisplayName(string role) => role switch
    {
        GridCadre => "包片干部",
        CommunityLead => "社区书记/主任",
        SocialWorker => "社工",
        HotlineOperator => "热线接线员",
        PartyWorker => "党务工作者",
        StreetOfficer => "街道干部",
        SystemAdmin => "系统管理员",
        SecurityAdmin => "安全管理员",
        Auditor => "审计管理员",
        _ => role,
    };

    static readonly Dictionary<string, string[]> Grants = new()
    {
        [GridCadre] = [Permissions.Registry.Read, Permissions.Registry.Write, Permissions.Registry.Reveal, Permissions.Visits.Read, Permissions.Visits.Write,
            Permissions.Cases.Open, Permissions.Cases.Read, Permissions.Cases.Handle, Permissions.Activities.Read, Permissions.Activities.SignUp, Permissions.Volunteers.Read,
            Permissions.Services.Read, Permissions.Services.Order],
        // The lead both asks for exports and approves those of others in the community; never their own (ExportApprovals).
        // Label definitions belong to the street; the lead sets only the community's own visit cycles.
        [CommunityLead] = [Permissions.Registry.Read, Permissions.Registry.Write, Permissions.Registry.Import, Permissions.Registry.Export, Permissions.Registry.Sensitive,
            Permissions.Registry.Reveal, Permissions.Registry.SetVisitCycles, Permissions.Registry.ApproveExport, Permissions.Registry.ApproveSensitiveExport,
            Permissions.Visits.Read, Permissions.Visits.Write, Permissions.Cases.Open, Permissions.Cases.Read, Permissions.Cases.Handle, Permissions.Cases.Lead,
            Permissions.Benefits.Read, Permissions.Benefits.Write, Permissions.Benefits.Configure, Permissions.Ledgers.Fill, Permissions.Ledgers.Define,
            Permissions.Tasks.Read, Permissions.Tasks.Report,
            Permissions.Activities.Read, Permissions.Activities.SignUp, Permissions.Volunteers.Read, Permissions.Activities.Manage, Permissions.Volunteers.Manage,
            Permissions.Party.Read, Permissions.Party.Write, Permissions.Services.Read, Permissions.Services.Order, Permissions.Services.Manage],
        [SocialWorker] = [Permissions.Registry.Read, Permissions.Registry.Write, Permissions.Registry.Import, Permissions.Registry.Export, Permissions.Registry.Sensitive, Permissions.Registry.Reveal,
            Permissions.Visits.Read, Permissions.Visits.Write, Permissions.Cases.Open, Permissions.Cases.Read, Permissions.Cases.Handle,
            Permissions.Benefits.Read, Permissions.Benefits.Write, Permissions.Ledgers.Fill,
            Permissions.Tasks.Read, Permissions.Tasks.Report,
            Permissions.Activities.Read, Permissions.Activities.SignUp, Permissions.Volunteers.Read, Permissions.Activities.Manage, Permissions.Volunteers.Manage,
            Permissions.Services.Read, Permissions.Services.Order, Permissions.Services.Manage],
        // DESIGN.md: "own community, minimal fields". The caller view, not the registry's pages.
        // The help line opens cases from the caller and dispatches them; it reads back only what it opened.
        // It places service orders for callers (服务单) and reads back only the orders it placed.
        [HotlineOperator] = [Permissions.Registry.CallerView, Permissions.Cases.Open, Permissions.Services.Order],
        // Party data is its own permission: the branch's keeper and the community's lead (书记), nobody else. The keeper also
        // records visits (no reading of others'): the holiday visits to members in hardship are visits to residents, and land
        // among the resident's visits through IVisitIntake like the lead's (issue 15: "through the visits issue's campaigns").
        [PartyWorker] = [Permissions.Party.Read, Permissions.Party.Write, Permissions.Visits.Write],
        // The street office oversees its communities: it approves their exports, including the release of sensitive labels
        // (a community with one lead has nobody else to ask), but neither exports nor sees sensitive labels itself.
        // It owns the label definitions, which are the same in every community of the street.
        [StreetOfficer] = [Permissions.Registry.Read, Permissions.Registry.ApproveExport, Permissions.Registry.ApproveSensitiveExport, Permissions.Registry.DefineTags, Permissions.Visits.Read,
            Permissions.Cases.Supervise, Permissions.Benefits.Decide, Permissions.Benefits.Configure, Permissions.Ledgers.Define, Permissions.Ledgers.Review,
            Permissions.Tasks.Read, Permissions.Tasks.Assign, Permissions.Tasks.Accept,
            Permissions.Activities.Read, Permissions.Volunteers.Read, Permissions.Services.Read],
        [SystemAdmin] = [Permissions.System.Manage, Permissions.System.ViewAccounts],
        [SecurityAdmin] = [Permissions.System.GrantRoles, Permissions.System.ViewAccounts],
        [Auditor] = [Permissions.Audit.Read],
    };

    public static IReadOnlyCollection<string> PermissionsOf(string role) => Grants.TryGetValue(role, out var p) ? p : [];
}

/// <summary>Named permissions; pages and endpoints ask for these, never for a role.</summary>
public static class Permissions
{
    public const string ClaimType = "linli:perm";

    public static class Registry
    {
        public const string Read = "registry.read";
        public const string Write = "registry.write";
        public const string Import = "registry.import";
        public const string Export = "registry.export";
        /// <summary>Sees the labels marked sensitive (安置帮教, 社区戒毒, 低保, 残疾…); without it they are absent.</summary>
        public const string Sensitive = "registry.sensitive";
        /// <summary>May ask to see a masked ID or phone number in full, giving a reason; every reveal is audited.</summary>
        public const string Reveal = "registry.reveal";
        /// <summary>
        /// The hotline's caller view (来电查询): finds a caller by phone, name or address and shows name, masked numbers,
        /// address, household members and open requests; nothing else of the registry.
        /// </summary>
        public const string CallerView = "registry.caller-view";
        /// <summary>Defines the labels (人员标签), which every community of the street shares: names, categories, sensitivity, default visit intervals.</summary>
        public const string DefineTags = "registry.define-tags";
        /// <summary>Sets a community's own visit cycle (走访周期) for a label, in place of the street's default.</summary>
        public const string SetVisitCycles = "registry.set-visit-cycles";
        /// <summary>
        /// Approves or rejects another person's request to export a roster unmasked or with sensitive labels (导出审批),
        /// for units inside the scope of the role that grants it. Nobody approves their own request.
        /// </summary>
        public const string ApproveExport = "registry.approve-export";
        /// <summary>
        /// Together with <see cref="ApproveExport"/>: may approve a request that releases sensitive labels. It does not
        /// show the labels to the approver, who judges the reason, not the content.
        /// </summary>
        public const string ApproveSensitiveExport = "registry.approve-sensitive-export";
    }

    /// <summary>Policies that are not one permission.</summary>
    public static class Policies
    {
        /// <summary>The export requests list: those who ask for exports and those who approve them.</summary>
        public const string ExportRequests = "registry.export-requests";
        /// <summary>
        /// The pages of one grid, household or resident. The hotline passes this door and, holding no registry.read
        /// anywhere, finds nothing behind it: 404, as for a record that does not exist (DESIGN.md).
        /// </summary>
        public const string RegistryRecords = "registry.records";
        /// <summary>The labels page: the street defines labels, a community sets its visit cycles.</summary>
        public const string Labels = "registry.labels";
    }

    public static class Visits
    {
        /// <summary>Reads visit records, the workbench of who is due and the coverage view, in the units where it is held.</summary>
        public const string Read = "visits.read";
        /// <summary>Records visits, corrects one's own within 7 days, adds notes, sets a person's own rhythm.</summary>
        public const string Write = "visits.write";
    }

    /// <summary>
    /// 事件 (Features/Cases). Who sees a case: its handlers (owner and who registered it), the community's leads
    /// (<see cref="Lead"/>), for mediation and help the cadre of the parties' grid (<see cref="Read"/>), the street for
    /// 督办 (<see cref="Supervise"/>, without a grievance's content). Grievance content: handlers and leads only.
    /// </summary>
    public static class Cases
    {
        /// <summary>Registers a case (登记) in the grids where it applies and dispatches it.</summary>
        public const string Open = "cases.open";
        /// <summary>Sees the mediation and help cases of the grids where it applies (the cadre of the parties' grid).</summary>
        public const string Read = "cases.read";
        /// <summary>May be given a case to handle and works it: accept, handle, answer, pause, escalate.</summary>
        public const string Handle = "cases.handle";
        /// <summary>The community's lead: every case of the community with its content, assigns, approves extensions (延期).</summary>
        public const string Lead = "cases.lead";
        /// <summary>The street's 督办: the cases of its communities, overdue and escalated, without grievance content.</summary>
        public const string Supervise = "cases.supervise";
    }

    /// <summary>
    /// 低保 and other benefit applications (Features/Benefits). Benefit status is sensitive: the community's social workers
    /// and leads, who also hold <see cref="Registry.Sensitive"/>, work them; the street sees only what is forwarded to it.
    /// </summary>
    public static class Benefits
    {
        /// <summary>Reads the community's applications and granted benefits, and a person's benefits on their page.</summary>
        public const string Read = "benefits.read";
        /// <summary>Takes applications and works their steps: investigation, 民主评议, 公示, forwarding, the decision received, review, end.</summary>
        public const string Write = "benefits.write";
        /// <summary>The street's 审批: reads the applications forwarded to it and records the decision (grant or refusal).</summary>
        public const string Decide = "benefits.decide";
        /// <summary>Sets the benefit kinds of a community or a street: time limits, 公示 days, optional steps, review cycles.</summary>
        public const string Configure = "benefits.configure";
    }

    /// <summary>台账 (Features/Ledgers): registers generated from the registry and the modules, submitted frozen.</summary>
    public static class Ledgers
    {
        /// <summary>Generates a unit's ledgers, types their few typed columns and submits them (社区).</summary>
        public const string Fill = "ledgers.fill";
        /// <summary>Adds ledger templates from a department's blank form, for the community or (at the street) for all its communities.</summary>
        public const string Define = "ledgers.define";
        /// <summary>Reads the communities' submissions, approves or returns them, and sees the savings (街道).</summary>
        public const string Review = "ledgers.review";
    }

    /// <summary>上级任务 (Features/Tasks): tasks the street assigns to its communities, their evidence and acceptance, inspections received.</summary>
    public static class Tasks
    {
        /// <summary>Reads the tasks of the communities where it applies (a community its own, the street all of its communities) and their inspections.</summary>
        public const string Read = "tasks.read";
        /// <summary>Works a community's part of a task: starts it, returns evidence (files, a ledger), records inspections received.</summary>
        public const string Report = "tasks.report";
        /// <summary>Assigns tasks to the street's communities and sends 催办 reminders.</summary>
        public const string Assign = "tasks.assign";
        /// <summary>Accepts (验收) or returns (退回, with a reason) what a community submitted.</summary>
        public const string Accept = "tasks.accept";
    }

    /// <summary>社区活动 (Features/Activities), in the communities where the role is held (a cadre: the community of their grids).</summary>
    public static class Activities
    {
        /// <summary>Reads activities, their lists and numbers.</summary>
        public const string Read = "activities.read";
        /// <summary>Signs residents of its grids up, takes attendance and adds walk-ins at the door.</summary>
        public const string SignUp = "activities.sign-up";
        /// <summary>Plans activities and series, closes them with the report and photos.</summary>
        public const string Manage = "activities.manage";
    }

    /// <summary>志愿者 (Features/Activities): volunteers, teams, projects, hours, the time bank and certificates.</summary>
    public static class Volunteers
    {
        /// <summary>Reads volunteers (names as consent allows), teams, hours and totals.</summary>
        public const string Read = "volunteers.read";
        /// <summary>Registers volunteers and their consent, teams and projects; confirms hours; redeems time; issues certificates.</summary>
        public const string Manage = "volunteers.manage";
    }

    /// <summary>
    /// 党建 (Features/Party): the branch, its members, meetings, posts, promises and the leadership team's
    /// self-inspection. Held over a community; nothing of it shows to a role without it.
    /// </summary>
    public static class Party
    {
        /// <summary>Sees the community's branch: members, meetings, the rectification ledger.</summary>
        public const string Read = "party.read";
        /// <summary>Keeps them: members, meetings and attendance, inspections and their rows. 销号 is further the reviewer's alone.</summary>
        public const string Write = "party.write";
    }

    /// <summary>
    /// 居家养老与家政服务 (Features/Services): orders priced 无偿 / 低偿 / 有偿 by the community's eligibility rules,
    /// dispatched to providers or volunteers, settled monthly per provider.
    /// </summary>
    public static class Services
    {
        /// <summary>Sees the service orders of the grids where it applies, the numbers and the settlement.</summary>
        public const string Read = "services.read";
        /// <summary>Places a service order for a resident of the grids where it applies (the hotline, the cadre, the office); reads back its own.</summary>
        public const string Order = "services.order";
        /// <summary>Dispatches, completes, follows up and cancels orders; keeps the catalogue, the eligibility rules and the providers.</summary>
        public const string Manage = "services.manage";
    }

    public static class System
    {
        /// <summary>Adds accounts, disables and enables them, resets passwords, unlocks; never grants a role.</summary>
        public const string Manage = "system.manage";
        /// <summary>Grants and revokes roles over units; never creates an account or touches a password.</summary>
        public const string GrantRoles = "system.grant-roles";
        /// <summary>Sees the list of accounts with their roles and state: both administrators whose work it is.</summary>
        public const string ViewAccounts = "system.view-accounts";
    }

    public static class Audit
    {
        public const string Read = "audit.read";
    }

    public static IEnumerable<string> All =>
        [Registry.Read, Registry.Write, Registry.Import, Registry.Export, Registry.Sensitive, Registry.Reveal, Registry.CallerView, Registry.DefineTags,
            Registry.SetVisitCycles, Registry.ApproveExport, Registry.ApproveSensitiveExport, Visits.Read, Visits.Write,
            Cases.Open, Cases.Read, Cases.Handle, Cases.Lead, Cases.Supervise, Benefits.Read, Benefits.Write, Benefits.Decide, Benefits.Configure,
            Ledgers.Fill, Ledgers.Define, Ledgers.Review, Tasks.Read, Tasks.Report, Tasks.Assign, Tasks.Accept,
            Activities.Read, Activities.SignUp, Activities.Manage, Volunteers.Read, Volunteers.Manage, Party.Read, Party.Write,
            Services.Read, Services.Order, Services.Manage,
            System.Manage, System.GrantRoles, System.ViewAccounts, Audit.Read];
}
