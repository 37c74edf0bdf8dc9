#!/usr/bin/env bash
# The Debian packages the tests and benchmarks need, installed only when missing.
# Idempotent; run as root (as CI does), or it says what to install. `make test` runs it.
#   scripts/system-packages.sh            everything below
set -euo pipefail

# command that must be on PATH (or a file that must exist) → package that brings it
NEEDED=(
  "/usr/lib/postgresql/*/bin/initdb postgresql"
)

missing=()
for item in "${NEEDED[@]}"; do
  probe=${item% *}
  package=${item##* }
  if [[ $probe == /* ]]; then
    compgen -G "$probe" > /dev/null && continue
  else
    command -v "$probe" > /dev/null && continue
  fi
  missing+=("$package")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "system-packages: missing Debian packages: ${missing[*]}" >&2
  echo "system-packages: install them as root: apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "system-packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
