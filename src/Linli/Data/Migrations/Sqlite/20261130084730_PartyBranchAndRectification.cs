using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Linli.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PartyBranchAndRectification : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BranchMeetings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    BranchId = table.Column<long>(type: "INTEGER", nullable: false),
                    GroupId = table.Column<long>(type: "INTEGER", nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Topic = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Place = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Host = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Agenda = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Minutes = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Expected = table.Column<int>(type: "INTEGER", nullable: false),
                    Present = table.Column<int>(type: "INTEGER", nullable: false),
                    QuorumMet = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedById = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BranchMeetings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MeetingAttendances",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MeetingId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    Present = table.Column<bool>(type: "INTEGER", nullable: false),
                    AbsenceReason = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingAttendances", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PartyBranches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FoundedOn = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartyBranches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PartyGroups",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    BranchId = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartyGroups", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PartyMembers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    BranchId = table.Column<long>(type: "INTEGER", nullable: false),
                    GroupId = table.Column<long>(type: "INTEGER", nullable: true),
                    ResidentId = table.Column<long>(type: "INTEGER", nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Gender = table.Column<string>(type: "TEXT", maxLength: 4, nullable: true),
                    BirthDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    JoinedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    FullOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Category = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RelationInOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RelationFrom = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    RelationOutOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RelationTo = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Posts = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    IsCommittee = table.Column<bool>(type: "INTEGER", nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartyMembers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RectificationEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RectificationId = table.Column<long>(type: "INTEGER", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UserId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RectificationEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RectificationFiles",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RectificationId = table.Column<long>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Bytes = table.Column<byte[]>(type: "BLOB", nullable: false),
                    AddedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RectificationFiles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Rectifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    InspectionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Seq = table.Column<int>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Rule = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Problem = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    FoundOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Goal = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Measures = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    OwnerId = table.Column<long>(type: "INTEGER", nullable: false),
                    OwnerName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ReviewerId = table.Column<long>(type: "INTEGER", nullable: false),
                    ReviewerName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Deadline = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Progress = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Result = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    DoneOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    SignedOffOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    SignedOffBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Rectifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SelfInspections",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    BranchId = table.Column<long>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Occasion = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    HeldOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Opinions = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    PublishedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SelfInspections", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BranchMeetings_BranchId_Date",
                table: "BranchMeetings",
                columns: new[] { "BranchId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_BranchMeetings_CommunityId",
                table: "BranchMeetings",
                column: "CommunityId");

            migrationBuilder.CreateIndex(
                name: "IX_MeetingAttendances_MeetingId_MemberId",
                table: "MeetingAttendances",
                columns: new[] { "MeetingId", "MemberId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MeetingAttendances_MemberId",
                table: "MeetingAttendances",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_PartyBranches_CommunityId",
                table: "PartyBranches",
                column: "CommunityId");

            migrationBuilder.CreateIndex(
                name: "IX_PartyGroups_BranchId",
                table: "PartyGroups",
                column: "BranchId");

            migrationBuilder.CreateIndex(
                name: "IX_PartyMembers_BranchId_Name",
                table: "PartyMembers",
                columns: new[] { "BranchId", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_PartyMembers_CommunityId",
                table: "PartyMembers",
                column: "CommunityId");

            migrationBuilder.CreateIndex(
                name: "IX_PartyMembers_ResidentId",
                table: "PartyMembers",
                column: "ResidentId");

            migrationBuilder.CreateIndex(
                name: "IX_RectificationEvents_RectificationId_AtUtc",
                table: "RectificationEvents",
                columns: new[] { "RectificationId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_RectificationFiles_RectificationId",
                table: "RectificationFiles",
                column: "RectificationId");

            migrationBuilder.CreateIndex(
                name: "IX_Rectifications_CommunityId_Progress_Deadline",
                table: "Rectifications",
                columns: new[] { "CommunityId", "Progress", "Deadline" });

            migrationBuilder.CreateIndex(
                name: "IX_Rectifications_InspectionId_Seq",
                table: "Rectifications",
                columns: new[] { "InspectionId", "Seq" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Rectifications_OwnerId",
                table: "Rectifications",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_Rectifications_ReviewerId",
                table: "Rectifications",
                column: "ReviewerId");

            migrationBuilder.CreateIndex(
                name: "IX_SelfInspections_CommunityId_Year",
                table: "SelfInspections",
                columns: new[] { "CommunityId", "Year" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BranchMeetings");

            migrationBuilder.DropTable(
                name: "MeetingAttendances");

            migrationBuilder.DropTable(
                name: "PartyBranches");

            migrationBuilder.DropTable(
                name: "PartyGroups");

            migrationBuilder.DropTable(
                name: "PartyMembers");

            migrationBuilder.DropTable(
                name: "RectificationEvents");

            migrationBuilder.DropTable(
                name: "RectificationFiles");

            migrationBuilder.DropTable(
                name: "Rectifications");

            migrationBuilder.DropTable(
                name: "SelfInspections");
        }
    }
}
