# Embedded PostgreSQL for development: a private cluster per checkout, under .dev/ (git-ignored).
# Sourced by deploy/dev.sh; expects ROOT and DEV_DIR to be set.

PG_SYSTEM_USER=doorbraak-pg

pg_log() { printf '[dev] %s\n' "$*" >&2; }

pg_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && printf '%s' "$dir"
}

pg_install_if_missing() {
  [ -n "$(pg_bin_dir)" ] && return 0
  if [ "$(id -u)" != 0 ]; then
    pg_log "PostgreSQL server binaries not found; install Debian's postgresql package (needs root) or set DOORBRAAK_DB."
    return 1
  fi
  pg_log "Installing Debian's postgresql package (no default cluster)"
  mkdir -p /etc/postgresql-common
  grep -qs '^create_main_cluster' /etc/postgresql-common/createcluster.conf \
    || echo 'create_main_cluster = false' >> /etc/postgresql-common/createcluster.conf
  apt_update_once
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
}

# PostgreSQL refuses to run as root: as root, the cluster belongs to a system user.
pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$PG_SYSTEM_USER" -- "$@"
  else
    "$@"
  fi
}

pg_cluster_dir() {
  # The owner must be able to reach the folder; a checkout under /root is not reachable for it.
  if [ "$(id -u)" = 0 ] && ! runuser -u "$PG_SYSTEM_USER" -- test -x "$ROOT" 2>/dev/null; then
    printf '/var/lib/doorbraak-dev/%s' "$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)"
  else
    printf '%s/pg' "$DEV_DIR"
  fi
}

# A port per checkout, so two checkouts on one machine do not collide.
pg_pick_port() {
  local port=$((55000 + $(printf '%s' "$ROOT" | cksum | cut -d' ' -f1) % 900))
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  printf '%s' "$port"
}

# Ensures the cluster exists and runs; sets PG_PORT, PG_PASSWORD and PG_ADMIN_CS.
pg_ensure_running() {
  pg_install_if_missing || return 1
  local bin dir
  bin=$(pg_bin_dir)
  if [ "$(id -u)" = 0 ] && ! id "$PG_SYSTEM_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_SYSTEM_USER"
  fi
  dir=$(pg_cluster_dir)
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    pg_log "Creating a private PostgreSQL cluster in $dir"
    mkdir -p "$dir/socket"
    head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$dir/password"
    pg_pick_port > "$dir/port"
    [ "$(id -u)" = 0 ] && chown -R "$PG_SYSTEM_USER" "$dir"
    chmod 700 "$dir"
    pg_as_owner "$bin/initdb" -D "$dir/data" -U doorbraak --pwfile="$dir/password" \
      --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; return 1; }
  fi
  PG_PORT=$(cat "$dir/port")
  PG_PASSWORD=$(cat "$dir/password")
  if ! pg_as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    pg_log "Starting PostgreSQL on 127.0.0.1:$PG_PORT"
    pg_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $PG_PORT -k $dir/socket -c listen_addresses=127.0.0.1" start >/dev/null \
      || { tail -n 20 "$dir/server.log" >&2; return 1; }
  fi
  PG_ADMIN_CS="Host=127.0.0.1;Port=$PG_PORT;Username=doorbraak;Password=$PG_PASSWORD;Database=postgres"
}

# Creates a database when it does not exist, owned by the role given second (default: doorbraak).
pg_ensure_database() {
  local name=$1 owner=${2:-doorbraak}
  pg_admin_sql postgres "select 1 from pg_database where datname = '$name'" | grep -q 1 \
    || pg_admin_sql postgres "create database \"$name\" owner \"$owner\"" >/dev/null
}

pg_admin_sql() {
  PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -p "$PG_PORT" -U doorbraak -d "$1" -qtAc "$2"
}

# The app's two roles (docs/decisions.md): doorbraak_owner owns the database and applies the schema
# at start-up; doorbraak_app is what the app runs as: no superuser, owns nothing. Each has a password
# of its own next to the cluster's; sets PG_OWNER_PASSWORD and PG_APP_PASSWORD.
pg_ensure_app_roles() {
  local dir role
  dir=$(pg_cluster_dir)
  for role in owner app; do
    [ -s "$dir/$role-password" ] || head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$dir/$role-password"
  done
  PG_OWNER_PASSWORD=$(cat "$dir/owner-password")
  PG_APP_PASSWORD=$(cat "$dir/app-password")
  for role in owner app; do
    pg_admin_sql postgres "do \$\$ begin create role doorbraak_$role; exception when duplicate_object then null; end \$\$" >/dev/null
  done
  pg_admin_sql postgres "alter role doorbraak_owner login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password '$PG_OWNER_PASSWORD'" >/dev/null
  pg_admin_sql postgres "alter role doorbraak_app login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password '$PG_APP_PASSWORD'" >/dev/null
}

pg_stop() {
  local bin dir
  bin=$(pg_bin_dir) || return 0
  dir=$(pg_cluster_dir)
  [ -f "$dir/data/PG_VERSION" ] || return 0
  if pg_as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    pg_as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null && pg_log "PostgreSQL stopped"
  fi
}
