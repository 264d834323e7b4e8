#!/usr/bin/env bash
# Build the addon's wheel, odoo_addon_<module>-<version>-py3-none-any.whl, into
# dist/ (or the folder given as first argument) with whool, the build backend
# named in pyproject.toml.
#
# whool names the distribution after the folder it builds and ships every file
# git knows there. The repository root is the addon but also holds its
# tooling, tests and screenshots, and its folder may have any name: so the
# shipped entries (SHIPPED below, the files git tracks or would track, without
# test folders other than the tour scripts the manifest names) are first
# copied into a folder named after the module, outside any git work tree,
# and the wheel is built there.
set -euo pipefail
# shellcheck source=tools/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
apb_setup venv

out="${1:-$APB_ROOT/dist}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

# Top-level entries that make up the installed addon. Everything else
# (tests/, docs/, bench/, tools/, .ci/, Makefile, requirements files, ...)
# stays in the repository, and so do the test folders inside the shipped
# ones, except static/tests: the tours the manifest's test assets name.
SHIPPED='^(__init__\.py|__manifest__\.py|README\.md|CHANGELOG\.md|pyproject\.toml|LICENSE|batch_core/|controllers/|data/|demo/|i18n/|migrations/|models/|reports/|security/|static/|views/|wizards/)'

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$APB_MODULE"
(
    cd "$APB_ROOT"
    git ls-files --cached --others --exclude-standard \
        | grep -E "$SHIPPED" \
        | awk '!/(^|\/)tests\// || /^static\/tests\//' \
        | while IFS= read -r path; do
            [ -f "$path" ] || continue  # deleted in the work tree, not yet in git
            mkdir -p "$stage/$APB_MODULE/$(dirname "$path")"
            cp -p "$path" "$stage/$APB_MODULE/$path"
        done
)
# No git work tree around the stage: whool then ships the folder as it is.
(
    cd "$stage/$APB_MODULE"
    GIT_CEILING_DIRECTORIES="$stage" "$APB_PY" -m pip wheel --disable-pip-version-check \
        --no-deps --no-build-isolation --quiet --wheel-dir "$out" . >&2
)
version="$("$APB_PY" -c 'import ast, sys; print(ast.literal_eval(open(sys.argv[1]).read())["version"])' "$APB_ROOT/__manifest__.py")"
wheel="$out/odoo_addon_${APB_MODULE}-${version}-py3-none-any.whl"
[ -f "$wheel" ] || apb_die "whool did not produce $(basename "$wheel") in $out"
echo "$wheel"
