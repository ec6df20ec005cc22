#!/usr/bin/env bash
# The append benchmark of issue #4: raw Npgsql inserts, bare Marten and the API, 8 writers.
#   bench/run.sh                  bootstraps the embedded PostgreSQL of deploy/dev.sh, gives the
#                                 bench a fresh database doorbraak_bench and runs it in Release
#   bench/run.sh --seconds 20     arguments go to the bench (--writers, --streams-per-writer,
#                                 --warmup, --seconds, --rounds, --no-append-modes, --no-breakdown,
#                                 --only)
# With DOORBRAAK_BENCH_DB set (a connection string), that database is used as it is.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEV_DIR="$ROOT/.dev"
mkdir -p "$DEV_DIR"
cd "$ROOT"

# shellcheck source=../deploy/lib/postgres.sh
. "$ROOT/deploy/lib/postgres.sh"

log() { printf '[bench] %s\n' "$*" >&2; }

APT_UPDATED=""
apt_update_once() {
  [ -n "$APT_UPDATED" ] && return 0
  apt-get update -qq >/dev/null && APT_UPDATED=1
}

command -v dotnet >/dev/null || { log "The .NET 10 SDK is required (dotnet on PATH)."; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [ -z "${DOORBRAAK_BENCH_DB:-}" ]; then
  pg_ensure_running
  # A fresh database each run, so earlier runs' events do not weigh on this one.
  PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -p "$PG_PORT" -U doorbraak -d postgres -qc \
    'drop database if exists doorbraak_bench with (force)' >/dev/null
  pg_ensure_database doorbraak_bench
  export DOORBRAAK_BENCH_DB="Host=127.0.0.1;Port=$PG_PORT;Username=doorbraak;Password=$PG_PASSWORD;Database=doorbraak_bench"
  log "Benchmark database doorbraak_bench on the embedded PostgreSQL (127.0.0.1:$PG_PORT)"
fi

dotnet build bench/DoorbraakTafel.Bench -c Release -nologo -v quiet
exec dotnet bench/DoorbraakTafel.Bench/bin/Release/net10.0/DoorbraakTafel.Bench.dll "$@"
