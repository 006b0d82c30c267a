#!/usr/bin/env bash
# Builds the product jar and the benchmarks (Maven profile "bench"), runs them and prints a summary.
# What each one measures, and the figures of the last run on the reference machine: docs/benchmarks.md.
#
#   bench/run.sh                  batch + jmh + startup (about 5 minutes on 2 cores)
#   bench/run.sh batch            batch throughput: once over LINES lines vs jq over the same pages
#   bench/run.sh jmh              per-line hot path (LogClassifier.classify) per log shape
#   bench/run.sh startup          launch until the first Loki query, RSS when idle
#   bench/run.sh latency          live detection latency (optional; about 2 minutes for 20 incidents)
#   bench/run.sh all              all four
#   bench/run.sh watches          many watches on one instance: WATCH_COUNTS watches in turn, 10 s polls, poll start lag,
#                                 CPU and heap (about 5 minutes per count)
#   bench/run.sh pollbytes        bytes asked of Loki per poll, live (100 lines/s, 10 s polls), push-down on and off;
#                                 then detection latency with push-down on and off beside that traffic (about 17 minutes)
#
# Environment: LINES (1000000), RUNS (5: product and jq runs of the batch, startup runs), INCIDENTS (20),
# PUSH_DOWN (latency: true or false, LOKI_PUSH_DOWN of the product; default the product's), BACKGROUND_LPS (latency:
# normal lines a second beside the incidents, 0; pollbytes: 100), WATCH_COUNTS (watches: 1,20,200),
# MEASURE_SECONDS (watches 180, pollbytes 180), WARMUP_SECONDS (watches 60, pollbytes 30), LIVE_JAVA_OPTS (watches and
# pollbytes: the product's JVM options, "-Xmx256m" plus the README's launch),
# BUILD_DIR (target-bench), OUT (a fresh folder under /tmp: logs, reports, GC logs, JMH JSON; the query_range pages
# too with KEEP_PAGES=1, about 500 MB per million lines),
# MVN_FLAGS (e.g. -o once JMH and build-helper are in ~/.m2), JMH_ARGS (extra JMH options, e.g. "-p shape=DB_INFO"),
# BATCH_JAVA_OPTS (the product's JVM options in the batch; default: the README's launch options; "" for none),
# STARTUP_ARGS (extra StartupBench options, e.g. "--launch plain": java -jar without the README's JVM options),
# REF (a commit: benchmark that commit, exported with git archive into $OUT/tree, with today's bench code; default:
# the work tree as it is, uncommitted changes included).
# Needs: Java 17, Maven, jq; /usr/bin/time (GNU time) for peak RSS, else /proc is sampled.
set -euo pipefail

cd "$(dirname "$0")/.."
WHAT=${1:-default}
LINES=${LINES:-1000000}
RUNS=${RUNS:-5}
INCIDENTS=${INCIDENTS:-20}
BUILD_DIR=${BUILD_DIR:-target-bench}
OUT=${OUT:-$(mktemp -d /tmp/log-remediation-bench.XXXXXX)}
MVN_FLAGS=${MVN_FLAGS:-}
mkdir -p "$OUT"

command -v jq >/dev/null || { echo "bench/run.sh: jq is needed (apt-get install jq)" >&2; exit 2; }

if [ -n "${REF:-}" ]; then
  STATE="commit $(git rev-parse --short "$REF") (git archive; bench code of the work tree)"
  TREE="$OUT/tree"
  rm -rf "$TREE" && mkdir -p "$TREE"
  git archive "$REF" | tar -x -C "$TREE"
  rm -rf "$TREE/src/bench" "$TREE/bench"
  cp -r src/bench "$TREE/src/" && cp -r bench "$TREE/"
  cd "$TREE"
else
  STATE="work tree at $(git rev-parse --short HEAD 2>/dev/null || echo '?') with $(git status --porcelain 2>/dev/null | wc -l) uncommitted paths"
fi

echo "== build: mvn -B -q $MVN_FLAGS -Pbench -DbuildDir=$BUILD_DIR -DskipTests package"
# the product reads application.properties and routes/ from its working directory: run it on a copy taken with the
# build, so that edits made to the work tree while the benchmarks run cannot mix with this jar
WORKDIR="$OUT/product"
rm -rf "$WORKDIR" && mkdir -p "$WORKDIR"
cp -r application.properties routes "$WORKDIR/"
# shellcheck disable=SC2086
mvn -B -q $MVN_FLAGS -Pbench -DbuildDir="$BUILD_DIR" -DskipTests package
CP="$BUILD_DIR/test-classes:$BUILD_DIR/classes:$(cat "$BUILD_DIR/bench.classpath")"
JAR="$(cd "$BUILD_DIR" && pwd)/log-remediation.jar"

{
  echo "== machine"
  echo "cores: $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
  echo "memory: $(free -m | awk '/^Mem:/ {print $2 " MB"}'), kernel $(uname -r)"
  java -version 2>&1 | sed 's/^/java: /'
  echo "jq: $(jq --version)"
  echo "measured: $STATE"
  echo "load before the benchmarks: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure)"
} | tee "$OUT/machine.txt"

# the JVM options of the README's launch: the class-data archive mvn package made beside the jar, and C1 only
README_JVM_OPTIONS="-XX:SharedArchiveFile=$(cd "$BUILD_DIR" && pwd)/log-remediation.jsa -XX:TieredStopAtLevel=1"

run_batch() {
  echo "== batch: $LINES lines, $RUNS runs"
  # the sandbox Loki holding the lines lives in this JVM (about 520 MB for 1 M lines); the product is a child JVM
  java -Xmx2g -cp "$CP" dev.logremediation.bench.BatchThroughputBench --lines "$LINES" --runs "$RUNS" \
    --jar "$JAR" --workdir "$WORKDIR" --jq-filter "$PWD/bench/jq-filter.jq" --out "$OUT/batch" \
    --java-opts "${BATCH_JAVA_OPTS-$README_JVM_OPTIONS}" | tee "$OUT/batch.txt"
  # the saved query_range pages are about 500 MB per million lines
  [ -n "${KEEP_PAGES:-}" ] || rm -rf "$OUT/batch/pages" "$OUT/batch/jq-out.ndjson"
}

run_jmh() {
  echo "== jmh: LogClassifier.classify per shape (1 thread, 1 fork, 3x1 s warm-up, 5x1 s measured)"
  # shellcheck disable=SC2086
  java -cp "$CP" org.openjdk.jmh.Main ClassifyBench -rf json -rff "$OUT/jmh.json" ${JMH_ARGS:-} | tee "$OUT/jmh.txt"
}

run_startup() {
  echo "== startup: $RUNS runs"
  # shellcheck disable=SC2086
  java -Xmx512m -cp "$CP" dev.logremediation.bench.StartupBench --runs "$RUNS" --jar "$JAR" --workdir "$WORKDIR" --out "$OUT/startup" \
    ${STARTUP_ARGS:-} | tee "$OUT/startup.txt"
}

run_latency() {
  # $1: a name for this run's files (latency by default), then more DetectionLatencyBench arguments
  local name=${1:-latency}
  shift || true
  local extra=()
  [ -z "${PUSH_DOWN:-}" ] || extra+=(--push-down "$PUSH_DOWN")
  [ -z "${BACKGROUND_LPS:-}" ] || extra+=(--background-lps "$BACKGROUND_LPS")
  echo "== $name: $INCIDENTS incidents ${extra[*]} $*"
  java -Xmx512m -cp "$CP" dev.logremediation.bench.DetectionLatencyBench --incidents "$INCIDENTS" --jar "$JAR" \
    --workdir "$WORKDIR" --out "$OUT/$name" "${extra[@]}" "$@" | tee "$OUT/$name.txt"
}

# watches and pollbytes launch the product as the README does, with a 256 MB heap (LIVE_JAVA_OPTS to change it)
LIVE_JAVA_OPTS=${LIVE_JAVA_OPTS-"-Xmx256m $README_JVM_OPTIONS"}

run_watches() {
  echo "== watches: ${WATCH_COUNTS:-1,20,200} watches, one run each, java $LIVE_JAVA_OPTS"
  java -Xmx1g -cp "$CP" dev.logremediation.bench.ManyWatchesBench --watches "${WATCH_COUNTS:-1,20,200}" \
    --measure-seconds "${MEASURE_SECONDS:-180}" --warmup-seconds "${WARMUP_SECONDS:-60}" --jar "$JAR" \
    --workdir "$WORKDIR" --out "$OUT/watches" --java-opts "$LIVE_JAVA_OPTS" | tee "$OUT/watches.txt"
}

run_pollbytes() {
  echo "== pollbytes: push-down on and off, java $LIVE_JAVA_OPTS"
  java -Xmx1g -cp "$CP" dev.logremediation.bench.PollBytesBench --measure-seconds "${MEASURE_SECONDS:-180}" \
    --warmup-seconds "${WARMUP_SECONDS:-30}" --jar "$JAR" --workdir "$WORKDIR" --out "$OUT/pollbytes" \
    --java-opts "$LIVE_JAVA_OPTS" | tee "$OUT/pollbytes.txt"
  local lps=${BACKGROUND_LPS:-100}
  # DetectionLatencyBench adds -Xmx256m itself
  local opts=${LIVE_JAVA_OPTS/-Xmx256m/}
  BACKGROUND_LPS= PUSH_DOWN= run_latency latency-push-down-on --push-down true --background-lps "$lps" --java-opts "$opts"
  BACKGROUND_LPS= PUSH_DOWN= run_latency latency-push-down-off --push-down false --background-lps "$lps" --java-opts "$opts"
}

case "$WHAT" in
  batch) run_batch ;;
  jmh) run_jmh ;;
  startup) run_startup ;;
  latency) run_latency ;;
  default) run_batch; run_jmh; run_startup ;;
  all) run_batch; run_jmh; run_startup; run_latency ;;
  watches) run_watches ;;
  pollbytes) run_pollbytes ;;
  *) echo "usage: bench/run.sh [batch|jmh|startup|latency|all|watches|pollbytes]" >&2; exit 2 ;;
esac

echo
echo "================ summary (details in $OUT) ================"
cat "$OUT/machine.txt"
echo "load after the benchmarks: $(cut -d' ' -f1-3 /proc/loadavg)"
for part in batch startup latency watches pollbytes latency-push-down-on latency-push-down-off; do
  if [ -f "$OUT/$part.txt" ]; then
    sed -n '/^=== /,$p' "$OUT/$part.txt" | grep -v '^RESULT'
  fi
done
if [ -f "$OUT/jmh.json" ]; then
  echo "=== per-line hot path (JMH, one thread): ops/s = lines/s on one core; median of the 5 iterations ==="
  jq -r '.[] | [.params.shape, (.primaryMetric.rawData[0] | sort | .[(length / 2 | floor)] | floor),
               (.primaryMetric.score | floor), (.primaryMetric.scoreError | floor)] | @tsv' "$OUT/jmh.json" \
    | awk -F'\t' 'BEGIN { printf "%-30s %14s %14s %12s\n", "shape", "median ops/s", "mean ops/s", "+/- (99.9%)" }
                  { printf "%-30s %14d %14d %12d\n", $1, $2, $3, $4 }'
fi
