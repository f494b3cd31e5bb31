#!/usr/bin/env bash
# Throw-away services for the tests, started and stopped by scripts/test.sh (sourced).
# Each start function exports what the tests read, or prints why it could not start and
# leaves the variable unset, so the tests that need it report themselves as skipped.

# A free TCP port on the loopback interface.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# The newest PostgreSQL server programs Debian installed, and how to run them: initdb
# refuses to run as root, so as root the cluster belongs to the postgres user.
pg_tools() {
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
        echo "postgres: not installed (Debian package postgresql)"
        return 1
    fi
    PG_AS=()
    PG_USER=$(id -un)
    if [ "$(id -u)" -eq 0 ]; then
        if ! id postgres >/dev/null 2>&1; then
            echo "postgres: no postgres user to run the cluster as"
            return 1
        fi
        PG_AS=(runuser -u postgres --)
        PG_USER=postgres
    fi
}

# pg_cluster_init DIR PORT: a new cluster in DIR (created, readable by the cluster's
# user), listening only on a unix socket in DIR; prints its maintenance URL.
pg_cluster_init() {
    local dir=$1 port=$2
    pg_tools || return 1
    mkdir -p "$dir" && chmod 755 "$dir"
    [ ${#PG_AS[@]} -gt 0 ] && chown postgres "$dir"
    if ! "${PG_AS[@]}" "$PG_BIN/initdb" -D "$dir/data" -U "$PG_USER" -E UTF8 --locale=C.UTF-8 \
        --auth=trust >"$dir/initdb.log" 2>&1; then
        echo "postgres: initdb failed: $(tail -n 3 "$dir/initdb.log")"
        return 1
    fi
    # fsync off: the cluster is thrown away; the tests measure behaviour, not durability
    echo "-k $dir -p $port -c listen_addresses='' -c fsync=off -c max_connections=200" >"$dir/options"
    pg_cluster_ctl "$dir" start || return 1
    echo "postgresql:///postgres?host=$dir&port=$port&user=$PG_USER"
}

# pg_cluster_ctl DIR start|stop|restart
pg_cluster_ctl() {
    local dir=$1 action=$2
    pg_tools >/dev/null || return 1
    if ! "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -m fast \
        -o "$(cat "$dir/options")" "$action" >/dev/null 2>&1; then
        echo "postgres: $action failed: $(tail -n 3 "$dir/server.log")"
        return 1
    fi
}

# PostgreSQL for the whole test run, in a temporary folder. Exports FK_TEST_POSTGRES (a
# libpq URL to its maintenance database) and FK_PG_DIR.
start_postgres() {
    FK_PG_DIR=$(mktemp -d /tmp/fk-pg-XXXXXX)
    local url
    if ! url=$(pg_cluster_init "$FK_PG_DIR" "$(free_port)"); then
        echo "  $url"
        rm -rf "$FK_PG_DIR"
        unset FK_PG_DIR
        return 1
    fi
    export FK_TEST_POSTGRES=$url FK_PG_DIR
    pg_tools >/dev/null
    echo "  postgres: $("$PG_BIN/postgres" --version) on $FK_PG_DIR"
}

stop_postgres() {
    [ -n "${FK_PG_DIR:-}" ] || return 0
    pg_cluster_ctl "$FK_PG_DIR" stop >/dev/null
    rm -rf "$FK_PG_DIR"
    unset FK_TEST_POSTGRES FK_PG_DIR
}

# Run as a command (the tests that restart a server of their own):
#   services.sh pg-init DIR PORT | services.sh pg-ctl DIR start|stop|restart
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    case ${1:-} in
    pg-init) pg_cluster_init "$2" "$3" ;;
    pg-ctl) pg_cluster_ctl "$2" "$3" ;;
    *) echo "usage: services.sh pg-init DIR PORT | pg-ctl DIR start|stop|restart" >&2; exit 2 ;;
    esac
fi
