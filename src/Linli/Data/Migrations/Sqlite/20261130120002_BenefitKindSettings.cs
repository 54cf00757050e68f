using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Linli.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BenefitKindSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "KindSettingId",
                table: "BenefitApplications",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BenefitKindSettings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UnitId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    LimitWorkingDays = table.Column<int>(type: "INTEGER", nullable: false),
                    NoticeDays = table.Column<int>(type: "INTEGER", nullable: false),
                    NeedsInvestigation = table.Column<bool>(type: "INTEGER", nullable: false),
                    NeedsReview = table.Column<bool>(type: "INTEGER", nullable: false),
                    NeedsNotice = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReviewMonths = table.Column<int>(type: "INTEGER", nullable: true),
                    UnstableReviewMonths = table.Column<int>(type: "INTEGER", nullable: true),
                    Reset = table.Column<bool>(type: "INTEGER", nullable: false),
                    SavedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SavedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BenefitKindSettings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BenefitKindSettings_OrgUnits_UnitId",
                        column: x => x.UnitId,
                        principalTable: "OrgUnits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BenefitKindSettings_UnitId_Kind_Id",
                table: "BenefitKindSettings",
                columns: new[] { "UnitId", "Kind", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BenefitKindSettings");

            migrationBuilder.DropColumn(
                name: "KindSettingId",
                table: "BenefitApplications");
        }
    }
}
