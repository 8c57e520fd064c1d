#!/usr/bin/env bash
# Runs every test of CUSSP Desk, on SQLite and on PostgreSQL, with browser tests in Debian's Chromium.
# Installs Debian's chromium, postgresql and libxml2-utils when they are missing and this runs as root;
# otherwise names what is missing and stops. Test results (TRX) go to ./TestResults.
set -euo pipefail
cd "$(dirname "$0")"

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "test.sh: installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "test.sh: missing Debian packages: ${need[*]} (install them: sudo apt-get install ${need[*]})" >&2
    exit 1
  fi
fi

# A throwaway PostgreSQL cluster on a free loopback port, owned by the postgres user (initdb refuses root).
pgbin=$(dirname "$(ls /usr/lib/postgresql/*/bin/postgres | sort -V | tail -1)")
pgdir=$(mktemp -d /tmp/cussp-pg.XXXXXX)
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])' 2>/dev/null || echo 55432)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" = 0 ]; then chown postgres "$pgdir"; fi
cleanup() { as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pgdir"; }
trap cleanup EXIT
as_pg "$pgbin/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $pgdir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
export CUSSP_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true"
export CUSSP_TEST_CHROMIUM=/usr/bin/chromium

rm -rf TestResults
dotnet build Cussp.slnx -c Release -nologo -v q
# Two lanes side by side, one per core: the web tests (the longest) alone, and the browser, core and screening tests one after
# another; each project writes its own TRX file.
run() { dotnet test "tests/$1/$1.csproj" -c Release --no-build --logger "trx;LogFileName=$1.trx" --results-directory TestResults "${@:2}"; }
run Cussp.Web.Tests "$@" & web=$!
lane=0
for project in Cussp.BrowserTests Cussp.Core.Tests Cussp.Screening.Tests; do
  run "$project" "$@" || lane=1
done
wait "$web" || lane=1
exit "$lane"
