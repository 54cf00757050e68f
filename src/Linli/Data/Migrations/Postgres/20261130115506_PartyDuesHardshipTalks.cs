using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Linli.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PartyDuesHardshipTalks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PartyDuesDeclarations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CommunityId = table.Column<long>(type: "bigint", nullable: false),
                    BranchId = table.Column<long>(type: "bigint", nullable: false),
                    MemberId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    MonthlyIncome = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    MonthlyAmount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    FromMonth = table.Column<DateOnly>(type: "date", nullable: false),
                    DeclaredOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ApprovedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RecordedById = table.Column<long>(type: "bigint", nullable: false),
                    RecordedByName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartyDuesDeclarations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PartyDuesPayments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CommunityId = table.Column<long>(type: "bigint", nullable: false),
                    BranchId = table.Column<long>(type: "bigint", nullable: false),
                    MemberId = table.Column<long>(type: "bigint", nullable: false),
                    FromMonth = table.Column<DateOnly>(type: "date", nullable: false),
                    ToMonth = table.Column<DateOnly>(type: "date", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    PaidOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RecordedById = table.Column<long>(type: "bigint", nullable: false),
                    RecordedByName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartyDuesPayments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PartyHardships",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CommunityId = table.Column<long>(type: "bigint", nullable: false),
                    BranchId = table.Column<long>(type: "bigint", nullable: false),
                    MemberId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Health = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Situation = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    PairedMemberId = table.Column<long>(type: "bigint", nullable: true),
                    PairedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Support = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    FlaggedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    EndedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartyHardships", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PartyHardshipVisits",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CommunityId = table.Column<long>(type: "bigint", nullable: false),
                    HardshipId = table.Column<long>(type: "bigint", nullable: false),
                    MemberId = table.Column<long>(type: "bigint", nullable: false),
                    Festival = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RoundYear = table.Column<int>(type: "integer", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Visitors = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Money = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    Goods = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Notes = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    VisitId = table.Column<long>(type: "bigint", nullable: true),
                    RecordedById = table.Column<long>(type: "bigint", nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartyHardshipVisits", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PartyMeetingPhotos",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MeetingId = table.Column<long>(type: "bigint", nullable: false),
                    CommunityId = table.Column<long>(type: "bigint", nullable: false),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Bytes = table.Column<byte[]>(type: "bytea", nullable: false),
                    AddedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartyMeetingPhotos", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PartyTalks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CommunityId = table.Column<long>(type: "bigint", nullable: false),
                    BranchId = table.Column<long>(type: "bigint", nullable: false),
                    Talker = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    MemberId = table.Column<long>(type: "bigint", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Topic = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    RecordedById = table.Column<long>(type: "bigint", nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartyTalks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PartyDuesDeclarations_BranchId",
                table: "PartyDuesDeclarations",
                column: "BranchId");

            migrationBuilder.CreateIndex(
                name: "IX_PartyDuesDeclarations_MemberId_FromMonth",
                table: "PartyDuesDeclarations",
                columns: new[] { "MemberId", "FromMonth" });

            migrationBuilder.CreateIndex(
                name: "IX_PartyDuesPayments_BranchId_PaidOn",
                table: "PartyDuesPayments",
                columns: new[] { "BranchId", "PaidOn" });

            migrationBuilder.CreateIndex(
                name: "IX_PartyDuesPayments_MemberId_FromMonth",
                table: "PartyDuesPayments",
                columns: new[] { "MemberId", "FromMonth" });

            migrationBuilder.CreateIndex(
                name: "IX_PartyHardships_BranchId",
                table: "PartyHardships",
                column: "BranchId");

            migrationBuilder.CreateIndex(
                name: "IX_PartyHardships_MemberId",
                table: "PartyHardships",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_PartyHardshipVisits_CommunityId_Date",
                table: "PartyHardshipVisits",
                columns: new[] { "CommunityId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_PartyHardshipVisits_HardshipId_Festival_RoundYear",
                table: "PartyHardshipVisits",
                columns: new[] { "HardshipId", "Festival", "RoundYear" });

            migrationBuilder.CreateIndex(
                name: "IX_PartyMeetingPhotos_MeetingId",
                table: "PartyMeetingPhotos",
                column: "MeetingId");

            migrationBuilder.CreateIndex(
                name: "IX_PartyTalks_BranchId_Date",
                table: "PartyTalks",
                columns: new[] { "BranchId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_PartyTalks_MemberId",
                table: "PartyTalks",
                column: "MemberId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PartyDuesDeclarations");

            migrationBuilder.DropTable(
                name: "PartyDuesPayments");

            migrationBuilder.DropTable(
                name: "PartyHardships");

            migrationBuilder.DropTable(
                name: "PartyHardshipVisits");

            migrationBuilder.DropTable(
                name: "PartyMeetingPhotos");

            migrationBuilder.DropTable(
                name: "PartyTalks");
        }
    }
}
