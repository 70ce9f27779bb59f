#!/usr/bin/env bash
# Installs the Debian packages dossier needs (when missing) and builds it.
# Usage: ./setup.sh [build-dir] [extra cmake args...]
# $DOSSIER_EXTRA_PACKAGES names more Debian packages to install (CI's fuzzing
# needs clang); $DOSSIER_CMAKE_ARGS are cmake arguments given before the extra
# ones (CI's -DDOSSIER_WARNINGS_AS_ERRORS=ON, for every build it makes).
set -euo pipefail
cd "$(dirname "$0")"
build=${1:-build}
shift || true

packages=(cmake g++ make pkg-config git python3 python3-yaml
  libboost-program-options-dev libyaml-cpp-dev libre2-dev libcurl4-openssl-dev
  nlohmann-json3-dev libgtest-dev libsqlite3-dev libutf8proc-dev libstemmer-dev dpkg-dev ${DOSSIER_EXTRA_PACKAGES:-})
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

# Word splitting of $DOSSIER_CMAKE_ARGS is intended: it holds several arguments.
# shellcheck disable=SC2086
cmake -S . -B "$build" ${DOSSIER_CMAKE_ARGS:-} "$@"
cmake --build "$build" -j"$(nproc)"
