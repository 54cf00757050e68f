using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Linli.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ResidentTagCopies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "BirthDate",
                table: "ResidentTags",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "HouseholdId",
                table: "ResidentTags",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "ResidentTags",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            // The copies of the residents' fields, filled from the residents (kept by ResidentTagCopies from now on).
            migrationBuilder.Sql("""
                UPDATE "ResidentTags" SET "BirthDate" = r."BirthDate", "HouseholdId" = r."HouseholdId", "Status" = r."Status", "GridId" = r."GridId"
                FROM "Residents" AS r WHERE r."Id" = "ResidentTags"."ResidentId";
                """);

            migrationBuilder.CreateIndex(
                name: "IX_ResidentTags_TagId_Status_GridId_BirthDate_HouseholdId_Resi~",
                table: "ResidentTags",
                columns: new[] { "TagId", "Status", "GridId", "BirthDate", "HouseholdId", "ResidentId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ResidentTags_TagId_Status_GridId_BirthDate_HouseholdId_Resi~",
                table: "ResidentTags");

            migrationBuilder.DropColumn(
                name: "BirthDate",
                table: "ResidentTags");

            migrationBuilder.DropColumn(
                name: "HouseholdId",
                table: "ResidentTags");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "ResidentTags");
        }
    }
}
