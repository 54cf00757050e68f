using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Linli.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class VisitTriggers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "VisitWithinHours",
                table: "Tags",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "AddedAtUtc",
                table: "ResidentTags",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "VisitWithinHours",
                table: "CommunityVisitCycles",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "VisitWithinHours",
                table: "Tags");

            migrationBuilder.DropColumn(
                name: "AddedAtUtc",
                table: "ResidentTags");

            migrationBuilder.DropColumn(
                name: "VisitWithinHours",
                table: "CommunityVisitCycles");
        }
    }
}
