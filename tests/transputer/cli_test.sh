#!/usr/bin/env bash
# The transputer target's commands end to end: `transit build --target` writes a boot file that
# `transit emu` runs with the native output and status, and a line table with which it reports a
# deadlock or run-time error in occam terms; `transit dump --asm` is assembly that
# `transit asm` turns into the same bytes as the boot file's image; a construct the back end does not
# translate yet is an error naming its line, with status 1.
#   cli_test.sh TRANSIT SOURCE_ROOT
set -euo pipefail
transit=$(realpath "$1")
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
prog="$root/tests/occam/seq/order.occ"

for chip in t414 t800; do
  "$transit" build --target $chip "$prog" -o "$tmp/p-$chip.btl" || fail "build --target $chip"
  out=$("$transit" emu "$tmp/p-$chip.btl" --chip $chip) || fail "emu --chip $chip: status $?"
  [ "$out" = $'1\n42' ] || fail "emu --chip $chip printed: $out"
done

# The line table beside the boot file: transit emu reports a deadlock and a run-time error in occam
# terms, as transit run --target does; a damaged table is named and not used.
dl="$root/tests/occam/deadlock-cycles/first-use.occ"
"$transit" build --target t800 "$dl" -o "$tmp/dl.btl" || fail "build --target of a deadlock"
[ -s "$tmp/dl.btl.lines" ] || fail "build --target wrote no line table"
status=0
"$transit" emu "$tmp/dl.btl" --chip t800 2> "$tmp/err.txt" || status=$?
[ "$status" = 1 ] || fail "emu of a deadlock: status $status"
grep -q "echo \[input\] input on channel 'p' at .*first-use.occ:6:5" "$tmp/err.txt" || fail "emu deadlock report: $(cat "$tmp/err.txt")"
grep -q "(first-use.occ:6) -> #" "$tmp/err.txt" || fail "emu deadlock report has no wait-for cycle: $(cat "$tmp/err.txt")"
sed -i 's/^frame\t0/frame\tX/' "$tmp/dl.btl.lines"
"$transit" emu "$tmp/dl.btl" --chip t800 2> "$tmp/err.txt" || true
grep -q "dl.btl.lines:[0-9]*: malformed 'frame' record (not used)" "$tmp/err.txt" || fail "damaged line table: $(cat "$tmp/err.txt")"
grep -q "waits to input on channel #" "$tmp/err.txt" || fail "damaged line table: no plain report: $(cat "$tmp/err.txt")"
cat > "$tmp/overflow.occ" <<'OCC'
PROC main (CHAN BYTE keyboard?, screen!, error!)
  INT x:
  SEQ
    x := 2147483647
    screen ! 'a'
    x := x + 1
:
OCC
"$transit" build --target t414 "$tmp/overflow.occ" -o "$tmp/overflow.btl"
status=0
out=$("$transit" emu "$tmp/overflow.btl" 2> "$tmp/err.txt") || status=$?
[ "$status" = 1 ] && [ "$out" = a ] || fail "emu of a run-time error: status $status, output '$out'"
grep -q "error in process main at .*overflow.occ:6:.*: arithmetic overflow in + (on the emulated T414)" "$tmp/err.txt" ||
  fail "emu run-time error report: $(cat "$tmp/err.txt")"

# The assembly round-trips: assembled at the T414's MemStart (transit asm's default origin) it is
# the boot file's image, after the boot file's length byte.
"$transit" dump --asm --target t414 "$prog" > "$tmp/p.s"
"$transit" asm "$tmp/p.s" -o "$tmp/p.bin"
tail -c +2 "$tmp/p-t414.btl" | cmp -s - "$tmp/p.bin" || fail "dump --asm does not assemble to the boot file's image"

# Not translated yet: the construct and its line, status 1 (a replicated ALT in a replicated ALT).
cat > "$tmp/real.occ" <<'OCC'
PROC main (CHAN BYTE keyboard?, screen!, error!)
  [2]CHAN INT c:
  INT x:
  ALT i = 0 FOR 2
    ALT j = 0 FOR 2
      c[j] ? x
        SKIP
:
OCC
status=0
"$transit" run --target t800 "$tmp/real.occ" 2> "$tmp/err.txt" || status=$?
[ "$status" = 1 ] || fail "unsupported construct: status $status"
grep -q "real.occ:5:.*not supported on the transputer target yet" "$tmp/err.txt" || fail "unsupported construct: $(cat "$tmp/err.txt")"
echo ok
