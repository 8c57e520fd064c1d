#!/usr/bin/env bash
# Requests per second of GET /api/v1/agreements/cussp/provisions (all 161 provisions, ~100 KB of JSON) against the app's
# trivial endpoint GET /api/v1 (a constant 80-byte document), both driven by wrk on loopback against the same server in the
# same run, alternating, so that the machine's noise hits both alike. Target: provisions ≥ 50% of trivial.
# Both are driven as a browser asks (Accept-Encoding: gzip, deflate, br), then again with no Accept-Encoding at all.
# Usage: bench/load.sh [SECONDS] [CONNECTIONS]   (defaults 10 and 32); needs wrk (Debian package wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
conns=${2:-32}
command -v wrk >/dev/null || { echo "load.sh: needs wrk (apt-get install wrk)" >&2; exit 1; }
out=$(mktemp -d /tmp/cussp-load.XXXXXX)
pid=
trap 'kill $pid 2>/dev/null || true; rm -rf "$out"' EXIT
dotnet build src/Cussp/Cussp.csproj -c Release -o "$out/bin" -nologo -v q >/dev/null
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
# One load generator is one client: the per-client rate limit (1,000 requests/s) is lifted for the run, for both endpoints alike.
CUSSP_DATA="$out/data" Logging__LogLevel__Default=Warning RateLimits__RequestsPerSecond=100000000 dotnet "$out/bin/cussp.dll" --urls "$base" >"$out/log" 2>&1 & pid=$!
until curl -fs -o /dev/null "$base/healthz"; do sleep 0.1; done
rps() { wrk -t2 -c"$conns" -d"${secs}s" ${enc:+-H "Accept-Encoding: $enc"} "$base$1" | awk '/Requests\/sec/ {print $2}'; }
# Warm up both paths (JIT, tiered compilation, caches).
wrk -t2 -c"$conns" -d3s "$base/api/v1" >/dev/null
wrk -t2 -c"$conns" -d3s -H "Accept-Encoding: br" "$base/api/v1/agreements/cussp/provisions" >/dev/null
for enc in "gzip, deflate, br" ""; do
  bytes=$(curl -fsS ${enc:+-H "Accept-Encoding: $enc"} "$base/api/v1/agreements/cussp/provisions" | wc -c)
  t1=$(rps /api/v1); p1=$(rps /api/v1/agreements/cussp/provisions)
  t2=$(rps /api/v1); p2=$(rps /api/v1/agreements/cussp/provisions)
  python3 - "$t1" "$t2" "$p1" "$p2" "$bytes" "${enc:-none}" <<'PY'
import sys
t1, t2, p1, p2, b = map(float, sys.argv[1:6])
t, p = (t1 + t2) / 2, (p1 + p2) / 2
print(f"Accept-Encoding: {sys.argv[6]}")
print(f"  trivial    GET /api/v1                            {t1:9.0f} {t2:9.0f}  mean {t:9.0f} req/s")
print(f"  provisions GET /api/v1/agreements/cussp/provisions {p1:8.0f} {p2:9.0f}  mean {p:9.0f} req/s ({b/1024:.1f} KiB each)")
print(f"  provisions / trivial = {100 * p / t:.0f}% (target >= 50%)")
PY
done
