using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Linli.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PartyYear : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PartyCommitments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CommunityId = table.Column<long>(type: "bigint", nullable: false),
                    BranchId = table.Column<long>(type: "bigint", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    MemberId = table.Column<long>(type: "bigint", nullable: true),
                    Text = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Measure = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CheckedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    PublishedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Public = table.Column<bool>(type: "boolean", nullable: false),
                    Progress = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ScoreByMembers = table.Column<int>(type: "integer", nullable: true),
                    ScoreByResidents = table.Column<int>(type: "integer", nullable: true),
                    ScoreByBranch = table.Column<int>(type: "integer", nullable: true),
                    EvaluatedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartyCommitments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PartyEvaluations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CommunityId = table.Column<long>(type: "bigint", nullable: false),
                    BranchId = table.Column<long>(type: "bigint", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    MemberId = table.Column<long>(type: "bigint", nullable: false),
                    Grade = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    PublishedOn = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartyEvaluations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PartyPosts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CommunityId = table.Column<long>(type: "bigint", nullable: false),
                    BranchId = table.Column<long>(type: "bigint", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    MemberId = table.Column<long>(type: "bigint", nullable: false),
                    Post = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Duties = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Route = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SignedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    PublishedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Reports = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Score = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartyPosts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PartyCommitments_BranchId_Year_MemberId",
                table: "PartyCommitments",
                columns: new[] { "BranchId", "Year", "MemberId" });

            migrationBuilder.CreateIndex(
                name: "IX_PartyEvaluations_BranchId_Year_MemberId",
                table: "PartyEvaluations",
                columns: new[] { "BranchId", "Year", "MemberId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PartyPosts_BranchId_Year",
                table: "PartyPosts",
                columns: new[] { "BranchId", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_PartyPosts_MemberId_Year",
                table: "PartyPosts",
                columns: new[] { "MemberId", "Year" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PartyCommitments");

            migrationBuilder.DropTable(
                name: "PartyEvaluations");

            migrationBuilder.DropTable(
                name: "PartyPosts");
        }
    }
}
