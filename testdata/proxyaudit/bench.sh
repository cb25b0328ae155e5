#!/usr/bin/env bash
# Speed benchmark of `sumdb4j audit proxy` (issue 13): N module versions (default 2000; zips of
# 20-200 KB) served with the checksum database by a local test proxy that adds LATENCY ms (default
# 20) to every answer. Runs, each under /usr/bin/time (wall, CPU user+sys, peak RSS):
#   1. sumdb4j audit proxy --modules ... --jobs JOBS (default 64) with a fresh state directory;
#   2. the same again with that state (nothing new to download: records re-proved only);
#   3. the user's alternative: go mod download -json of every version (one invocation, which
#      downloads in parallel and checks each hash against GOSUMDB) into an empty GOMODCACHE.
# The server runs in its own JVM, so the times are the client's alone.
#
# Usage: testdata/proxyaudit/bench.sh     Env: N, LATENCY, JOBS, DIR (default /tmp/sumdb4j-proxybench),
#   SKIP_GO (set: skip the go command's run)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
n="${N:-2000}"; latency="${LATENCY:-20}"; jobs="${JOBS:-64}"; dir="${DIR:-/tmp/sumdb4j-proxybench}"
rm -rf "$dir"; mkdir -p "$dir"
(cd "$root" && mvn -B -ntp -q -o test-compile dependency:build-classpath -pl cli -am -Dmdep.outputFile="$dir/cp" >/dev/null)
cp="$root/cli/target/classes:$(cat "$dir/cp")" # the reactor's classes, then the jars (tests' too: the server)
tcp="$cp"
java -Xmx2g -cp "$tcp" dev.sumdb4j.tlog.proxyaudit.ProxyBench "$dir/server" "$n" "$latency" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
while [ ! -f "$dir/server/ready" ]; do sleep 0.5; done
proxy="$(sed -n 's/^GOPROXY=//p' "$dir/server/env")"
gosumdb="$(sed -n 's/^GOSUMDB=//p' "$dir/server/env")"
bytes="$(sed -n 's/^BYTES=//p' "$dir/server/env")"
report() { # label wall user sys rss
  awk -v l="$1" -v w="$2" -v u="$3" -v s="$4" -v r="$5" -v n="$n" -v b="$bytes" 'BEGIN {
    printf "%s: %.2f s, %.0f versions/s, %.1f MB/s, CPU %.1f s user + %.1f s sys, peak RSS %d MB\n",
      l, w, n / w, b / w / 1e6, u, s, r / 1024 }'
}
run_sumdb4j() {
  out="$(env -i PATH="$PATH" HOME="$dir" GOPATH="$dir/gopath" GOSUMDB="$gosumdb" GOPROXY="$proxy" \
    /usr/bin/time -f "%e %U %S %M" java -Xmx256m -cp "$cp" dev.sumdb4j.cli.Main audit proxy \
    --modules "$dir/server/modules.txt" --state "$dir/state" --jobs "$jobs" 2>&1 >"$dir/out.txt" | tail -1)"
  read -r wall user sys rss <<<"$out"
  report "$1" "$wall" "$user" "$sys" "$rss"
}
run_sumdb4j "sumdb4j audit proxy, first run (jobs $jobs)"
grep -c '^ok ' "$dir/out.txt" | sed 's/^/  ok verdicts: /'
run_sumdb4j "sumdb4j audit proxy, second run (state kept)"
[ -n "${SKIP_GO:-}" ] && exit 0
mkdir -p "$dir/gomod" && (cd "$dir/gomod" && printf 'module bench\n\ngo 1.19\n' >go.mod)
out="$(cd "$dir/gomod" && env -i PATH="$PATH" HOME="$dir" GOPATH="$dir/gopath-go" GOMODCACHE="$dir/gomodcache" \
  GOCACHE="$dir/gocache" GOPROXY="$proxy" GOSUMDB="$gosumdb" GOFLAGS=-mod=mod \
  /usr/bin/time -f "%e %U %S %M" go mod download -json $(cat "$dir/server/modules.txt") 2>&1 >"$dir/go.json" | tail -1)"
read -r wall user sys rss <<<"$out"
report "go mod download -json (one invocation)" "$wall" "$user" "$sys" "$rss"
grep -c '"Sum"' "$dir/go.json" | sed 's/^/  modules downloaded and checked by go: /'
