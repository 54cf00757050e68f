using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Linli.Data.Migrations.Postgres
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
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BenefitKindSettings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UnitId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    LimitWorkingDays = table.Column<int>(type: "integer", nullable: false),
                    NoticeDays = table.Column<int>(type: "integer", nullable: false),
                    NeedsInvestigation = table.Column<bool>(type: "boolean", nullable: false),
                    NeedsReview = table.Column<bool>(type: "boolean", nullable: false),
                    NeedsNotice = table.Column<bool>(type: "boolean", nullable: false),
                    ReviewMonths = table.Column<int>(type: "integer", nullable: true),
                    UnstableReviewMonths = table.Column<int>(type: "integer", nullable: true),
                    Reset = table.Column<bool>(type: "boolean", nullable: false),
                    SavedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SavedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
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
