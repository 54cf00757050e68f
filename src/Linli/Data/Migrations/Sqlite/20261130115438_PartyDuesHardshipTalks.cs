using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Linli.Data.Migrations.Sqlite
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    BranchId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    MonthlyIncome = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    MonthlyAmount = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    FromMonth = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DeclaredOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ApprovedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RecordedById = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedByName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartyDuesDeclarations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PartyDuesPayments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    BranchId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    FromMonth = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ToMonth = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    PaidOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RecordedById = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedByName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartyDuesPayments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PartyHardships",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    BranchId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Health = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Situation = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    PairedMemberId = table.Column<long>(type: "INTEGER", nullable: true),
                    PairedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Support = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    FlaggedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartyHardships", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PartyHardshipVisits",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    HardshipId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    Festival = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RoundYear = table.Column<int>(type: "INTEGER", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Visitors = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Money = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    Goods = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    VisitId = table.Column<long>(type: "INTEGER", nullable: true),
                    RecordedById = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartyHardshipVisits", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PartyMeetingPhotos",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MeetingId = table.Column<long>(type: "INTEGER", nullable: false),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Bytes = table.Column<byte[]>(type: "BLOB", nullable: false),
                    AddedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartyMeetingPhotos", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PartyTalks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    BranchId = table.Column<long>(type: "INTEGER", nullable: false),
                    Talker = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Topic = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RecordedById = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
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
