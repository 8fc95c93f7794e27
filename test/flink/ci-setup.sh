#!/usr/bin/env bash
# CI provisioning for the tests against a real Apache Flink (test/flink/, engine/flink/). Run it
# after `npm ci` and before the tests, as root on Debian/Ubuntu:   bash test/flink/ci-setup.sh
#
#  1. installs a JDK (with javac) and Maven (default-jdk-headless, maven) if missing,
#  2. fetches the Flink jars into the cache and compiles the runner (engine/flink/README.md),
#     so test time is not spent in Maven or javac, and prints how long that took.
#
# Idempotent: a second run installs nothing and finds jars and classes cached. Quiet unless
# something fails; then it exits non-zero with the reason.
set -Eeuo pipefail

say() { printf 'ci-setup: %s\n' "$*"; }
die() { printf 'ci-setup: ERROR: %s\n' "$*" >&2; exit 1; }

cd "$(dirname "${BASH_SOURCE[0]}")/../.." # the repository root, wherever we are called from

javac_ok() { if [ -n "${JAVA_HOME:-}" ]; then "$JAVA_HOME/bin/javac" -version; else javac -version; fi; }

MISSING=()
{ java -version && javac_ok; } >/dev/null 2>&1 || MISSING+=(default-jdk-headless)
mvn -v >/dev/null 2>&1 || MISSING+=(maven)
if [ "${#MISSING[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 || die "missing ${MISSING[*]} and no apt-get to install them"
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "needs root (or sudo) to install ${MISSING[*]}"
    SUDO=(sudo)
  fi
  say "installing ${MISSING[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq >/dev/null || die "apt-get update failed"
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${MISSING[@]}" >/dev/null ||
    die "apt-get install ${MISSING[*]} failed"
fi
javac_ok >/dev/null 2>&1 || die "javac still does not run after installing default-jdk-headless"
mvn -v >/dev/null 2>&1 || die "mvn still does not run after installing maven"
[ -d node_modules/tsx ] || die "node_modules is missing tsx: run 'npm ci' before this script"

# ensureFlinkRunner() prints its own progress lines while Maven and javac run.
node --import tsx --input-type=module -e "
  const { ensureFlinkRunner } = await import('./engine/flink/flink-jars.ts');
  const started = Date.now();
  try {
    const install = await ensureFlinkRunner();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log('ci-setup: Flink ' + install.flinkVersion + ' jars in ' + install.libsDir + ', runner in ' + install.classesDir + ' (' + seconds + 's)');
  } catch (error) {
    console.error('ci-setup: ERROR: ' + (error instanceof Error ? error.message : error));
    process.exit(1);
  }
" || die "could not fetch the Flink jars or compile the runner"
