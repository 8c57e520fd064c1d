#!/usr/bin/env bash
# First start to first page: a fresh data folder each run (create, migrate, load the CUSSP), timed from launching the
# process to the first 200 answer of the home page. Prints each run and the median, in milliseconds.
# Usage: bench/startup.sh [RUNS]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
out=$(mktemp -d /tmp/cussp-startup.XXXXXX)
trap 'kill $pid 2>/dev/null || true; rm -rf "$out"' EXIT
pid=
dotnet build src/Cussp/Cussp.csproj -c Release -o "$out/bin" -nologo -v q >/dev/null
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
times=()
for i in $(seq 1 "$runs"); do
  rm -rf "$out/data"
  start=$(date +%s%N)
  CUSSP_DATA="$out/data" dotnet "$out/bin/cussp.dll" --urls "http://127.0.0.1:$port" >"$out/log" 2>&1 & pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/"; do
    kill -0 "$pid" 2>/dev/null || { echo "server exited:"; cat "$out/log"; exit 1; }
    sleep 0.01
  done
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  echo "run $i: ${ms} ms"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "first start to first page, median of $runs: ${median} ms (target < 3000 ms on 2 cores)"
