using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Linli.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ActivitiesVolunteers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ActivitySeries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Audience = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Place = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: true),
                    Organiser = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Content = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Weekday = table.Column<int>(type: "INTEGER", nullable: false),
                    IntervalWeeks = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    LastDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Starts = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    Ends = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActivitySeries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ActivitySeries_OrgUnits_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "OrgUnits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Volunteers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    ResidentId = table.Column<long>(type: "INTEGER", nullable: true),
                    GridId = table.Column<long>(type: "INTEGER", nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ConsentToShare = table.Column<bool>(type: "INTEGER", nullable: false),
                    ConsentRecordedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ConsentRecordedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Skills = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Availability = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    JoinedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    HasLeft = table.Column<bool>(type: "INTEGER", nullable: false),
                    SelfToken = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Volunteers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Volunteers_OrgUnits_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "OrgUnits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Volunteers_Residents_ResidentId",
                        column: x => x.ResidentId,
                        principalTable: "Residents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "VolunteerTeams",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Leader = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VolunteerTeams", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VolunteerTeams_OrgUnits_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "OrgUnits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Activities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    SeriesId = table.Column<long>(type: "INTEGER", nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Audience = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Starts = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    Ends = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    Place = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: true),
                    Organiser = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Content = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Report = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DoorCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    RecorderName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RecorderId = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClosedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Activities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Activities_ActivitySeries_SeriesId",
                        column: x => x.SeriesId,
                        principalTable: "ActivitySeries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Activities_OrgUnits_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "OrgUnits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ServiceCertificates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Number = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    VolunteerId = table.Column<long>(type: "INTEGER", nullable: false),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    VolunteerName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IdMasked = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                    From = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    To = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Hours = table.Column<decimal>(type: "TEXT", precision: 8, scale: 2, nullable: false),
                    Content = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Issuer = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PostedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    IssuedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    IssuedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceCertificates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServiceCertificates_OrgUnits_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "OrgUnits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ServiceCertificates_Volunteers_VolunteerId",
                        column: x => x.VolunteerId,
                        principalTable: "Volunteers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "VolunteerHours",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    VolunteerId = table.Column<long>(type: "INTEGER", nullable: false),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    TeamId = table.Column<long>(type: "INTEGER", nullable: true),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Hours = table.Column<decimal>(type: "TEXT", precision: 8, scale: 2, nullable: false),
                    Content = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ServedCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Satisfaction = table.Column<int>(type: "INTEGER", nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SourceId = table.Column<long>(type: "INTEGER", nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    EnteredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EnteredBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DecidedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RejectReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VolunteerHours", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VolunteerHours_VolunteerTeams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "VolunteerTeams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_VolunteerHours_Volunteers_VolunteerId",
                        column: x => x.VolunteerId,
                        principalTable: "Volunteers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "VolunteerProjects",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TeamId = table.Column<long>(type: "INTEGER", nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VolunteerProjects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VolunteerProjects_OrgUnits_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "OrgUnits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_VolunteerProjects_VolunteerTeams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "VolunteerTeams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "VolunteerTeamMembers",
                columns: table => new
                {
                    TeamId = table.Column<long>(type: "INTEGER", nullable: false),
                    VolunteerId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VolunteerTeamMembers", x => new { x.TeamId, x.VolunteerId });
                    table.ForeignKey(
                        name: "FK_VolunteerTeamMembers_VolunteerTeams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "VolunteerTeams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_VolunteerTeamMembers_Volunteers_VolunteerId",
                        column: x => x.VolunteerId,
                        principalTable: "Volunteers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ActivityPhotos",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ActivityId = table.Column<long>(type: "INTEGER", nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Bytes = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Caption = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActivityPhotos", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ActivityPhotos_Activities_ActivityId",
                        column: x => x.ActivityId,
                        principalTable: "Activities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ActivitySignups",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ActivityId = table.Column<long>(type: "INTEGER", nullable: false),
                    ResidentId = table.Column<long>(type: "INTEGER", nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    GridId = table.Column<long>(type: "INTEGER", nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    IsWalkIn = table.Column<bool>(type: "INTEGER", nullable: false),
                    AsVolunteer = table.Column<bool>(type: "INTEGER", nullable: false),
                    CheckInCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    SignedUpAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AttendedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AttendedBy = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    SignedUpByName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActivitySignups", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ActivitySignups_Activities_ActivityId",
                        column: x => x.ActivityId,
                        principalTable: "Activities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ActivitySignups_Residents_ResidentId",
                        column: x => x.ResidentId,
                        principalTable: "Residents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TimeBankEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    VolunteerId = table.Column<long>(type: "INTEGER", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Hours = table.Column<decimal>(type: "TEXT", precision: 8, scale: 2, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    HoursId = table.Column<long>(type: "INTEGER", nullable: true),
                    EnteredBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EnteredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TimeBankEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TimeBankEntries_VolunteerHours_HoursId",
                        column: x => x.HoursId,
                        principalTable: "VolunteerHours",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TimeBankEntries_Volunteers_VolunteerId",
                        column: x => x.VolunteerId,
                        principalTable: "Volunteers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "VolunteerOpportunities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProjectId = table.Column<long>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Mode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    From = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    To = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Starts = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    Ends = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    Needed = table.Column<int>(type: "INTEGER", nullable: true),
                    Place = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VolunteerOpportunities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VolunteerOpportunities_VolunteerProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "VolunteerProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VolunteerAssignments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OpportunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    VolunteerId = table.Column<long>(type: "INTEGER", nullable: false),
                    AssignedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VolunteerAssignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VolunteerAssignments_VolunteerOpportunities_OpportunityId",
                        column: x => x.OpportunityId,
                        principalTable: "VolunteerOpportunities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_VolunteerAssignments_Volunteers_VolunteerId",
                        column: x => x.VolunteerId,
                        principalTable: "Volunteers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_CommunityId_Date",
                table: "Activities",
                columns: new[] { "CommunityId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_DoorCode",
                table: "Activities",
                column: "DoorCode");

            migrationBuilder.CreateIndex(
                name: "IX_Activities_SeriesId_Date",
                table: "Activities",
                columns: new[] { "SeriesId", "Date" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ActivityPhotos_ActivityId",
                table: "ActivityPhotos",
                column: "ActivityId");

            migrationBuilder.CreateIndex(
                name: "IX_ActivitySeries_CommunityId",
                table: "ActivitySeries",
                column: "CommunityId");

            migrationBuilder.CreateIndex(
                name: "IX_ActivitySignups_ActivityId_CheckInCode",
                table: "ActivitySignups",
                columns: new[] { "ActivityId", "CheckInCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ActivitySignups_ActivityId_ResidentId",
                table: "ActivitySignups",
                columns: new[] { "ActivityId", "ResidentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ActivitySignups_ActivityId_State_Id",
                table: "ActivitySignups",
                columns: new[] { "ActivityId", "State", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ActivitySignups_ResidentId_AttendedAtUtc",
                table: "ActivitySignups",
                columns: new[] { "ResidentId", "AttendedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceCertificates_CommunityId",
                table: "ServiceCertificates",
                column: "CommunityId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceCertificates_Number",
                table: "ServiceCertificates",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServiceCertificates_VolunteerId",
                table: "ServiceCertificates",
                column: "VolunteerId");

            migrationBuilder.CreateIndex(
                name: "IX_TimeBankEntries_HoursId",
                table: "TimeBankEntries",
                column: "HoursId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TimeBankEntries_VolunteerId_Id",
                table: "TimeBankEntries",
                columns: new[] { "VolunteerId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_VolunteerAssignments_OpportunityId_VolunteerId",
                table: "VolunteerAssignments",
                columns: new[] { "OpportunityId", "VolunteerId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VolunteerAssignments_VolunteerId",
                table: "VolunteerAssignments",
                column: "VolunteerId");

            migrationBuilder.CreateIndex(
                name: "IX_VolunteerHours_CommunityId_State_Date",
                table: "VolunteerHours",
                columns: new[] { "CommunityId", "State", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_VolunteerHours_Source_SourceId_VolunteerId",
                table: "VolunteerHours",
                columns: new[] { "Source", "SourceId", "VolunteerId" });

            migrationBuilder.CreateIndex(
                name: "IX_VolunteerHours_TeamId",
                table: "VolunteerHours",
                column: "TeamId");

            migrationBuilder.CreateIndex(
                name: "IX_VolunteerHours_VolunteerId_Date",
                table: "VolunteerHours",
                columns: new[] { "VolunteerId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_VolunteerOpportunities_ProjectId",
                table: "VolunteerOpportunities",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_VolunteerProjects_CommunityId",
                table: "VolunteerProjects",
                column: "CommunityId");

            migrationBuilder.CreateIndex(
                name: "IX_VolunteerProjects_TeamId",
                table: "VolunteerProjects",
                column: "TeamId");

            migrationBuilder.CreateIndex(
                name: "IX_Volunteers_CommunityId_ResidentId",
                table: "Volunteers",
                columns: new[] { "CommunityId", "ResidentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Volunteers_ResidentId",
                table: "Volunteers",
                column: "ResidentId");

            migrationBuilder.CreateIndex(
                name: "IX_Volunteers_SelfToken",
                table: "Volunteers",
                column: "SelfToken",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VolunteerTeamMembers_VolunteerId",
                table: "VolunteerTeamMembers",
                column: "VolunteerId");

            migrationBuilder.CreateIndex(
                name: "IX_VolunteerTeams_CommunityId_Name",
                table: "VolunteerTeams",
                columns: new[] { "CommunityId", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ActivityPhotos");

            migrationBuilder.DropTable(
                name: "ActivitySignups");

            migrationBuilder.DropTable(
                name: "ServiceCertificates");

            migrationBuilder.DropTable(
                name: "TimeBankEntries");

            migrationBuilder.DropTable(
                name: "VolunteerAssignments");

            migrationBuilder.DropTable(
                name: "VolunteerTeamMembers");

            migrationBuilder.DropTable(
                name: "Activities");

            migrationBuilder.DropTable(
                name: "VolunteerHours");

            migrationBuilder.DropTable(
                name: "VolunteerOpportunities");

            migrationBuilder.DropTable(
                name: "ActivitySeries");

            migrationBuilder.DropTable(
                name: "Volunteers");

            migrationBuilder.DropTable(
                name: "VolunteerProjects");

            migrationBuilder.DropTable(
                name: "VolunteerTeams");
        }
    }
}
