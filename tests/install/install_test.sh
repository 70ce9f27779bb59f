#!/usr/bin/env bash
# `cmake --install BUILD --prefix TMP` installs the binary, the man page and
# bash and zsh completion, and they work; `cpack -G DEB` (when dpkg-deb is
# there) makes a .deb holding the same files, depending on the runtime
# libraries' Debian packages.
# Usage: tests/install/install_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dossier-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

prefix="$tmp/prefix with space"
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" || { cat "$tmp/install.log"; fail "cmake --install"; }

for f in bin/dossier share/man/man1/dossier.1 share/bash-completion/completions/dossier \
         share/zsh/site-functions/_dossier; do
  [ -s "$prefix/$f" ] || fail "$f not installed"
done
[ -x "$prefix/bin/dossier" ] || fail "bin/dossier is not executable"
"$prefix/bin/dossier" --version | grep -q '^dossier [0-9]' || fail "installed dossier --version"

# The man page names every command the binary knows, and renders.
commands=$("$prefix/bin/dossier" --help | sed -n '/^commands:/,/^$/s/^  \([a-z-]*\) .*/\1/p')
[ -n "$commands" ] || fail "no commands in dossier --help"
for c in $commands; do
  grep -q "^\.SS $c\$" "$prefix/share/man/man1/dossier.1" || fail "man page lacks command $c"
done
if command -v man >/dev/null; then
  MANWIDTH=80 man -l "$prefix/share/man/man1/dossier.1" >"$tmp/man.txt" 2>"$tmp/man.err" ||
    fail "man -l: $(cat "$tmp/man.err")"
  grep -Eq '^ +dossier +- +keeps +customer +notes' "$tmp/man.txt" || fail "the man page renders without its NAME line"
  grep -Eq '^ +exit codes: 0 ok' "$tmp/man.txt" || fail "the man page lacks the text of dossier --help"
fi

# bash completion: commands, a command's options, values, and files with
# spaces and non-ASCII letters for a command taking a meeting note.
mkdir -p "$tmp/vault/Meetings"
touch "$tmp/vault/Meetings/2025-12-20 Müller Vertrag.md"
complete_words() {  # the words typed so far, the last one being completed
  (cd "$tmp/vault" && bash -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
    _dossier
    printf "%s\n" "${COMPREPLY[@]}"' _ "$prefix/share/bash-completion/completions/dossier" "$@")
}
[ "$(complete_words dossier u)" = "undo" ] || fail "bash: 'dossier u' does not complete to undo"
complete_words dossier run --d | grep -qx -- --dry-run || fail "bash: 'run --d' lacks --dry-run"
complete_words dossier run --extractor l | grep -qx llm || fail "bash: --extractor values"
complete_words dossier note "Meetings/2025-12-20 M" | grep -qx "Meetings/2025-12-20 Müller Vertrag.md" ||
  fail "bash: note does not complete a meeting file name with spaces"
if command -v zsh >/dev/null; then
  zsh -n "$prefix/share/zsh/site-functions/_dossier" || fail "zsh completion does not parse"
fi

# The .deb: same files under /usr, zsh completion where Debian's zsh looks,
# and dependencies on the runtime library packages.
if command -v dpkg-deb >/dev/null && command -v dpkg-shlibdeps >/dev/null; then
  (cd "$tmp" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/deb" >"$tmp/cpack.log" 2>&1) ||
    { cat "$tmp/cpack.log"; fail "cpack -G DEB"; }
  deb=$(ls "$tmp"/deb/dossier_*.deb)
  contents=$(dpkg-deb -c "$deb")
  for f in ./usr/bin/dossier ./usr/share/man/man1/dossier.1 ./usr/share/bash-completion/completions/dossier \
           ./usr/share/zsh/vendor-completions/_dossier; do
    grep -q " $f\$" <<<"$contents" || fail ".deb lacks $f"
  done
  depends=$(dpkg-deb -f "$deb" Depends)
  for lib in libyaml-cpp libre2 libcurl libsqlite3 libutf8proc libboost-program-options; do
    grep -q "$lib" <<<"$depends" || fail ".deb does not depend on $lib (Depends: $depends)"
  done
fi
echo "install ok"
