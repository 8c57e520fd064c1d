#!/usr/bin/env bash
# Server time of the commitment pages (home with progress per key component, a component page, the commitments list and its
# filters, a commitment with a long history, the API list, a provision page) on 10,000 commitments and 500,000 progress updates,
# on SQLite and on PostgreSQL (a throwaway cluster on a loopback port). Target: p95 < 150 ms.
# Usage: bench/commitments.sh [COMMITMENTS] [UPDATES] [REQUESTS]   (defaults 10000, 500000, 200)
set -euo pipefail
cd "$(dirname "$0")/.."
commitments=${1:-10000}
updates=${2:-500000}
requests=${3:-200}
out=$(mktemp -d /tmp/cussp-bench-commitments.XXXXXX)
pgdir=$(mktemp -d /tmp/cussp-bench-pg.XXXXXX)
pgbin=$(dirname "$(ls /usr/lib/postgresql/*/bin/postgres | sort -V | tail -1)")
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() { as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$out" "$pgdir"; }
trap cleanup EXIT
dotnet build src/Cussp/Cussp.csproj -c Release -o "$out/server" -nologo -v q >/dev/null
dotnet build bench/Cussp.Benchmarks -c Release -o "$out/bench" -nologo -v q >/dev/null
run() { dotnet "$out/bench/Cussp.Benchmarks.dll" commitment-pages --server "$out/server/cussp.dll" --commitments "$commitments" --updates "$updates" --requests "$requests" "$@"; }

echo "## SQLite"
run --data "$out/sqlite"

echo "## PostgreSQL"
if [ "$(id -u)" = 0 ]; then chown postgres "$pgdir"; fi
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
as_pg "$pgbin/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w -o "-c listen_addresses=127.0.0.1 -p $port -k $pgdir" start >/dev/null
run --data "$out/pgdata" --provider postgres --connection "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
