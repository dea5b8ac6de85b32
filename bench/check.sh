#!/usr/bin/env bash
# Benchmark (not a test): `dotnet migrate check --no-build` against `dotnet ef migrations
# has-pending-model-changes --no-build` on one project, alternately, medians and their ratio.
#   bench/check.sh sample        P2, the Library sample (goal <= 0.30)
#   bench/check.sh large         P3, the generated project: 300 entities, 150 migrations (goal <= 0.40)
#   bench/check.sh growth        P3, the check alone at 50, 150 and 300 entities, to show how it grows
#   bench/check.sh layered       P3, a layered app: entities, context and migrations, and the app in
#                                three projects (120 entities, 60 migrations)
# Each project twice: as a repeated check runs (the code unchanged since the last check, so its
# drift and rule results come from obj/), and cold (MIGRATIONS_NO_CACHE=1: everything computed).
# RUNS=n (default 5). Rows go to $BENCH_RESULTS when bench/run.sh runs it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
prepare_tools
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

# measure <id> <label> <goal> <project folder> [cold] [startup project folder]
measure() {
  local dir=$4 cache= projects=(--project "$4"); : > "$work/ours"; : > "$work/ef"
  [ "${5:-}" = cold ] && cache=1
  [ -z "${6:-}" ] || projects+=(--startup-project "$6")
  # No database: both compare the model with the migrations only (ours also lints what isn't locked).
  export LIBRARY_CONNECTION="Data Source=$work/none.db" LARGE_CONNECTION="Data Source=$work/none.db"
  pair "$work/ours" "$work/ef" \
    env MIGRATIONS_NO_CACHE=$cache dotnet "$tool" check --no-build "${projects[@]}" -- \
    bash -c "cd '$dir' && '$ef' migrations has-pending-model-changes --no-build ${projects[*]}"
  row "$1" "$2" "$(median < "$work/ours")" "$(median < "$work/ef")" "$3" "dotnet ef has-pending-model-changes"
}

# both <id> <label> <goal> <project folder> [startup project folder]: the repeated check, then the cold one.
both() {
  measure "$1" "$2, repeated" "$3" "$4" "" "${5:-}"
  measure "$1" "$2, cold" "$3" "$4" cold "${5:-}"
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
  layered)
    dir=$(layered_project 120)
    both P3 "check --no-build, layered (120 ent., 60 mig., 3 projects)" 0.40 "$dir/Large.Data" "$dir/Large.Web" ;;
  *) echo "Usage: $0 sample|large|growth|layered" >&2; exit 2 ;;
esac
