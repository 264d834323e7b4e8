#!/usr/bin/env bash
# Development environment for the account_payment_batch addon.
#
# Usage:
#   tools/setup.sh [all|venv|pg|conf]     (default: all)
#   source tools/setup.sh                 (defines apb_* functions and variables only)
#
# What "all" does, idempotently:
#   * Debian packages (PostgreSQL, build headers, chromium) when missing (root only)
#   * Odoo 19.0 source: $ODOO_SRC, ~/.cache/odoo-src/19.0, or a shallow git clone
#   * .venv with Odoo's requirements (markers evaluated as Python 3.12), the
#     addon's requirements.txt and requirements-dev.txt, and the OCA addons of requirements-oca.txt (no
#     dependencies: they would pull Odoo itself); a stamp file makes the next
#     run skip pip
#   * PostgreSQL: the server given by PGHOST/PGPORT/PGUSER if usable, else a
#     private unix-socket-only cluster in .build/pg
#   * .build/addons/account_payment_batch/ (links to the repo's entries), and .build/odoo.conf

APB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
APB_MODULE=account_payment_batch
APB_BUILD="$APB_ROOT/.build"
APB_VENV="$APB_ROOT/.venv"
APB_PY="$APB_VENV/bin/python"
APB_CONF="$APB_BUILD/odoo.conf"
APB_ADDONS="$APB_BUILD/addons"
APB_LOGS="$APB_BUILD/logs"
APB_ODOO_BRANCH=19.0
APB_ODOO_REPO=https://github.com/odoo/odoo

apb_log() { printf '[setup] %s\n' "$*" >&2; }
apb_die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

apb_is_root() { [ "$(id -u)" = 0 ]; }

apb_short_hash() { printf '%s' "$1" | sha256sum | cut -c1-10; }

# --------------------------------------------------------------------------
# Debian packages
# --------------------------------------------------------------------------
apb_pg_bindir() {
    local d
    d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
    if [ -n "$d" ] && [ -x "$d/initdb" ]; then
        printf '%s\n' "$d"
    elif command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
    fi
}

apb_apt_wait() {
    # Let a concurrent apt/dpkg run finish (up to 15 minutes) instead of
    # failing on its lock.
    local i
    for i in $(seq 180); do
        pgrep -x 'apt-get|apt|dpkg|unattended-upgr' >/dev/null 2>&1 || return 0
        [ "$i" != 1 ] || apb_log "waiting for a running apt/dpkg to finish"
        sleep 5
    done
}

apb_apt_install() {
    local opts=(-o DPkg::Lock::Timeout=900 -o Acquire::Retries=3)
    apb_apt_wait
    DEBIAN_FRONTEND=noninteractive apt-get "${opts[@]}" update -qq
    DEBIAN_FRONTEND=noninteractive apt-get "${opts[@]}" install -y -qq "$@"
}

apb_system_packages() {
    local missing=()
    [ -n "$(apb_pg_bindir)" ] || missing+=(postgresql)
    command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
    command -v pg_config >/dev/null 2>&1 || missing+=(libpq-dev)
    [ -e /usr/include/ldap.h ] || missing+=(libldap2-dev)
    [ -e /usr/include/sasl/sasl.h ] || missing+=(libsasl2-dev)
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    # PDF reports, and reading them back in the tests.
    command -v wkhtmltopdf >/dev/null 2>&1 || missing+=(wkhtmltopdf)
    command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
    [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
    if [ ${#missing[@]} -gt 0 ]; then
        if ! apb_is_root; then
            apb_die "missing Debian packages: ${missing[*]}; run as root or: sudo apt-get install -y ${missing[*]}"
        fi
        command -v apt-get >/dev/null 2>&1 || apb_die "missing packages ${missing[*]} and no apt-get"
        apb_log "installing Debian packages: ${missing[*]}"
        apb_apt_install "${missing[@]}" || apb_die "apt-get install ${missing[*]} failed"
    fi
}

# --------------------------------------------------------------------------
# Odoo source
# --------------------------------------------------------------------------
apb_find_odoo_src() {
    local cache="$HOME/.cache/odoo-src/$APB_ODOO_BRANCH"
    if [ -n "${ODOO_SRC:-}" ]; then
        [ -f "$ODOO_SRC/odoo/release.py" ] || apb_die "ODOO_SRC=$ODOO_SRC is not an Odoo source tree (no odoo/release.py)"
    elif [ -f "$cache/odoo/release.py" ]; then
        ODOO_SRC="$cache"
    else
        apb_log "no Odoo source found; cloning $APB_ODOO_BRANCH into $cache"
        if command -v git >/dev/null 2>&1 \
            && rm -rf "$cache.tmp" && mkdir -p "$(dirname "$cache")" \
            && GIT_TERMINAL_PROMPT=0 timeout 1200 \
                git clone -q --depth 1 -b "$APB_ODOO_BRANCH" "$APB_ODOO_REPO" "$cache.tmp" \
            && rm -rf "$cache" && mv "$cache.tmp" "$cache"; then
            ODOO_SRC="$cache"
        else
            rm -rf "$cache.tmp"
            apb_die "Odoo $APB_ODOO_BRANCH source not found and cloning it failed: set ODOO_SRC to an Odoo $APB_ODOO_BRANCH source tree (with odoo/release.py and odoo-bin), or unpack one into $cache"
        fi
    fi
    ODOO_SRC="$(cd "$ODOO_SRC" && pwd -P)"
    export ODOO_SRC
    local major="${APB_ODOO_BRANCH%%.*}"
    grep -Eq "^version_info = \($major, " "$ODOO_SRC/odoo/release.py" \
        || apb_log "warning: $ODOO_SRC does not look like Odoo $APB_ODOO_BRANCH"
}

# --------------------------------------------------------------------------
# Python virtualenv
# --------------------------------------------------------------------------
apb_venv() {
    local base_py="${PYTHON:-python3}"
    if [ ! -x "$APB_PY" ]; then
        apb_log "creating $APB_VENV"
        "$base_py" -m venv "$APB_VENV" || apb_die "python3 -m venv failed"
    fi
    mkdir -p "$APB_BUILD"
    local reqs="$APB_BUILD/requirements.txt"
    # Odoo's pins for Python 3.11 do not install (cbor2 5.4.2); use the 3.12 set.
    "$APB_PY" - "$ODOO_SRC/requirements.txt" "$APB_ROOT/requirements.txt" "$APB_ROOT/requirements-dev.txt" >"$reqs.new" <<'EOF' || apb_die "cannot evaluate Odoo requirements"
import sys
try:
    from packaging.markers import default_environment
    from packaging.requirements import Requirement
except ImportError:
    from pip._vendor.packaging.markers import default_environment
    from pip._vendor.packaging.requirements import Requirement

env = default_environment()
env.update(python_version="3.12", python_full_version="3.12.0")
out = []
for path in sys.argv[1:]:
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except FileNotFoundError:
        continue
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        req = Requirement(line)
        if req.marker is None or req.marker.evaluate(env):
            req.marker = None
            out.append(str(req))
print("\n".join(out))
EOF
    mv "$reqs.new" "$reqs"
    local oca="$APB_ROOT/requirements-oca.txt"
    local stamp_file="$APB_VENV/.apb-requirements.sha256"
    local stamp
    stamp="$( { "$APB_PY" -c 'import sys; print(sys.version)'; cat "$reqs"; cat "$oca" 2>/dev/null; } | sha256sum | cut -d' ' -f1)"
    if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ] \
        && "$APB_PY" -c "import psycopg2, lxml, werkzeug, ldap, gevent, websocket, freezegun" 2>/dev/null \
        && { [ ! -f "$oca" ] || [ -f "$(apb_oca_addons)/queue_job/__manifest__.py" ]; }; then
        return 0
    fi
    apb_log "installing Python requirements into .venv (pip, log in .build/logs/pip.log)"
    mkdir -p "$APB_LOGS"
    if ! "$APB_PY" -m pip install --disable-pip-version-check -r "$reqs" >"$APB_LOGS/pip.log" 2>&1; then
        grep -v "is neither a file nor a directory" "$APB_LOGS/pip.log" | tail -n 40 >&2
        apb_die "pip install -r $reqs failed"
    fi
    if [ -f "$oca" ] && ! "$APB_PY" -m pip install --disable-pip-version-check --no-deps \
        -r "$oca" >>"$APB_LOGS/pip.log" 2>&1; then
        grep -v "is neither a file nor a directory" "$APB_LOGS/pip.log" | tail -n 40 >&2
        apb_die "pip install --no-deps -r $oca failed"
    fi
    printf '%s\n' "$stamp" >"$stamp_file"
}

# Where pip puts the OCA addons of requirements-oca.txt: <site-packages>/odoo/addons.
# Odoo still runs from the source tree: odoo-bin puts it first on sys.path, and
# this folder only adds addons to the `odoo.addons` namespace.
apb_oca_addons() {
    "$APB_PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"] + "/odoo/addons")'
}

# --------------------------------------------------------------------------
# PostgreSQL
# --------------------------------------------------------------------------
APB_PG_PRIVATE=0

apb_pg_external_ok() {
    # A server reachable with the caller's environment, as a role other than postgres.
    command -v psql >/dev/null 2>&1 || return 1
    local who
    who="$(PGCONNECT_TIMEOUT=3 psql -X -q -d "${PGDATABASE:-postgres}" -tAc \
        "SELECT current_user || ' ' || (rolsuper OR rolcreatedb)::text FROM pg_roles WHERE rolname = current_user" \
        </dev/null 2>/dev/null)" || return 1
    local user="${who% *}" can="${who#* }"
    [ -n "$user" ] && [ "$user" != postgres ] && [ "$can" = true ] || return 1
    APB_DB_USER="$user"
}

apb_pg_run() {
    # Run a PostgreSQL server binary as the cluster owner.
    if apb_is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

apb_pg_private_paths() {
    local hash
    hash="$(apb_short_hash "$APB_ROOT")"
    APB_PG_DIR="$APB_BUILD/pg"
    if apb_is_root && id postgres >/dev/null 2>&1 && [ -d "$APB_ROOT" ] \
        && ! runuser -u postgres -- test -x "$APB_ROOT"; then
        # The postgres user cannot reach the repository (e.g. under a private
        # home directory): keep the cluster in /tmp instead.
        APB_PG_DIR="/tmp/apb-pgdata-$hash"
    fi
    APB_PG_SOCK="$APB_PG_DIR/run"
    if [ "${#APB_PG_SOCK}" -gt 90 ]; then
        APB_PG_SOCK="/tmp/apb-pg-$hash"
    fi
    APB_PG_DATA="$APB_PG_DIR/data"
    APB_PG_PORT=5432
}

apb_pg_private() {
    local bindir
    bindir="$(apb_pg_bindir)"
    [ -n "$bindir" ] || apb_die "PostgreSQL server binaries not found (apt-get install postgresql)"
    apb_pg_private_paths
    if apb_is_root; then
        id postgres >/dev/null 2>&1 \
            || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres \
            || apb_die "cannot create OS user postgres"
    fi
    mkdir -p "$APB_PG_DIR/log" "$APB_PG_SOCK"
    if apb_is_root; then
        chown -R postgres: "$APB_PG_DIR" "$APB_PG_SOCK"
        runuser -u postgres -- test -w "$APB_PG_DIR" \
            || apb_die "OS user postgres cannot write $APB_PG_DIR; use an external server via PGHOST/PGPORT/PGUSER"
    fi
    if [ ! -f "$APB_PG_DATA/PG_VERSION" ]; then
        apb_log "initialising private PostgreSQL cluster in $APB_PG_DATA"
        rm -rf "$APB_PG_DATA"
        apb_pg_run "$bindir/initdb" -D "$APB_PG_DATA" --auth=trust -U odoo -E UTF8 --locale=C.UTF-8 >"$APB_PG_DIR/log/initdb.log" 2>&1 \
            || { cat "$APB_PG_DIR/log/initdb.log" >&2; apb_die "initdb failed"; }
    fi
    if apb_pg_run "$bindir/pg_ctl" -D "$APB_PG_DATA" status >/dev/null 2>&1; then
        if "$bindir/pg_isready" -q -h "$APB_PG_SOCK" -p "$APB_PG_PORT" -U odoo; then
            return 0
        fi
        apb_log "private cluster running but not on $APB_PG_SOCK; restarting"
        apb_pg_run "$bindir/pg_ctl" -D "$APB_PG_DATA" -m fast -w stop >/dev/null || true
    fi
    apb_log "starting private PostgreSQL (socket $APB_PG_SOCK)"
    # Throw-away development cluster: durability settings off for speed.
    apb_pg_run "$bindir/pg_ctl" -D "$APB_PG_DATA" -l "$APB_PG_DIR/log/postgresql.log" -w -t 60 \
        -o "-c listen_addresses='' -c unix_socket_directories='$APB_PG_SOCK' -p $APB_PG_PORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
        start >/dev/null \
        || { tail -n 30 "$APB_PG_DIR/log/postgresql.log" >&2; apb_die "cannot start private PostgreSQL"; }
}

apb_pg_stop() {
    local bindir
    bindir="$(apb_pg_bindir)"
    apb_pg_private_paths
    if [ -n "$bindir" ] && [ -f "$APB_PG_DATA/PG_VERSION" ] \
        && apb_pg_run "$bindir/pg_ctl" -D "$APB_PG_DATA" status >/dev/null 2>&1; then
        apb_log "stopping private PostgreSQL"
        apb_pg_run "$bindir/pg_ctl" -D "$APB_PG_DATA" -m fast -w stop >/dev/null || true
    fi
}

apb_pg() {
    if apb_pg_external_ok; then
        APB_PG_PRIVATE=0
        APB_DB_HOST="${PGHOST:-}"
        APB_DB_PORT="${PGPORT:-}"
        APB_DB_PASSWORD="${PGPASSWORD:-}"
        apb_log "using PostgreSQL server from the environment as role $APB_DB_USER"
    else
        APB_PG_PRIVATE=1
        apb_pg_private
        APB_DB_HOST="$APB_PG_SOCK"
        APB_DB_PORT="$APB_PG_PORT"
        APB_DB_USER=odoo
        APB_DB_PASSWORD=
    fi
}

# --------------------------------------------------------------------------
# Odoo config and addons path
# --------------------------------------------------------------------------
# Odoo loads the addon from .build/addons/<module>: a folder of links to the
# repository's own entries, not a link to the repository itself, so that what
# walks the module's folder (Odoo's translation export follows links) never
# enters .venv, .build (which holds this very folder) or .git.
apb_addons_link() {
    mkdir -p "$APB_ADDONS"
    local folder="$APB_ADDONS/$APB_MODULE" entry name
    [ -L "$folder" ] && rm -f "$folder"  # the former link to the repository
    mkdir -p "$folder"
    find "$folder" -mindepth 1 -maxdepth 1 -type l ! -exec test -e {} \; -delete
    for entry in "$APB_ROOT"/*; do
        name="$(basename "$entry")"
        [ -e "$folder/$name" ] || ln -s "$entry" "$folder/$name"
    done
}

# pylint lints the whole repository under the module's technical name,
# whatever the clone's folder is called.
apb_lint_link() {
    mkdir -p "$APB_BUILD/lint"
    local link="$APB_BUILD/lint/$APB_MODULE"
    if [ "$(readlink "$link" 2>/dev/null)" != "$APB_ROOT" ]; then
        rm -rf "$link"
        ln -s "$APB_ROOT" "$link"
    fi
}

apb_conf() {
    mkdir -p "$APB_BUILD/filestore" "$APB_LOGS"
    apb_addons_link
    local addons_path="$APB_ADDONS,$ODOO_SRC/addons,$ODOO_SRC/odoo/addons" oca
    oca="$(apb_oca_addons 2>/dev/null)" || oca=
    if [ -n "$oca" ] && [ -d "$oca" ]; then
        addons_path="$addons_path,$oca"
    fi
    {
        echo "[options]"
        echo "addons_path = $addons_path"
        echo "data_dir = $APB_BUILD/filestore"
        [ -z "${APB_DB_HOST:-}" ] || echo "db_host = $APB_DB_HOST"
        [ -z "${APB_DB_PORT:-}" ] || echo "db_port = $APB_DB_PORT"
        echo "db_user = $APB_DB_USER"
        [ -z "${APB_DB_PASSWORD:-}" ] || echo "db_password = $APB_DB_PASSWORD"
        echo "http_interface = 127.0.0.1"
        echo "http_port = 8069"
        echo "admin_passwd = admin"
        echo "list_db = True"
    } >"$APB_CONF.new"
    mv "$APB_CONF.new" "$APB_CONF"
}

# Export the connection for the psql/dropdb calls of the tools.
apb_pg_env() {
    if [ -n "${APB_DB_HOST:-}" ]; then export PGHOST="$APB_DB_HOST"; fi
    if [ -n "${APB_DB_PORT:-}" ]; then export PGPORT="$APB_DB_PORT"; fi
    export PGUSER="$APB_DB_USER"
    if [ -n "${APB_DB_PASSWORD:-}" ]; then export PGPASSWORD="$APB_DB_PASSWORD"; fi
}

apb_setup() {
    local what="${1:-all}"
    case "$what" in
        all)
            apb_system_packages
            apb_find_odoo_src
            apb_venv
            apb_pg
            apb_conf
            apb_pg_env
            ;;
        venv)
            apb_find_odoo_src
            apb_venv
            ;;
        pg)
            apb_system_packages
            apb_pg
            ;;
        conf)
            apb_find_odoo_src
            apb_pg
            apb_conf
            apb_pg_env
            ;;
        *) apb_die "unknown setup step: $what" ;;
    esac
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    apb_setup "$@"
fi
