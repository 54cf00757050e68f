using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Linli.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class VisitStandingsCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_VisitStandings_GridId_TagId_Closes",
                table: "VisitStandings");

            migrationBuilder.CreateIndex(
                name: "IX_VisitStandings_GridId_TagId_Closes_Opens",
                table: "VisitStandings",
                columns: new[] { "GridId", "TagId", "Closes", "Opens" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_VisitStandings_GridId_TagId_Closes_Opens",
                table: "VisitStandings");

            migrationBuilder.CreateIndex(
                name: "IX_VisitStandings_GridId_TagId_Closes",
                table: "VisitStandings",
                columns: new[] { "GridId", "TagId", "Closes" });
        }
    }
}
