#!/usr/bin/env bash
# First start to first page: a fresh data folder each run (create, migrate, load the CUSSP), timed from launching the
# process to the first 200 answer of the home page. Two builds of the same code, alternating run by run so that the
# machine's noise hits both alike: the deployable one (dotnet publish with ReadyToRun, as README says to deploy) and a plain
# Release build (dotnet build, compiled just in time). Prints each run and the medians, in milliseconds.
# Usage: bench/startup.sh [RUNS]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
out=$(mktemp -d /tmp/cussp-startup.XXXXXX)
trap 'kill $pid 2>/dev/null || true; rm -rf "$out"' EXIT
pid=
rid=$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')
dotnet publish src/Cussp/Cussp.csproj -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "$out/published" -nologo -v q >/dev/null
dotnet build src/Cussp/Cussp.csproj -c Release -o "$out/built" -nologo -v q >/dev/null
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
first_page() {
  rm -rf "$out/data"
  local start end
  start=$(date +%s%N)
  CUSSP_DATA="$out/data" dotnet "$out/$1/cussp.dll" --urls "http://127.0.0.1:$port" >"$out/log" 2>&1 & pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/"; do
    kill -0 "$pid" 2>/dev/null || { echo "server exited:" >&2; cat "$out/log" >&2; exit 1; }
    sleep 0.01
  done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  echo $(( (end - start) / 1000000 ))
}
published=(); built=()
for i in $(seq 1 "$runs"); do
  p=$(first_page published); b=$(first_page built)
  published+=("$p"); built+=("$b")
  echo "run $i: published (ReadyToRun) ${p} ms, plain build ${b} ms"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "first start to first page, median of $runs: published (ReadyToRun) $(median "${published[@]}") ms, plain build $(median "${built[@]}") ms (target < 3000 ms on 2 cores)"
