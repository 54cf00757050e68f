using System.Net;
using System.Net.Http.Json;
using Linli.Features.Access;
using Linli.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linli.Tests.Access;

/// <summary>
/// Every page and endpoint × every role, and anonymous: who gets through the door. The table below is the
/// one place this is written down; an endpoint that is not in it fails the test, so a new route must be
/// given its answer here. (Whether a record inside the door is in the user's area is the scope tests' job.)
/// </summary>
public class AuthorizationMatrixTests(DemoAppFixture demo) : IClassFixture<DemoAppFixture>
{
    const string Anonymous = "anonymous";
    static readonly string[] Everyone = [.. Roles.All];
    static readonly string[] Readers = [Roles.GridCadre, Roles.CommunityLead, Roles.SocialWorker, Roles.StreetOfficer];
    /// <summary>The pages of one record: the hotline passes their door and finds nothing there (<see cref="NotFoundFor"/>).</summary>
    static readonly string[] RecordPages = [.. Readers, Roles.HotlineOperator];
    static readonly string[] Hotline = [Roles.HotlineOperator];
    static readonly string[] LabelKeepers = [Roles.CommunityLead, Roles.StreetOfficer];
    static readonly string[] Writers = [Roles.GridCadre, Roles.CommunityLead, Roles.SocialWorker];
    static readonly string[] Importers = [Roles.CommunityLead, Roles.SocialWorker];
    static readonly string[] Open = [Anonymous, .. Roles.All];
    static readonly string[] AccountKeepers = [Roles.SystemAdmin, Roles.SecurityAdmin];
    static readonly string[] ExportApprovers = [Roles.CommunityLead, Roles.StreetOfficer];
    static readonly string[] ExportDesk = [Roles.CommunityLead, Roles.SocialWorker, Roles.StreetOfficer];
    static readonly string[] VisitReaders = [Roles.GridCadre, Roles.CommunityLead, Roles.SocialWorker, Roles.StreetOfficer];
    /// <summary>Who records visits: cadres and the office, and the 党务工作者 (the holiday visits to members in hardship), who reads none.</summary>
    static readonly string[] VisitWriters = [Roles.GridCadre, Roles.CommunityLead, Roles.SocialWorker, Roles.PartyWorker];
    // The visits API is for those who read visits too: the party worker records (holiday visits through the party pages and
    // /Visits/Record) but reads no one's visits, and the API's group asks for visits.read.
    static readonly string[] VisitApiWriters = [Roles.GridCadre, Roles.CommunityLead, Roles.SocialWorker];
    /// <summary>Anyone with a part in cases (事件): the lists and a case's page, each inside the user's scope.</summary>
    static readonly string[] CaseWork = [Roles.GridCadre, Roles.CommunityLead, Roles.SocialWorker, Roles.HotlineOperator, Roles.StreetOfficer];
    static readonly string[] CaseOpeners = [Roles.GridCadre, Roles.CommunityLead, Roles.SocialWorker, Roles.HotlineOperator];
    static readonly string[] Supervisors = [Roles.CommunityLead, Roles.StreetOfficer];
    /// <summary>Benefit applications (救助申请): the community's workers, and the street for what is forwarded to it.</summary>
    static readonly string[] BenefitWork = [Roles.CommunityLead, Roles.SocialWorker, Roles.StreetOfficer];
    static readonly string[] BenefitWriters = [Roles.CommunityLead, Roles.SocialWorker];
    /// <summary>救助类别设置: the community's lead, and the street for all its communities.</summary>
    static readonly string[] BenefitConfigurers = [Roles.CommunityLead, Roles.StreetOfficer];
    /// <summary>台账: the community fills, the street reviews; both read. Templates are defined by the lead or the street.</summary>
    static readonly string[] LedgerWork = [Roles.CommunityLead, Roles.SocialWorker, Roles.StreetOfficer];
    static readonly string[] LedgerFillers = [Roles.CommunityLead, Roles.SocialWorker];
    static readonly string[] LedgerDefiners = [Roles.CommunityLead, Roles.StreetOfficer];
    /// <summary>上级任务: read by the community and the street; the community works its part, the street assigns, accepts and reminds.</summary>
    static readonly string[] TaskReaders = [Roles.CommunityLead, Roles.SocialWorker, Roles.StreetOfficer];
    static readonly string[] TaskReporters = [Roles.CommunityLead, Roles.SocialWorker];
    static readonly string[] TaskAssigners = [Roles.StreetOfficer];
    /// <summary>Activities and volunteers: read by the office and the street, signed up by cadres too, run by the community's staff.</summary>
    static readonly string[] ActivityReaders = [Roles.GridCadre, Roles.CommunityLead, Roles.SocialWorker, Roles.StreetOfficer];
    static readonly string[] ActivitySigners = [Roles.GridCadre, Roles.CommunityLead, Roles.SocialWorker];
    static readonly string[] ActivityKeepers = [Roles.CommunityLead, Roles.SocialWorker];
    /// <summary>党建: the community's lead and its 党务工作者, nobody else (party data is its own permission).</summary>
    static readonly string[] PartyKeepers = [Roles.CommunityLead, Roles.PartyWorker];
    /// <summary>Home services: who reads orders (and the street's numbers), who places them (the hotline reads back its own), who handles them.</summary>
    static readonly string[] ServiceReaders = [Roles.GridCadre, Roles.CommunityLead, Roles.SocialWorker, Roles.StreetOfficer];
    static readonly string[] ServiceWork = [.. ServiceReaders, Roles.HotlineOperator];
    static readonly string[] ServiceOrderers = [Roles.GridCadre, Roles.CommunityLead, Roles.SocialWorker, Roles.HotlineOperator];
    static readonly string[] ServiceManagers = [Roles.CommunityLead, Roles.SocialWorker];

    /// <summary>"METHOD /route" → who may pass. Everyone else: 403 when logged in, the login page or 401 when not.</summary>
    static readonly Dictionary<string, string[]> Matrix = new()
    {
        ["GET /"] = Everyone,
        ["POST /"] = Everyone,
        ["GET /Account/Login"] = Open,
        ["POST /Account/Login"] = Open,
        ["GET /Account/LoginWith2fa"] = Open,
        ["POST /Account/LoginWith2fa"] = Open,
        ["GET /Account/Totp"] = Everyone,
        ["POST /Account/Totp"] = Everyone,
        ["GET /Account/Manage"] = Everyone,
        ["POST /Account/Manage"] = Everyone,
        ["GET /Account/Logout"] = Everyone,
        ["POST /Account/Logout"] = Everyone,
        ["GET /Setup"] = Open,
        ["POST /Setup"] = Open,
        ["GET /Error"] = Open,
        ["POST /Error"] = Open,
        ["GET /healthz"] = Open,
        ["GET /readyz"] = Open,
        ["GET /culture"] = Open,
        ["GET /openapi/{documentName}.json"] = Open,
        ["GET /Audit"] = [Roles.Auditor],
        ["POST /Audit"] = [Roles.Auditor],
        ["GET /Admin/Users"] = AccountKeepers,
        ["POST /Admin/Users"] = AccountKeepers,
        ["GET /Admin/Users/New"] = [Roles.SystemAdmin],
        ["POST /Admin/Users/New"] = [Roles.SystemAdmin],
        ["GET /Admin/Users/{id}"] = [Roles.SystemAdmin],
        ["POST /Admin/Users/{id}"] = [Roles.SystemAdmin],
        ["GET /Admin/Calendar"] = [Roles.SystemAdmin],
        ["POST /Admin/Calendar"] = [Roles.SystemAdmin],
        ["GET /Admin/Users/{id}/Roles"] = [Roles.SecurityAdmin],
        ["POST /Admin/Users/{id}/Roles"] = [Roles.SecurityAdmin],
        ["GET /Registry"] = Readers,
        ["POST /Registry"] = Readers,
        ["GET /Registry/Search"] = Readers,
        ["GET /Registry/Residents"] = Readers,
        ["POST /Registry/Residents"] = Readers,
        ["POST /Registry/Search"] = Readers,
        ["GET /Registry/Grid/{id}"] = RecordPages,
        ["POST /Registry/Grid/{id}"] = RecordPages,
        ["GET /Registry/Household/{id}"] = RecordPages,
        ["POST /Registry/Household/{id}"] = RecordPages,
        ["GET /Registry/Resident/{id}"] = RecordPages,
        ["POST /Registry/Resident/{id}"] = RecordPages,
        ["GET /Registry/Caller"] = Hotline,   // redirects to /Hotline (issue 13: one caller view)
        ["POST /Registry/Caller"] = Hotline,
        ["GET /api/v1/caller"] = Hotline,
        ["GET /Registry/Resident/{id}/Edit"] = Writers,
        ["POST /Registry/Resident/{id}/Edit"] = Writers,
        ["GET /Registry/Household/{id}/AddMember"] = Writers,
        ["POST /Registry/Household/{id}/AddMember"] = Writers,
        ["GET /Registry/Household/{id}/Change"] = Writers,
        ["POST /Registry/Household/{id}/Change"] = Writers,
        ["GET /Registry/Household/New"] = Writers,
        ["GET /Registry/Duplicates"] = Writers,
        ["POST /Registry/Duplicates"] = Writers,
        ["POST /Registry/Household/New"] = Writers,
        ["GET /Registry/Import"] = Importers,
        ["POST /Registry/Import"] = Importers,
        ["GET /Registry/Tags"] = LabelKeepers,
        ["POST /Registry/Tags"] = LabelKeepers,
        ["GET /api/v1/me"] = Everyone,
        ["GET /api/v1/orgunits"] = Everyone,
        ["GET /api/v1/overview"] = Readers,
        ["GET /api/v1/residents"] = Readers,
        ["GET /api/v1/residents/{id}"] = Readers,
        ["POST /api/v1/residents/{id}/reveal"] = Readers,
        ["GET /api/v1/households/{id}"] = Readers,
        ["GET /api/v1/households/{id}/history"] = Readers,
        ["POST /api/v1/households"] = Writers,
        ["POST /api/v1/households/{id}/head"] = Writers,
        ["POST /api/v1/households/{id}/move-member"] = Writers,
        ["POST /api/v1/households/{id}/split"] = Writers,
        ["POST /api/v1/households/{id}/merge"] = Writers,
        ["POST /api/v1/households/{id}/move-in"] = Writers,
        ["POST /api/v1/households/{id}/leave"] = Writers,
        ["PUT /api/v1/buildings/{id}/name"] = Writers,
        ["POST /api/v1/buildings/{id}/merge"] = Writers,
        ["GET /api/v1/tags"] = Readers,
        ["PUT /api/v1/tags/{id}/visit-policy"] = [Roles.StreetOfficer],   // the street defines the labels (registry.define-tags)
        ["POST /api/v1/residents"] = Writers,
        ["PUT /api/v1/residents/{id}"] = Writers,
        ["PATCH /api/v1/residents/{id}"] = Writers,
        ["POST /api/v1/residents/labels"] = Writers,
        ["POST /api/v1/imports"] = Importers,
        ["GET /api/v1/exports/residents"] = Importers,
        ["GET /Registry/Exports"] = ExportDesk,
        ["POST /Registry/Exports"] = ExportDesk,
        ["GET /api/v1/exports/requests"] = ExportDesk,
        ["POST /api/v1/exports/requests"] = Importers,
        ["POST /api/v1/exports/requests/{id}/approve"] = ExportApprovers,
        ["POST /api/v1/exports/requests/{id}/reject"] = ExportApprovers,
        ["GET /api/v1/exports/requests/{id}/file"] = Importers,
        ["GET /Visits"] = VisitReaders,
        ["POST /Visits"] = VisitReaders,
        ["GET /Visits/Detail/{id}"] = VisitReaders,
        ["POST /Visits/Detail/{id}"] = VisitReaders,
        ["GET /Visits/Coverage/{id}"] = VisitReaders,
        ["GET /Visits/Street"] = VisitReaders,
        ["POST /Visits/Street"] = VisitReaders,
        ["GET /Visits/Cadres"] = VisitReaders,
        ["POST /Visits/Cadres"] = VisitReaders,
        ["GET /Visits/Log"] = VisitReaders,
        ["POST /Visits/Log"] = VisitReaders,
        ["POST /Visits/Coverage/{id}"] = VisitReaders,
        ["GET /Visits/Campaigns"] = VisitReaders,
        ["POST /Visits/Campaigns"] = VisitReaders,
        ["GET /Visits/Campaign/{id}"] = VisitReaders,
        ["POST /Visits/Campaign/{id}"] = VisitReaders,
        ["GET /Visits/Ledger"] = VisitReaders,
        ["POST /Visits/Ledger"] = VisitReaders,
        ["GET /Visits/Record"] = VisitWriters,
        ["POST /Visits/Record"] = VisitWriters,
        ["GET /Visits/Rhythm/{id}"] = VisitApiWriters,
        ["POST /Visits/Rhythm/{id}"] = VisitApiWriters,
        ["GET /api/v1/visits"] = VisitReaders,
        ["GET /api/v1/visits/{id}"] = VisitReaders,
        ["GET /api/v1/visits/due"] = VisitReaders,
        ["POST /api/v1/visits"] = VisitApiWriters,
        ["PUT /api/v1/visits/{id}"] = VisitApiWriters,
        ["POST /api/v1/visits/{id}/notes"] = VisitApiWriters,
        ["GET /api/v1/visits/campaigns"] = VisitReaders,
        ["GET /api/v1/visits/campaigns/{id}"] = VisitReaders,
        ["POST /api/v1/visits/campaigns"] = VisitApiWriters,
        // The list is the community office's to change (a cadre of one of its grids sees it and delivers): 403 inside the door.
        ["POST /api/v1/visits/campaigns/{id}/rules"] = [Roles.CommunityLead, Roles.SocialWorker],
        ["PATCH /api/v1/visits/campaigns/{id}/recipients"] = [Roles.CommunityLead, Roles.SocialWorker],
        ["POST /api/v1/visits/campaigns/{id}/deliveries"] = VisitApiWriters,
        ["GET /api/v1/visits/rhythms/{id}"] = VisitReaders,
        ["PUT /api/v1/visits/rhythms/{id}"] = VisitApiWriters,
        ["DELETE /api/v1/visits/rhythms/{id}"] = VisitApiWriters,
        ["GET /Cases"] = CaseWork,
        ["POST /Cases"] = CaseWork,
        ["GET /Cases/{id}"] = CaseWork,
        ["POST /Cases/{id}"] = CaseWork,
        ["GET /Cases/{id}/Print"] = CaseWork,
        ["POST /Cases/{id}/Print"] = CaseWork,
        ["GET /Cases/New"] = CaseOpeners,
        ["POST /Cases/New"] = CaseOpeners,
        ["GET /Cases/Supervise"] = Supervisors,
        ["GET /Cases/Types"] = Supervisors,
        ["POST /Cases/Types"] = Supervisors,
        ["GET /Benefits"] = BenefitWork,
        ["POST /Benefits"] = BenefitWork,
        ["GET /Benefits/{id}"] = BenefitWork,
        ["POST /Benefits/{id}"] = BenefitWork,
        ["GET /Benefits/Settings"] = BenefitConfigurers,
        ["POST /Benefits/Settings"] = BenefitConfigurers,
        ["GET /Benefits/New"] = BenefitWriters,
        ["POST /Benefits/New"] = BenefitWriters,
        ["GET /Notices/{code}"] = Open,
        ["POST /Notices/{code}"] = Open,
        ["GET /Notices/{code}/Print"] = Open,
        ["POST /Notices/{code}/Print"] = Open,
        ["GET /api/v1/benefits"] = BenefitWork,
        ["POST /api/v1/benefits"] = BenefitWriters,
        ["GET /api/v1/benefits/counts"] = BenefitWork,
        ["GET /api/v1/benefits/kinds"] = BenefitWork,
        ["POST /api/v1/benefits/kinds/{code}"] = BenefitConfigurers,
        ["GET /api/v1/benefits/{id}"] = BenefitWork,
        ["POST /api/v1/benefits/{id}/steps"] = BenefitWork,
        ["POST /Cases/Supervise"] = Supervisors,
        ["GET /Hotline"] = Hotline,
        ["POST /Hotline"] = Hotline,
        ["GET /api/v1/cases"] = CaseWork,
        ["GET /api/v1/cases/{id}"] = CaseWork,
        ["POST /api/v1/cases/{id}/actions"] = CaseWork,
        ["POST /api/v1/cases"] = CaseOpeners,
        ["GET /api/v1/cases/supervision"] = Supervisors,
        ["GET /api/v1/cases/types"] = Supervisors,
        ["PUT /api/v1/cases/types/{code}"] = Supervisors,
        ["GET /api/v1/cases/status"] = Open,
        ["GET /api/v1/cases/ledgers/{ledger}"] = [Roles.CommunityLead],
        ["GET /Ledgers"] = LedgerWork,
        ["POST /Ledgers"] = LedgerWork,
        ["GET /Ledgers/Sheet"] = LedgerWork,
        ["POST /Ledgers/Sheet"] = LedgerWork,
        ["GET /Ledgers/Submission/{id}"] = LedgerWork,
        ["POST /Ledgers/Submission/{id}"] = LedgerWork,
        ["GET /Ledgers/Savings"] = LedgerWork,
        ["POST /Ledgers/Savings"] = LedgerWork,
        ["GET /Ledgers/Map"] = LedgerDefiners,
        ["POST /Ledgers/Map"] = LedgerDefiners,
        ["GET /api/v1/ledgers/fields"] = LedgerWork,
        ["GET /api/v1/ledgers/templates"] = LedgerWork,
        ["GET /api/v1/ledgers/templates/{key}/sheet"] = LedgerWork,
        ["GET /api/v1/ledgers/templates/{key}/xlsx"] = LedgerWork,
        ["PUT /api/v1/ledgers/templates/{key}/typed"] = LedgerFillers,
        ["POST /api/v1/ledgers/templates/{key}/typed-xlsx"] = LedgerFillers,
        ["POST /api/v1/ledgers/templates/{key}/submissions"] = LedgerFillers,
        ["POST /api/v1/ledgers/templates/propose"] = LedgerDefiners,
        ["POST /api/v1/ledgers/templates"] = LedgerDefiners,
        ["GET /api/v1/ledgers/submissions"] = LedgerWork,
        ["GET /api/v1/ledgers/submissions/{id}"] = LedgerWork,
        ["POST /api/v1/ledgers/submissions/{id}/review"] = [Roles.StreetOfficer],
        ["GET /api/v1/ledgers/savings"] = LedgerWork,
        ["GET /Tasks"] = TaskReaders,
        ["POST /Tasks"] = TaskReaders,
        ["GET /Tasks/{id}"] = TaskReaders,
        ["POST /Tasks/{id}"] = TaskReaders,
        ["GET /Tasks/New"] = TaskAssigners,
        ["POST /Tasks/New"] = TaskAssigners,
        ["GET /Tasks/Board"] = TaskReaders,
        ["POST /Tasks/Board"] = TaskReaders,
        ["GET /Tasks/Inspections"] = TaskReaders,
        ["POST /Tasks/Inspections"] = TaskReaders,
        ["GET /Tasks/Inspection/{id}"] = TaskReaders,
        ["POST /Tasks/Inspection/{id}"] = TaskReaders,
        ["GET /api/v1/tasks"] = TaskReaders,
        ["GET /api/v1/tasks/board"] = TaskReaders,
        ["GET /api/v1/tasks/{id}"] = TaskReaders,
        ["POST /api/v1/tasks"] = TaskAssigners,
        ["POST /api/v1/tasks/{id}/communities/{community}/start"] = TaskReporters,
        ["POST /api/v1/tasks/{id}/communities/{community}/report"] = TaskReporters,
        ["POST /api/v1/tasks/{id}/communities/{community}/accept"] = TaskAssigners,
        ["POST /api/v1/tasks/{id}/communities/{community}/return"] = TaskAssigners,
        ["POST /api/v1/tasks/{id}/communities/{community}/remind"] = TaskAssigners,
        ["GET /api/v1/tasks/files/{id}"] = TaskReaders,
        ["GET /api/v1/tasks/{id}/attachments"] = TaskReaders,
        ["POST /api/v1/tasks/{id}/attachments"] = TaskAssigners,
        ["DELETE /api/v1/tasks/{id}/attachments/{fileId}"] = TaskAssigners,
        ["GET /api/v1/tasks/inspections"] = TaskReaders,
        ["POST /api/v1/tasks/inspections"] = TaskReaders,
        ["GET /api/v1/tasks/inspections/{id}/pack"] = TaskReaders,
        ["GET /Activities"] = ActivityReaders,
        ["GET /Activities/New"] = ActivityKeepers,
        ["GET /Activities/{id}"] = ActivityReaders,
        ["GET /Activities/Numbers"] = ActivityReaders,
        ["GET /CheckIn"] = Open,
        ["GET /Volunteers"] = ActivityReaders,
        ["GET /Volunteers/{id}"] = ActivityReaders,
        ["GET /Volunteers/Certificate/{id}"] = ActivityReaders,
        ["GET /Volunteers/Self/{token}"] = Open,
        ["POST /Activities"] = ActivityReaders,
        ["POST /Activities/New"] = ActivityKeepers,
        ["POST /Activities/{id}"] = ActivityReaders,
        ["POST /Activities/Numbers"] = ActivityReaders,
        ["POST /CheckIn"] = Open,
        ["POST /Volunteers"] = ActivityReaders,
        ["POST /Volunteers/{id}"] = ActivityReaders,
        ["POST /Volunteers/Certificate/{id}"] = ActivityReaders,
        ["POST /Volunteers/Self/{token}"] = Open,
        ["GET /api/v1/activities"] = ActivityReaders,
        ["GET /api/v1/activities/{id}"] = ActivityReaders,
        ["GET /api/v1/activities/not-reached"] = ActivityReaders,
        ["GET /api/v1/activities/numbers"] = ActivityReaders,
        ["POST /api/v1/activities"] = ActivityKeepers,
        ["PUT /api/v1/activities/{id}"] = ActivityKeepers,
        ["POST /api/v1/activities/series"] = ActivityKeepers,
        ["PUT /api/v1/activities/series/{id}"] = ActivityKeepers,
        ["POST /api/v1/activities/{id}/close"] = ActivityKeepers,
        ["POST /api/v1/activities/{id}/signups"] = ActivitySigners,
        ["POST /api/v1/activities/signups/{id}/cancel"] = ActivitySigners,
        ["POST /api/v1/activities/signups/{id}/attendance"] = ActivitySigners,
        ["POST /api/v1/activities/{id}/attendance"] = ActivitySigners,
        ["POST /api/v1/activities/{id}/walk-ins"] = ActivitySigners,
        ["POST /api/v1/activities/check-in"] = Open,
        ["GET /api/v1/volunteers"] = ActivityReaders,
        ["GET /api/v1/volunteers/{id}"] = ActivityReaders,
        ["GET /api/v1/volunteers/teams"] = ActivityReaders,
        ["POST /api/v1/volunteers"] = ActivityKeepers,
        ["PUT /api/v1/volunteers/{id}"] = ActivityKeepers,
        ["POST /api/v1/volunteers/{id}/hours"] = ActivityKeepers,
        ["GET /api/v1/volunteers/hours/proposed"] = ActivityKeepers,
        ["POST /api/v1/volunteers/hours/{id}/confirm"] = ActivityKeepers,
        ["POST /api/v1/volunteers/hours/{id}/reject"] = ActivityKeepers,
        ["POST /api/v1/volunteers/{id}/time-bank/redeem"] = ActivityKeepers,
        ["POST /api/v1/volunteers/{id}/certificates"] = ActivityKeepers,
        ["POST /api/v1/volunteers/certificates/{id}/issue"] = ActivityKeepers,
        ["POST /api/v1/volunteers/teams"] = ActivityKeepers,
        ["POST /api/v1/volunteers/projects"] = ActivityKeepers,
        ["POST /api/v1/volunteers/projects/{id}/opportunities"] = ActivityKeepers,
        ["POST /api/v1/volunteers/opportunities/{id}/assignments"] = ActivityKeepers,
        ["POST /api/v1/volunteers/assignments/{id}/hours"] = ActivityKeepers,
        ["GET /api/v1/volunteers/export/national"] = ActivityKeepers,
        ["POST /api/v1/volunteers/self/{token}/hours"] = Open,
        ["GET /Party"] = PartyKeepers,
        ["POST /Party"] = PartyKeepers,
        ["GET /Party/Members"] = PartyKeepers,
        ["POST /Party/Members"] = PartyKeepers,
        ["GET /Party/Member/{id}"] = PartyKeepers,
        ["POST /Party/Member/{id}"] = PartyKeepers,
        ["GET /Party/Meetings"] = PartyKeepers,
        ["POST /Party/Meetings"] = PartyKeepers,
        ["GET /Party/Meeting/{id}"] = PartyKeepers,
        ["POST /Party/Meeting/{id}"] = PartyKeepers,
        ["GET /Party/Inspections"] = PartyKeepers,
        ["POST /Party/Inspections"] = PartyKeepers,
        ["GET /Party/Inspection/{id}"] = PartyKeepers,
        ["POST /Party/Inspection/{id}"] = PartyKeepers,
        ["GET /Party/Rectification/{id}"] = PartyKeepers,
        ["POST /Party/Rectification/{id}"] = PartyKeepers,
        ["GET /Party/Ledger/{id}"] = PartyKeepers,
        ["POST /Party/Ledger/{id}"] = PartyKeepers,
        ["GET /api/v1/party/branches"] = PartyKeepers,
        ["POST /api/v1/party/branches"] = PartyKeepers,
        ["GET /api/v1/party/branches/{id}"] = PartyKeepers,
        ["GET /api/v1/party/branches/{id}/members"] = PartyKeepers,
        ["POST /api/v1/party/members"] = PartyKeepers,
        ["GET /api/v1/party/members/{id}"] = PartyKeepers,
        ["PUT /api/v1/party/members/{id}"] = PartyKeepers,
        ["GET /api/v1/party/branches/{id}/meetings"] = PartyKeepers,
        ["POST /api/v1/party/meetings"] = PartyKeepers,
        ["GET /api/v1/party/meetings/{id}"] = PartyKeepers,
        ["PUT /api/v1/party/meetings/{id}"] = PartyKeepers,
        ["GET /api/v1/party/branches/{id}/inspections"] = PartyKeepers,
        ["POST /api/v1/party/inspections"] = PartyKeepers,
        ["POST /api/v1/party/inspections/{id}/publish"] = PartyKeepers,
        ["GET /api/v1/party/inspections/{id}/rectifications"] = PartyKeepers,
        ["POST /api/v1/party/inspections/{id}/rectifications"] = PartyKeepers,
        ["GET /api/v1/party/rectifications/{id}"] = PartyKeepers,
        ["POST /api/v1/party/rectifications/{id}/steps"] = PartyKeepers,
        ["GET /Party/Commitments"] = PartyKeepers,
        ["POST /Party/Commitments"] = PartyKeepers,
        ["GET /Party/Evaluations"] = PartyKeepers,
        ["POST /Party/Evaluations"] = PartyKeepers,
        ["GET /Party/Public"] = Open,
        ["POST /Party/Public"] = Open,
        ["GET /api/v1/party/branches/{id}/posts"] = PartyKeepers,
        ["POST /api/v1/party/posts"] = PartyKeepers,
        ["POST /api/v1/party/posts/{id}/steps"] = PartyKeepers,
        ["GET /api/v1/party/branches/{id}/commitments"] = PartyKeepers,
        ["POST /api/v1/party/commitments"] = PartyKeepers,
        ["POST /api/v1/party/commitments/{id}/steps"] = PartyKeepers,
        ["GET /api/v1/party/branches/{id}/evaluations"] = PartyKeepers,
        ["PUT /api/v1/party/branches/{id}/evaluations"] = PartyKeepers,
        ["POST /api/v1/party/branches/{id}/evaluations/publish"] = PartyKeepers,
        ["GET /Party/Dues"] = PartyKeepers,
        ["POST /Party/Dues"] = PartyKeepers,
        ["GET /Party/DuesBook"] = PartyKeepers,
        ["POST /Party/DuesBook"] = PartyKeepers,
        ["GET /Party/Hardship"] = PartyKeepers,
        ["POST /Party/Hardship"] = PartyKeepers,
        ["GET /Party/Talks"] = PartyKeepers,
        ["POST /Party/Talks"] = PartyKeepers,
        ["GET /api/v1/party/branches/{id}/dues"] = PartyKeepers,
        ["GET /api/v1/party/branches/{id}/dues/payments"] = PartyKeepers,
        ["POST /api/v1/party/dues/declarations"] = PartyKeepers,
        ["POST /api/v1/party/dues/payments"] = PartyKeepers,
        ["GET /api/v1/party/branches/{id}/dues/book"] = PartyKeepers,
        ["POST /api/v1/party/dues/flows"] = PartyKeepers,
        ["GET /api/v1/party/branches/{id}/hardship/round"] = PartyKeepers,
        ["GET /api/v1/party/branches/{id}/hardship"] = PartyKeepers,
        ["GET /api/v1/party/branches/{id}/hardship/unvisited"] = PartyKeepers,
        ["POST /api/v1/party/hardship"] = PartyKeepers,
        ["PUT /api/v1/party/hardship/{id}"] = PartyKeepers,
        ["POST /api/v1/party/hardship/{id}/visits"] = PartyKeepers,
        ["GET /api/v1/party/branches/{id}/talks"] = PartyKeepers,
        ["POST /api/v1/party/talks"] = PartyKeepers,
        ["GET /api/v1/party/meetings/{id}/photos"] = PartyKeepers,
        ["GET /api/v1/party/meetings/{id}/photos/{photoId}"] = PartyKeepers,
        ["POST /api/v1/party/meetings/{id}/photos"] = PartyKeepers,
        ["GET /Services"] = ServiceWork,
        ["POST /Services"] = ServiceWork,
        ["GET /Services/New"] = ServiceOrderers,
        ["POST /Services/New"] = ServiceOrderers,
        ["GET /Services/Orders/{id}"] = ServiceWork,
        ["POST /Services/Orders/{id}"] = ServiceWork,
        ["GET /Services/Settings"] = ServiceWork,
        ["POST /Services/Settings"] = ServiceWork,
        ["GET /Services/Providers"] = ServiceWork,
        ["POST /Services/Providers"] = ServiceWork,
        ["GET /Services/Settlement"] = ServiceReaders,
        ["POST /Services/Settlement"] = ServiceReaders,
        ["GET /Services/Numbers"] = ServiceReaders,
        ["POST /Services/Numbers"] = ServiceReaders,
        ["GET /api/v1/services/orders"] = ServiceWork,
        ["GET /api/v1/services/orders/{id}"] = ServiceWork,
        ["POST /api/v1/services/orders"] = ServiceOrderers,
        ["POST /api/v1/services/orders/{id}/actions"] = ServiceManagers,
        ["GET /api/v1/services/orders/export"] = ServiceReaders,
        ["GET /api/v1/services/quote"] = ServiceOrderers,
        ["GET /api/v1/services/catalogue"] = ServiceWork,
        ["GET /api/v1/services/rules"] = ServiceWork,
        ["GET /api/v1/services/providers"] = ServiceWork,
        ["GET /api/v1/services/numbers"] = ServiceReaders,
        ["GET /api/v1/services/settlement"] = ServiceReaders,
    };

    /// <summary>Who passes the door of a record page and must then find nothing: 404, as for a record that does not exist.</summary>
    static readonly Dictionary<string, string[]> NotFoundFor = new()
    {
        ["GET /Registry/Grid/{id}"] = Hotline,
        ["GET /Registry/Household/{id}"] = Hotline,
        ["GET /Registry/Resident/{id}"] = Hotline,
    };

    static IEnumerable<(string Key, string Method, RoutePattern Pattern)> Routes(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"])
                .Select(m => (Key: $"{m} {Template(e.RoutePattern)}", Method: m, Pattern: e.RoutePattern)))
            .DistinctBy(r => r.Key);

    /// <summary>"/Registry/Resident/{id}" for the pattern "Registry/Resident/{id:long}"; a page's "/Index" form is its folder.</summary>
    internal static string Template(RoutePattern p)
    {
        var path = "/" + string.Join('/', p.PathSegments.Select(s => string.Concat(s.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart l => l.Content,
            RoutePatternParameterPart q => "{" + q.Name + "}",
            RoutePatternSeparatorPart sep => sep.Content,
            _ => "",
        }))));
        if (path.EndsWith("/Index", StringComparison.Ordinal)) path = path[..^"/Index".Length] is { Length: > 0 } f ? f : "/";
        return path;
    }

    [Fact]
    public void EveryEndpointHasAnEntryInTheMatrix()
    {
        var missing = Routes(demo.App.Web.Services).Select(r => r.Key).Where(k => !Matrix.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, "routes without an entry in the authorization matrix: " + string.Join(", ", missing));
        var stale = Matrix.Keys.Except(Routes(demo.App.Web.Services).Select(r => r.Key)).ToList();
        Assert.True(stale.Count == 0, "matrix entries for routes that no longer exist: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task EachRoleGetsThroughExactlyTheDoorsTheMatrixOpens()
    {
        long grid, household, resident, account, visit, campaign, caseId, order;
        ActivityRecords activities;
        await using (var db = demo.App.Database.Target.CreateContext())
        {
            caseId = await CaseInAsync(db, "幸福里社区", "第三居民组");
            order = await OrderInAsync(db, "幸福里社区", "第三居民组");
            account = (await db.Users.SingleAsync(u => u.UserName == demo.App.Account(Roles.GridCadre).UserName)).Id;
            var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
            grid = (await db.OrgUnits.SingleAsync(o => o.ParentId == community.Id && o.Name == "第三居民组")).Id;
            var r = await db.Residents.Where(x => x.GridId == grid && x.HouseholdId != null).OrderBy(x => x.Id).FirstAsync();
            (household, resident) = (r.HouseholdId!.Value, r.Id);
            visit = await db.Set<Linli.Features.Visits.Visit>().Where(v => v.GridId == grid).OrderBy(v => v.Id).Select(v => v.Id).FirstAsync();
            campaign = await db.Set<Linli.Features.Visits.Campaign>().Where(c => c.CommunityId == community.Id).Select(c => c.Id).FirstAsync();
            activities = await ActivityRecordsAsync(db, community.Id);
        }
        string Concrete(string template) => template
            .Replace("/Admin/Users/{id}", $"/Admin/Users/{account}", StringComparison.Ordinal)
            .Replace("/Visits/Coverage/{id}", $"/Visits/Coverage/{grid}", StringComparison.Ordinal)
            .Replace("/Visits/Detail/{id}", $"/Visits/Detail/{visit}", StringComparison.Ordinal)
            .Replace("/Visits/Campaign/{id}", $"/Visits/Campaign/{campaign}", StringComparison.Ordinal)
            .Replace("/visits/campaigns/{id}", $"/visits/campaigns/{campaign}", StringComparison.Ordinal)
            .Replace("/api/v1/visits/{id}", $"/api/v1/visits/{visit}", StringComparison.Ordinal)
            .Replace("ases/{id}", $"ases/{caseId}", StringComparison.Ordinal)
            .WithActivityRecords(activities)
            .Replace("rders/{id}", $"rders/{order}", StringComparison.Ordinal)
            .Replace("/Registry/Grid/{id}", $"/Registry/Grid/{grid}", StringComparison.Ordinal)
            .Replace("/Household/{id}", $"/Household/{household}", StringComparison.OrdinalIgnoreCase)
            .Replace("/households/{id}", $"/households/{household}", StringComparison.Ordinal)
            .Replace("{id}", resident.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{community}", grid.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{documentName}", "v1", StringComparison.Ordinal)
            .Replace("{photoId}", "1", StringComparison.Ordinal).Replace("{fileId}", "1", StringComparison.Ordinal)
            + (template == "/culture" ? "?c=en" : template == "/api/v1/exports/residents" ? "?from=CGJD-XFL-03" : "");

        var clients = new Dictionary<string, HttpClient> { [Anonymous] = demo.App.Client() };
        foreach (var role in Roles.All) clients[role] = await demo.App.LoggedInClientAsync(role);

        var wrong = new List<string>();
        foreach (var (key, method, _) in Routes(demo.App.Web.Services).Where(r => Matrix.ContainsKey(r.Key)))
        {
            var url = Concrete(key[(key.IndexOf(' ') + 1)..]);
            foreach (var (who, client) in clients)
            {
                // Logging out would end the shared sessions; the second login step only exists mid-login. LoginTests and TwoFactorTests cover them.
                if (key is "POST /Account/Logout" or "GET /Account/Logout" or "GET /Account/LoginWith2fa" or "POST /Account/LoginWith2fa") continue;
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                // A body of the kind the endpoint reads: routing answers 415 for any other before authorization is asked.
                if (method != "GET")
                    request.Content = url == "/api/v1/imports" || url.EndsWith("/photos", StringComparison.Ordinal) ? new MultipartFormDataContent()
                        : url.StartsWith("/api/", StringComparison.Ordinal) ? new StringContent("{}", System.Text.Encoding.UTF8, "application/json")
                        : new FormUrlEncodedContent([]);
                var response = await client.SendAsync(request);
                var status = (int)response.StatusCode;
                var toLogin = response.StatusCode == HttpStatusCode.Redirect && (response.Headers.Location?.OriginalString ?? "").Contains("/Account/Login", StringComparison.Ordinal);
                var refused = status is 401 or 403 || toLogin;
                var allowed = Matrix[key].Contains(who);
                if (status >= 500) wrong.Add($"{who} {method} {url}: {status}");
                else if (NotFoundFor.TryGetValue(key, out var nowhere) && nowhere.Contains(who))
                {
                    if (status != 404) wrong.Add($"{who} {method} {url}: {status}, not 404");
                }
                else if (allowed == refused) wrong.Add($"{who} {method} {url}: {(allowed ? "refused" : "let through")} ({status})");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>
    /// The mixed-roles column. One account is 包片干部 of 幸福里社区/第一居民组 and 热线接线员 of 和平社区. Against a record
    /// of 第一居民组 it gets exactly what a cadre gets; against a record of 和平社区 exactly what the hotline gets there
    /// (refused, or not found); a route that names no record or unit opens when either role opens it. So a permission
    /// of one role never works in the other role's area, on any route.
    /// </summary>
    [Fact]
    public async Task AnAccountWithTwoRolesGetsInEachAreaExactlyWhatThatAreasRoleAllows()
    {
        var (user, password) = await CreateMixedAccountAsync("mixed-matrix");
        Record a, b;
        long account, caseA, caseB, orderA, orderB, mealB;
        ActivityRecords activitiesA, activitiesB;
        await using (var db = demo.App.Database.Target.CreateContext())
        {
            account = (await db.Users.SingleAsync(u => u.UserName == demo.App.Account(Roles.GridCadre).UserName)).Id;
            a = await RecordInAsync(db, "幸福里社区", "第一居民组");
            b = await RecordInAsync(db, "和平社区", "第一网格");
            caseA = await CaseInAsync(db, "幸福里社区", "第一居民组");
            activitiesA = await ActivityRecordsAsync(db, (await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区")).Id);
            activitiesB = await ActivityRecordsAsync(db, (await db.OrgUnits.SingleAsync(o => o.Name == "和平社区")).Id);
            orderA = await OrderInAsync(db, "幸福里社区", "第一居民组");
            var peace = await db.OrgUnits.SingleAsync(o => o.Name == "和平社区");
            mealB = await db.Set<Linli.Features.Services.ServiceItem>().Where(i => i.CommunityId == peace.Id && i.Name == "助餐").Select(i => i.Id).SingleAsync();
        }
        var client = demo.App.Client();
        var login = await LinliApp.LoginAsync(client, user, password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        // The hotline reads back what it registered: a case this account opens in 和平社区 as its operator.
        var opened = await client.PostAsJsonAsync("/api/v1/cases", new { kind = "help", residentId = b.Resident, title = "来电求助", content = "家中水管漏水" });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        caseB = (await opened.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();
        // Likewise a service order it places there as its operator.
        var ordered = await client.PostAsJsonAsync("/api/v1/services/orders", new { residentId = b.Resident, serviceItemId = mealB, channel = "热线" });
        Assert.Equal(HttpStatusCode.Created, ordered.StatusCode);
        orderB = (await ordered.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();
        var token = await LinliApp.AntiforgeryTokenAsync(client, "/");

        var wrong = new List<string>();
        foreach (var (key, method, _) in Routes(demo.App.Web.Services).Where(r => Matrix.ContainsKey(r.Key)))
        {
            if (key is "POST /Account/Logout" or "GET /Account/Logout" or "GET /Account/LoginWith2fa" or "POST /Account/LoginWith2fa") continue;
            var template = key[(key.IndexOf(' ') + 1)..];
            var boundToPlace = template.Contains("{id}", StringComparison.Ordinal) && !template.StartsWith("/Admin/", StringComparison.Ordinal)
                || template == "/api/v1/exports/residents";
            foreach (var (where, record, role) in new[] { ("第一居民组", a, Roles.GridCadre), ("和平社区", b, Roles.HotlineOperator) })
            {
                var url = template
                    .Replace("/Admin/Users/{id}", $"/Admin/Users/{account}", StringComparison.Ordinal)
                    .Replace("/Visits/Coverage/{id}", $"/Visits/Coverage/{record.Grid}", StringComparison.Ordinal)
                    .Replace("/Visits/Detail/{id}", $"/Visits/Detail/{record.Visit}", StringComparison.Ordinal)
                    .Replace("/Visits/Campaign/{id}", $"/Visits/Campaign/{record.Campaign}", StringComparison.Ordinal)
                    .Replace("/visits/campaigns/{id}", $"/visits/campaigns/{record.Campaign}", StringComparison.Ordinal)
                    .Replace("/api/v1/visits/{id}", $"/api/v1/visits/{record.Visit}", StringComparison.Ordinal)
                    .Replace("ases/{id}", $"ases/{(record == a ? caseA : caseB)}", StringComparison.Ordinal)
                    .WithActivityRecords(record == a ? activitiesA : activitiesB)
                    .Replace("rders/{id}", $"rders/{(record == a ? orderA : orderB)}", StringComparison.Ordinal)
                    .Replace("/Registry/Grid/{id}", $"/Registry/Grid/{record.Grid}", StringComparison.Ordinal)
                    .Replace("/Household/{id}", $"/Household/{record.Household}", StringComparison.OrdinalIgnoreCase)
                    .Replace("/households/{id}", $"/households/{record.Household}", StringComparison.Ordinal)
                    .Replace("{id}", record.Resident.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("{documentName}", "v1", StringComparison.Ordinal)
            .Replace("{photoId}", "1", StringComparison.Ordinal).Replace("{fileId}", "1", StringComparison.Ordinal)
                    + (template == "/culture" ? "?c=en" : template == "/api/v1/exports/residents" ? $"?from={record.UnitCode}" : "");
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                if (method != "GET")
                    request.Content = url == "/api/v1/imports" || url.EndsWith("/photos", StringComparison.Ordinal) ? new MultipartFormDataContent()
                        // A valid body in the other area, so that the answer is the scope's, not the form's.
                        : key == "PUT /api/v1/residents/{id}" && role == Roles.HotlineOperator ? new StringContent("{\"name\":\"某某\"}", System.Text.Encoding.UTF8, "application/json")
                        : url.StartsWith("/api/", StringComparison.Ordinal) ? new StringContent("{}", System.Text.Encoding.UTF8, "application/json")
                        // With the antiforgery token, so that a page's own scope check is reached, not the token check.
                        : new FormUrlEncodedContent([new("__RequestVerificationToken", token)]);
                var response = await client.SendAsync(request);
                var status = (int)response.StatusCode;
                var toLogin = response.StatusCode == HttpStatusCode.Redirect && (response.Headers.Location?.OriginalString ?? "").Contains("/Account/Login", StringComparison.Ordinal);
                // A page without a handler for this method has nothing to let through or refuse.
                if (status == 405) continue;
                // Not found is the scope's refusal; elsewhere (/Setup once set up, /Error) it is the page's own answer.
                var refused = status is 401 or 403 || (status == 404 && boundToPlace) || toLogin;
                var allowed = boundToPlace ? Allows(key, role) : Allows(key, Roles.GridCadre) || Allows(key, Roles.HotlineOperator);
                if (status >= 500) wrong.Add($"mixed {method} {url} ({where}): {status}");
                else if (allowed == refused) wrong.Add($"mixed {method} {url} ({where}): {(allowed ? "refused" : "let through")} ({status})");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>Passes the door and finds the record: listed in the matrix, and not among those who find nothing there.</summary>
    static bool Allows(string key, string role) => Matrix[key].Contains(role) && !(NotFoundFor.TryGetValue(key, out var nowhere) && nowhere.Contains(role));

    /// <summary>A planned demo activity of the community, one of its sign-ups, a volunteer and a certificate: the records behind /Activities/{id} and /Volunteers/{id}.</summary>
    internal sealed record ActivityRecords(long Activity, long Signup, long Volunteer, long Certificate);

    internal static async Task<ActivityRecords> ActivityRecordsAsync(Linli.Data.LinliDb db, long community)
    {
        var activity = await db.Set<Linli.Features.Activities.Activity>().Where(a => a.CommunityId == community && a.State == Linli.Features.Activities.ActivityState.Planned)
            .OrderBy(a => a.Id).Select(a => a.Id).FirstAsync();
        var signup = await db.Set<Linli.Features.Activities.ActivitySignup>().Where(x => x.ActivityId == activity).OrderBy(x => x.Id).Select(x => x.Id).FirstAsync();
        var volunteer = await db.Set<Linli.Features.Activities.Volunteer>().Where(v => v.CommunityId == community).OrderBy(v => v.Id).Select(v => v.Id).FirstAsync();
        var certificate = await db.Set<Linli.Features.Activities.ServiceCertificate>().Where(c => c.CommunityId == community).Select(c => c.Id).FirstAsync();
        return new ActivityRecords(activity, signup, volunteer, certificate);
    }

    internal sealed record Record(long Grid, long Household, long Resident, string UnitCode, long Visit, long Campaign);

    internal static async Task<Record> RecordInAsync(Linli.Data.LinliDb db, string community, string grid)
    {
        var c = await db.OrgUnits.SingleAsync(o => o.Name == community);
        var g = await db.OrgUnits.SingleAsync(o => o.ParentId == c.Id && o.Name == grid);
        var r = await db.Residents.Where(x => x.GridId == g.Id && x.HouseholdId != null).OrderBy(x => x.Id).FirstAsync();
        var visit = await db.Set<Linli.Features.Visits.Visit>().Where(v => v.GridId == g.Id).OrderBy(v => v.Id).Select(v => v.Id).FirstAsync();
        // 和平社区 has no campaign of its own in the demo: there the hotline is refused at the door before any look-up.
        var campaign = await db.Set<Linli.Features.Visits.Campaign>().Where(x => x.CommunityId == c.Id).Select(x => x.Id).FirstOrDefaultAsync();
        return new Record(g.Id, r.HouseholdId!.Value, r.Id, g.Code, visit, campaign);
    }

    /// <summary>A demo case of that grid that its cadre sees (mediation or help) and the hotline did not register.</summary>
    internal async Task<long> CaseInAsync(Linli.Data.LinliDb db, string community, string grid)
    {
        var hotline = (await db.Users.SingleAsync(u => u.UserName == demo.App.Account(Roles.HotlineOperator).UserName)).Id;
        var c = await db.OrgUnits.SingleAsync(o => o.Name == community);
        var g = await db.OrgUnits.SingleAsync(o => o.ParentId == c.Id && o.Name == grid);
        return await db.Set<Linli.Features.Cases.Case>().Where(x => x.GridId == g.Id && x.CreatedById != hotline
                && (x.Kind == Linli.Features.Cases.CaseType.Help || x.Kind == Linli.Features.Cases.CaseType.Mediation))
            .OrderBy(x => x.Id).Select(x => x.Id).FirstAsync();
    }

    /// <summary>A demo service order of that grid.</summary>
    internal static async Task<long> OrderInAsync(Linli.Data.LinliDb db, string community, string grid)
    {
        var c = await db.OrgUnits.SingleAsync(o => o.Name == community);
        var g = await db.OrgUnits.SingleAsync(o => o.ParentId == c.Id && o.Name == grid);
        return await db.Set<Linli.Features.Services.ServiceOrder>().Where(o => o.GridId == g.Id).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
    }

    /// <summary>包片干部 of 幸福里社区/第一居民组 and 热线接线员 of 和平社区, made as the security administrator would.</summary>
    internal async Task<(string User, string Password)> CreateMixedAccountAsync(string userName)
    {
        using var scope = demo.App.Web.Services.CreateScope();
        var accounts = scope.ServiceProvider.GetRequiredService<Linli.Features.Access.Accounts>();
        var db = scope.ServiceProvider.GetRequiredService<Linli.Data.LinliDb>();
        var grid = await OrgUnitTree.ResolveAsync(db, "城关街道/幸福里社区/第一居民组", default);
        var community = await OrgUnitTree.ResolveAsync(db, "城关街道/和平社区", default);
        var password = Linli.Features.Access.Accounts.NewPassword();
        Assert.True((await accounts.AddAsync(userName, "两岗干部", Roles.GridCadre, grid, password, default)).Ok);
        Assert.True((await accounts.GrantAsync(userName, Roles.HotlineOperator, community!, default)).Ok);
        return (userName, password);
    }
}

static class ActivityRoutes
{
    /// <summary>Puts the activity module's records into a route template, the most specific paths first.</summary>
    public static string WithActivityRecords(this string url, AuthorizationMatrixTests.ActivityRecords r) => url
        .Replace("/api/v1/activities/signups/{id}", $"/api/v1/activities/signups/{r.Signup}", StringComparison.Ordinal)
        .Replace("/api/v1/activities/{id}", $"/api/v1/activities/{r.Activity}", StringComparison.Ordinal)
        .Replace("/Activities/{id}", $"/Activities/{r.Activity}", StringComparison.Ordinal)
        .Replace("/Volunteers/Certificate/{id}", $"/Volunteers/Certificate/{r.Certificate}", StringComparison.Ordinal)
        .Replace("/api/v1/volunteers/{id}", $"/api/v1/volunteers/{r.Volunteer}", StringComparison.Ordinal)
        .Replace("/Volunteers/{id}", $"/Volunteers/{r.Volunteer}", StringComparison.Ordinal)
        .Replace("{token}", "no-such-token", StringComparison.Ordinal);
}
