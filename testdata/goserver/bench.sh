#!/usr/bin/env bash
# Speed benchmark (issues 3 and 11): the Go reference client (x/mod 0.7.0 sumdb.Client, 16 and 64
# lookups in flight, in-memory cache) against `sumdb4j verify` (the launcher cli/sumdb4j, JVM start
# included), verifying 400 module versions (700 go.sum lines) of a 100,000-record log served by
# goserver with 20 ms added to every request, over plain HTTP and over HTTPS (a self-signed
# certificate made per run, trusted through SSL_CERT_FILE; Go's server offers HTTP/2). Rows:
#   - Go client at 16 and 64 in flight; sumdb4j verify with a cold cache (a fresh GOPATH per run);
#   - sumdb4j verify with everything cached (online, nothing to fetch: what a CI job with a restored
#     module cache sees);
#   - the floor: the same GETs and nothing else (HttpFloor.java, JVM start included): through
#     java.net.http, bare blocking sockets, and Apache HttpClient 5 (sumdb4j's transport, the jar's own);
#   - once: the README's first command (verify --offline of examples/), `sumdb4j --version`, and a
#     JVM that prints "hi" with the launcher's flags and a CDS archive of its own (the JVM's floor);
#   - the embedded case: one client verifying ten different 400-module go.sums of the log in turn
#     (sumdb4j: one Sumdb with an in-memory store in one JVM with default flags, as a service runs,
#     Embedded.java; Go: one sumdb.Client), runs 2-10 together (the process start is in neither).
# Every run is stopped after 300 s (a row that fails says "failed").
# Every row's runs are interleaved with the other rows' (RUNS rounds); the table shows medians: wall
# time, CPU user+sys of the process (/usr/bin/time), requests and the most in flight at once (counted
# by the server), the requests that came over HTTP/2, and the 1-minute load average after the run.
#
# Usage: testdata/goserver/bench.sh   (after mvn -B -ntp -q -DskipTests package)
# Env: RUNS (default 5), LATENCY (default 20ms), N (default 100000), PROTOCOLS (default "http https"),
#      EMBEDDED (default 1; 0 skips the embedded rows), EMBEDDED_RUNS (default 3).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${RUNS:-5}"; latency="${LATENCY:-20ms}"; n="${N:-100000}"; protocols="${PROTOCOLS:-http https}"
embedded="${EMBEDDED:-1}"; embedded_runs="${EMBEDDED_RUNS:-3}"
tmp="$(mktemp -d)"
server_pid=""
stop_server() { if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; fi; }
cleanup() { stop_server; rm -rf "$tmp"; }
trap cleanup EXIT

jar="$root/cli/target/sumdb4j.jar"
[ -f "$jar" ] || { echo "build first: mvn -B -ntp -q -DskipTests package" >&2; exit 2; }
export GO111MODULE=off GOPATH=/usr/share/gocode
(cd "$root/testdata/goserver" && go build -o "$tmp/goserver" .)
(cd "$root/testdata/goserver/client" && go build -o "$tmp/goclient" .)
# The Apache mode compiles and runs against the command's own jar (the transport sumdb4j uses, as shipped).
javac -cp "$jar" -d "$tmp/floor" "$root/testdata/goserver/HttpFloor.java" "$root/testdata/goserver/HttpFloorApache.java"
mkdir -p "$tmp/hello"
printf 'public class Hello { public static void main(String[] a) { System.out.println("hi"); } }\n' >"$tmp/hello/Hello.java"
javac -d "$tmp/hello" "$tmp/hello/Hello.java"
jar cfe "$tmp/hello.jar" Hello -C "$tmp/hello" Hello.class # CDS archives classes from jars only
jvm=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
"${jvm[@]}" -XX:ArchiveClassesAtExit="$tmp/hello.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -cp "$tmp/hello.jar" Hello >/dev/null
# The launcher makes its class-data archive on its first run (a training run); not in the table.
"$root/cli/sumdb4j" --version >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]; else print "-"}'; }
stat() { curl -s ${cacert:+--cacert "$cacert"} "$url/admin/stats?reset=1" \
  | sed -E 's/.*"requests":([0-9]+).*"maxInFlight":([0-9]+).*"http2":([0-9]+).*/\1 \2 \3/'; }
gopaths=0
fresh_gopath() { gopath="$tmp/gopath.$((++gopaths))"; }

# Rows of one protocol: names and commands (@GOPATH@ is replaced by a fresh GOPATH per run;
# @CACHED@ by the GOPATH filled once before the runs).
names=(); cmds=()
row() { names+=("$1"); shift; local q; printf -v q '%q ' "$@"; cmds+=("$q"); }

# One run of row $1, appended to $tmp/row.$1 as "wall cpu requests peak http2 load".
run_once() {
  local i="$1" cmd; fresh_gopath
  cmd="${cmds[$i]//@GOPATH@/$gopath}"; cmd="${cmd//@CACHED@/$cached}"
  stat >/dev/null
  local t0 t1; t0=$(date +%s%N)
  if ! eval "/usr/bin/time -f '%U %S' -o $tmp/time.out timeout 300 $cmd" >"$tmp/run.out" 2>&1; then
    echo "failed" >>"$tmp/row.$i"; echo "${names[$i]} failed:" >&2; tail -5 "$tmp/run.out" >&2; return
  fi
  t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000000 )) $(awk '{printf "%d", ($1 + $2) * 1000}' "$tmp/time.out") $(stat) $(cut -d' ' -f1 /proc/loadavg)" >>"$tmp/row.$i"
}

# Prints row $1's medians; sets last_wall.
print_row() {
  local i="$1" f="$tmp/row.$i" c
  if grep -q failed "$f"; then printf '| %s | %s | failed | | | | | |\n' "${names[$i]}" "$proto"; last_wall=""; return; fi
  local col=(); for c in 1 2 3 4 5 6; do col+=("$(cut -d' ' -f$c "$f" | median)"); done
  last_wall="${col[0]}"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "${names[$i]}" "$proto" "${col[@]}"
}

echo "log: $n records; go.sum: 400 module versions, 700 lines; added latency: $latency per request;"
echo "medians of $runs interleaved runs; $(nproc) CPUs; load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "| client | protocol | wall time (ms) | CPU user+sys (ms) | requests | max requests in flight | HTTP/2 requests | load average (1 min) |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
summary=()
for proto in $protocols; do
  tls=(); cacert=""; export -n SSL_CERT_FILE 2>/dev/null || true
  if [ "$proto" = https ]; then tls=(-tls-self-signed "$tmp/cert.pem"); fi
  "$tmp/goserver" -n "$n" -latency "$latency" -exit-on-eof=false "${tls[@]}" -gosum "$tmp/go.sum" \
    -gosum-step 249 -gosum-max 400 -gosum-gomod-only 4 -gosum-sets 10 >"$tmp/server.out" 2>"$tmp/server.err" &
  server_pid=$!
  for _ in $(seq 300); do [ "$(wc -l <"$tmp/server.out")" -ge 2 ] && break; sleep 0.1; done
  url="$(sed -n 1p "$tmp/server.out")"; key="$(sed -n 2p "$tmp/server.out")"
  gosum="$tmp/go.sum.0"
  floor_tls=()
  if [ "$proto" = https ]; then
    cacert="$tmp/cert.pem"; export SSL_CERT_FILE="$cacert"
    rm -f "$tmp/trust.p12"
    keytool -importcert -noprompt -alias bench -file "$cacert" -keystore "$tmp/trust.p12" -storetype PKCS12 \
      -storepass changeit >/dev/null 2>&1
    floor_tls=(-Djavax.net.ssl.trustStore="$tmp/trust.p12" -Djavax.net.ssl.trustStoreType=PKCS12
      -Djavax.net.ssl.trustStorePassword=changeit)
  fi
  env_sumdb4j=(env -i PATH="$PATH" HOME="$tmp" GOENV="$tmp/no-goenv" GOSUMDB="$key $url" ${cacert:+SSL_CERT_FILE="$cacert"})
  # The cached GOPATH: filled by one sumdb4j run, then only read.
  cached="$tmp/cached-$proto"
  "${env_sumdb4j[@]}" GOPATH="$cached" "$root/cli/sumdb4j" verify "$gosum" >/dev/null 2>&1
  # The paths a cold run fetches (every lookup and tile), for the floor rows.
  (cd "$cached/pkg/mod/cache/download/sumdb"/* && find lookup tile -type f | sed 's|^|/|') >"$tmp/paths.txt"

  names=(); cmds=(); rm -f "$tmp"/row.*
  row "x/mod 0.7.0 sumdb.Client, 16 in flight" "$tmp/goclient" -url "$url" -key "$key" -gosum "$gosum" -parallel 16
  row "x/mod 0.7.0 sumdb.Client, 64 in flight" "$tmp/goclient" -url "$url" -key "$key" -gosum "$gosum" -parallel 64
  row "sumdb4j verify, cold cache" "${env_sumdb4j[@]}" GOPATH=@GOPATH@ "$root/cli/sumdb4j" verify "$gosum"
  row "sumdb4j verify, everything cached (online, nothing to fetch)" "${env_sumdb4j[@]}" GOPATH=@CACHED@ \
    "$root/cli/sumdb4j" verify "$gosum"
  row "floor: the same GETs alone, java.net.http.HttpClient, 64 in flight" "${jvm[@]}" "${floor_tls[@]}" \
    -cp "$tmp/floor" HttpFloor httpclient "$url" "$tmp/paths.txt"
  # HttpFloor's socket mode speaks plain HTTP only (unless it learns TLS: it then names SSLSocket).
  if [ "$proto" = http ] || grep -q SSLSocket "$root/testdata/goserver/HttpFloor.java"; then
    row "floor: the same GETs alone, blocking sockets, HTTP/1.1, 64 threads" "${jvm[@]}" "${floor_tls[@]}" \
      -cp "$tmp/floor" HttpFloor socket "$url" "$tmp/paths.txt"
  fi
  row "floor: the same GETs alone, Apache HttpClient 5 classic (sumdb4j's transport), 64 connections" "${jvm[@]}" \
    "${floor_tls[@]}" -cp "$tmp/floor:$jar" HttpFloor apache "$url" "$tmp/paths.txt"
  for _ in $(seq "$runs"); do
    for i in "${!names[@]}"; do run_once "$i"; done
  done
  walls=()
  for i in "${!names[@]}"; do print_row "$i"; walls+=("$last_wall"); done
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "-"; else printf "%.2f", a / b }'; }
  minus() { if [ -n "$1" ] && [ -n "$2" ]; then echo "$(( $1 - $2 )) ms"; else echo "-"; fi; }
  summary+=("$proto: sumdb4j verify (cold) / Go at 16 in flight $(ratio "${walls[2]:-}" "${walls[0]:-}"), / Go at 64 $(ratio "${walls[2]:-}" "${walls[1]:-}"); minus the HttpClient floor $(minus "${walls[2]:-}" "${walls[4]:-}"), minus the socket floor $(minus "${walls[2]:-}" "${walls[5]:-}"), minus the Apache floor $(minus "${walls[2]:-}" "${walls[6]:-}"); cached $(ratio "${walls[3]:-}" 1000) s (target 0.3 s)")

  if [ "$embedded" = 1 ]; then
    # Ten go.sums in turn through one client; the sum of runs 2-10 of each process, median of the
    # processes. The JVM runs with its default flags (C2 on), as a long-running service would.
    files=(); for j in 0 1 2 3 4 5 6 7 8 9; do files+=("$tmp/go.sum.$j"); done
    javac -d "$tmp/embedded" -cp "$jar" "$root/testdata/goserver/Embedded.java" 2>/dev/null
    : >"$tmp/emb.java"; : >"$tmp/emb.go"
    for _ in $(seq "$embedded_runs"); do
      timeout 600 java -cp "$jar:$tmp/embedded" Embedded "$key $url" "${files[@]}" >"$tmp/emb.out" \
        && awk 'NR > 1 {s += $NF; if (!min || $NF < min) min = $NF; if ($NF > max) max = $NF} END {print s, min, max}' "$tmp/emb.out" >>"$tmp/emb.java" \
        || echo "embedded sumdb4j failed" >&2
      timeout 600 "$tmp/goclient" -url "$url" -key "$key" -gosum "$(IFS=,; echo "${files[*]}")" -parallel 64 >"$tmp/emb.out" \
        && awk 'NR > 1 {s += $NF; if (!min || $NF < min) min = $NF; if ($NF > max) max = $NF} END {print s, min, max}' "$tmp/emb.out" >>"$tmp/emb.go" \
        || echo "embedded Go failed" >&2
    done
    for side in java go; do
      label="embedded, runs 2-10 together: sumdb4j, one Sumdb (in-memory store), 64 in flight"
      [ "$side" = go ] && label="embedded, runs 2-10 together: x/mod 0.7.0, one sumdb.Client, 64 in flight"
      best="$(sort -n "$tmp/emb.$side" | awk '{a[NR]=$0} END {if (NR) print a[int((NR+1)/2)]}')"
      printf '| %s | %s | %s (each %s-%s) | | | | | %s |\n' "$label" "$proto" ${best:-- - -} "$(cut -d' ' -f1 /proc/loadavg)"
    done
  fi
  stop_server
done

# Once: the README's first command, --version, and the JVM's own floor.
proto="-"; names=(); cmds=(); rm -f "$tmp"/row.*; url="http://127.0.0.1:1"; cacert=""
stat() { echo "- - -"; }
row "README's first command: sumdb4j verify --offline --gopath examples/gopath examples/go.sum" \
  env -i PATH="$PATH" HOME="$tmp" GOENV="$tmp/no-goenv" "$root/cli/sumdb4j" verify --offline \
  --gopath "$root/examples/gopath" "$root/examples/go.sum"
row "sumdb4j --version" env -i PATH="$PATH" HOME="$tmp" "$root/cli/sumdb4j" --version
row "floor: a JVM printing \"hi\" (C1 only, serial GC, its own CDS archive)" "${jvm[@]}" \
  -XX:SharedArchiveFile="$tmp/hello.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -cp "$tmp/hello.jar" Hello
for _ in $(seq "$runs"); do
  for i in "${!names[@]}"; do run_once "$i"; done
done
for i in "${!names[@]}"; do print_row "$i"; done
echo
for s in "${summary[@]}"; do echo "- $s"; done
echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
