using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cussp.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: false,
                defaultValue: (short)1);

            migrationBuilder.AddColumn<byte[]>(
                name: "PreviousHash",
                table: "audit_checkpoints",
                type: "BLOB",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Not DropColumn: on SQLite it rebuilds the table, which would drop the triggers that keep it append-only.
            migrationBuilder.Sql("""
                ALTER TABLE audit_checkpoints DROP COLUMN "PreviousHash";
                ALTER TABLE audit_checkpoints DROP COLUMN "Format";
                """);
        }
    }
}
