#!/usr/bin/env bash
# Benchmark (not a test), P5: `dotnet migrate upgrade --no-build` against `dotnet ef database update
# --no-build` from base to head on the generated large project (150 migrations), each run on a new
# SQLite file; medians and their ratio (goal <= 0.5). RUNS=n (default 5).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
prepare_tools
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
dir=$(large_project "${1:-300}")
: > "$work/ours"; : > "$work/ef"
export LARGE_CONNECTION="Data Source=$work/large.db"
pair "$work/ours" "$work/ef" \
  bash -c "rm -f '$work'/large.db* && dotnet '$tool' upgrade --no-build --project '$dir'" -- \
  bash -c "rm -f '$work'/large.db* && cd '$dir' && '$ef' database update --no-build"
row P5 "upgrade base -> head, large (150 migrations, SQLite)" "$(median < "$work/ours")" "$(median < "$work/ef")" 0.5 "dotnet ef database update"
