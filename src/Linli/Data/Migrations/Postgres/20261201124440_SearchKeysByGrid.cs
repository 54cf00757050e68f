using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Linli.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SearchKeysByGrid : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The model keeps the relationship (EF sets a new resident's id on its keys), the database drops the
            // constraint: PostgreSQL checked every key row against "Residents" with a row lock, more than half of the
            // time a roster's 76,000 keys took to insert (0.85-1.0 s against 0.38-0.40 s without, 117,000 rows in psql).
            // The keys are a derived index: residents are never deleted but by an import taking itself out, which
            // deletes their keys first (ImportBatch.UndoAsync), and a key without its resident finds nobody.
            // SQLite's check is a look-up by rowid and stays. MigrationTests holds both.
            migrationBuilder.DropForeignKey(
                name: "FK_ResidentSearchKeys_Residents_ResidentId",
                table: "ResidentSearchKeys");

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

            migrationBuilder.AddForeignKey(
                name: "FK_ResidentSearchKeys_Residents_ResidentId",
                table: "ResidentSearchKeys",
                column: "ResidentId",
                principalTable: "Residents",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
