using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Linli.Data.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CommunityId = table.Column<long>(type: "bigint", nullable: false),
                    BranchId = table.Column<long>(type: "bigint", nullable: false),
                    GroupId = table.Column<long>(type: "bigint", nullable: true),
                    Kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Topic = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Place = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Host = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Agenda = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Minutes = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    Expected = table.Column<int>(type: "integer", nullable: false),
                    Present = table.Column<int>(type: "integer", nullable: false),
                    QuorumMet = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedById = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BranchMeetings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MeetingAttendances",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MeetingId = table.Column<long>(type: "bigint", nullable: false),
                    MemberId = table.Column<long>(type: "bigint", nullable: false),
                    Present = table.Column<bool>(type: "boolean", nullable: false),
                    AbsenceReason = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingAttendances", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PartyBranches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CommunityId = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FoundedOn = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartyBranches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PartyGroups",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CommunityId = table.Column<long>(type: "bigint", nullable: false),
                    BranchId = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SortOrder = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartyGroups", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PartyMembers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CommunityId = table.Column<long>(type: "bigint", nullable: false),
                    BranchId = table.Column<long>(type: "bigint", nullable: false),
                    GroupId = table.Column<long>(type: "bigint", nullable: true),
                    ResidentId = table.Column<long>(type: "bigint", nullable: true),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Gender = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: true),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: true),
                    JoinedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    FullOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Category = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RelationInOn = table.Column<DateOnly>(type: "date", nullable: true),
                    RelationFrom = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    RelationOutOn = table.Column<DateOnly>(type: "date", nullable: true),
                    RelationTo = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Posts = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    IsCommittee = table.Column<bool>(type: "boolean", nullable: false),
                    Address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartyMembers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RectificationEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RectificationId = table.Column<long>(type: "bigint", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UserId = table.Column<long>(type: "bigint", nullable: false),
                    UserName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Action = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RectificationEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RectificationFiles",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RectificationId = table.Column<long>(type: "bigint", nullable: false),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Bytes = table.Column<byte[]>(type: "bytea", nullable: false),
                    AddedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RectificationFiles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Rectifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CommunityId = table.Column<long>(type: "bigint", nullable: false),
                    InspectionId = table.Column<long>(type: "bigint", nullable: false),
                    Seq = table.Column<int>(type: "integer", nullable: false),
                    MemberId = table.Column<long>(type: "bigint", nullable: true),
                    Subject = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Rule = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Problem = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    FoundOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Goal = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Measures = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    OwnerId = table.Column<long>(type: "bigint", nullable: false),
                    OwnerName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ReviewerId = table.Column<long>(type: "bigint", nullable: false),
                    ReviewerName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Unit = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    Progress = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Result = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Evidence = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    DoneOn = table.Column<DateOnly>(type: "date", nullable: true),
                    SignedOffOn = table.Column<DateOnly>(type: "date", nullable: true),
                    SignedOffBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Rectifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SelfInspections",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CommunityId = table.Column<long>(type: "bigint", nullable: false),
                    BranchId = table.Column<long>(type: "bigint", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Occasion = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    HeldOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Opinions = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    PublishedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
