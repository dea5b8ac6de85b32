#!/usr/bin/env bash
# Benchmark of the build gate (not a test). Prints three ratios of medians:
#   1. a no-op incremental `dotnet build` of the sample with the Migrations.Build package vs without it
#      (goal <= 1.03);
#   2. an incremental build after an edit to code the model can't depend on (Program.cs's message),
#      with the package vs without it (goal <= 1.05: the model fingerprint repeats the last check);
#   3. the check step alone on a changed assembly (the _MigrationsCheck target's time in MSBuild's
#      performance summary) vs `dotnet ef migrations has-pending-model-changes --no-build` on the
#      same project (goal <= 0.30).
# Usage: bench/build-gate.sh [sample|layered]   RUNS=n runs of each, alternating (default 7)
#   sample    the Library sample (4 entities, 2 migrations, one project)
#   layered   the layered app of bench/check.sh (120 entities in Large.Entities, the context and 60
#             migrations in Large.Data, the package on the app, Large.Web)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
runs=${RUNS:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prepare_tools

# Per layout: where the app comes from, the project the package goes on, the file of a non-model edit
# and its edit, a model-visible file, and dotnet ef's project arguments.
case "${1:-sample}" in
  sample)
    src="$repo/samples/Library"; app=.; label="sample"
    edit_file=Program.cs; edit() { sed -i "s/book(s) by[^{]*{/book(s) by (run $1) {/" "$2"; }
    model_file=Model/BenchTag.cs; model_ns=Library; ef_dir=.; ef_args=() ;;
  layered)
    src=$(layered_project 120); app=Large.Web; label="layered app (120 ent., 60 mig., 3 projects)"
    edit_file=Large.Web/Program.cs; edit() { sed -i "s/pending migration(s)[^\"]*\"/pending migration(s) (run $1).\"/" "$2"; }
    model_file=Large.Entities/BenchTag.cs; model_ns=Large.Model; ef_dir=Large.Data; ef_args=(--startup-project ../Large.Web) ;;
  *) echo "Usage: $0 [sample|layered]" >&2; exit 2 ;;
esac

version="0.1.0-bench.$(date +%s)"
echo "Packing Migrations.Build $version and preparing two copies of the $label in $work..."
dotnet pack "$repo/src/Migrations.Build.Tasks" -c Release -o "$work/feed" -p:Version="$version" -nologo -v:q >/dev/null

copy() { # $1: folder name; the copies leave out the repository's from-source wiring
  mkdir -p "$work/$1"
  (cd "$src" && tar --exclude=bin --exclude=obj --exclude='*.db*' --exclude='*.log' --exclude='Directory.Build.*' -cf - .) | (cd "$work/$1" && tar -xf -)
}
copy with
copy without
sed -i "s#<PackageReference Include=\"Microsoft.EntityFrameworkCore.Design\" Version=\"10.0.15\" />#&<PackageReference Include=\"Migrations.Build\" Version=\"$version\" />#" "$work/with/$app/"*.csproj
cat > "$work/with/nuget.config" <<XML
<configuration><packageSources><add key="bench" value="$work/feed" /></packageSources></configuration>
XML
for d in with without; do dotnet build "$work/$d/$app" -nologo -v:q >/dev/null; done

now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }

: > "$work/noop-with"; : > "$work/noop-without"; : > "$work/edit-with"; : > "$work/edit-without"; : > "$work/check"; : > "$work/ef"
for i in $(seq "$runs"); do
  for d in with without; do
    t0=$(now); dotnet build "$work/$d/$app" --no-restore -nologo -v:q >/dev/null; t1=$(now)
    ms "$t0" "$t1" >> "$work/noop-$d"
  done

  # An edit the model can't depend on: the app is compiled again, the gate repeats its last check.
  for d in with without; do
    edit "$i" "$work/$d/$edit_file"
    t0=$(now); dotnet build "$work/$d/$app" --no-restore -nologo -v:q >/dev/null; t1=$(now)
    ms "$t0" "$t1" >> "$work/edit-$d"
  done

  # A changed assembly: a source edited, so the app is compiled again and MigrationsCheck runs on the
  # new assembly (its results kept in obj/ from the last check no longer apply: everything is computed).
  # (a constant of the app's that the model fingerprint sees: a full check, with no drift to report)
  echo "namespace $model_ns; public static class BenchTag { public const string Run = \"$i\"; }" > "$work/with/$model_file"
  dotnet build "$work/with/$app" --no-restore -nologo -v:q -clp:PerformanceSummary \
    | awk '$3 == "_MigrationsCheck" && $2 == "ms" {print $1; exit}' >> "$work/check"

  t0=$(now)
  (cd "$work/with/$ef_dir" && "$ef" migrations has-pending-model-changes --no-build "${ef_args[@]}" >/dev/null)
  t1=$(now); ms "$t0" "$t1" >> "$work/ef"
done

with=$(median < "$work/noop-with"); without=$(median < "$work/noop-without")
check=$(median < "$work/check"); efms=$(median < "$work/ef")
ewith=$(median < "$work/edit-with"); ewithout=$(median < "$work/edit-without")
printf '\n%-58s %8s %8s %7s %6s\n' "measure ($runs runs, medians)" "ours" "other" "ratio" "goal"
printf '%-58s %6sms %6sms %7.3f %6s\n' "no-op build: with Migrations.Build vs without" "$with" "$without" "$(echo "$with / $without" | bc -l)" "1.03"
printf '%-58s %6sms %6sms %7.3f %6s\n' "non-model edit build: with Migrations.Build vs without" "$ewith" "$ewithout" "$(echo "$ewith / $ewithout" | bc -l)" "1.05"
printf '%-58s %6sms %6sms %7.3f %6s\n' "check step vs dotnet ef has-pending-model-changes" "$check" "$efms" "$(echo "$check / $efms" | bc -l)" "0.30"
s() { echo "scale=3; $1 / 1000" | bc -l | sed 's/^\./0./'; }
echo
row P1 "no-op dotnet build of the $label, with the package" "$(s "$with")" "$(s "$without")" 1.03 "the same build without it"
row P1 "build after a non-model edit of the $label, with the package" "$(s "$ewith")" "$(s "$ewithout")" 1.05 "the same build without it"
row P2 "MSBuild check step on a changed assembly, $label" "$(s "$check")" "$(s "$efms")" 0.30 "dotnet ef has-pending-model-changes"
