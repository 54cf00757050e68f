using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Linli.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TasksFollowCalendar : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "KeptDueDate",
                table: "TaskAssignments",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "DueAsked",
                table: "AssignedTasks",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "WorkingDays",
                table: "AssignedTasks",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "KeptDueDate",
                table: "TaskAssignments");

            migrationBuilder.DropColumn(
                name: "DueAsked",
                table: "AssignedTasks");

            migrationBuilder.DropColumn(
                name: "WorkingDays",
                table: "AssignedTasks");
        }
    }
}
