#!/usr/bin/env bash
# Runs every test Remedy has. It needs Debian's Chromium for the browser tests
# (installed here with apt-get when missing and running as root) and the
# PostgreSQL 15 server binaries, from which the integration tests start a
# throwaway cluster on a free loopback port and remove it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

step() { printf '\n==> %s\n' "$*"; }

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ]; then
    step "Installing Debian's chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: run 'sudo apt-get install -y chromium' first." >&2
    exit 1
  fi
fi
if [ ! -x /usr/lib/postgresql/15/bin/initdb ] && [ -z "${PG_BIN:-}" ]; then
  if [ "$(id -u)" = "0" ]; then
    step "Installing PostgreSQL 15 server binaries for the integration tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
  else
    echo "PostgreSQL 15 server binaries are missing: run 'sudo apt-get install -y postgresql-15' first." >&2
    exit 1
  fi
fi

step "Generating the Prisma client"
npx prisma generate >/dev/null

step "Typecheck"
npx tsc --noEmit -p .

step "Lint"
npx eslint --max-warnings 0 .

step "Unit and integration tests (PGlite and a throwaway PostgreSQL cluster)"
npx vitest run

step "Production build"
# The build must never open the embedded database (one process owns it, and a build is not it).
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
build_data="$scratch/data"
build_log="$scratch/build.log"
REMEDY_DATA_DIR="$build_data" npx next build >"$build_log" 2>&1 || { cat "$build_log"; exit 1; }
if [ -e "$build_data" ]; then
  echo "next build opened the embedded database in $build_data: a page reached the database while being prerendered." >&2
  exit 1
fi
tail -n 3 "$build_log"
node scripts/build-server.mjs

step "System tests against the production server (PGlite and PostgreSQL)"
npx vitest run --config vitest.system.config.ts

step "End-to-end tests in Chromium against the production build"
npx playwright test
