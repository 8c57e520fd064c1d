using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cussp.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DocumentListIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_shared_documents_Area_Classification_Releasability",
                table: "shared_documents");

            migrationBuilder.DropIndex(
                name: "IX_shared_documents_CreatedAt",
                table: "shared_documents");

            migrationBuilder.CreateIndex(
                name: "IX_shared_documents_CreatedAt_Id_Releasability_Classification_~",
                table: "shared_documents",
                columns: new[] { "CreatedAt", "Id", "Releasability", "Classification", "Area" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_shared_documents_CreatedAt_Id_Releasability_Classification_~",
                table: "shared_documents");

            migrationBuilder.CreateIndex(
                name: "IX_shared_documents_Area_Classification_Releasability",
                table: "shared_documents",
                columns: new[] { "Area", "Classification", "Releasability" });

            migrationBuilder.CreateIndex(
                name: "IX_shared_documents_CreatedAt",
                table: "shared_documents",
                column: "CreatedAt");
        }
    }
}
