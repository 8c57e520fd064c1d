using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cussp.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Audit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_checkpoints",
                columns: table => new
                {
                    TreeSize = table.Column<long>(type: "bigint", nullable: false),
                    RootHash = table.Column<byte[]>(type: "bytea", nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    KeyId = table.Column<byte[]>(type: "bytea", nullable: false),
                    Signature = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_checkpoints", x => x.TreeSize);
                });

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    Actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ActorName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RecordType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RecordId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Marking = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Before = table.Column<string>(type: "text", nullable: true),
                    After = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => x.Seq);
                });

            migrationBuilder.CreateTable(
                name: "audit_head",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    TreeSize = table.Column<long>(type: "bigint", nullable: false),
                    Frontier = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_head", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "audit_head",
                columns: new[] { "Id", "Frontier", "TreeSize" },
                values: new object[] { 1, new byte[0], 0L });

            migrationBuilder.CreateIndex(
                name: "IX_audit_checkpoints_At",
                table: "audit_checkpoints",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_Actor",
                table: "audit_entries",
                column: "Actor");

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_At",
                table: "audit_entries",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_RecordType_RecordId",
                table: "audit_entries",
                columns: new[] { "RecordType", "RecordId" });

            // Append-only where the database can say so; the signed Merkle tree is what proves it.
            migrationBuilder.Sql("""
                CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
                END $$;
                CREATE FUNCTION audit_head_forward() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP <> 'UPDATE' OR NEW."TreeSize" < OLD."TreeSize" THEN
                        RAISE EXCEPTION 'the audit log only grows';
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
                    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
                CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
                CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
                    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
                CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
                CREATE TRIGGER audit_head_forward BEFORE UPDATE OR DELETE ON audit_head
                    FOR EACH ROW EXECUTE FUNCTION audit_head_forward();
                CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_checkpoints");

            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "audit_head");

            migrationBuilder.Sql("DROP FUNCTION audit_append_only(); DROP FUNCTION audit_head_forward();");
        }
    }
}
