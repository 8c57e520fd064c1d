using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cussp.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MeetingRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Minutes",
                table: "meetings",
                type: "TEXT",
                maxLength: 50000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "MinutesAt",
                table: "meetings",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MinutesBy",
                table: "meetings",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "meeting_entries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MeetingId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Citation = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    CommitmentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Side = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DoneAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DoneBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_meeting_entries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_meeting_entries_meetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "meetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_meeting_entries_MeetingId_Kind_Ordinal",
                table: "meeting_entries",
                columns: new[] { "MeetingId", "Kind", "Ordinal" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "meeting_entries");

            migrationBuilder.DropColumn(
                name: "Minutes",
                table: "meetings");

            migrationBuilder.DropColumn(
                name: "MinutesAt",
                table: "meetings");

            migrationBuilder.DropColumn(
                name: "MinutesBy",
                table: "meetings");
        }
    }
}
