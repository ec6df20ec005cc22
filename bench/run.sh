#!/usr/bin/env bash
# The project's benchmarks, each against a fresh database on the embedded PostgreSQL of deploy/dev.sh,
# built and run in Release:
#   bench/run.sh append [args]    issue #4: raw Npgsql inserts, bare Marten and the API, 8 writers
#   bench/run.sh live [args]      issue #5: 100 meetings x 20 SignalR clients, ours against a bare hub
#   bench/run.sh privacy [args]   issue #6: filtered (gate + disclosure log) against unfiltered case reads,
#                                 and against an unfiltered read followed by one durable insert
#   bench/run.sh pdf [args]       issue #8: the PDF case summary of a 500-event case
# Arguments after the name go to the bench; --help on each lists them.
# With DOORBRAAK_BENCH_DB set (a connection string), that database is used as it is (for the privacy
# bench, DOORBRAAK_BENCH_OWNER_DB may name the owner role's connection that applies the schema).
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

case "${1:-}" in
  append) PROJECT=DoorbraakTafel.Bench ;;
  live) PROJECT=DoorbraakTafel.LiveBench ;;
  privacy) PROJECT=DoorbraakTafel.PrivacyBench ;;
  pdf) PROJECT=DoorbraakTafel.PdfBench ;;
  *) log "usage: bench/run.sh append|live|privacy|pdf [arguments of that bench]"; exit 2 ;;
esac
shift

command -v dotnet >/dev/null || { log "The .NET 10 SDK is required (dotnet on PATH)."; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [ -z "${DOORBRAAK_BENCH_DB:-}" ]; then
  pg_ensure_running
  # A fresh database each run, so earlier runs' events do not weigh on this one.
  PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -p "$PG_PORT" -U doorbraak -d postgres -qc \
    'drop database if exists doorbraak_bench with (force)' >/dev/null
  if [ "$PROJECT" = DoorbraakTafel.PrivacyBench ]; then
    # The privacy bench runs the app as in production: schema by the owner role, reads and
    # disclosure appends by the app role that owns nothing (docs/decisions.md).
    pg_ensure_app_roles
    pg_ensure_database doorbraak_bench doorbraak_owner
    export DOORBRAAK_BENCH_DB="Host=127.0.0.1;Port=$PG_PORT;Username=doorbraak_app;Password=$PG_APP_PASSWORD;Database=doorbraak_bench"
    export DOORBRAAK_BENCH_OWNER_DB="Host=127.0.0.1;Port=$PG_PORT;Username=doorbraak_owner;Password=$PG_OWNER_PASSWORD;Database=doorbraak_bench"
  else
    pg_ensure_database doorbraak_bench
    export DOORBRAAK_BENCH_DB="Host=127.0.0.1;Port=$PG_PORT;Username=doorbraak;Password=$PG_PASSWORD;Database=doorbraak_bench"
  fi
  log "Benchmark database doorbraak_bench on the embedded PostgreSQL (127.0.0.1:$PG_PORT)"
fi

dotnet build "bench/$PROJECT" -c Release -nologo -v quiet
exec dotnet "bench/$PROJECT/bin/Release/net10.0/$PROJECT.dll" "$@"
