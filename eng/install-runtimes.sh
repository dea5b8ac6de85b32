#!/usr/bin/env bash
# Installs the .NET 8 and 9 runtimes (Microsoft.NETCore.App, and Microsoft.AspNetCore.App for web
# apps) beside the SDK's own, from the runtime packs NuGet serves, so that net8.0 and net9.0 test
# apps run where only the .NET 10 SDK is installed. Usage: eng/install-runtimes.sh [version...]
# (default 8.0.34 9.0.23). Needs write access to the dotnet root (CI runs as root).
set -euo pipefail
versions=("${@:-8.0.34 9.0.23}")
read -r -a versions <<< "${versions[*]}"
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One PackageDownload per package, naming every version it needs.
downloads=""
for fx in Microsoft.NETCore.App Microsoft.AspNetCore.App; do
  wanted=""
  for v in "${versions[@]}"; do
    [ -d "$dotnet_root/shared/$fx/$v" ] || wanted+="${wanted:+;}[$v]"
  done
  [ -z "$wanted" ] || downloads+="<PackageDownload Include=\"$fx.Runtime.linux-x64\" Version=\"$wanted\" />"
done
[ -n "$downloads" ] || { echo "runtimes ${versions[*]}: already installed"; exit 0; }

cat > "$work/runtimes.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
  <ItemGroup>$downloads</ItemGroup>
</Project>
XML
NUGET_PACKAGES="$work/packages" dotnet restore "$work/runtimes.csproj" -nologo >/dev/null

for v in "${versions[@]}"; do
  for fx in Microsoft.NETCore.App Microsoft.AspNetCore.App; do
    pack="$work/packages/$(echo "$fx.Runtime.linux-x64" | tr 'A-Z' 'a-z')/$v/runtimes/linux-x64"
    [ -d "$pack" ] && [ ! -d "$dotnet_root/shared/$fx/$v" ] || continue
    target="$dotnet_root/shared/$fx/$v"
    mkdir -p "$target.partial"
    cp "$pack"/lib/net*/* "$target.partial/"
    [ -d "$pack/native" ] && cp "$pack"/native/* "$target.partial/"
    mv "$target.partial" "$target"
    echo "installed $fx $v in $target"
  done
done
