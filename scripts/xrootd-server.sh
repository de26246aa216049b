#!/usr/bin/env bash
# A real XRootD server (root:// and XrdHttp) on 127.0.0.1 for the ROOTIO byte-source tests (DESIGN.md §5).
#
# Usage: scripts/xrootd-server.sh start|stop|status [--state DIR] [--data DIR] [--owner PID]
#   --state DIR  the server's folder: config, export tree, logs, PID, ports.env (default: .xrootd in the repository)
#   --data DIR   the tree served as /store/test/* (default: ../shared/testdata/root beside the repository, if present)
#   --owner PID  (start) the server belongs to process PID: when PID exits without stopping it (a crashed test
#                run), a watchdog stops the server and removes the state folder
#
# The export tree is /store/test/<files of --data>, /store/private/noperm.root (mode 000, for permission errors)
# and the writable /store/temp/user.
# `start` writes DIR/ports.env (ROOT_PORT=…, HTTP_PORT=…) and returns once both ports accept connections; it
# reuses a server already running from the same folder. `stop` sends SIGTERM to the recorded PID. `status` exits 0
# when the server runs, 3 when it does not.
#
# xrootd 5.5 has no listen-address directive and binds 0.0.0.0; a small LD_PRELOAD library, compiled into the
# state folder, rewrites wildcard binds to 127.0.0.1. As root the server drops to an unprivileged user (-R) so
# that file permissions apply to it as they would on a real site.
set -euo pipefail

script="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
repository="$(cd "$(dirname "$0")/.." && pwd)"
state="$repository/.xrootd"
data=""
owner=""
if [ -d "$repository/../shared/testdata/root" ]; then
    data="$(cd "$repository/../shared/testdata/root" && pwd)"
fi

usage() {
    echo "usage: $0 start|stop|status [--state DIR] [--data DIR] [--owner PID]" >&2
    exit 2
}

[ $# -ge 1 ] || usage
command="$1"
shift
while [ $# -gt 0 ]; do
    case "$1" in
    --state) [ $# -ge 2 ] || usage; state="$2"; shift 2 ;;
    --data) [ $# -ge 2 ] || usage; data="$2"; shift 2 ;;
    --owner) [ $# -ge 2 ] || usage; owner="$2"; shift 2 ;;
    *) usage ;;
    esac
done
mkdir -p "$state"
state="$(cd "$state" && pwd)"
pid_file="$state/server.pid"
ports_file="$state/ports.env"

# MARK: - Helpers

# Writes stdin to $1 through a temporary file and a rename, so readers never see half a file.
write_atomically() {
    local temporary="$1.tmp.$$"
    cat >"$temporary"
    mv -f "$temporary" "$1"
}

# The recorded PID when that process is alive and is an xrootd; nothing otherwise.
running_pid() {
    [ -f "$pid_file" ] || return 0
    local pid
    pid="$(cat "$pid_file")"
    if [ -n "$pid" ] && [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm")" = "xrootd" ]; then
        echo "$pid"
    fi
}

# Runs "$@" in the background with no descriptor of ours beyond 0-2 (stdin from /dev/null, output appended to
# $state/log/console.log): a caller waiting for this script's pipes or sockets to close (Foundation's Process
# waits for a socket its child inherits) must not wait for a daemon. Sets $! like `&`.
detached() {
    (
        for descriptor in /proc/$BASHPID/fd/*; do
            descriptor="${descriptor##*/}"
            if [ "$descriptor" -gt 2 ]; then eval "exec $descriptor>&-" 2>/dev/null || true; fi
        done
        exec "$@"
    ) </dev/null >>"$state/log/console.log" 2>&1 &
}


# The recorded ports on one line, or nothing when they are not written yet.
ports_text() {
    if [ -f "$ports_file" ]; then tr '\n' ' ' <"$ports_file"; fi
}

# Whether something accepts TCP connections on 127.0.0.1:$1.
listening() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# A TCP port on 127.0.0.1 where nothing listens, different from $1.
free_port() {
    local port
    for _ in $(seq 1 200); do
        port=$((20000 + RANDOM % 40000))
        if [ "$port" != "${1:-}" ] && ! listening "$port"; then
            echo "$port"
            return 0
        fi
    done
    echo "error: no free TCP port found on 127.0.0.1" >&2
    return 1
}

# The LD_PRELOAD library that turns wildcard binds (0.0.0.0, ::) into loopback binds.
build_bind_loopback() {
    local source="$state/bind_loopback.c"
    write_atomically "$source" <<'EOF'
/* LD_PRELOAD: bind() to the wildcard address binds to the loopback address instead (127.0.0.1, or
 * ::ffff:127.0.0.1 for an IPv6 socket), so a server without a listen-address option stays local. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

typedef int (*bind_function)(int, const struct sockaddr *, socklen_t);

int bind(int socket, const struct sockaddr *address, socklen_t length) {
    bind_function next = (bind_function)dlsym(RTLD_NEXT, "bind");
    if (address != NULL && address->sa_family == AF_INET && length >= sizeof(struct sockaddr_in)) {
        struct sockaddr_in v4;
        memcpy(&v4, address, sizeof v4);
        if (v4.sin_addr.s_addr == htonl(INADDR_ANY)) {
            v4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            return next(socket, (const struct sockaddr *)&v4, sizeof v4);
        }
    }
    if (address != NULL && address->sa_family == AF_INET6 && length >= sizeof(struct sockaddr_in6)) {
        struct sockaddr_in6 v6;
        memcpy(&v6, address, sizeof v6);
        if (IN6_IS_ADDR_UNSPECIFIED(&v6.sin6_addr)) {
            static const unsigned char mapped_loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1};
            memcpy(&v6.sin6_addr, mapped_loopback, sizeof mapped_loopback);
            return next(socket, (const struct sockaddr *)&v6, sizeof v6);
        }
    }
    return next(socket, address, length);
}
EOF
    "$compiler" -shared -fPIC -O2 -o "$state/bind_loopback.so.tmp" "$source" -ldl
    mv -f "$state/bind_loopback.so.tmp" "$state/bind_loopback.so"
}

# The export tree: /store/test/* from $data (with its subfolders), /store/private/noperm.root unreadable,
# /store/temp/user writable (as CMS sites' temp user area: skims are copied there).
build_export() {
    local export="$state/export"
    if [ -d "$export" ]; then
        chmod -R u+rwX "$export"
        rm -rf "$export"
    fi
    mkdir -p "$export/store/test" "$export/store/private"
    if [ -n "$data" ]; then
        [ -d "$data" ] || { echo "error: data folder $data does not exist" >&2; exit 1; }
        cp -R "$data"/. "$export/store/test/"
    fi
    find "$export/store/test" -type f -exec chmod 0444 {} +
    mkdir -p "$export/store/temp/user"
    chmod 1777 "$export/store/temp/user"
    printf 'this file is not readable by the server\n' >"$export/store/private/noperm.root"
    chmod 000 "$export/store/private/noperm.root"
}

# MARK: - Commands

start() {
    local pid
    pid="$(running_pid)"
    if [ -n "$pid" ]; then
        echo "xrootd: already running (pid $pid, $(ports_text))"
        return 0
    fi
    if ! command -v xrootd >/dev/null; then
        echo "error: xrootd is not installed; run scripts/install-system-deps.sh" >&2
        exit 1
    fi
    compiler="$(command -v cc || command -v clang || true)"
    if [ -z "$compiler" ]; then
        echo "error: no C compiler (cc or clang) to build the loopback-bind library" >&2
        exit 1
    fi

    # xrootd puts its Unix sockets under <adminpath>/<instance>/.xrd/, and a socket path has at most 107 bytes.
    local sockets="$state/admin/pocket-coffea/.xrd/"
    if [ "${#sockets}" -gt 80 ]; then
        echo "error: the state folder $state is too deep: xrootd's socket folder $sockets would pass 80 characters" >&2
        exit 1
    fi
    rm -f "$pid_file" "$ports_file"
    mkdir -p "$state/admin" "$state/run" "$state/log"
    build_bind_loopback
    build_export

    local privileges=()
    if [ "$(id -u)" -eq 0 ]; then
        local user=xrootd
        id "$user" >/dev/null 2>&1 || user=nobody
        privileges=(-R "$user")
        chmod 0755 "$state"
        chown -R "$user" "$state/admin" "$state/run" "$state/log"
        if ! runuser -u "$user" -- test -x "$state/export/store/test"; then
            echo "error: user $user cannot reach $state/export; put --state in a folder every user can enter" >&2
            exit 1
        fi
        if runuser -u "$user" -- test -r "$state/export/store/private/noperm.root"; then
            echo "error: user $user can read the mode-000 file $state/export/store/private/noperm.root" >&2
            exit 1
        fi
    fi

    local root_port http_port
    root_port="$(free_port)"
    http_port="$(free_port "$root_port")"
    write_atomically "$state/xrootd.cfg" <<EOF
xrd.port $root_port
xrd.allow host localhost
oss.localroot $state/export
all.export /store/temp/user
all.export /store r/o
all.adminpath $state/admin
all.pidpath $state/run
xrd.protocol XrdHttp:$http_port libXrdHttp.so
http.listingdeny no
EOF

    detached env LD_PRELOAD="$state/bind_loopback.so" xrootd -I v4 "${privileges[@]}" -c "$state/xrootd.cfg" \
        -l "$state/log/xrootd.log" -n pocket-coffea
    pid=$!
    echo "$pid" | write_atomically "$pid_file"

    for _ in $(seq 1 150); do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "error: xrootd exited during start-up; its log ($state/log):" >&2
            tail -n 20 "$state/log/console.log" "$state/log/pocket-coffea/xrootd.log" >&2 2>/dev/null || true
            rm -f "$pid_file"
            exit 1
        fi
        if listening "$root_port" && listening "$http_port"; then
            printf 'ROOT_PORT=%s\nHTTP_PORT=%s\n' "$root_port" "$http_port" | write_atomically "$ports_file"
            if [ -n "$owner" ]; then detached "$script" watch --state "$state" --owner "$owner"; fi
            echo "xrootd: running (pid $pid, root://127.0.0.1:$root_port, http://127.0.0.1:$http_port, state $state)"
            return 0
        fi
        sleep 0.1
    done
    echo "error: xrootd did not listen on ports $root_port and $http_port within 15 s; log in $state/log" >&2
    kill -TERM "$pid" 2>/dev/null || true
    rm -f "$pid_file"
    exit 1
}

stop() {
    local pid
    pid="$(running_pid)"
    if [ -z "$pid" ]; then
        rm -f "$pid_file" "$ports_file"
        echo "xrootd: not running"
        return 0
    fi
    kill -TERM "$pid"
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid"
    fi
    rm -f "$pid_file" "$ports_file"
    echo "xrootd: stopped (pid $pid)"
}

# (internal, started by `start --owner`) Waits while both the owner and the server live; stops the server and
# removes the state folder when the owner has gone first.
watch() {
    while kill -0 "$owner" 2>/dev/null && [ -n "$(running_pid)" ]; do sleep 1; done
    if [ -n "$(running_pid)" ]; then
        stop
        rm -rf "$state"
    fi
}

status() {
    local pid
    pid="$(running_pid)"
    if [ -z "$pid" ]; then
        echo "xrootd: not running"
        exit 3
    fi
    echo "xrootd: running (pid $pid, $(ports_text))"
}

case "$command" in
start) start ;;
stop) stop ;;
status) status ;;
watch) [ -n "$owner" ] || usage; watch ;;
*) usage ;;
esac
