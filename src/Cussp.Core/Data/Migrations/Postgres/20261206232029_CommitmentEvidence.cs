using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cussp.Data.Migrations.Postgres
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
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "DecisionId",
                table: "commitment_updates",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "commitment_evidence",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CommitmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Length = table.Column<long>(type: "bigint", nullable: true),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    AddedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    AddedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    EvidenceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false)
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
