using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cussp.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ThirdStates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ConsultationId",
                table: "joint_decisions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ThirdStateId",
                table: "joint_decisions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "third_states",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Arrangement = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    SignedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    AddedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    AddedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_third_states", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_joint_decisions_ConsultationId_ThirdStateId",
                table: "joint_decisions",
                columns: new[] { "ConsultationId", "ThirdStateId" });

            migrationBuilder.CreateIndex(
                name: "IX_third_states_Name",
                table: "third_states",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "third_states");

            migrationBuilder.DropIndex(
                name: "IX_joint_decisions_ConsultationId_ThirdStateId",
                table: "joint_decisions");

            migrationBuilder.DropColumn(
                name: "ConsultationId",
                table: "joint_decisions");

            migrationBuilder.DropColumn(
                name: "ThirdStateId",
                table: "joint_decisions");
        }
    }
}
