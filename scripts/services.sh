#!/usr/bin/env bash
# Throw-away services for the tests, started and stopped by scripts/test.sh (sourced).
# Each start function exports what the tests read, or prints why it could not start and
# leaves the variable unset, so the tests that need it report themselves as skipped.

# A free TCP port on the loopback interface.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# PostgreSQL: a new cluster in a temporary folder, reached through a unix socket in the
# same folder (no TCP port of the machine's is touched). initdb refuses to run as root,
# so as root the cluster belongs to the postgres user Debian's package creates.
# Exports FK_TEST_POSTGRES (a libpq URL to the maintenance database) and FK_PG_DIR.
start_postgres() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
        echo "  postgres: not installed (Debian package postgresql)"
        return 1
    fi
    local as=() user
    user=$(id -un)
    if [ "$(id -u)" -eq 0 ]; then
        if ! id postgres >/dev/null 2>&1; then
            echo "  postgres: no postgres user to run the cluster as"
            return 1
        fi
        as=(runuser -u postgres --)
        user=postgres
    fi
    FK_PG_DIR=$(mktemp -d /tmp/fk-pg-XXXXXX)
    chmod 755 "$FK_PG_DIR"
    [ ${#as[@]} -gt 0 ] && chown postgres "$FK_PG_DIR"
    local port
    port=$(free_port)
    if ! "${as[@]}" "$bin/initdb" -D "$FK_PG_DIR/data" -U "$user" -E UTF8 --locale=C.UTF-8 \
        --auth=trust >"$FK_PG_DIR/initdb.log" 2>&1; then
        echo "  postgres: initdb failed: $(tail -n 3 "$FK_PG_DIR/initdb.log")"
        return 1
    fi
    # fsync off: the cluster is thrown away; the tests measure behaviour, not durability
    if ! "${as[@]}" "$bin/pg_ctl" -D "$FK_PG_DIR/data" -l "$FK_PG_DIR/server.log" -w -t 60 \
        -o "-k $FK_PG_DIR -p $port -c listen_addresses='' -c fsync=off -c max_connections=200" \
        start >/dev/null 2>&1; then
        echo "  postgres: did not start: $(tail -n 3 "$FK_PG_DIR/server.log")"
        return 1
    fi
    FK_PG_BIN=$bin
    FK_PG_AS=("${as[@]}")
    FK_PG_PORT=$port
    export FK_TEST_POSTGRES="postgresql:///postgres?host=$FK_PG_DIR&port=$port&user=$user"
    export FK_PG_DIR FK_PG_BIN FK_PG_PORT
    echo "  postgres: $("$bin/postgres" --version) on $FK_PG_DIR, port $port"
}

stop_postgres() {
    [ -n "${FK_PG_DIR:-}" ] || return 0
    "${FK_PG_AS[@]}" "$FK_PG_BIN/pg_ctl" -D "$FK_PG_DIR/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$FK_PG_DIR"
    unset FK_TEST_POSTGRES FK_PG_DIR
}
