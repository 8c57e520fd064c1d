using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Cussp.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Commitments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "commitments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgreementId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Citation = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ProvisionOrdinal = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    LeadParticipant = table.Column<int>(type: "INTEGER", nullable: true),
                    LeadOrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DerivedFrom = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Classification = table.Column<int>(type: "INTEGER", nullable: false),
                    Releasability = table.Column<int>(type: "INTEGER", nullable: false),
                    Area = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Originator = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_commitments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_commitments_agreements_AgreementId",
                        column: x => x.AgreementId,
                        principalTable: "agreements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_commitments_organisations_LeadOrganisationId",
                        column: x => x.LeadOrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "commitment_updates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CommitmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    StatusBefore = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StatusAfter = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_commitment_updates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_commitment_updates_commitments_CommitmentId",
                        column: x => x.CommitmentId,
                        principalTable: "commitments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "organisations",
                columns: new[] { "Id", "Name", "Participant", "Retired", "ShortName" },
                values: new object[,]
                {
                    { new Guid("c0550001-0000-4000-8000-000000000007"), "Public Safety Canada", 1, false, "PS" },
                    { new Guid("c0550001-0000-4000-8000-000000000008"), "Veterans Affairs Canada", 1, false, "VAC" },
                    { new Guid("c0550002-0000-4000-8000-000000000008"), "Ministry of Finance of Ukraine", 2, false, "MOF" },
                    { new Guid("c0550002-0000-4000-8000-000000000009"), "Ministry of Veterans Affairs of Ukraine", 2, false, "MVA" }
                });

            migrationBuilder.CreateIndex(
                name: "IX_commitment_updates_CommitmentId_At",
                table: "commitment_updates",
                columns: new[] { "CommitmentId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_commitments_AgreementId_Citation",
                table: "commitments",
                columns: new[] { "AgreementId", "Citation" });

            migrationBuilder.CreateIndex(
                name: "IX_commitments_AgreementId_DerivedFrom",
                table: "commitments",
                columns: new[] { "AgreementId", "DerivedFrom" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_commitments_AgreementId_ProvisionOrdinal",
                table: "commitments",
                columns: new[] { "AgreementId", "ProvisionOrdinal" });

            migrationBuilder.CreateIndex(
                name: "IX_commitments_AgreementId_Status",
                table: "commitments",
                columns: new[] { "AgreementId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_commitments_LeadOrganisationId",
                table: "commitments",
                column: "LeadOrganisationId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "commitment_updates");

            migrationBuilder.DropTable(
                name: "commitments");

            migrationBuilder.DeleteData(
                table: "organisations",
                keyColumn: "Id",
                keyValue: new Guid("c0550001-0000-4000-8000-000000000007"));

            migrationBuilder.DeleteData(
                table: "organisations",
                keyColumn: "Id",
                keyValue: new Guid("c0550001-0000-4000-8000-000000000008"));

            migrationBuilder.DeleteData(
                table: "organisations",
                keyColumn: "Id",
                keyValue: new Guid("c0550002-0000-4000-8000-000000000008"));

            migrationBuilder.DeleteData(
                table: "organisations",
                keyColumn: "Id",
                keyValue: new Guid("c0550002-0000-4000-8000-000000000009"));
        }
    }
}
