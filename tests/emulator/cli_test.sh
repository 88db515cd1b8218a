#!/usr/bin/env bash
# transit asm, dis and emu end to end: assemble a bootstrap that writes through the iserver and
# exits with status 3, disassemble it, run it; bad input gives a clear message and status.
#   cli_test.sh TRANSIT SOURCE_DIR
set -euo pipefail
transit=$(realpath "$1")  # absolute: some checks run in a temporary directory
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$transit" asm "$src/cli_hello.s" --boot -o "$tmp/hello.btl"
[ "$(head -c1 "$tmp/hello.btl" | od -An -tu1 | tr -d ' ')" -gt 2 ] || fail "no length byte"
"$transit" dis "$tmp/hello.btl" --boot > "$tmp/dis.txt"
grep -q "mint" "$tmp/dis.txt" || fail "dis: no mint"
grep -q " out$" "$tmp/dis.txt" || fail "dis: no out"

status=0
"$transit" emu "$tmp/hello.btl" --stats > "$tmp/out.txt" 2> "$tmp/err.txt" || status=$?
[ "$status" = 3 ] || { cat "$tmp/err.txt"; fail "emu exit status $status, expected 3"; }
[ "$(cat "$tmp/out.txt")" = "hi" ] || fail "emu output: $(cat "$tmp/out.txt")"
grep -q "emulated MIPS" "$tmp/err.txt" || fail "--stats: no MIPS line"
grep -q "link 0:" "$tmp/err.txt" || fail "--stats: no link line"

status=0
"$transit" emu "$tmp/hello.btl" --max-cycles 100 > /dev/null 2> "$tmp/err.txt" || status=$?
[ "$status" = 1 ] || fail "--max-cycles: status $status"
grep -q "max-cycles" "$tmp/err.txt" || fail "--max-cycles: $(cat "$tmp/err.txt")"

status=0
"$transit" emu "$tmp/missing.btl" 2> "$tmp/err.txt" || status=$?
[ "$status" = 1 ] && grep -q "cannot read" "$tmp/err.txt" || fail "missing file: status $status"
status=0
"$transit" emu "$tmp/hello.btl" --chip z80 2> "$tmp/err.txt" || status=$?
[ "$status" = 2 ] || fail "bad chip: status $status"

printf 'ldc nowhere\n' > "$tmp/bad.s"
status=0
"$transit" asm "$tmp/bad.s" -o "$tmp/bad.bin" 2> "$tmp/err.txt" || status=$?
[ "$status" = 1 ] && grep -q "bad.s:1:1: undefined name 'nowhere'" "$tmp/err.txt" || fail "asm error: $(cat "$tmp/err.txt")"

# A boot file of random bytes must not crash or hang the host (whatever status the junk earns).
# Fixed pseudo-random bytes (the same every run), run inside the temporary directory.
LC_ALL=C awk 'BEGIN { srand(7); printf "%c", 240; for (i = 0; i < 240; i++) printf "%c", int(rand() * 256) }' \
  > "$tmp/junk.btl"
status=0
(cd "$tmp" && timeout 20 "$transit" emu junk.btl --max-cycles 5000000 < /dev/null > /dev/null 2>&1) || status=$?
[ "$status" -lt 124 ] || fail "junk boot file: status $status"
echo "1 passed, 0 failed"
