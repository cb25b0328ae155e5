#!/usr/bin/env bash
# Speed benchmark (issue 3): the Go reference client (x/mod 0.7.0 sumdb.Client, 16 and 64 lookups
# in flight, in-memory cache) against `sumdb4j verify`, both on a cold cache, verifying 400 module
# versions (700 go.sum lines) from a 100,000-record log served by goserver with 20 ms added to
# every request. Prints a Markdown table (median of RUNS runs; requests counted by the server; CPU
# time from /usr/bin/time; the load average read after each run).
#
# Two more rows measure the HTTP transport alone (HttpFloor.java): the same 793 GETs, 64 in flight,
# through java.net.http.HttpClient and through bare blocking sockets.
#
# Usage: testdata/goserver/bench.sh   (after mvn -B -ntp -q -DskipTests package)
# Env: RUNS (default 3), LATENCY (default 20ms), N (default 100000).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${RUNS:-3}"; latency="${LATENCY:-20ms}"; n="${N:-100000}"
tmp="$(mktemp -d)"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

[ -f "$root/cli/target/sumdb4j.jar" ] || { echo "build first: mvn -B -ntp -q -DskipTests package" >&2; exit 2; }
export GO111MODULE=off GOPATH=/usr/share/gocode
(cd "$root/testdata/goserver" && go build -o "$tmp/goserver" .)
(cd "$root/testdata/goserver/client" && go build -o "$tmp/goclient" .)

"$tmp/goserver" -n "$n" -latency "$latency" -exit-on-eof=false \
  -gosum "$tmp/go.sum" -gosum-step 249 -gosum-max 400 -gosum-gomod-only 4 >"$tmp/server.out" 2>"$tmp/server.err" &
server_pid=$!
for _ in $(seq 100); do [ "$(wc -l <"$tmp/server.out")" -ge 2 ] && break; sleep 0.1; done
url="$(sed -n 1p "$tmp/server.out")"; key="$(sed -n 2p "$tmp/server.out")"
lines="$(grep -c . "$tmp/go.sum")"

stat() { curl -s "$url/admin/stats?reset=1" | sed -E 's/.*"requests":([0-9]+).*"maxInFlight":([0-9]+).*/\1 \2/'; }
gopaths=0
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

run() { # name, command...
  local name="$1"; shift
  local times=() reqs=() peaks=() cpus=() loads=()
  for _ in $(seq "$runs"); do
    # A fresh GOPATH per run; the old ones are deleted at exit, not here: creating files right
    # after deleting as many makes ext4's inode allocator scan the recently deleted inodes
    # (recently_deleted() in the kernel profile), which added up to a second of system time.
    gopath="$tmp/gopath.$((++gopaths))"; stat >/dev/null
    local t0 t1
    t0=$(date +%s%N)
    local cmd=() a
    for a in "$@"; do cmd+=("${a//@GOPATH@/$gopath}"); done
    /usr/bin/time -f '%U %S' -o "$tmp/time.out" "${cmd[@]}" >"$tmp/run.out" 2>&1 \
      || { echo "$name failed:"; cat "$tmp/run.out"; exit 1; } >&2
    t1=$(date +%s%N)
    cpus+=("$(awk '{printf "%d", ($1 + $2) * 1000}' "$tmp/time.out")")
    loads+=("$(cut -d' ' -f1 /proc/loadavg)")
    local st; st="$(stat)"
    times+=($(( (t1 - t0) / 1000000 ))); reqs+=("${st% *}"); peaks+=("${st#* }")
  done
  printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$(printf '%s\n' "${times[@]}" | median)" \
    "$(printf '%s\n' "${cpus[@]}" | median)" "$(printf '%s\n' "${reqs[@]}" | median)" \
    "$(printf '%s\n' "${peaks[@]}" | median)" "$(printf '%s\n' "${loads[@]}" | median)"
}

echo "log: $n records; go.sum: 400 module versions, $lines lines; added latency: $latency per request; median of $runs runs"
echo
echo "| client | wall time (ms) | CPU user+sys (ms) | requests | max requests in flight | load average (1 min) |"
echo "|---|---:|---:|---:|---:|---:|"
run "x/mod 0.7.0 sumdb.Client, 16 in flight" "$tmp/goclient" -url "$url" -key "$key" -gosum "$tmp/go.sum" -parallel 16
run "x/mod 0.7.0 sumdb.Client, 64 in flight" "$tmp/goclient" -url "$url" -key "$key" -gosum "$tmp/go.sum" -parallel 64
run "sumdb4j verify (java -jar, JVM start included)" env -i PATH="$PATH" HOME="$tmp" GOPATH=@GOPATH@ \
  GOENV="$tmp/no-goenv" GOSUMDB="$key $url" "$root/cli/sumdb4j" verify "$tmp/go.sum"
# The requests of the last sumdb4j run, from its cache (every lookup and tile it fetched).
(cd "$gopath/pkg/mod/cache/download/sumdb"/* && find lookup tile -type f | sed 's|^|/|') >"$tmp/paths.txt"
javac -d "$tmp/floor" "$root/testdata/goserver/HttpFloor.java"
floor=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$tmp/floor" HttpFloor)
run "the same GETs alone: java.net.http.HttpClient, 64 in flight (JVM start included)" "${floor[@]}" httpclient "$url" "$tmp/paths.txt"
run "the same GETs alone: blocking sockets, HTTP/1.1, 64 threads (JVM start included)" "${floor[@]}" socket "$url" "$tmp/paths.txt"
