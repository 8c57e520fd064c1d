using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cussp.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MeetingCancellation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CancelReason",
                table: "meetings",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CancelledAt",
                table: "meetings",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CancelledBy",
                table: "meetings",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CancelReason",
                table: "meetings");

            migrationBuilder.DropColumn(
                name: "CancelledAt",
                table: "meetings");

            migrationBuilder.DropColumn(
                name: "CancelledBy",
                table: "meetings");
        }
    }
}
