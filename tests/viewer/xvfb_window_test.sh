#!/usr/bin/env bash
# Runs xvfb_window_test on a virtual X display (Debian's xvfb); skips (77) when there is none.
#   xvfb_window_test.sh TRANSIT TEST_EXE STUCK_ASM
set -euo pipefail
if ! command -v xvfb-run >/dev/null || ! command -v Xvfb >/dev/null; then
  echo "skipped: Xvfb is not installed (Debian's xvfb package), so no window can be opened"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$1" asm "$3" --boot -o "$tmp/stuck.btl"
STUCK_BTL="$tmp/stuck.btl" exec xvfb-run -a -s "-screen 0 1280x1024x24" "$2"
