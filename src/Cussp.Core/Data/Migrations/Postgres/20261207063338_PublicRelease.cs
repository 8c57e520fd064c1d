using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cussp.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PublicRelease : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ReleasedAt",
                table: "commitments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReleasedBy",
                table: "commitments",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_commitments_AgreementId_ReleasedAt",
                table: "commitments",
                columns: new[] { "AgreementId", "ReleasedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_commitments_AgreementId_ReleasedAt",
                table: "commitments");

            migrationBuilder.DropColumn(
                name: "ReleasedAt",
                table: "commitments");

            migrationBuilder.DropColumn(
                name: "ReleasedBy",
                table: "commitments");
        }
    }
}
