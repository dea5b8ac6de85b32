#!/usr/bin/env bash
# Benchmark (not a test): `dotnet migrate check --no-build` against `dotnet ef migrations
# has-pending-model-changes --no-build` on one project, alternately, medians and their ratio.
#   bench/check.sh sample        P2, the Library sample (goal <= 0.30)
#   bench/check.sh large         P3, the generated project: 300 entities, 150 migrations (goal <= 0.40)
#   bench/check.sh growth        P3, the check alone at 50, 150 and 300 entities, to show how it grows
# Each project twice: as a repeated check runs (the code unchanged since the last check, so its
# drift and rule results come from obj/), and cold (MIGRATIONS_NO_CACHE=1: everything computed).
# RUNS=n (default 5). Rows go to $BENCH_RESULTS when bench/run.sh runs it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
prepare_tools
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

# measure <id> <label> <goal> <project folder> [cold]
measure() {
  local dir=$4 cache=; : > "$work/ours"; : > "$work/ef"
  [ "${5:-}" = cold ] && cache=1
  # No database: both compare the model with the migrations only (ours also lints what isn't locked).
  export LIBRARY_CONNECTION="Data Source=$work/none.db" LARGE_CONNECTION="Data Source=$work/none.db"
  pair "$work/ours" "$work/ef" \
    env MIGRATIONS_NO_CACHE=$cache dotnet "$tool" check --no-build --project "$dir" -- \
    bash -c "cd '$dir' && '$ef' migrations has-pending-model-changes --no-build"
  row "$1" "$2" "$(median < "$work/ours")" "$(median < "$work/ef")" "$3" "dotnet ef has-pending-model-changes"
}

# both <id> <label> <goal> <project folder>: the repeated check, then the cold one.
both() {
  measure "$1" "$2, repeated" "$3" "$4"
  measure "$1" "$2, cold" "$3" "$4" cold
}

case "${1:-sample}" in
  sample)
    [ -f "$repo/samples/Library/bin/Debug/net10.0/Library.dll" ] || dotnet build "$repo/samples/Library" -nologo -v:q >/dev/null
    both P2 "check --no-build, sample (4 entities, 2 mig.)" 0.30 "$repo/samples/Library" ;;
  large)
    both P3 "check --no-build, large (300 ent., 150 mig.)" 0.40 "$(large_project 300)" ;;
  growth)
    for n in 50 150 300; do
      both P3 "check --no-build, $n entities, $(( n / 2 )) mig." - "$(large_project "$n")"
    done ;;
  *) echo "Usage: $0 sample|large|growth" >&2; exit 2 ;;
esac
