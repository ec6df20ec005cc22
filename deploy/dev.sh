#!/usr/bin/env bash
# DoorbraakTafel development script.
#   deploy/dev.sh up     embedded PostgreSQL, schema, demo data, app at http://127.0.0.1:5080
#   deploy/dev.sh test   the same bootstrap, then every test; last line "N passed, N failed"
#                        (further arguments go to dotnet test, e.g. --filter FullyQualifiedName~Erasure)
#   deploy/dev.sh down   stop the embedded PostgreSQL (and the Docker containers of test runs)
# With DOORBRAAK_DB set (a connection string), that database is used and nothing is started;
# DOORBRAAK_OWNER_DB then names the owner role's connection that applies the schema, if another.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEV_DIR="$ROOT/.dev"
mkdir -p "$DEV_DIR"
cd "$ROOT"

# shellcheck source=lib/postgres.sh
. "$ROOT/deploy/lib/postgres.sh"
# shellcheck source=lib/docker.sh
. "$ROOT/deploy/lib/docker.sh"

log() { printf '[dev] %s\n' "$*" >&2; }

APT_UPDATED=""
apt_update_once() {
  [ -n "$APT_UPDATED" ] && return 0
  apt-get update -qq >/dev/null && APT_UPDATED=1
}

require_dotnet() {
  command -v dotnet >/dev/null || { log "The .NET 10 SDK is required (dotnet on PATH)."; exit 1; }
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
}

# The web pages' front-end packages (NL Design System CSS, tokens, SignalR client, axe-core for the
# browser tests): `npm ci` from the committed lock file when node_modules is missing or the lock changed.
FRONTEND_DIR="$ROOT/src/DoorbraakTafel"
ensure_frontend() {
  local lock="$FRONTEND_DIR/package-lock.json" stamp="$FRONTEND_DIR/node_modules/.doorbraak-lock.sha256" sum
  sum=$(sha256sum "$lock" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    return 0
  fi
  if ! command -v npm >/dev/null; then
    log "The web pages need Node.js and npm to install their front-end packages (src/DoorbraakTafel/package-lock.json); install them (Debian: apt-get install npm)."
    return 1
  fi
  log "Installing the front-end packages (npm ci in src/DoorbraakTafel)"
  (cd "$FRONTEND_DIR" && npm ci --no-audit --no-fund --loglevel=error) >&2 || { log "npm ci failed."; return 1; }
  printf '%s' "$sum" >"$stamp"
}

# The browser tests drive Debian's Chromium through Playwright (never `playwright install`); as root
# the script installs the package when it is missing.
ensure_chromium() {
  local chromium=/usr/bin/chromium
  if [ ! -x "$chromium" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "Installing Debian's chromium for the browser tests"
    { apt_update_once && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || log "Installing chromium failed."
  fi
  [ -x "$chromium" ] || log "No Chromium at $chromium: the browser tests will fail (apt-get install chromium)."
  export DOORBRAAK_CHROMIUM="$chromium"
}

# The app's connection strings: DOORBRAAK_DB (and DOORBRAAK_OWNER_DB for the schema, when it is
# another role), or the database doorbraaktafel in the embedded cluster, owned by doorbraak_owner
# and used at runtime by doorbraak_app (docs/decisions.md). Sets APP_CS and OWNER_CS.
app_connection_strings() {
  if [ -n "${DOORBRAAK_DB:-}" ]; then
    APP_CS=$DOORBRAAK_DB
    OWNER_CS=${DOORBRAAK_OWNER_DB:-$DOORBRAAK_DB}
  else
    pg_ensure_running
    pg_ensure_app_roles
    pg_ensure_database doorbraaktafel doorbraak_owner
    APP_CS="Host=127.0.0.1;Port=$PG_PORT;Username=doorbraak_app;Password=$PG_APP_PASSWORD;Database=doorbraaktafel"
    OWNER_CS="Host=127.0.0.1;Port=$PG_PORT;Username=doorbraak_owner;Password=$PG_OWNER_PASSWORD;Database=doorbraaktafel"
  fi
}

cmd_up() {
  require_dotnet
  ensure_frontend || exit 1
  app_connection_strings
  log "Serving DoorbraakTafel at http://127.0.0.1:5080 (Ctrl-C stops)"
  ConnectionStrings__Doorbraak="$APP_CS" ConnectionStrings__DoorbraakOwner="$OWNER_CS" ASPNETCORE_ENVIRONMENT=Development \
    exec dotnet run --project src/DoorbraakTafel -- --urls http://127.0.0.1:5080
}

# Chooses the tests' PostgreSQL: DOORBRAAK_DB, else Testcontainers, else the embedded cluster.
choose_test_database() {
  if [ -n "${DOORBRAAK_DB:-}" ]; then
    export DOORBRAAK_TEST_SERVER="$DOORBRAAK_DB"
    log "Tests use the PostgreSQL server of DOORBRAAK_DB"
  elif docker_ensure_engine && docker_ensure_postgres_image; then
    export DOORBRAAK_TESTCONTAINERS_IMAGE=doorbraak/postgres:15
    export DOORBRAAK_RUN_ID="run-$$-$(date +%s)"
    log "Tests use PostgreSQL started by Testcontainers (image $DOORBRAAK_TESTCONTAINERS_IMAGE, Docker API $DOCKER_API_VERSION)"
  else
    pg_ensure_running
    export DOORBRAAK_TEST_SERVER="$PG_ADMIN_CS"
    log "No Docker engine: tests use the embedded PostgreSQL cluster on port $PG_PORT"
  fi
}

# Sums the TRX counters of every test project.
summarise_results() {
  local dir=$1 passed=0 failed=0 skipped=0 f total executed p fl er
  for f in "$dir"/*.trx; do
    [ -e "$f" ] || continue
    total=$(grep -o '<Counters [^>]*' "$f" | sed -n 's/.* total="\([0-9]*\)".*/\1/p')
    executed=$(grep -o '<Counters [^>]*' "$f" | sed -n 's/.* executed="\([0-9]*\)".*/\1/p')
    p=$(grep -o '<Counters [^>]*' "$f" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')
    fl=$(grep -o '<Counters [^>]*' "$f" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
    er=$(grep -o '<Counters [^>]*' "$f" | sed -n 's/.* error="\([0-9]*\)".*/\1/p')
    passed=$((passed + p))
    failed=$((failed + fl + er))
    skipped=$((skipped + total - executed))
  done
  SUMMARY_PASSED=$passed SUMMARY_FAILED=$failed SUMMARY_SKIPPED=$skipped
}

cmd_test() {
  require_dotnet
  choose_test_database
  local results="$DEV_DIR/test-results" status=0
  rm -rf "$results"
  ensure_chromium
  ensure_frontend || {
    docker_remove_run_containers
    echo "0 passed, 1 failed"
    exit 1
  }
  dotnet build DoorbraakTafel.sln -c Release -nologo -v quiet || {
    docker_remove_run_containers
    log "The build failed."
    echo "0 passed, 1 failed"
    exit 1
  }
  dotnet test DoorbraakTafel.sln -c Release --no-build --logger trx --results-directory "$results" "$@" || status=$?
  docker_remove_run_containers
  summarise_results "$results"
  if [ "$SUMMARY_PASSED" = 0 ] && [ "$SUMMARY_FAILED" = 0 ]; then
    log "No test ran."
    status=1
  fi
  [ "$SUMMARY_FAILED" -gt 0 ] && status=1
  if [ "$SUMMARY_SKIPPED" -gt 0 ]; then
    echo "$SUMMARY_PASSED passed, $SUMMARY_FAILED failed, $SUMMARY_SKIPPED skipped"
  else
    echo "$SUMMARY_PASSED passed, $SUMMARY_FAILED failed"
  fi
  exit "$status"
}

cmd_down() {
  DOORBRAAK_RUN_ID=""
  docker_remove_run_containers
  pg_stop
}

case "${1:-}" in
  up) cmd_up ;;
  test) shift; cmd_test "$@" ;;
  down) cmd_down ;;
  *) echo "usage: deploy/dev.sh up|test|down" >&2; exit 2 ;;
esac
