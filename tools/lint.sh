#!/usr/bin/env bash
# ruff (lint + format check) and pylint-odoo (mandatory checks) on the addon.
# Exit status: the number of failed lint steps (0 when clean).
# With --fix: apply ruff's fixes and formatting instead of checking.
set -uo pipefail
# shellcheck source=tools/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
set -e
apb_setup venv
set +e

cd "$APB_ROOT"
ruff="$APB_VENV/bin/ruff"
pylint="$APB_VENV/bin/pylint"

if [ "${1:-}" = "--fix" ]; then
    "$ruff" check --fix . ; "$ruff" format .
    exit 0
fi

failed=0
step() {
    local name="$1"; shift
    echo "[lint] $name"
    if "$@"; then
        echo "[lint] $name: ok"
    else
        echo "[lint] $name: FAILED"
        failed=$((failed + 1))
    fi
}

step "ruff check" "$ruff" check --no-fix .
step "ruff format --check" "$ruff" format --check --diff .

# pylint runs from .build/lint on the symlink named after the module, so the
# addon is linted under its technical name whatever the clone's folder is called.
apb_lint_link
step "pylint-odoo" bash -c 'cd "$1" && exec "$2" --rcfile="$3" "$4"' _ \
    "$APB_BUILD/lint" "$pylint" "$APB_ROOT/.pylintrc" "$APB_MODULE"

exit "$failed"
