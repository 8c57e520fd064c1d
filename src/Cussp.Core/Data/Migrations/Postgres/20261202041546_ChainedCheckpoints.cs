using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cussp.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ChainedCheckpoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<short>(
                name: "Format",
                table: "audit_checkpoints",
                type: "smallint",
                nullable: false,
                defaultValue: (short)1);

            migrationBuilder.AddColumn<byte[]>(
                name: "PreviousHash",
                table: "audit_checkpoints",
                type: "bytea",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Format",
                table: "audit_checkpoints");

            migrationBuilder.DropColumn(
                name: "PreviousHash",
                table: "audit_checkpoints");
        }
    }
}
