using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Linli.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CaseDuesTaskCalendarPartyDuesBook : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "KeptDueDate",
                table: "TaskAssignments",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "StreetAcceptYellowPercent",
                table: "CaseTypes",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "StreetHandleYellowPercent",
                table: "CaseTypes",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateOnly>(
                name: "DueAsked",
                table: "AssignedTasks",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "WorkingDays",
                table: "AssignedTasks",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CaseDues",
                columns: table => new
                {
                    CaseId = table.Column<long>(type: "bigint", nullable: false),
                    CommunityId = table.Column<long>(type: "bigint", nullable: false),
                    DueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseDues", x => x.CaseId);
                    table.ForeignKey(
                        name: "FK_CaseDues_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PartyDuesFlows",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CommunityId = table.Column<long>(type: "bigint", nullable: false),
                    BranchId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    Summary = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Counterparty = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Purpose = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ApprovedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    RecordedById = table.Column<long>(type: "bigint", nullable: false),
                    RecordedByName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartyDuesFlows", x => x.Id);
                });

            migrationBuilder.UpdateData(
                table: "CaseTypes",
                keyColumn: "Code",
                keyValue: "12345",
                columns: new[] { "StreetAcceptYellowPercent", "StreetHandleYellowPercent" },
                values: new object[] { 60, 50 });

            migrationBuilder.UpdateData(
                table: "CaseTypes",
                keyColumn: "Code",
                keyValue: "grievance",
                columns: new[] { "StreetAcceptYellowPercent", "StreetHandleYellowPercent" },
                values: new object[] { 50, 40 });

            migrationBuilder.UpdateData(
                table: "CaseTypes",
                keyColumn: "Code",
                keyValue: "help",
                columns: new[] { "StreetAcceptYellowPercent", "StreetHandleYellowPercent" },
                values: new object[] { 60, 50 });

            migrationBuilder.UpdateData(
                table: "CaseTypes",
                keyColumn: "Code",
                keyValue: "mediation",
                columns: new[] { "StreetAcceptYellowPercent", "StreetHandleYellowPercent" },
                values: new object[] { 50, 40 });

            migrationBuilder.UpdateData(
                table: "CaseTypes",
                keyColumn: "Code",
                keyValue: "other",
                columns: new[] { "StreetAcceptYellowPercent", "StreetHandleYellowPercent" },
                values: new object[] { 50, 40 });

            migrationBuilder.CreateIndex(
                name: "IX_CaseDues_CommunityId_DueAt",
                table: "CaseDues",
                columns: new[] { "CommunityId", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PartyDuesFlows_BranchId_Date",
                table: "PartyDuesFlows",
                columns: new[] { "BranchId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_PartyDuesFlows_CommunityId_Date",
                table: "PartyDuesFlows",
                columns: new[] { "CommunityId", "Date" });

            // Types an office added keep their own warning lines at the street too (the presets above set the built-in ones),
            // and every running clock of a case already open gets its row in CaseDues, which the street's overdue numbers count.
            migrationBuilder.Sql("UPDATE \"CaseTypes\" SET \"StreetAcceptYellowPercent\" = \"AcceptYellowPercent\" WHERE \"StreetAcceptYellowPercent\" = 0;");
            migrationBuilder.Sql("UPDATE \"CaseTypes\" SET \"StreetHandleYellowPercent\" = \"HandleYellowPercent\" WHERE \"StreetHandleYellowPercent\" = 0;");
            migrationBuilder.Sql("INSERT INTO \"CaseDues\" (\"CaseId\", \"CommunityId\", \"DueAt\") SELECT \"Id\", \"CommunityId\", \"DueAt\" FROM \"Cases\" WHERE \"ClockStage\" IS NOT NULL AND \"PausedSince\" IS NULL AND \"DueAt\" IS NOT NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CaseDues");

            migrationBuilder.DropTable(
                name: "PartyDuesFlows");

            migrationBuilder.DropColumn(
                name: "KeptDueDate",
                table: "TaskAssignments");

            migrationBuilder.DropColumn(
                name: "StreetAcceptYellowPercent",
                table: "CaseTypes");

            migrationBuilder.DropColumn(
                name: "StreetHandleYellowPercent",
                table: "CaseTypes");

            migrationBuilder.DropColumn(
                name: "DueAsked",
                table: "AssignedTasks");

            migrationBuilder.DropColumn(
                name: "WorkingDays",
                table: "AssignedTasks");
        }
    }
}
