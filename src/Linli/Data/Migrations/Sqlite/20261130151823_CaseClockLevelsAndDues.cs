using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Linli.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CaseClockLevelsAndDues : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "StreetAcceptYellowPercent",
                table: "CaseTypes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "StreetHandleYellowPercent",
                table: "CaseTypes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "CaseDues",
                columns: table => new
                {
                    CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<DateTime>(type: "TEXT", nullable: false)
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

            // The running clocks of the cases already open (CaseDue: open, not paused).
            migrationBuilder.Sql("INSERT INTO \"CaseDues\" (\"CaseId\", \"CommunityId\", \"DueAt\") SELECT \"Id\", \"CommunityId\", \"DueAt\" FROM \"Cases\" WHERE \"ClockStage\" IS NOT NULL AND \"PausedSince\" IS NULL AND \"DueAt\" IS NOT NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CaseDues");

            migrationBuilder.DropColumn(
                name: "StreetAcceptYellowPercent",
                table: "CaseTypes");

            migrationBuilder.DropColumn(
                name: "StreetHandleYellowPercent",
                table: "CaseTypes");
        }
    }
}
