# shellcheck shell=bash
# deploy/lib/docker.sh — Docker helpers for deploy/dev.sh (and the integration tests).
#
# Meant to be sourced: it only defines functions and has no side effects of its own.
#
#   docker_ensure_engine           a Docker engine answers (starts dockerd as root if needed);
#                                  exports DOCKER_API_VERSION and TESTCONTAINERS_RYUK_DISABLED
#   docker_ensure_postgres_image   the local image doorbraak/postgres:15 exists (pulled, or built
#                                  from Debian packages with mmdebstrap when no registry answers)
#   docker_remove_run_containers   removes containers labelled doorbraak.run=$DOORBRAAK_RUN_ID
#
# Tunables (environment):
#   DOORBRAAK_PG_IMAGE        image name to provide (default doorbraak/postgres:15)
#   DOORBRAAK_DOCKERD_LOG     dockerd log file      (default /tmp/doorbraak-dockerd.log)
#   DOORBRAAK_DOCKERD_ARGS    extra dockerd flags   (default --storage-driver=overlay2)
#   DOORBRAAK_DEBIAN_MIRROR   Debian mirror URL for mmdebstrap (default: read from apt sources)

DOORBRAAK_PG_IMAGE_DEFAULT="doorbraak/postgres:15"

_docker_log() {
    printf '[dev] %s\n' "$*" >&2
}

_docker_is_root() {
    [ "$(id -u)" = 0 ]
}

_docker_is_debian() {
    [ -r /etc/debian_version ] && command -v apt-get >/dev/null 2>&1
}

# Prints the engine's API version when an engine answers; fails otherwise.
# DOCKER_API_VERSION is unset for the probe: a value left over from another
# engine would make the client refuse to talk to an older one.
_docker_server_api_version() {
    local v
    v=$(env -u DOCKER_API_VERSION timeout 10 docker version --format '{{.Server.APIVersion}}' 2>/dev/null) || return 1
    [ -n "$v" ] || return 1
    printf '%s\n' "$v"
}

# Installs the given Debian packages (root on Debian only); apt-get update runs once per shell.
_docker_apt_install() {
    if ! _docker_is_root || ! _docker_is_debian; then
        _docker_log "cannot install $* (needs root on Debian)"
        return 1
    fi
    if [ -z "${_DOORBRAAK_APT_UPDATED:-}" ]; then
        _docker_log "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || return 1
        _DOORBRAAK_APT_UPDATED=1
    fi
    _docker_log "installing $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

# Installs docker.io and mmdebstrap together when any of their commands is missing.
_docker_ensure_tools() {
    local missing=0 cmd
    for cmd in docker dockerd mmdebstrap; do
        command -v "$cmd" >/dev/null 2>&1 || missing=1
    done
    [ "$missing" = 0 ] && return 0
    _docker_apt_install docker.io mmdebstrap
}

_docker_export_env() {
    local api=$1
    export DOCKER_API_VERSION="$api"
    export TESTCONTAINERS_RYUK_DISABLED=true
}

docker_ensure_engine() {
    local api log pid args
    if api=$(_docker_server_api_version); then
        _docker_export_env "$api"
        return 0
    fi
    if ! _docker_is_root || ! _docker_is_debian; then
        _docker_log "no Docker engine answers, and starting one needs root on Debian"
        return 1
    fi
    if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
        _docker_ensure_tools || { _docker_log "could not install docker.io"; return 1; }
    fi

    log=${DOORBRAAK_DOCKERD_LOG:-/tmp/doorbraak-dockerd.log}
    # Another dockerd may already be on its way up (e.g. started by a parallel call): wait for it.
    pid=$(cat /var/run/docker.pid 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        _docker_log "dockerd (pid $pid) is running but not answering yet; waiting"
    else
        # shellcheck disable=SC2206  # word splitting of the flags is intended
        args=(${DOORBRAAK_DOCKERD_ARGS:---storage-driver=overlay2})
        _docker_log "starting dockerd ${args[*]} (log: $log)"
        nohup dockerd "${args[@]}" >>"$log" 2>&1 </dev/null &
        pid=$!
        disown "$pid" 2>/dev/null || true
    fi

    for _ in $(seq 1 60); do
        if api=$(_docker_server_api_version); then
            _docker_log "Docker engine up (API $api)"
            _docker_export_env "$api"
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            _docker_log "dockerd exited; last lines of $log:"
            tail -n 15 "$log" >&2 2>/dev/null
            return 1
        fi
        sleep 0.5
    done
    _docker_log "dockerd did not answer within 30 s; last lines of $log:"
    tail -n 15 "$log" >&2 2>/dev/null
    return 1
}

# Prints the first main Debian mirror of the machine's apt sources (not the security one).
_docker_debian_mirror() {
    local uri f etc=${_DOORBRAAK_APT_ETC:-/etc/apt}
    if [ -n "${DOORBRAAK_DEBIAN_MIRROR:-}" ]; then
        printf '%s\n' "$DOORBRAAK_DEBIAN_MIRROR"
        return 0
    fi
    uri=$(
        {
            # deb822 files: take the URIs of enabled "Types: deb" stanzas.
            for f in "$etc"/sources.list.d/*.sources; do
                [ -r "$f" ] || continue
                awk '
                    function flush() { if (deb && enabled) for (i = 1; i <= n; i++) print u[i]; deb = 0; enabled = 1; n = 0 }
                    BEGIN { enabled = 1 }
                    /^[[:space:]]*#/ { next }
                    /^[[:space:]]*$/ { flush(); next }
                    tolower($1) == "types:"   { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
                    tolower($1) == "enabled:" { if (tolower($2) == "no") enabled = 0 }
                    tolower($1) == "uris:"    { for (i = 2; i <= NF; i++) u[++n] = $i }
                    END { flush() }
                ' "$f"
            done
            # one-line format: deb [options] URI suite components
            for f in "$etc"/sources.list "$etc"/sources.list.d/*.list; do
                [ -r "$f" ] || continue
                awk '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ } if (i <= NF) print $i }' "$f"
            done
        } | grep -v -i 'security' | grep -E '^(https?|file)://' |
            awk '{ sub(/\/+$/, ""); if ($0 ~ /\/debian$/) { print; found = 1; exit } if (!first) first = $0 }
                 END { if (!found && first) print first }'
    )
    if [ -z "$uri" ]; then
        _docker_log "no Debian mirror found in $etc/sources.list{,.d}; set DOORBRAAK_DEBIAN_MIRROR"
        return 1
    fi
    printf '%s\n' "$uri"
}

# The image's entrypoint: a small re-implementation of the official postgres image's
# docker-entrypoint.sh (POSTGRES_USER/PASSWORD/DB, POSTGRES_INITDB_ARGS,
# POSTGRES_HOST_AUTH_METHOD, /docker-entrypoint-initdb.d), on Debian's postgresql-15.
_docker_pg_entrypoint() {
    cat <<'ENTRYPOINT'
#!/bin/bash
# docker-entrypoint.sh of doorbraak/postgres:15 (built from Debian's postgresql-15 packages).
set -Eeo pipefail

# "docker run image -c fsync=off" means "postgres -c fsync=off", as in the official image.
if [ "${1#-}" != "$1" ]; then
    set -- postgres "$@"
fi

export PGDATA=${PGDATA:-/var/lib/postgresql/data}
POSTGRES_USER=${POSTGRES_USER:-postgres}
POSTGRES_DB=${POSTGRES_DB:-$POSTGRES_USER}
POSTGRES_HOST_AUTH_METHOD=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
export POSTGRES_USER POSTGRES_DB POSTGRES_HOST_AUTH_METHOD

if [ "$1" = postgres ] && [ "$(id -u)" = 0 ]; then
    mkdir -p "$PGDATA" /var/run/postgresql
    chown postgres:postgres "$PGDATA" /var/run/postgresql
    chmod 700 "$PGDATA"
    chmod 3777 /var/run/postgresql
    exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
fi

if [ "$1" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
    if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
        echo 'Error: Database is uninitialized and superuser password is not specified.' >&2
        echo '       Set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust).' >&2
        exit 1
    fi
    # shellcheck disable=SC2086
    initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "${POSTGRES_PASSWORD:-}") \
        --encoding=UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host="$POSTGRES_HOST_AUTH_METHOD" \
        ${POSTGRES_INITDB_ARGS:-}
    echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
    printf '\nhost all all all %s\n' "$POSTGRES_HOST_AUTH_METHOD" >>"$PGDATA/pg_hba.conf"

    # Temporary server on the Unix socket only, so that pg_isready --host localhost
    # (Testcontainers' wait strategy) answers only once the set-up is done.
    pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start
    psql=(psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc)
    if [ "$POSTGRES_DB" != postgres ]; then
        exists=$("${psql[@]}" --dbname postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '${POSTGRES_DB//\'/\'\'}'")
        if [ -z "$exists" ]; then
            "${psql[@]}" --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
        fi
    fi
    for f in /docker-entrypoint-initdb.d/*; do
        [ -e "$f" ] || continue
        case "$f" in
            *.sh)
                if [ -x "$f" ]; then echo "$0: running $f"; "$f"; else echo "$0: sourcing $f"; # shellcheck disable=SC1090
                    . "$f"; fi ;;
            *.sql)    echo "$0: running $f"; "${psql[@]}" --dbname "$POSTGRES_DB" -f "$f" ;;
            *.sql.gz) echo "$0: running $f"; gunzip -c "$f" | "${psql[@]}" --dbname "$POSTGRES_DB" ;;
            *)        echo "$0: ignoring $f" ;;
        esac
    done
    pg_ctl -D "$PGDATA" -m fast -w stop
    echo
    echo 'PostgreSQL init process complete; ready for start up.'
    echo
fi

exec "$@"
ENTRYPOINT
}

docker_ensure_postgres_image() {
    local image=${DOORBRAAK_PG_IMAGE:-$DOORBRAAK_PG_IMAGE_DEFAULT}
    local mirror work rc start

    if docker image inspect "$image" >/dev/null 2>&1; then
        return 0
    fi

    if timeout 20 docker pull -q postgres:15-bookworm >/dev/null 2>&1 &&
        docker tag postgres:15-bookworm "$image"; then
        _docker_log "pulled postgres:15-bookworm as $image"
        return 0
    fi
    _docker_log "postgres:15-bookworm cannot be pulled; building $image from Debian packages"

    if ! command -v mmdebstrap >/dev/null 2>&1; then
        _docker_ensure_tools || { _docker_log "mmdebstrap is missing and cannot be installed"; return 1; }
    fi
    mirror=$(_docker_debian_mirror) || return 1

    work=$(mktemp -d /tmp/doorbraak-pgimage.XXXXXX) || return 1
    _docker_pg_entrypoint >"$work/docker-entrypoint.sh"
    chmod 755 "$work/docker-entrypoint.sh"

    start=$SECONDS
    _docker_log "mmdebstrap bookworm + postgresql-15 from $mirror"
    # shellcheck disable=SC2016  # "$1" is expanded by mmdebstrap's hook shell, not here
    # The customize hooks: drop the cluster that postgresql-common's postinst creates, clean
    # apt's caches, and put the entrypoint in.
    mmdebstrap --quiet --variant=apt --include=postgresql-15 \
        --aptopt='APT::Install-Recommends "false"' \
        --dpkgopt='path-exclude=/usr/share/doc/*' \
        --dpkgopt='path-exclude=/usr/share/man/*' \
        --dpkgopt='path-exclude=/usr/share/locale/*' \
        --customize-hook='rm -rf "$1"/etc/postgresql/15 "$1"/var/lib/postgresql/15' \
        --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
        --customize-hook="copy-in $work/docker-entrypoint.sh /usr/local/bin" \
        bookworm "$work/rootfs.tar" "$mirror" >&2
    rc=$?
    if [ "$rc" != 0 ]; then
        _docker_log "mmdebstrap failed (exit $rc)"
        rm -rf "$work"
        return 1
    fi
    _docker_log "rootfs built in $((SECONDS - start)) s; importing as $image"

    start=$SECONDS
    docker import \
        --change 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV LANG=C.UTF-8' \
        --change 'ENV PGDATA=/var/lib/postgresql/data' \
        --change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
        --change 'CMD ["postgres"]' \
        --change 'EXPOSE 5432' \
        --change 'USER root' \
        --change 'WORKDIR /' \
        --change 'LABEL org.opencontainers.image.description=PostgreSQL-15-from-Debian-packages' \
        "$work/rootfs.tar" "$image" >/dev/null
    rc=$?
    rm -rf "$work"
    if [ "$rc" != 0 ]; then
        _docker_log "docker import failed (exit $rc)"
        return 1
    fi
    _docker_log "imported $image in $((SECONDS - start)) s"
}

docker_remove_run_containers() {
    local ids
    if [ -z "${DOORBRAAK_RUN_ID:-}" ]; then
        return 0
    fi
    ids=$(docker ps -aq --filter "label=doorbraak.run=$DOORBRAAK_RUN_ID" 2>/dev/null) || return 0
    if [ -n "$ids" ]; then
        # shellcheck disable=SC2086
        docker rm -f -v $ids >/dev/null 2>&1 || true
    fi
    return 0
}
