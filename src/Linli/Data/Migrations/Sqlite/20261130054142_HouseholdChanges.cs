using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Linli.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class HouseholdChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "MergedIntoId",
                table: "Residents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "HouseholdChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    HouseholdId = table.Column<long>(type: "INTEGER", nullable: false),
                    GridId = table.Column<long>(type: "INTEGER", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UserId = table.Column<long>(type: "INTEGER", nullable: true),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HouseholdChanges", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_HouseholdChanges_HouseholdId_Id",
                table: "HouseholdChanges",
                columns: new[] { "HouseholdId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HouseholdChanges");

            migrationBuilder.DropColumn(
                name: "MergedIntoId",
                table: "Residents");
        }
    }
}
