using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Linli.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CaseDuplicateIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Cases_DuplicateOfId",
                table: "Cases",
                column: "DuplicateOfId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_DuplicateOfId",
                table: "Cases");
        }
    }
}
