#!/usr/bin/env bash
# The benchmarks of issue 9 in one run (not a test), printed as one table of medians and ratios
# against the baselines measured in the same run. See docs/performance.md.
#   P1 no-op and non-model-edit builds with vs without the package, sample and layered app
#                                                                  bench/build-gate.sh sample|layered
#   P2 check vs dotnet ef, sample; MSBuild check step vs the same   bench/check.sh sample, build-gate.sh
#   P3 check vs dotnet ef, large project, layered app; growth        bench/check.sh large|layered|growth
#   P4 backup and restore vs sqlite3 / pg_dump                       bench/backup.sh
#   P5 upgrade base -> head vs dotnet ef database update, large, layered  bench/upgrade.sh
#   P6 a fleet of 100 SQLite databases, --parallel 4 vs one upgrade each    bench/fleet.sh
#   P7 the bundle's upgrade vs efbundle, large; a fleet through the bundle   bench/bundle.sh
# Usage: bench/run.sh [P1 P2 P3 P4 P5 P6 P7]   (default all). RUNS=n runs of each pair (default 5);
# BACKUP_ROWS="100000 1000000" the P4 sizes. The large projects are generated once into bench/out.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
wanted=("$@"); [ ${#wanted[@]} -gt 0 ] || wanted=(P1 P2 P3 P4 P5 P6 P7)
export BENCH_RESULTS; BENCH_RESULTS=$(mktemp)
trap 'rm -f "$BENCH_RESULTS"' EXIT
started=$(date -u +%FT%TZ)
prepare_tools
for p in "${wanted[@]}"; do
  echo "== $p ($(date -u +%T), load $(load))" >&2
  case "$p" in
    P1) "$repo/bench/build-gate.sh" sample >&2; "$repo/bench/build-gate.sh" layered >&2 ;;  # and the MSBuild half of P2
    P2) "$repo/bench/check.sh" sample >&2 ;;
    P3) "$repo/bench/check.sh" large >&2; "$repo/bench/check.sh" layered >&2; "$repo/bench/check.sh" growth >&2 ;;
    P4) # shellcheck disable=SC2086
        RUNS=${BACKUP_RUNS:-} "$repo/bench/backup.sh" ${BACKUP_ROWS:-100000 1000000} >&2 ;;
    P5) "$repo/bench/upgrade.sh" >&2 ;;
    P6) "$repo/bench/fleet.sh" >&2 ;;
    P7) "$repo/bench/bundle.sh" >&2 ;;
    *) echo "Unknown measure $p (P1 to P7)." >&2; exit 2 ;;
  esac
done

echo
echo "Migrations.Build benchmarks, $started, $(nproc) cores, $(uname -sr), .NET SDK $(dotnet --version); RUNS=$runs"
printf '%-3s %-58s %9s %9s %6s %5s %-37s %5s\n' id measure "ours(s)" "base(s)" ratio goal baseline load
sort -s -k1,1 "$BENCH_RESULTS" | while IFS=$'\t' read -r id measure ours theirs ratio goal base load; do
  printf '%-3s %-58s %9s %9s %6s %5s %-37s %5s\n' "$id" "$measure" "$ours" "$theirs" "$ratio" "$goal" "$base" "$load"
done
echo "Medians; ratio = ours / baseline (lower is better); load = 1-minute load average when the row was taken."
