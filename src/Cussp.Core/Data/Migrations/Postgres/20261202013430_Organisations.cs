using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Cussp.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Organisations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "organisations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Participant = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ShortName = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Retired = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_organisations", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "organisations",
                columns: new[] { "Id", "Name", "Participant", "Retired", "ShortName" },
                values: new object[,]
                {
                    { new Guid("c0550001-0000-4000-8000-000000000001"), "Global Affairs Canada", 1, false, "GAC" },
                    { new Guid("c0550001-0000-4000-8000-000000000002"), "National Defence and the Canadian Armed Forces", 1, false, "DND/CAF" },
                    { new Guid("c0550001-0000-4000-8000-000000000003"), "Department of Finance Canada", 1, false, "FIN" },
                    { new Guid("c0550001-0000-4000-8000-000000000004"), "Royal Canadian Mounted Police", 1, false, "RCMP" },
                    { new Guid("c0550001-0000-4000-8000-000000000005"), "Communications Security Establishment", 1, false, "CSE" },
                    { new Guid("c0550001-0000-4000-8000-000000000006"), "CUSSP Joint Secretariat (Canada)", 1, false, "JS-CAN" },
                    { new Guid("c0550002-0000-4000-8000-000000000001"), "Office of the President of Ukraine", 2, false, "OPU" },
                    { new Guid("c0550002-0000-4000-8000-000000000002"), "Ministry of Defence of Ukraine", 2, false, "MOD" },
                    { new Guid("c0550002-0000-4000-8000-000000000003"), "Ministry of Foreign Affairs of Ukraine", 2, false, "MFA" },
                    { new Guid("c0550002-0000-4000-8000-000000000004"), "Ministry of Economy of Ukraine", 2, false, "MOE" },
                    { new Guid("c0550002-0000-4000-8000-000000000005"), "Security Service of Ukraine", 2, false, "SBU" },
                    { new Guid("c0550002-0000-4000-8000-000000000006"), "National Police of Ukraine", 2, false, "NPU" },
                    { new Guid("c0550002-0000-4000-8000-000000000007"), "CUSSP Joint Secretariat (Ukraine)", 2, false, "JS-UKR" }
                });

            migrationBuilder.AddColumn<Guid>(
                name: "OrganisationId",
                table: "AspNetUsers",
                type: "uuid",
                nullable: true);

            // The free-text organisation of each existing account becomes a reference: first to the seeded organisation of the
            // account's participant whose name or short name it is (any case); other names become organisations of their own;
            // an empty one, or the first administrator's former "CUSSP Desk", becomes the participant's joint secretariat.
            migrationBuilder.Sql("""
                UPDATE "AspNetUsers" SET "OrganisationId" = (
                    SELECT o."Id" FROM organisations o
                    WHERE o."Participant" = "AspNetUsers"."Participant"
                      AND (lower(o."Name") = lower(trim("AspNetUsers"."Organisation")) OR lower(o."ShortName") = lower(trim("AspNetUsers"."Organisation")))
                    ORDER BY o."Name" LIMIT 1);
                """);
            migrationBuilder.Sql("""
                INSERT INTO organisations ("Id", "Participant", "Name", "ShortName", "Retired")
                SELECT gen_random_uuid(), n."Participant", n."Name", substr(n."Name", 1, 32), FALSE
                FROM (SELECT DISTINCT "Participant", trim("Organisation") AS "Name" FROM "AspNetUsers"
                      WHERE "OrganisationId" IS NULL AND trim("Organisation") <> '' AND trim("Organisation") <> 'CUSSP Desk') n;
                """);
            migrationBuilder.Sql("""
                UPDATE "AspNetUsers" SET "OrganisationId" = (
                    SELECT o."Id" FROM organisations o
                    WHERE o."Participant" = "AspNetUsers"."Participant"
                      AND (o."Name" = trim("AspNetUsers"."Organisation")
                           OR (o."ShortName" IN ('JS-CAN', 'JS-UKR') AND trim("AspNetUsers"."Organisation") IN ('', 'CUSSP Desk'))))
                WHERE "OrganisationId" IS NULL;
                """);

            migrationBuilder.DropColumn(
                name: "Organisation",
                table: "AspNetUsers");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_OrganisationId",
                table: "AspNetUsers",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_organisations_Participant_Name",
                table: "organisations",
                columns: new[] { "Participant", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_organisations_Participant_ShortName",
                table: "organisations",
                columns: new[] { "Participant", "ShortName" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_AspNetUsers_organisations_OrganisationId",
                table: "AspNetUsers",
                column: "OrganisationId",
                principalTable: "organisations",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Organisation",
                table: "AspNetUsers",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.Sql("""
                UPDATE "AspNetUsers" SET "Organisation" = COALESCE((SELECT o."Name" FROM organisations o WHERE o."Id" = "AspNetUsers"."OrganisationId"), '');
                """);

            migrationBuilder.DropForeignKey(
                name: "FK_AspNetUsers_organisations_OrganisationId",
                table: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "organisations");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_OrganisationId",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "OrganisationId",
                table: "AspNetUsers");
        }
    }
}
