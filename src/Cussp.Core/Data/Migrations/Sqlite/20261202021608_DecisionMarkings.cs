using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cussp.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DecisionMarkings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Area",
                table: "joint_decisions",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Classification",
                table: "joint_decisions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Releasability",
                table: "joint_decisions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Decisions stored before they were marked stay readable by both sides and at every clearance, as they were; their area
            // becomes the key component of the provision they cite (a manual override of that provision first), as for new ones.
            migrationBuilder.Sql("""
                UPDATE joint_decisions SET "Area" = COALESCE(
                    (SELECT o."Component" FROM provision_overrides o
                     WHERE o."AgreementId" = 'cussp' AND o."Citation" = joint_decisions."Citation" AND o."Component" IS NOT NULL),
                    (SELECT p."Component" FROM provisions p WHERE p."AgreementId" = 'cussp' AND p."Citation" = joint_decisions."Citation"),
                    CASE joint_decisions."Citation" WHEN 'II.3' THEN 'defence-security' ELSE 'sovereignty-democracy' END)
                WHERE "Area" = '';
                """);

            migrationBuilder.CreateIndex(
                name: "IX_joint_decisions_Area_Classification_Releasability",
                table: "joint_decisions",
                columns: new[] { "Area", "Classification", "Releasability" });

            migrationBuilder.CreateIndex(
                name: "IX_joint_decisions_State_ProposedAt",
                table: "joint_decisions",
                columns: new[] { "State", "ProposedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_joint_decisions_Area_Classification_Releasability",
                table: "joint_decisions");

            migrationBuilder.DropIndex(
                name: "IX_joint_decisions_State_ProposedAt",
                table: "joint_decisions");

            migrationBuilder.DropColumn(
                name: "Area",
                table: "joint_decisions");

            migrationBuilder.DropColumn(
                name: "Classification",
                table: "joint_decisions");

            migrationBuilder.DropColumn(
                name: "Releasability",
                table: "joint_decisions");
        }
    }
}
