#!/usr/bin/env bash
# Benchmark of hostile backup files (not a test): `dotnet migrate show-backup --verify` on each must
# end with exit 2 within seconds (goal <= 5 s) at a bounded memory (goal <= 256 MiB peak resident
# set), however large the file inflates. The files:
#   whitespace  a real header, then N GiB of spaces gzipped (a few MiB on disk);
#   string      a real header, a table, then one string of N GiB of 'a' gzipped;
#   rows        a real header, a table, then N GiB of `[0],` rows gzipped (valid JSON that never ends:
#               this one reads at streaming speed with flat memory, so its time grows with N).
# Usage: bench/backup-bombs.sh [GiB]   (default 3)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
gib=${1:-3}
[[ "$gib" =~ ^[1-9][0-9]*$ ]] || { echo "The size is whole GiB (e.g. bench/backup-bombs.sh 3), not '$gib'." >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prepare_tools

header='{"format":"migrations-build-backup","version":2,"createdAt":"2026-01-01T00:00:00Z","tables":['
table='{"name":"T","schema":null,"columns":[{"name":"S","type":"String"}],"rows":['
bytes=$((gib * 1024 * 1024 * 1024))
echo "Writing three ${gib} GiB bombs in $work..."
{ printf '%s' "$header"; head -c "$bytes" /dev/zero | tr '\0' ' '; } | gzip -1 > "$work/whitespace.json.gz"
{ printf '%s%s["' "$header" "$table"; head -c "$bytes" /dev/zero | tr '\0' 'a'; } | gzip -1 > "$work/string.json.gz"
{ printf '%s%s' "$header" "$table"; head -c "$bytes" < <(yes '[0],' | tr -d '\n'); } | gzip -1 > "$work/rows.json.gz"

printf '%-11s %9s %8s %10s %6s\n' file "on disk" seconds "peak MiB" exit
for name in whitespace string rows; do
  file="$work/$name.json.gz"
  log=$(mktemp)
  set +e
  /usr/bin/time -f '%e %M' -o "$log.time" dotnet "$tool" show-backup "$file" --verify >"$log" 2>&1
  code=$?
  set -e
  read -r secs kib < <(tail -n 1 "$log.time") # time says "Command exited with non-zero status" first
  printf '%-11s %8sM %8s %10s %6s\n' "$name" "$(( $(stat -c %s "$file") / 1048576 ))" "$secs" "$(( kib / 1024 ))" "$code"
  rm -f "$log" "$log.time"
done
