using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Linli.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Benefits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BenefitApplications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    GridId = table.Column<long>(type: "INTEGER", nullable: false),
                    HouseholdId = table.Column<long>(type: "INTEGER", nullable: false),
                    ApplicantId = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    MonthlyIncome = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    Assets = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    PropertyNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    IncomeUnstable = table.Column<bool>(type: "INTEGER", nullable: false),
                    Documents = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    UrgentAid = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    CreatedById = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DueProvisional = table.Column<bool>(type: "INTEGER", nullable: false),
                    ExtendedReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    VisitId = table.Column<long>(type: "INTEGER", nullable: true),
                    InvestigatedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Findings = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ReviewHeldOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ReviewAttendees = table.Column<int>(type: "INTEGER", nullable: true),
                    ReviewAgreed = table.Column<int>(type: "INTEGER", nullable: true),
                    ReviewNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ProposedAmount = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    ForwardedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Category = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    MonthlyAmount = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    CoveredPersons = table.Column<int>(type: "INTEGER", nullable: true),
                    StartMonth = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LastCheckedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    NextReviewOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RefusalReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RefusalNoticeDue = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RefusalNotifiedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    EndedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    EndReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BenefitApplications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BenefitApplications_OrgUnits_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "OrgUnits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_BenefitApplications_OrgUnits_GridId",
                        column: x => x.GridId,
                        principalTable: "OrgUnits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "BenefitEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApplicationId = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ActorId = table.Column<long>(type: "INTEGER", nullable: true),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BenefitEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BenefitEvents_BenefitApplications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "BenefitApplications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "BenefitMembers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApplicationId = table.Column<long>(type: "INTEGER", nullable: false),
                    ResidentId = table.Column<long>(type: "INTEGER", nullable: false),
                    Covered = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BenefitMembers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BenefitMembers_BenefitApplications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "BenefitApplications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "BenefitNotices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApplicationId = table.Column<long>(type: "INTEGER", nullable: false),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    HeadName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    HouseholdSize = table.Column<int>(type: "INTEGER", nullable: true),
                    MonthlyAmount = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    GridName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Category = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PublishedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FromDay = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RemoveOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ReplacedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    WithdrawnAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BenefitNotices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BenefitNotices_BenefitApplications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "BenefitApplications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "BenefitObjections",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NoticeId = table.Column<long>(type: "INTEGER", nullable: false),
                    ApplicationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ObjectorName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Content = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    LodgedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AnswerDue = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: true),
                    CaseReference = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Answer = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    AnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BenefitObjections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BenefitObjections_BenefitNotices_NoticeId",
                        column: x => x.NoticeId,
                        principalTable: "BenefitNotices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BenefitApplications_ApplicantId",
                table: "BenefitApplications",
                column: "ApplicantId");

            migrationBuilder.CreateIndex(
                name: "IX_BenefitApplications_CommunityId_Kind_State",
                table: "BenefitApplications",
                columns: new[] { "CommunityId", "Kind", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_BenefitApplications_GridId_State",
                table: "BenefitApplications",
                columns: new[] { "GridId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_BenefitApplications_HouseholdId",
                table: "BenefitApplications",
                column: "HouseholdId");

            migrationBuilder.CreateIndex(
                name: "IX_BenefitApplications_Reference",
                table: "BenefitApplications",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BenefitEvents_ApplicationId_At",
                table: "BenefitEvents",
                columns: new[] { "ApplicationId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_BenefitMembers_ApplicationId_ResidentId",
                table: "BenefitMembers",
                columns: new[] { "ApplicationId", "ResidentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BenefitMembers_ResidentId",
                table: "BenefitMembers",
                column: "ResidentId");

            migrationBuilder.CreateIndex(
                name: "IX_BenefitNotices_ApplicationId_Version",
                table: "BenefitNotices",
                columns: new[] { "ApplicationId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BenefitNotices_CommunityId_RemoveOn",
                table: "BenefitNotices",
                columns: new[] { "CommunityId", "RemoveOn" });

            migrationBuilder.CreateIndex(
                name: "IX_BenefitObjections_ApplicationId",
                table: "BenefitObjections",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_BenefitObjections_NoticeId",
                table: "BenefitObjections",
                column: "NoticeId");

            migrationBuilder.CreateIndex(
                name: "IX_BenefitObjections_Reference",
                table: "BenefitObjections",
                column: "Reference",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BenefitEvents");

            migrationBuilder.DropTable(
                name: "BenefitMembers");

            migrationBuilder.DropTable(
                name: "BenefitObjections");

            migrationBuilder.DropTable(
                name: "BenefitNotices");

            migrationBuilder.DropTable(
                name: "BenefitApplications");
        }
    }
}
