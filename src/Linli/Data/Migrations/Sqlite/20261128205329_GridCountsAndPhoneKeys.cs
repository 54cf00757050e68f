using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Linli.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class GridCountsAndPhoneKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "GridCounts",
                columns: table => new
                {
                    GridId = table.Column<long>(type: "INTEGER", nullable: false),
                    Measure = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Key = table.Column<long>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GridCounts", x => new { x.GridId, x.Measure, x.Key });
                    table.ForeignKey(
                        name: "FK_GridCounts_OrgUnits_GridId",
                        column: x => x.GridId,
                        principalTable: "OrgUnits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Existing databases get their numbers once, here; from now on every write keeps them current (GridCounts).
            migrationBuilder.Sql("""
INSERT INTO "GridCounts" ("GridId", "Measure", "Key", "Count")
SELECT "GridId", 'Households', 0, COUNT(*) FROM "Households" GROUP BY "GridId";
INSERT INTO "GridCounts" ("GridId", "Measure", "Key", "Count")
SELECT "GridId", 'BirthYear', COALESCE(CAST(substr("BirthDate", 1, 4) AS INTEGER), 0), COUNT(*) FROM "Residents"
WHERE "Status" = 'Active' GROUP BY "GridId", COALESCE(CAST(substr("BirthDate", 1, 4) AS INTEGER), 0);
INSERT INTO "GridCounts" ("GridId", "Measure", "Key", "Count")
SELECT r."GridId", 'Tag', t."TagId", COUNT(*) FROM "Residents" r JOIN "ResidentTags" t ON t."ResidentId" = r."Id"
WHERE r."Status" = 'Active' GROUP BY r."GridId", t."TagId";
""");

            // The phone-suffix key "@" + the last four digits the masked phone shows (ResidentSearchKey.PhoneKey).
            migrationBuilder.Sql("""
INSERT INTO "ResidentSearchKeys" ("Key", "GridId", "ResidentId")
SELECT '@' || substr("PhoneMasked", -4), "GridId", "Id" FROM "Residents"
WHERE length("PhoneMasked") >= 4 AND substr("PhoneMasked", -4) GLOB '[0-9][0-9][0-9][0-9]';
""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DELETE FROM "ResidentSearchKeys" WHERE length("Key") = 5 AND substr("Key", 1, 1) = '@';""");

            migrationBuilder.DropTable(
                name: "GridCounts");
        }
    }
}
