#!/usr/bin/env bash
# Benchmark (not a test), P5: `dotnet migrate upgrade --no-build` against `dotnet ef database update
# --no-build` from base to head on the generated large project (150 migrations) and on the layered
# app (bench/generate-large.sh with LAYOUT=layered: 60 migrations), each run on a new
# SQLite file; medians and their ratio (goal <= 0.5). Two rows: with the SQL kept in obj/ by an
# earlier upgrade of the same build (a second database, another environment, a deploy), and cold
# (MIGRATIONS_NO_CACHE=1: EF Core builds every target model, as dotnet ef does). Then checks that
# every migration's kept SQL is EF Core's own script's, byte for byte. RUNS=n (default 5).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
prepare_tools
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
dir=$(large_project "${1:-300}")
export LARGE_CONNECTION="Data Source=$work/large.db"
fresh="rm -f '$work'/large.db*"

: > "$work/ours"; : > "$work/ef"
rm -f "$dir"/obj/*.migrate-sql.json  # the untimed warm-up fills it
pair "$work/ours" "$work/ef" \
  bash -c "$fresh && dotnet '$tool' upgrade --no-build --project '$dir'" -- \
  bash -c "$fresh && cd '$dir' && '$ef' database update --no-build"
row P5 "upgrade base -> head, large (150 migrations, SQLite)" "$(median < "$work/ours")" "$(median < "$work/ef")" 0.5 "dotnet ef database update"

: > "$work/cold"; : > "$work/ef"
pair "$work/cold" "$work/ef" \
  bash -c "$fresh && MIGRATIONS_NO_CACHE=1 dotnet '$tool' upgrade --no-build --project '$dir'" -- \
  bash -c "$fresh && cd '$dir' && '$ef' database update --no-build"
row P5 "upgrade base -> head, large, no SQL kept (cold)" "$(median < "$work/cold")" "$(median < "$work/ef")" - "dotnet ef database update"

# The same on the layered app (60 migrations; context and migrations in a library, the app the startup project).
layered=$(layered_project 120)
projects="--project '$layered/Large.Data' --startup-project '$layered/Large.Web'"
: > "$work/ours"; : > "$work/ef"
rm -f "$layered"/Large.Data/obj/*.migrate-sql.json
pair "$work/ours" "$work/ef" \
  bash -c "$fresh && dotnet '$tool' upgrade --no-build $projects" -- \
  bash -c "$fresh && '$ef' database update --no-build $projects"
row P5 "upgrade base -> head, layered (60 migrations, 3 projects)" "$(median < "$work/ours")" "$(median < "$work/ef")" 0.5 "dotnet ef database update"

# Every statement kept for every migration appears, in order, in EF Core's own script.
(cd "$dir" && "$ef" migrations script --no-build -o "$work/script.sql" >/dev/null)
python3 - "$dir"/obj/Large.migrate-sql.json "$work/script.sql" <<'PY'
import json, sys
entries = json.load(open(sys.argv[1]))["entries"]
script = open(sys.argv[2], encoding="utf-8-sig").read()
up = sorted(k for k in entries if k.endswith("|up|0"))
at = checked = 0
for slot in up:
    for command in entries[slot]["commands"]:
        found = script.find(command["sql"], at)
        if found < 0:
            sys.exit(f"kept SQL of {slot} is not EF Core's script's: {command['sql'][:200]!r}")
        at, checked = found + len(command["sql"]), checked + 1
print(f"kept SQL is EF Core's script's, byte for byte: {checked} statements of {len(up)} migrations", file=sys.stderr)
PY
