using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cussp.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CommitmentEvidence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "CommitmentId",
                table: "joint_decisions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "DecisionId",
                table: "commitment_updates",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "commitment_evidence",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CommitmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Length = table.Column<long>(type: "INTEGER", nullable: true),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AddedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    AddedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_commitment_evidence", x => x.Id);
                    table.ForeignKey(
                        name: "FK_commitment_evidence_commitments_CommitmentId",
                        column: x => x.CommitmentId,
                        principalTable: "commitments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "commitment_evidence_content",
                columns: table => new
                {
                    EvidenceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_commitment_evidence_content", x => x.EvidenceId);
                    table.ForeignKey(
                        name: "FK_commitment_evidence_content_commitment_evidence_EvidenceId",
                        column: x => x.EvidenceId,
                        principalTable: "commitment_evidence",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_joint_decisions_CommitmentId_State",
                table: "joint_decisions",
                columns: new[] { "CommitmentId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_commitment_evidence_CommitmentId_AddedAt",
                table: "commitment_evidence",
                columns: new[] { "CommitmentId", "AddedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "commitment_evidence_content");

            migrationBuilder.DropTable(
                name: "commitment_evidence");

            migrationBuilder.DropIndex(
                name: "IX_joint_decisions_CommitmentId_State",
                table: "joint_decisions");

            migrationBuilder.DropColumn(
                name: "CommitmentId",
                table: "joint_decisions");

            migrationBuilder.DropColumn(
                name: "DecisionId",
                table: "commitment_updates");
        }
    }
}
