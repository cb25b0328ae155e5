#!/usr/bin/env bash
# Speed benchmark (issue 5): the whole `sumdb4j audit verify` command (JVM start, JIT warm-up, the
# record and tree check, the duplicate scan) on a generated mirror of N records (default 58
# million, about today's sum.golang.org: 12 GB), a 256 MB heap. Before each run the
# mirror is read once so that it sits in the page cache, and the share resident is printed (on a VM
# whose memory is reclaimed proactively the cache shrinks between runs; a run reading from disk is
# a different benchmark). Prints one line per run: wall seconds, records/s, CPU seconds (user, sys)
# and peak RSS.
#
# Usage: testdata/auditbench/bench.sh   (after mvn -B -ntp -q -DskipTests package)
# Env: N (default 58000000), RUNS (default 3), THREADS (default: the command's, processors + 1), DIR (default /tmp/sumdb4j-mirror-$N; generated when
#      missing, about 2 minutes for 58M), JAVA_OPTS (added after -Xmx256m), SUMDB4J (the launcher
#      to run, default cli/sumdb4j; e.g. another build's, for an A/B comparison).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
n="${N:-58000000}"; runs="${RUNS:-3}"; threads=(); [ -n "${THREADS:-}" ] && threads=(--threads "$THREADS"); dir="${DIR:-/tmp/sumdb4j-mirror-$n}"
cmd="${SUMDB4J:-$root/cli/sumdb4j}"
key="log.test.sumdb4j+a5474c9d+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop" # GeneratedLog.KEY
[ -f "$root/cli/target/sumdb4j.jar" ] || { echo "build first: mvn -B -ntp -q -DskipTests package" >&2; exit 2; }
if [ ! -f "$dir/latest" ]; then
  # one reactor build (-am): nothing needs installing; each module writes its own target/bench.cp
  (cd "$root" && mvn -B -ntp -q -o test-compile dependency:build-classpath -pl tlog -am \
    -Dmdep.outputFile=target/bench.cp)
  java -cp "$root/tlog/target/test-classes:$root/tlog/target/classes:$(cat "$root/tlog/target/bench.cp")" \
    dev.sumdb4j.tlog.audit.VerifyBench gen "$dir" "$n"
fi
"$cmd" audit verify --help >/dev/null # the launcher's class-data archive, made once
for i in $(seq "$runs"); do
  find "$dir/tile" -type f -print0 | xargs -0 cat >/dev/null
  resident="$(find "$dir/tile" -type f -print0 | xargs -0 fincore -n -b 2>/dev/null \
    | awk '{r += $1; s += $3} END {printf "%.1f %%", 100 * r / s}')"
  out="$(JAVA_OPTS="-Xmx256m ${JAVA_OPTS:-}" /usr/bin/time -f "%e %U %S %M" \
    "$cmd" audit verify --dir "$dir" --gosumdb "$key" "${threads[@]}" 2>&1 >/dev/null | tail -1)"
  read -r wall user sys rss <<<"$out"
  awk -v n="$n" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v c="$resident" -v i="$i" 'BEGIN {printf "run %d: %.2f s, %.2fM records/s, CPU %.1f s user + %.1f s sys, peak RSS %d MB (mirror %s in the page cache)\n", i, w, n / w / 1e6, u, s, r / 1024, c}'
done
