#!/usr/bin/env bash
# kill -9 trials (not a benchmark of speed: a long run of the test in CI). Kills `dotnet migrate
# upgrade` and `rollback` (the tool and its engine, the whole process group) at random points of the
# part of their run that touches the database, half each, on SQLite and on a throwaway PostgreSQL
# server, and after each kill checks that the database is at a consistent migration, that a backup
# left behind is complete or a .partial, and that the next run finishes. CI runs 20 per provider.
# Usage: bench/kill-trials.sh [trials per provider]   (default 100)
#   MIGRATIONS_KILL_SEED=n   replay the random points of an earlier run (each run prints its seed)
set -euo pipefail
trials="${1:-100}"
[[ "$trials" =~ ^[1-9][0-9]*$ ]] || { echo "The number of trials is a count (e.g. bench/kill-trials.sh 100), not '$trials'." >&2; exit 2; }
cd "$(dirname "$0")/.."
dotnet build Migrations.Build.sln -nologo -v:q
start=$(date +%s)
MIGRATIONS_KILL_TRIALS="$trials" MIGRATIONS_REQUIRE_POSTGRES="${MIGRATIONS_REQUIRE_POSTGRES:-1}" \
  dotnet test tests/Migrations.Build.Tests --no-build --filter "FullyQualifiedName~KillTests" --logger "console;verbosity=detailed"
echo "$trials kill trials per provider in $(( $(date +%s) - start )) s"
