#!/usr/bin/env bash
# Benchmark of the build gate (not a test). Prints two ratios of medians:
#   1. a no-op incremental `dotnet build` of the sample with the Migrations.Build package vs without it
#      (goal <= 1.03);
#   2. the check step alone on a changed assembly (the _MigrationsCheck target's time in MSBuild's
#      performance summary) vs `dotnet ef migrations has-pending-model-changes --no-build` on the
#      same project (goal <= 0.30).
# Usage: bench/build-gate.sh [runs]   (default 7 runs of each, alternating)
set -euo pipefail
runs=${1:-7}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

version="0.1.0-bench.$(date +%s)"
echo "Packing Migrations.Build $version and preparing two copies of the sample in $work..."
dotnet pack "$repo/src/Migrations.Build.Tasks" -c Release -o "$work/feed" -p:Version="$version" -nologo -v:q >/dev/null
dotnet tool install dotnet-ef --version '10.0.*' --tool-path "$work/tools" >/dev/null

copy() { # $1: folder name; the copies leave out the repository's from-source wiring
  mkdir -p "$work/$1"
  (cd "$repo/samples/Library" && tar --exclude=bin --exclude=obj --exclude='*.db*' --exclude='Directory.Build.*' -cf - .) | (cd "$work/$1" && tar -xf -)
}
copy with
copy without
sed -i "s#<PackageReference Include=\"Microsoft.EntityFrameworkCore.Design\" Version=\"10.0.15\" />#&<PackageReference Include=\"Migrations.Build\" Version=\"$version\" />#" "$work/with/Library.csproj"
cat > "$work/with/nuget.config" <<XML
<configuration><packageSources><add key="bench" value="$work/feed" /></packageSources></configuration>
XML
for d in with without; do dotnet build "$work/$d" -nologo -v:q >/dev/null; done

now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

: > "$work/noop-with"; : > "$work/noop-without"; : > "$work/check"; : > "$work/ef"
for i in $(seq "$runs"); do
  for d in with without; do
    t0=$(now); dotnet build "$work/$d" --no-restore -nologo -v:q >/dev/null; t1=$(now)
    ms "$t0" "$t1" >> "$work/noop-$d"
  done

  # A changed assembly: the check's stamp is older than it, so MigrationsCheck runs.
  rm -f "$work/with/obj/Debug/net10.0/migrations.check.stamp"
  dotnet build "$work/with" --no-restore -nologo -v:q -clp:PerformanceSummary \
    | awk '$3 == "_MigrationsCheck" && $2 == "ms" {print $1; exit}' >> "$work/check"

  t0=$(now)
  (cd "$work/with" && "$work/tools/dotnet-ef" migrations has-pending-model-changes --no-build >/dev/null)
  t1=$(now); ms "$t0" "$t1" >> "$work/ef"
done

with=$(median < "$work/noop-with"); without=$(median < "$work/noop-without")
check=$(median < "$work/check"); ef=$(median < "$work/ef")
printf '\n%-58s %8s %8s %7s %6s\n' "measure ($runs runs, medians)" "ours" "other" "ratio" "goal"
printf '%-58s %6sms %6sms %7.3f %6s\n' "no-op build: with Migrations.Build vs without" "$with" "$without" "$(echo "$with / $without" | bc -l)" "1.03"
printf '%-58s %6sms %6sms %7.3f %6s\n' "check step vs dotnet ef has-pending-model-changes" "$check" "$ef" "$(echo "$check / $ef" | bc -l)" "0.30"
