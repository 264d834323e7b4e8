#!/usr/bin/env bash
# Upgrade test: the last release (the newest "## 19.0.x.y.z" entry of
# CHANGELOG.md and its commit) is checked out with `git worktree`, installed
# with demo data into a new database, then upgraded to the working tree with
# `-u account_payment_batch`. Fails on any ERROR or CRITICAL line of either
# log, and when the batches, receipts, allocations, their journal items and
# the invoices they pay differ after the upgrade (tools/upgrade_snapshot.py:
# rows, sums of every number, digest of every other column).
#
# Environment: APB_UPGRADE_FROM=<commit> upgrades from another commit;
# APB_KEEP_DB=1 keeps the database; APB_TEST_TIMEOUT bounds each Odoo run.
set -uo pipefail
# shellcheck source=tools/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
set -e
apb_setup all
cd "$APB_ROOT"

release_line="$(grep -Em1 '^## 19\.0\.[0-9]+\.[0-9]+\.[0-9]+ ' CHANGELOG.md)" \
    || apb_die "no release entry (## 19.0.x.y.z ...) in CHANGELOG.md"
release="$(awk '{print $2}' <<<"$release_line")"
commit="${APB_UPGRADE_FROM:-$(grep -Eo 'commit [0-9a-f]{7,40}' <<<"$release_line" | awk '{print $2}')}"
[ -n "$commit" ] || apb_die "the release entry names no commit: $release_line"
if ! git cat-file -e "$commit^{commit}" 2>/dev/null \
    && [ "$(git rev-parse --is-shallow-repository)" = true ]; then
    # A shallow clone: fetch the history the release is part of.
    echo "[upgrade] shallow clone: fetching the history of release $release"
    git fetch --quiet --unshallow 2>/dev/null || git fetch --quiet --depth=1000 origin || true
fi
git cat-file -e "$commit^{commit}" 2>/dev/null \
    || apb_die "commit $commit of release $release is not in this clone (git fetch?)"

work="$APB_BUILD/upgrade"
tree="$work/release"
addons="$work/addons"
db="apb_upgrade_$$"
timeout_s="${APB_TEST_TIMEOUT:-2400}"
mkdir -p "$work" "$APB_LOGS"

cleanup() {
    if [ "${APB_KEEP_DB:-0}" != 1 ]; then
        dropdb --if-exists --force "$db" >/dev/null 2>&1 || true
        rm -rf "$APB_BUILD/filestore/filestore/$db"
    fi
    git worktree remove --force "$tree" >/dev/null 2>&1 || rm -rf "$tree"
    git worktree prune
}
trap cleanup EXIT
trap 'exit 130' INT TERM

git worktree remove --force "$tree" >/dev/null 2>&1 || rm -rf "$tree"
git worktree prune
git worktree add --detach --quiet "$tree" "$commit"

# The addon's folder for Odoo: links to the entries of the release, later to
# the working tree's (as tools/setup.sh does for the checkout).
link_addon() {
    local source="$1" entry
    rm -rf "$addons"
    mkdir -p "$addons/$APB_MODULE"
    for entry in "$source"/*; do
        ln -s "$entry" "$addons/$APB_MODULE/$(basename "$entry")"
    done
}

addons_path="$addons,$ODOO_SRC/addons,$ODOO_SRC/odoo/addons"
oca="$(apb_oca_addons)"
[ ! -d "$oca" ] || addons_path="$addons_path,$oca"

odoo() {
    local label="$1" rc
    shift
    local log="$APB_LOGS/upgrade-$label.log"
    echo "[upgrade] $label: log ${log#"$APB_ROOT"/}"
    timeout --signal=INT --kill-after=60 "$timeout_s" \
        "$APB_PY" "$ODOO_SRC/odoo-bin" -c "$APB_CONF" -d "$db" --db-filter="^$db\$" \
        --addons-path="$addons_path" --stop-after-init --no-http --workers=0 \
        --max-cron-threads=0 "$@" </dev/null >"$log" 2>&1
    rc=$?
    if [ "$rc" != 0 ]; then
        tail -n 40 "$log"
        apb_die "$label: Odoo exited with status $rc"
    fi
    if grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$log" | head -n 20 | grep .; then
        apb_die "$label: errors in the log"
    fi
}

dropdb --if-exists --force "$db" >/dev/null 2>&1 || true
echo "[upgrade] release $release (commit ${commit:0:12}) -> working tree, database $db"
link_addon "$tree"
odoo install -i "$APB_MODULE" --with-demo
"$APB_PY" "$APB_ROOT/tools/upgrade_snapshot.py" "$db" "$work/before.json"

link_addon "$APB_ROOT"
odoo upgrade -u "$APB_MODULE"
"$APB_PY" "$APB_ROOT/tools/upgrade_snapshot.py" "$db" "$work/after.json" \
    --compare "$work/before.json"
