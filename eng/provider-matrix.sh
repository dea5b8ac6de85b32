#!/usr/bin/env bash
# The end-to-end tests that CI runs on one provider each (adoption on SQLite, publish and several
# contexts on PostgreSQL), on both SQLite and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
MIGRATIONS_PROVIDER_MATRIX=full dotnet test tests/Migrations.Build.Tests \
  --filter "FullyQualifiedName~AdoptionTests|FullyQualifiedName~PublishGateTests|FullyQualifiedName~SeveralContextsTests" "$@"
