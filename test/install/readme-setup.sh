#!/usr/bin/env bash
# The README's set-up as a newcomer runs it, on the committed tree: a clean clone, `npm install`,
# then `npm run web` must serve the editor and run a pipeline without Chromium or Java
# (test/install/web-smoke.mjs, with a PATH holding only node and npm), and `npm start` must say
# that Electron's binary is missing and what works without it (exit 1, no stack trace).
#
# Downloads outside the npm registry are impossible by construction: Electron's (the only one in
# the tree) is pointed at a closed local port with an empty cache, and ELECTRON_SKIP_BINARY_DOWNLOAD
# is unset. Done twice: with this machine's npm (which honours package.json `allowScripts` and never
# runs Electron's download) and with npm 10 (which runs it; it fails, and npm drops the optional
# package). Usage: bash test/install/readme-setup.sh   (CI runs it from .ci/run)
set -Eeuo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d -t tributary-readme.XXXXXX)"
trap 'rm -rf "$work"' EXIT
say() { printf 'readme-setup: %s\n' "$*"; }
die() { printf 'readme-setup: FAILED: %s\n' "$*" >&2; exit 1; }

unset ELECTRON_SKIP_BINARY_DOWNLOAD ELECTRON_OVERRIDE_DIST_PATH
export ELECTRON_MIRROR="http://127.0.0.1:9/" electron_config_cache="$work/electron-cache"

git clone -q "$repo" "$work/clone"
git -C "$work/clone" checkout -q --detach "$(git -C "$repo" rev-parse HEAD)"
cd "$work/clone"

# Only node and npm on the PATH: no chromium, no java, no mvn.
mkdir -p "$work/bin"
ln -s "$(command -v node)" "$work/bin/node"
ln -s "$(command -v npm)" "$work/bin/npm"
ln -s "$(command -v sh)" "$work/bin/sh"
bare() { env -u JAVA_HOME PATH="$work/bin" "$@"; }

# `npm start` must fail with the explanation, never start anything here.
check_start() {
  local out
  if out="$(bare npm start 2>&1)"; then die "npm start succeeded without Electron's binary ($1):\n$out"; fi
  grep -q 'the desktop app needs Electron' <<<"$out" || die "npm start did not say what is missing ($1):\n$out"
  grep -q 'npm run web' <<<"$out" || die "npm start did not say what works without Electron ($1):\n$out"
  if grep -q '    at ' <<<"$out"; then die "npm start printed a stack trace ($1):\n$out"; fi
  say "npm start explains ($1): $(grep -m1 'the desktop app needs' <<<"$out")"
}

install() {
  local label="$1"
  shift
  say "$label: $*"
  if ! "$@" >"$work/install.log" 2>&1; then
    tail -n 40 "$work/install.log" >&2
    die "$label: the README's set-up command failed"
  fi
}

install "npm $(npm --version)" npm install --no-audit --no-fund
git diff --quiet -- package-lock.json || die "npm install changed package-lock.json: it is out of date (run npm install and commit it)"
[ -f node_modules/electron/package.json ] || die "npm $(npm --version) left out the electron package (its types are needed by the desktop shell's typecheck)"
check_start "npm $(npm --version)"
bare node test/install/web-smoke.mjs

rm -rf node_modules
install "npm 10" npx --yes npm@10 install --no-audit --no-fund
git checkout -q -- package-lock.json
check_start "npm 10"
bare node test/install/web-smoke.mjs
say "ok"
