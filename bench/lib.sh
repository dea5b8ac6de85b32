# Shared by the bench/ scripts (sourced, not run): timing, medians, the results table's rows.
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="$repo/bench/out"
tool="$repo/src/Migrations.Build.Tool/bin/Release/net8.0/Migrations.Build.Tool.dll"
ef="$out/tools/dotnet-ef"
runs=${RUNS:-5}

# The tool (Release) and dotnet-ef 10 in bench/out/tools, once.
prepare_tools() {
  [ -f "$tool" ] && [ -z "${BENCH_REBUILD:-}" ] || dotnet build "$repo/src/Migrations.Build.Tool" -c Release -nologo -v:q >/dev/null
  [ -x "$ef" ] || dotnet tool install dotnet-ef --version '10.0.*' --tool-path "$out/tools" >/dev/null
}

# seconds <cmd...>: runs the command quietly in the current folder and prints its wall time in seconds;
# a failure stops the benchmark with what the command said.
seconds() {
  local t0 t1 log; log=$(mktemp)
  t0=$(date +%s%N)
  if ! "$@" >"$log" 2>&1; then echo "FAILED: $*" >&2; tail -n 30 "$log" >&2; rm -f "$log"; exit 1; fi
  t1=$(date +%s%N); rm -f "$log"
  echo "scale=3; ($t1 - $t0) / 1000000000" | bc -l | sed 's/^\./0./'
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print 0; else print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

load() { awk '{print $1}' /proc/loadavg; }

# row <id> <measure> <ours s> <theirs s|-> <goal|-> <baseline name>: one row of the table, into
# $BENCH_RESULTS (run.sh) and on stdout; the load is the 1-minute load average when it was taken.
row() {
  local ratio=-
  [ "$4" = - ] || ratio=$(echo "scale=3; $3 / $4" | bc -l | xargs printf '%.2f')
  local line; line=$(printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s' "$1" "$2" "$3" "$4" "$ratio" "$5" "$6" "$(load)")
  echo "$line"
  [ -z "${BENCH_RESULTS:-}" ] || echo "$line" >> "$BENCH_RESULTS"
}

# pair <ours file> <theirs file> <ours cmd> -- <theirs cmd>: runs both alternately $runs times after
# one untimed warm-up each (disk caches, the tool's metadata cache), appending seconds to the files.
pair() {
  local a=$1 b=$2; shift 2
  local ours=() theirs=() seen=
  for x in "$@"; do
    if [ "$x" = -- ] && [ -z "$seen" ]; then seen=1; elif [ -z "$seen" ]; then ours+=("$x"); else theirs+=("$x"); fi
  done
  "${ours[@]}" >/dev/null 2>&1 || true; "${theirs[@]}" >/dev/null 2>&1 || true
  for _ in $(seq "$runs"); do
    seconds "${ours[@]}" >> "$a"
    seconds "${theirs[@]}" >> "$b"
  done
}

# large_project <entities>: the generated app of that size (bench/generate-large.sh), generated once.
large_project() {
  local dir="$out/large-$1"
  [ -f "$dir/bin/Debug/net10.0/Large.dll" ] || "$repo/bench/generate-large.sh" "$1" $(( $1 / 2 )) "$dir" >&2
  echo "$dir"
}

# layered_project <entities>: the same app laid out as real apps are (LAYOUT=layered), half as many migrations.
layered_project() {
  local dir="$out/layered-$1"
  [ -f "$dir/Large.Web/bin/Debug/net10.0/Large.Web.dll" ] || LAYOUT=layered "$repo/bench/generate-large.sh" "$1" $(( $1 / 2 )) "$dir" >&2
  echo "$dir"
}
