using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Linli.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class NationalIdUnique : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Residents_NationalIdHash",
                table: "Residents");

            // Numbers two records already share (the duplicates page lists them) stay on the lowest Id; the others are
            // parked with a history row, so that the unique index can be made.
            migrationBuilder.Sql(Linli.Features.Registry.Duplicates.ParkSharedNumbersSql(postgres: true));

            migrationBuilder.CreateIndex(
                name: "IX_Residents_NationalIdHash",
                table: "Residents",
                column: "NationalIdHash",
                unique: true,
                filter: "\"NationalIdHash\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Residents_NationalIdHash",
                table: "Residents");

            migrationBuilder.CreateIndex(
                name: "IX_Residents_NationalIdHash",
                table: "Residents",
                column: "NationalIdHash");
        }
    }
}
