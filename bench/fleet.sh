#!/usr/bin/env bash
# Benchmark (not a test), P6: a fleet of SQLite databases (one per tenant) from base to head on the
# sample, `dotnet migrate upgrade --connections <list> --parallel 4` against the same databases moved
# one `dotnet migrate upgrade --connection <db>` at a time (what a script looping over the list does);
# goal <= 0.3 (bench/bundle.sh measures the same against sequential bundle runs; here the
# baseline is the tool itself). Usage: bench/fleet.sh [databases]  (default 100). RUNS=n (default 3).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
runs=${RUNS:-3}
count=${1:-100}
[[ "$count" =~ ^[1-9][0-9]*$ ]] || { echo "The size is a number of databases (e.g. bench/fleet.sh 100), not '$count'." >&2; exit 2; }
prepare_tools
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
(cd "$repo/samples/Library" && tar --exclude=bin --exclude=obj --exclude='*.db' --exclude='*.db-*' --exclude=migrations-backups -cf - .) \
  | (mkdir -p "$work/Library" && cd "$work/Library" && tar -xf -)
dotnet build "$work/Library" -nologo -v:q >/dev/null
for i in $(seq "$count"); do echo "Data Source=$work/dbs/tenant$i.db"; done > "$work/tenants.txt"
fresh="rm -rf '$work/dbs' && mkdir '$work/dbs'"
export MIGRATIONS_AUDIT_LOG=off

: > "$work/fleet"; : > "$work/loop"
pair "$work/fleet" "$work/loop" \
  bash -c "$fresh && dotnet '$tool' upgrade --no-build --project '$work/Library' --connections '$work/tenants.txt' --parallel 4" -- \
  bash -c "$fresh && while read -r c; do dotnet '$tool' upgrade --no-build --project '$work/Library' --connection \"\$c\" || exit 1; done < '$work/tenants.txt'"
row P6 "upgrade a fleet of $count SQLite databases, --parallel 4" "$(median < "$work/fleet")" "$(median < "$work/loop")" 0.3 "one upgrade per database, in turn"
