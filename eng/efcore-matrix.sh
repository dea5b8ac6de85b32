#!/usr/bin/env bash
# Every cell of docs/compatibility.md's table: apps pinned to each EF Core version, framework and
# provider, taken through their whole life on the packed packages. CI runs a slice of it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash eng/install-runtimes.sh
MIGRATIONS_EFCORE_MATRIX=full dotnet test tests/Migrations.Build.Tests --filter "FullyQualifiedName~EFCoreVersionTests" "$@"
