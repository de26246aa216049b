#!/usr/bin/env bash
# A real Rucio server (PyPI rucio, SQLite, gunicorn) on 127.0.0.1 for the Grid tests (DESIGN.md §5,
# docs/specs/rucio_server.md), seeded with a CMS-like catalogue (scripts/rucio/seed.py).
#
# Usage: scripts/rucio-server.sh start|stop|status|seed|expire-tokens [--state DIR] [--venv DIR] [--tls]
#   --state DIR  the server's folder: rucio.cfg, alembic.ini, client.cfg, rucio.db, logs, PID, server.env
#                (default: .rucio in the repository)
#   --venv DIR   the Python venv holding rucio==$RUCIO_VERSION and gunicorn (default: .venv-rucio); created
#                on first start (about 40 s and 225 MB)
#   --tls        the HTTPS server instead: a second gunicorn on the same database, with a certificate for
#                127.0.0.1 signed by a CA made here (DIR/tls/ca.pem, and DIR/tls/certificates/HASH.0 as a
#                CA folder); its files are server-tls.pid and server-tls.env (RUCIO_URL=https://…,
#                RUCIO_CA_FILE, RUCIO_CA_DIR)
#
# `start` creates what is missing, starts gunicorn (1 worker, 4 threads) on a free port (or $RUCIO_PORT),
# returns once /ping answers, seeds the catalogue, and writes DIR/server.env (RUCIO_URL, RUCIO_ACCOUNT,
# RUCIO_USERNAME, RUCIO_PASSWORD, RUCIO_DATABASE). It reuses a server already running from the same folder.
# `seed` adds the catalogue again (idempotent). `expire-tokens` makes every issued token expire, as an hour
# passing would. `stop` sends SIGTERM to the recorded PID. `status` exits 0 when it runs, 3 when not.
set -euo pipefail

repository="$(cd "$(dirname "$0")/.." && pwd)"
state="$repository/.rucio"
venv="$repository/.venv-rucio"
version="${RUCIO_VERSION:-41.5.1}"
helpers="$repository/scripts/rucio"
tls=0

usage() {
    echo "usage: $0 start|stop|status|seed|expire-tokens [--state DIR] [--venv DIR] [--tls]" >&2
    exit 2
}

[ $# -ge 1 ] || usage
command="$1"
shift
while [ $# -gt 0 ]; do
    case "$1" in
    --state) [ $# -ge 2 ] || usage; state="$2"; shift 2 ;;
    --venv) [ $# -ge 2 ] || usage; venv="$2"; shift 2 ;;
    --tls) tls=1; shift ;;
    *) usage ;;
    esac
done
mkdir -p "$state"
state="$(cd "$state" && pwd)"
suffix=""
scheme=http
if [ "$tls" = 1 ]; then
    suffix="-tls"
    scheme=https
fi
pid_file="$state/server$suffix.pid"
env_file="$state/server$suffix.env"
client_cfg="$state/client$suffix.cfg"

# MARK: - Helpers

# Writes stdin to $1 through a temporary file and a rename, so readers never see half a file.
write_atomically() {
    local temporary="$1.tmp.$$"
    cat >"$temporary"
    mv -f "$temporary" "$1"
}

# The recorded PID when that process is alive and is gunicorn; nothing otherwise.
running_pid() {
    [ -f "$pid_file" ] || return 0
    local pid
    pid="$(cat "$pid_file")"
    if [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q gunicorn; then
        echo "$pid"
    fi
}

# Whether something accepts TCP connections on 127.0.0.1:$1.
listening() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# A TCP port on 127.0.0.1 where nothing listens.
free_port() {
    local port
    for _ in $(seq 1 200); do
        port=$((20000 + RANDOM % 40000))
        if ! listening "$port"; then
            echo "$port"
            return 0
        fi
    done
    echo "error: no free TCP port found on 127.0.0.1" >&2
    return 1
}

# The venv with the Rucio server and gunicorn, created when missing.
ensure_venv() {
    if "$venv/bin/python" -c "import rucio, gunicorn" 2>/dev/null; then
        return 0
    fi
    echo "rucio: installing rucio==$version and gunicorn into $venv (first start only)"
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "rucio==$version" gunicorn
}

# The server's configuration: rucio.cfg (server mode), alembic.ini, and client.cfg for the seed.
write_configuration() {
    local site_packages
    site_packages="$("$venv/bin/python" -c 'import rucio, os; print(os.path.dirname(os.path.dirname(rucio.__file__)))')"
    mkdir -p "$state/log"
    # Never write `multi_vo = False` (bool("False") is True) nor a geoip licence key: see rucio_server.md.
    write_atomically "$state/rucio.cfg" <<EOF
[common]
logdir = $state/log
loglevel = WARNING

[database]
default = sqlite:///$state/rucio.db

[bootstrap]
userpass_identity = ddmlab
userpass_pwd = secret
userpass_email = ddmlab@localhost

[alembic]
cfg = $state/alembic.ini

[policy]
package = cms_local_policy
permission = generic
schema = generic
lfn2pfn_algorithm_default = hash
EOF
    write_atomically "$state/alembic.ini" <<EOF
[alembic]
script_location = $site_packages/rucio/db/sqla/migrate_repo
sqlalchemy.url = sqlite:///$state/rucio.db

[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console
qualname =

[logger_sqlalchemy]
level = WARN
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = WARN
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
EOF
}

# client.cfg for the seed (a separate file: a [database] section would put the library in server mode).
write_client_configuration() {
    local ca=""
    [ "$tls" = 1 ] && ca="ca_cert = $state/tls/ca.pem"
    write_atomically "$client_cfg" <<EOF
[client]
rucio_host = $scheme://127.0.0.1:$1
auth_host = $scheme://127.0.0.1:$1
auth_type = userpass
username = ddmlab
password = secret
account = root
$ca
EOF
}

# A CA and a server certificate for 127.0.0.1/localhost signed by it, plus the CA as a hashed CA folder.
make_certificates() {
    local folder="$state/tls"
    [ -f "$folder/server.pem" ] && return 0
    command -v openssl >/dev/null || { echo "error: openssl is needed for --tls" >&2; exit 1; }
    mkdir -p "$folder/certificates"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=pocket-coffea test CA" \
        -keyout "$folder/ca.key" -out "$folder/ca.pem" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$folder/server.key" \
        -out "$folder/server.csr" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$folder/san.ext"
    openssl x509 -req -in "$folder/server.csr" -CA "$folder/ca.pem" -CAkey "$folder/ca.key" -CAcreateserial \
        -days 3650 -extfile "$folder/san.ext" -out "$folder/server.pem.tmp" 2>/dev/null
    mv -f "$folder/server.pem.tmp" "$folder/server.pem"
    cp "$folder/ca.pem" "$folder/certificates/$(openssl x509 -hash -noout -in "$folder/ca.pem").0"
}

# GET $1 (trusting the CA file $2 for https) and fail unless it answers 200.
ping_program='import ssl, sys, urllib.request
context = ssl.create_default_context(cafile=sys.argv[2]) if sys.argv[1].startswith("https") else None
urllib.request.urlopen(sys.argv[1], timeout=2, context=context)'

server_python() {
    RUCIO_CONFIG="$state/rucio.cfg" PYTHONPATH="$helpers" "$venv/bin/python" "$@"
}

seed() {
    [ -f "$client_cfg" ] || { echo "error: the Rucio server is not running; run $0 start" >&2; exit 1; }
    RUCIO_CONFIG="$client_cfg" TMPDIR="$state" PYTHONPATH="$helpers" "$venv/bin/python" "$helpers/seed.py"
}

# MARK: - Commands

start() {
    local pid
    pid="$(running_pid)"
    if [ -n "$pid" ]; then
        seed
        echo "rucio: already running (pid $pid, $(grep RUCIO_URL "$env_file"))"
        return 0
    fi
    command -v python3 >/dev/null || { echo "error: python3 is not installed" >&2; exit 1; }
    ensure_venv
    write_configuration
    if [ ! -f "$state/rucio.db" ]; then
        server_python "$helpers/bootstrap.py" >>"$state/log/bootstrap.log" 2>&1 || {
            echo "error: creating the Rucio database failed; log:" >&2
            tail -n 20 "$state/log/bootstrap.log" >&2
            rm -f "$state/rucio.db"
            exit 1
        }
    fi
    rm -f "$pid_file" "$env_file"
    local port="${RUCIO_PORT:-}"
    [ -n "$port" ] || port="$(free_port)"
    local tls_options=()
    if [ "$tls" = 1 ]; then
        make_certificates
        tls_options=(--certfile "$state/tls/server.pem" --keyfile "$state/tls/server.key")
    fi
    RUCIO_CONFIG="$state/rucio.cfg" PYTHONPATH="$helpers" "$venv/bin/gunicorn" \
        --bind "127.0.0.1:$port" --workers 1 --threads 4 --worker-class gthread --no-control-socket \
        "${tls_options[@]}" --chdir "$state" rucio.web.rest.flaskapi.v1.main:application \
        </dev/null >>"$state/log/gunicorn$suffix.log" 2>&1 &
    pid=$!
    echo "$pid" | write_atomically "$pid_file"
    for _ in $(seq 1 300); do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "error: gunicorn exited during start-up; its log ($state/log/gunicorn$suffix.log):" >&2
            tail -n 20 "$state/log/gunicorn$suffix.log" >&2
            rm -f "$pid_file"
            exit 1
        fi
        if listening "$port" && "$venv/bin/python" -c "$ping_program" "$scheme://127.0.0.1:$port/ping" \
            "$state/tls/ca.pem" 2>/dev/null; then
            write_client_configuration "$port"
            seed
            {
                printf 'RUCIO_URL=%s://127.0.0.1:%s\nRUCIO_ACCOUNT=root\nRUCIO_USERNAME=ddmlab\n' "$scheme" "$port"
                printf 'RUCIO_PASSWORD=secret\nRUCIO_DATABASE=%s\n' "$state/rucio.db"
                if [ "$tls" = 1 ]; then
                    printf 'RUCIO_CA_FILE=%s\nRUCIO_CA_DIR=%s\n' "$state/tls/ca.pem" "$state/tls/certificates"
                fi
            } | write_atomically "$env_file"
            echo "rucio: running (pid $pid, $scheme://127.0.0.1:$port, state $state)"
            return 0
        fi
        sleep 0.1
    done
    echo "error: the Rucio server did not answer /ping on port $port within 30 s; log in $state/log" >&2
    kill -TERM "$pid" 2>/dev/null || true
    rm -f "$pid_file"
    exit 1
}

stop() {
    local pid
    pid="$(running_pid)"
    rm -f "$env_file"
    if [ -z "$pid" ]; then
        rm -f "$pid_file"
        echo "rucio: not running"
        return 0
    fi
    kill -TERM "$pid"
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid"
    fi
    rm -f "$pid_file"
    echo "rucio: stopped (pid $pid)"
}

status() {
    local pid
    pid="$(running_pid)"
    if [ -z "$pid" ]; then
        echo "rucio: not running"
        exit 3
    fi
    echo "rucio: running (pid $pid, $(grep RUCIO_URL "$env_file" 2>/dev/null))"
}

case "$command" in
start) start ;;
stop) stop ;;
status) status ;;
seed) seed ;;
expire-tokens) "$venv/bin/python" "$helpers/expire_tokens.py" "$state/rucio.db" ;;
*) usage ;;
esac
