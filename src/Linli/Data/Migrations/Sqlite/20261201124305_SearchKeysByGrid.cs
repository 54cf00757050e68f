using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Linli.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SearchKeysByGrid : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_ResidentSearchKeys",
                table: "ResidentSearchKeys");

            migrationBuilder.AddPrimaryKey(
                name: "PK_ResidentSearchKeys",
                table: "ResidentSearchKeys",
                columns: new[] { "GridId", "Key", "ResidentId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_ResidentSearchKeys",
                table: "ResidentSearchKeys");

            migrationBuilder.AddPrimaryKey(
                name: "PK_ResidentSearchKeys",
                table: "ResidentSearchKeys",
                columns: new[] { "Key", "GridId", "ResidentId" });
        }
    }
}
