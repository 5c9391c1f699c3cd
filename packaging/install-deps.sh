#!/usr/bin/env bash
# Installs the Debian 12 packages tokenrouter builds, tests and benchmarks with.
# Idempotent: does nothing when everything is present. Used by the README and by .ci/run.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config
  libcli11-dev libcpp-httplib-dev libsqlite3-dev sqlite3 nlohmann-json3-dev
  libtomlplusplus-dev libspdlog-dev doctest-dev libssl-dev libexpected-dev
  curl zsh fish
  help2man dpkg-dev python3-yaml  # man pages, the .deb (dpkg-shlibdeps), the alert rules' shape
  prometheus                      # promtool: checks and unit-tests the alert rules
)
if [[ "${TKR_WITH_FUZZ:-0}" == 1 ]]; then
  packages+=(clang libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
