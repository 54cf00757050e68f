using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Linli.Data.Migrations.Postgres
{
    /// <summary>
    /// No schema change: the charts' numbers kept in GridCounts (GenderBirthYear for the population pyramid, ResidenceKind),
    /// counted once here for an existing database; from now on every write keeps them current (GridCounts).
    /// </summary>
    [DbContext(typeof(PostgresLinliDb))]
    [Migration("20261130063001_ListCounts")]
    public partial class ListCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DELETE FROM "GridCounts" WHERE "Measure" IN ('GenderBirthYear', 'ResidenceKind');""");
            migrationBuilder.Sql(GridCounts.PyramidAndKindsSql(postgres: true, """SELECT "Id" FROM "OrgUnits" WHERE "Kind" = 'Grid'"""));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DELETE FROM "GridCounts" WHERE "Measure" IN ('GenderBirthYear', 'ResidenceKind');""");
        }
    }
}
