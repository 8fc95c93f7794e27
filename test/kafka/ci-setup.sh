#!/usr/bin/env bash
# CI provisioning for the real-Kafka tests (test/kafka/). Run it after `npm ci` and before the
# tests, as root on Debian/Ubuntu:   bash test/kafka/ci-setup.sh
#
#  1. installs a JDK and Maven (default-jdk-headless, maven) if `java` or `mvn` is missing,
#  2. installs kcat (the tests' independent reader) and openssl (certificates for the secured
#     broker) if missing,
#  3. pre-fetches the Kafka broker jars and Kafka's command-line tools into the cache (see
#     test/kafka/README.md), so test time is not spent in Maven.
#
# Idempotent: a second run installs nothing and finds the jars cached. Quiet unless something
# fails; then it exits non-zero with the reason and the tail of the failing command's output.
set -Eeuo pipefail

say() { printf 'ci-setup: %s\n' "$*"; }
die() { printf 'ci-setup: ERROR: %s\n' "$*" >&2; exit 1; }

cd "$(dirname "${BASH_SOURCE[0]}")/../.." # the repository root, wherever we are called from

LOG="$(mktemp -t tributary-ci-setup.XXXXXX)"
trap 'rm -f "$LOG"' EXIT

# Runs a command with its output captured; on failure shows the tail and stops.
quietly() {
  local what="$1"
  shift
  if ! "$@" >"$LOG" 2>&1; then
    tail -n 30 "$LOG" >&2
    die "$what failed (command: $*)"
  fi
}

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  die "needs root (or sudo) to install packages with apt-get"
fi

MISSING=()
java -version >/dev/null 2>&1 || MISSING+=(default-jdk-headless)
mvn -v >/dev/null 2>&1 || MISSING+=(maven)
command -v kcat >/dev/null 2>&1 || MISSING+=(kcat)
command -v openssl >/dev/null 2>&1 || MISSING+=(openssl)

if [ "${#MISSING[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 || die "missing ${MISSING[*]} and no apt-get to install them"
  say "installing ${MISSING[*]}"
  export DEBIAN_FRONTEND=noninteractive
  quietly "apt-get update" "${SUDO[@]}" apt-get update -qq
  quietly "apt-get install ${MISSING[*]}" \
    "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${MISSING[@]}"
fi

java -version >/dev/null 2>&1 || die "java still does not run after installing default-jdk-headless"
mvn -v >/dev/null 2>&1 || die "mvn still does not run after installing maven"
command -v kcat >/dev/null 2>&1 || die "kcat still missing after installing kcat"
command -v openssl >/dev/null 2>&1 || die "openssl still missing after installing openssl"

[ -d node_modules/tsx ] && [ -d node_modules/kafkajs ] ||
  die "node_modules is missing tsx or kafkajs: run 'npm ci' before this script"

# ensureKafkaJars() prints its own progress line while Maven runs; errors say what failed.
node --import tsx --input-type=module -e "
  const { ensureKafkaJars, KAFKA_VERSION } = await import('./test/kafka/broker.ts');
  const { ensureKafkaToolsJars } = await import('./test/kafka/kafka-jars.ts');
  try {
    const libs = await ensureKafkaJars();
    const tools = await ensureKafkaToolsJars();
    console.log('ci-setup: Kafka ' + KAFKA_VERSION + ' jars in ' + libs + ', tools in ' + tools);
  } catch (error) {
    console.error('ci-setup: ERROR: ' + (error instanceof Error ? error.message : error));
    process.exit(1);
  }
" || die "could not pre-fetch the Kafka jars"

say "ready: $(java -version 2>&1 | head -n 1); $(mvn -v 2>/dev/null | head -n 1 | sed 's/\x1b\[[0-9;]*m//g')"
