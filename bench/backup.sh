#!/usr/bin/env bash
# Benchmark of backup and restore (not a test). For each size, on a copy of the Library sample whose
# Members table holds that many rows, it times:
#   1. `dotnet migrate backup --tables Members` vs the database's own dump (`sqlite3 .dump Members`,
#      `pg_dump --data-only -t '"Members"'`): wall times and their ratio (goal <= 1.2), and our peak
#      memory, the largest resident set of the tool and its engine (goal <= 150 MiB, flat in size);
#   2. `dotnet migrate restore <file> --tables Members` into the emptied table vs loading that dump
#      (`sqlite3 <db> < dump.sql`, `psql -f`): wall times, their ratio and our rows/s.
# PostgreSQL runs on a throwaway cluster when /usr/lib/postgresql/*/bin/initdb exists (as the
# postgres user; it is stopped and removed at the end), else it is skipped.
# Usage: bench/backup.sh [rows...]   (default 100000 1000000)
#   RUNS=n   runs of each measure, medians printed (default 3 up to 200 000 rows, 1 above)
set -euo pipefail
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
for n in "${sizes[@]}"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "Sizes are row counts (e.g. bench/backup.sh 100000 1000000), not '$n'." >&2; exit 2; }
done
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
pgroot=""
pgctl=""
cleanup() {
  if [ -n "$pgctl" ] && [ -f "$pgroot/data/postmaster.pid" ]; then
    runuser -u postgres -- "$pgctl" -D "$pgroot/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  [ -z "$pgroot" ] || rm -rf "$pgroot"
  rm -rf "$work"
}
trap cleanup EXIT
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
unset LIBRARY_PROVIDER LIBRARY_CONNECTION MIGRATIONS_CONNECTION MIGRATIONS_BACKUP_KEY
cfg=Release
tool="$repo/src/Migrations.Build.Tool/bin/$cfg/net8.0/Migrations.Build.Tool.dll"
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed (apt-get install -y sqlite3)." >&2; exit 2; }

# Peak memory: GNU time reports the largest resident set of the process and the children it waited
# for, which covers the engine the tool starts. Without it, only wall times are measured.
gnutime=/usr/bin/time
if ! "$gnutime" -f %M true >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing GNU time for peak memory..."
  apt-get install -y time >/dev/null 2>&1 || true
fi
if ! "$gnutime" -f %M true >/dev/null 2>&1; then
  gnutime=""
  echo "GNU time (/usr/bin/time) is not available: peak memory is not measured (shown as n/a)."
fi

# measure <out> <stdin> <stdout> <cmd...>: runs the command with those files as its input and output and
# appends "seconds peakKiB" to <out>; on failure prints the command and what it said, and stops.
measure() {
  local out=$1 in=$2 stdout=$3; shift 3
  local status=0
  if [ -n "$gnutime" ]; then
    "$gnutime" -f '%e %M' -o "$work/time.txt" "$@" < "$in" > "$stdout" 2> "$work/stderr" || status=$?
  else
    local t0 t1; t0=$(date +%s%N)
    "$@" < "$in" > "$stdout" 2> "$work/stderr" || status=$?
    t1=$(date +%s%N); echo "$(echo "scale=3; ($t1 - $t0) / 1000000000" | bc -l) 0" > "$work/time.txt"
  fi
  if [ "$status" != 0 ]; then
    echo "FAILED (exit $status): $*" >&2
    tail -c 4000 "$stdout" >&2 || true
    cat "$work/stderr" >&2
    exit 1
  fi
  tail -n 1 "$work/time.txt" >> "$out"
}
# migrate <args...>: the tool, untimed (setting up); stops on failure as measure does.
migrate() { measure "$work/untimed" /dev/null "$work/stdout" dotnet "$tool" "$@"; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print 0; else print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
col() { awk -v c="$1" '{print $c}' "$2"; }
runs_for() { echo "${RUNS:-$(( $1 > 200000 ? 1 : 3 ))}"; }

echo "Building the tool ($cfg) and a copy of the sample in $work..."
dotnet build "$repo/src/Migrations.Build.Tool" -c "$cfg" -nologo -v:q >/dev/null
copy() { # $1: folder; the copy leaves out builds, databases and backups
  mkdir -p "$1"
  (cd "$repo/samples/Library" && tar --exclude=bin --exclude=obj --exclude='*.db' --exclude='*.db-*' --exclude=migrations-backups -cf - .) | (cd "$1" && tar -xf -)
}
copy "$work/sqlite/Library"
dotnet build "$work/sqlite/Library" -nologo -v:q >/dev/null

results="$work/results"
: > "$results"
# report <rows> <db> <op> <ours file> <theirs file>: one line of medians into the results.
report() {
  local n=$1 db=$2 op=$3 ours theirs peak rate
  ours=$(col 1 "$4" | median); theirs=$(col 1 "$5" | median); peak=$(col 2 "$4" | median)
  if [ -n "$gnutime" ]; then peak=$(echo "scale=1; $peak / 1024" | bc -l); else peak=n/a; fi
  rate=-
  [ "$op" != restore ] || rate=$(echo "$n / $ours" | bc -l | xargs printf '%.0f')
  echo "$n $db $op $ours $theirs $(echo "$ours / $theirs" | bc -l | xargs printf '%.2f') $peak $rate $(wc -l < "$4")" >> "$results"
  printf '  %-8s ours %ss, theirs %ss\n' "$op" "$ours" "$theirs"
}

# bench_db <db> <rows> <project> <connection>: the runs on a filled database. Set before: dump=(the
# database's dump of Members to stdout), load=(loading $dumpfile from stdin), empty=(deleting all Members),
# count=(counting them).
dumpfile="$work/dump.sql"
bench_db() {
  local db=$1 n=$2 project=$3 conn=$4
  local runs d="$work/$db-$n" file; runs=$(runs_for "$n")
  mkdir -p "$d"
  : > "$d/backup-ours"; : > "$d/backup-theirs"; : > "$d/restore-ours"; : > "$d/restore-theirs"
  echo "$db, $n rows, $runs run(s):"
  for i in $(seq "$runs"); do
    rm -rf "$d/backups" "$dumpfile"
    measure "$d/backup-ours" /dev/null "$work/stdout" dotnet "$tool" backup --tables Members --backup-dir "$d/backups" --json \
      --project "$project" --no-build --connection "$conn"
    measure "$d/backup-theirs" /dev/null "$dumpfile" "${dump[@]}"
    file=$(ls "$d/backups"/*.json)

    "${empty[@]}" >/dev/null
    measure "$d/restore-ours" /dev/null "$work/stdout" dotnet "$tool" restore "$file" --tables Members --json \
      --project "$project" --no-build --connection "$conn"
    [ "$("${count[@]}")" = "$n" ] || { echo "restore put back $("${count[@]}") of $n rows" >&2; exit 1; }
    "${empty[@]}" >/dev/null
    measure "$d/restore-theirs" "$dumpfile" /dev/null "${load[@]}"
    [ "$("${count[@]}")" = "$n" ] || { echo "loading the dump put back $("${count[@]}") of $n rows" >&2; exit 1; }
  done
  rm -rf "$d/backups" "$dumpfile"
  report "$n" "$db" backup "$d/backup-ours" "$d/backup-theirs"
  report "$n" "$db" restore "$d/restore-ours" "$d/restore-theirs"
}

# SQLite
for n in "${sizes[@]}"; do
  db="$work/sqlite-$n.db"
  migrate upgrade --project "$work/sqlite/Library" --no-build --connection "Data Source=$db"
  sqlite3 "$db" "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $n)
    INSERT INTO Members (Name, Email, JoinedAt)
    SELECT 'Member ' || i, 'member' || i || '@example.org', strftime('%Y-%m-%d %H:%M:%S', '2020-01-01', '+' || (i % 2000) || ' days') FROM s;"
  dump=(sqlite3 "$db" ".dump Members"); load=(sqlite3 "$db")
  empty=(sqlite3 "$db" 'DELETE FROM Members;'); count=(sqlite3 "$db" 'SELECT count(*) FROM Members;')
  bench_db sqlite "$n" "$work/sqlite/Library" "Data Source=$db"
  rm -f "$db"
done

# PostgreSQL
pg_note=""
initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$initdb" ]; then
  pg_note="PostgreSQL skipped: no /usr/lib/postgresql/*/bin/initdb on this machine."
elif ! id postgres >/dev/null 2>&1 || ! command -v runuser >/dev/null; then
  pg_note="PostgreSQL skipped: initdb is there but no 'postgres' user (or runuser) to run the cluster as."
else
  pgbin=$(dirname "$initdb"); pgctl="$pgbin/pg_ctl"
  pgroot=$(mktemp -d); chown postgres "$pgroot"
  port=54329
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "Starting a throwaway PostgreSQL ($pgbin) on 127.0.0.1:$port in $pgroot..."
  runuser -u postgres -- "$initdb" -D "$pgroot/data" -U postgres --auth=trust -E UTF8 >"$work/initdb.log" 2>&1 \
    || { cat "$work/initdb.log" >&2; exit 1; }
  runuser -u postgres -- "$pgctl" -D "$pgroot/data" -l "$pgroot/log" -w \
    -o "-p $port -k $pgroot -c listen_addresses=127.0.0.1" start >/dev/null \
    || { cat "$pgroot/log" >&2; exit 1; }
  psql_=(env PGOPTIONS='-c client_min_messages=warning' "$pgbin/psql" -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -qAt)
  "${psql_[@]}" -d postgres -c 'CREATE DATABASE bench;'
  pgconn="Host=127.0.0.1;Port=$port;Username=postgres;Database=bench"

  # The sample's migrations are SQLite's: the copy gets PostgreSQL ones, generated by the tool.
  copy "$work/pg/Library"
  rm -f "$work/pg/Library/Migrations/"*
  export LIBRARY_PROVIDER=postgres LIBRARY_CONNECTION="$pgconn"
  migrate revision -m init --project "$work/pg/Library"
  dotnet build "$work/pg/Library" -nologo -v:q >/dev/null

  dump=("$pgbin/pg_dump" -h 127.0.0.1 -p "$port" -U postgres --data-only -t '"Members"' bench)
  load=("${psql_[@]}" -d bench -f -)
  empty=("${psql_[@]}" -d bench -c 'DELETE FROM "Members";'); count=("${psql_[@]}" -d bench -c 'SELECT count(*) FROM "Members";')
  for n in "${sizes[@]}"; do
    "${psql_[@]}" -d bench -c 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;'
    migrate upgrade --project "$work/pg/Library" --no-build --connection "$pgconn"
    "${psql_[@]}" -d bench -c "INSERT INTO \"Members\" (\"Name\", \"Email\", \"JoinedAt\")
      SELECT 'Member ' || i, 'member' || i || '@example.org', timestamptz '2020-01-01 00:00:00+00' + (i % 2000) * interval '1 day'
      FROM generate_series(1, $n) AS i;" -c 'VACUUM ANALYZE "Members";'
    bench_db postgres "$n" "$work/pg/Library" "$pgconn"
  done
  unset LIBRARY_PROVIDER LIBRARY_CONNECTION
fi

printf '\n%-9s %-9s %-8s %9s %10s %7s %5s %9s %10s %5s\n' rows database measure "ours(s)" "theirs(s)" ratio goal "peak MiB" "rows/s" runs
while read -r n db op ours theirs ratio peak rate runs; do
  goal=-; [ "$op" != backup ] || goal=1.2
  printf '%-9s %-9s %-8s %9s %10s %7s %5s %9s %10s %5s\n' "$n" "$db" "$op" "$ours" "$theirs" "$ratio" "$goal" "$peak" "$rate" "$runs"
done < "$results"
echo "theirs: sqlite3 .dump / sqlite3 < dump.sql; pg_dump --data-only / psql -f. Medians; ratio = ours / theirs; peak = tool + engine (goal <= 150 MiB)."
[ -z "$pg_note" ] || echo "$pg_note"

# Under bench/run.sh: the same rows, into its table.
if [ -n "${BENCH_RESULTS:-}" ]; then
  source "$repo/bench/lib.sh"
  while read -r n db op ours theirs ratio peak rate runs; do
    case "$db-$op" in
      sqlite-backup) base="sqlite3 .dump" ;; sqlite-restore) base="sqlite3 < dump" ;;
      postgres-backup) base="pg_dump --data-only -t" ;; *) base="psql -f dump" ;;
    esac
    goal=-; [ "$op" != backup ] || goal=1.2
    row P4 "$op $n rows, $db (peak $peak MiB)" "$ours" "$theirs" "$goal" "$base" >/dev/null
  done < "$results"
fi
