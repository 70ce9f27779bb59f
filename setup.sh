#!/usr/bin/env bash
# Installs the Debian packages dossier needs (when missing) and builds it.
# Usage: ./setup.sh [build-dir] [extra cmake args...]
# $DOSSIER_EXTRA_PACKAGES names more Debian packages to install (CI's fuzzing
# needs clang).
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

cmake -S . -B "$build" "$@"
cmake --build "$build" -j"$(nproc)"
