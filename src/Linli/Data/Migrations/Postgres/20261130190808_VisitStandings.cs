using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Linli.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class VisitStandings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "VisitStandings",
                columns: table => new
                {
                    ResidentId = table.Column<long>(type: "bigint", nullable: false),
                    TagId = table.Column<long>(type: "bigint", nullable: false),
                    GridId = table.Column<long>(type: "bigint", nullable: false),
                    CommunityId = table.Column<long>(type: "bigint", nullable: false),
                    LastVisit = table.Column<DateOnly>(type: "date", nullable: true),
                    Opens = table.Column<DateOnly>(type: "date", nullable: true),
                    Closes = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VisitStandings", x => new { x.ResidentId, x.TagId });
                    table.ForeignKey(
                        name: "FK_VisitStandings_Residents_ResidentId",
                        column: x => x.ResidentId,
                        principalTable: "Residents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_VisitStandings_Tags_TagId",
                        column: x => x.TagId,
                        principalTable: "Tags",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_VisitStandings_CommunityId_TagId_Closes",
                table: "VisitStandings",
                columns: new[] { "CommunityId", "TagId", "Closes" });

            migrationBuilder.CreateIndex(
                name: "IX_VisitStandings_GridId_TagId_Closes",
                table: "VisitStandings",
                columns: new[] { "GridId", "TagId", "Closes" });

            migrationBuilder.CreateIndex(
                name: "IX_VisitStandings_TagId",
                table: "VisitStandings",
                column: "TagId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "VisitStandings");
        }
    }
}
