#!/usr/bin/env bash
# Speed benchmark of `sumdb4j audit proxy` (issue 13): N module versions (default 2000; zips of
# 20-200 KB) served with the checksum database by a local test proxy that adds LATENCY ms (default
# 20) to every answer. Runs, each under /usr/bin/time (wall, CPU user+sys, peak RSS):
#   1. sumdb4j audit proxy --modules ... --jobs JOBS (default 64) with a fresh state directory;
#   2. the same again with that state (nothing new to download: records re-proved only);
#   3. the user's alternative: go mod download -json of every version (one invocation, which
#      downloads in parallel and checks each hash against GOSUMDB) into an empty GOMODCACHE;
#   4. the go command's other form: a main module requiring every version, `go mod download`
#      (empty GOMODCACHE, no go.sum: every hash checked against GOSUMDB) then `go mod verify`;
#   5. the same two again with the module cache and go.sum kept (a second, periodic run).
# The server runs in its own JVM, so the times are the client's alone. The machine may be shared:
# the load average is printed with every run. At the end the rows are printed as markdown, ready
# for BENCHMARKS.md ("audit proxy").
#
# Usage: testdata/proxyaudit/bench.sh     Env: N, LATENCY, JOBS, DIR (default /tmp/sumdb4j-proxybench),
#   SKIP_GO (set: skip the go command's runs), SKIP_GO_ARGS (set: skip run 3 only)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
n="${N:-2000}"; latency="${LATENCY:-20}"; jobs="${JOBS:-64}"; dir="${DIR:-/tmp/sumdb4j-proxybench}"
rm -rf "$dir"; mkdir -p "$dir"
(cd "$root" && mvn -B -ntp -q -o test-compile dependency:build-classpath -pl cli -am -Dmdep.outputFile="$dir/cp" >/dev/null)
cp="$root/cli/target/classes:$(cat "$dir/cp")" # the reactor's classes, then the jars (tests' too: the server)
java -Xmx2g -cp "$cp" dev.sumdb4j.tlog.proxyaudit.ProxyBench "$dir/server" "$n" "$latency" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
while [ ! -f "$dir/server/ready" ]; do sleep 0.5; done
proxy="$(sed -n 's/^GOPROXY=//p' "$dir/server/env")"
gosumdb="$(sed -n 's/^GOSUMDB=//p' "$dir/server/env")"
bytes="$(sed -n 's/^BYTES=//p' "$dir/server/env")"
rows="$dir/rows.md"
: >"$rows"
load() { cut -d' ' -f1-3 /proc/loadavg; }
# report LABEL WALL USER SYS RSS LOAD_BEFORE: one line now, one markdown row at the end
report() {
  local after; after="$(load)"
  awk -v l="$1" -v w="$2" -v u="$3" -v s="$4" -v r="$5" -v lb="$6" -v la="$after" -v n="$n" -v b="$bytes" 'BEGIN {
    printf "%s: %.2f s, %.0f versions/s, %.1f MB/s, CPU %.1f s user + %.1f s sys, peak RSS %d MB, load %s -> %s\n",
      l, w, n / w, b / w / 1e6, u, s, r / 1024, lb, la }'
  awk -v l="$1" -v w="$2" -v u="$3" -v s="$4" -v r="$5" -v lb="$6" -v la="$after" -v n="$n" -v b="$bytes" 'BEGIN {
    split(lb, x, " "); split(la, y, " ")
    printf "| %s | %.1f s | %.0f | %.1f | %.1f + %.1f s | %d MB | %s, %s |\n",
      l, w, n / w, b / w / 1e6, u, s, r / 1024, x[1], y[1] }' >>"$rows"
}
timed() { # LABEL DIRECTORY OUTPUT COMMAND...: runs COMMAND under /usr/bin/time and reports it
  local label="$1" wd="$2" output="$3"; shift 3
  local before out wall user sys rss
  before="$(load)"
  out="$(cd "$wd" && /usr/bin/time -f "%e %U %S %M" "$@" 2>&1 >"$output" | tail -1)"
  read -r wall user sys rss <<<"$out"
  report "$label" "$wall" "$user" "$sys" "$rss" "$before"
}
sumdb4j=(env -i PATH="$PATH" HOME="$dir" GOPATH="$dir/gopath" GOSUMDB="$gosumdb" GOPROXY="$proxy"
  java -Xmx256m -cp "$cp" dev.sumdb4j.cli.Main audit proxy --modules "$dir/server/modules.txt" --state "$dir/state"
  --jobs "$jobs")
timed "sumdb4j audit proxy, first run (--jobs $jobs)" "$dir" "$dir/out.txt" "${sumdb4j[@]}" || true
echo "  ok verdicts: $(grep -c '^ok ' "$dir/out.txt" || true)"
timed "sumdb4j audit proxy, second run (state kept)" "$dir" "$dir/out2.txt" "${sumdb4j[@]}" || true
echo "  ok verdicts: $(grep -c '^ok ' "$dir/out2.txt" || true)"
if [ -z "${SKIP_GO:-}" ]; then
  goenv() { # GOMODCACHE: sets go_env, the go command's environment against the bench proxy and database
    go_env=(env -i PATH="$PATH" HOME="$dir" GOPATH="$dir/gopath-go" GOMODCACHE="$1" GOCACHE="$dir/gocache"
      GOPROXY="$proxy" GOSUMDB="$gosumdb" GOFLAGS=-mod=mod GONOSUMDB= GOPRIVATE=)
  }
  if [ -z "${SKIP_GO_ARGS:-}" ]; then
    mkdir -p "$dir/gomod" && printf 'module bench\n\ngo 1.19\n' >"$dir/gomod/go.mod"
    goenv "$dir/gomodcache"
    # shellcheck disable=SC2046
    timed "go mod download -json of the $n versions (one invocation, empty module cache)" "$dir/gomod" "$dir/go.json" \
      "${go_env[@]}" go mod download -json $(cat "$dir/server/modules.txt") || true
    echo "  modules downloaded and checked by go: $(grep -c '"Sum"' "$dir/go.json" || true)"
  fi
  # a main module that requires every version: what `go mod verify` needs
  mkdir -p "$dir/gomain"
  { printf 'module bench\n\ngo 1.19\n\nrequire (\n'; sed 's/@/ /; s/^/\t/' "$dir/server/modules.txt"; printf ')\n'; } \
    >"$dir/gomain/go.mod"
  goenv "$dir/gomodcache2"
  timed "go mod download (main module requiring the $n, empty module cache, no go.sum)" "$dir/gomain" \
    "$dir/gomain.out" "${go_env[@]}" go mod download || true
  echo "  go.sum lines written: $(wc -l <"$dir/gomain/go.sum" 2>/dev/null || echo 0)"
  timed "go mod verify (after it)" "$dir/gomain" "$dir/verify.out" "${go_env[@]}" go mod verify || true
  sed 's/^/  /' "$dir/verify.out" | tail -1
  timed "go mod download again (module cache and go.sum kept)" "$dir/gomain" "$dir/gomain2.out" \
    "${go_env[@]}" go mod download || true
  timed "go mod verify again" "$dir/gomain" "$dir/verify2.out" "${go_env[@]}" go mod verify || true
fi
echo
echo "Rows for BENCHMARKS.md ($n versions, $latency ms added latency; $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(date -u '+%Y-%m-%d %H:%M UTC')):"
echo
echo "| run | wall | versions/s | MB/s | CPU (user + sys) | peak RSS | load average (1 min) before, after |"
echo "|---|---:|---:|---:|---:|---:|---:|"
cat "$rows"
