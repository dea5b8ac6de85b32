#!/usr/bin/env bash
# Benchmark (not a test), P7: the migration bundle. Two rows:
#  - `migrate upgrade` (dotnet migrate bundle) against `efbundle` (dotnet ef migrations bundle), both
#    made from the generated large project (150 migrations) and run from base to head on a new SQLite
#    file: the same work, goal <= 1.0;
#  - a fleet of SQLite databases of the sample moved by one bundle run (`--connections`, --parallel 4)
#    against one bundle run per database, in turn: goal <= 0.3.
# Usage: bench/bundle.sh [databases]  (default 100). RUNS=n (default 5; the fleet row 3).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
count=${1:-100}
[[ "$count" =~ ^[1-9][0-9]*$ ]] || { echo "The size is a number of databases (e.g. bench/bundle.sh 100), not '$count'." >&2; exit 2; }
prepare_tools
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export MIGRATIONS_AUDIT_LOG=off

dir=$(large_project 300)
dotnet "$tool" bundle --no-build --project "$dir" -o "$work/migrate" --force >/dev/null
(cd "$dir" && "$ef" migrations bundle --no-build -o "$work/efbundle" --force >/dev/null)
export LARGE_CONNECTION="Data Source=$work/large.db"
fresh="rm -f '$work'/large.db*"
: > "$work/ours"; : > "$work/ef"
pair "$work/ours" "$work/ef" \
  bash -c "$fresh && cd '$work' && ./migrate upgrade" -- \
  bash -c "$fresh && cd '$work' && ./efbundle"
row P7 "bundle upgrade base -> head, large (150 migrations)" "$(median < "$work/ours")" "$(median < "$work/ef")" 1.0 "efbundle"

# The fleet: the sample's bundle, 100 tenants.
(cd "$repo/samples/Library" && tar --exclude=bin --exclude=obj --exclude='*.db' --exclude='*.db-*' --exclude=migrations-backups -cf - .) \
  | (mkdir -p "$work/Library" && cd "$work/Library" && tar -xf -)
dotnet "$tool" bundle --project "$work/Library" -o "$work/library-migrate" >/dev/null
for i in $(seq "$count"); do echo "Data Source=$work/dbs/tenant$i.db"; done > "$work/tenants.txt"
fresh="rm -rf '$work/dbs' && mkdir '$work/dbs'"
: > "$work/fleet"; : > "$work/loop"
runs=${RUNS:-3}
pair "$work/fleet" "$work/loop" \
  bash -c "$fresh && '$work/library-migrate' upgrade --connections '$work/tenants.txt' --parallel 4" -- \
  bash -c "$fresh && while read -r c; do '$work/library-migrate' upgrade --connection \"\$c\" || exit 1; done < '$work/tenants.txt'"
row P7 "bundle upgrade of a fleet of $count SQLite databases, --parallel 4" "$(median < "$work/fleet")" "$(median < "$work/loop")" 0.3 "one bundle run per database, in turn"
