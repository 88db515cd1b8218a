#!/usr/bin/env bash
# The transputer target's commands end to end: `transit build --target` writes a boot file that
# `transit emu` runs with the native output and status; `transit dump --asm` is assembly that
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

# The assembly round-trips: assembled at the T414's MemStart (transit asm's default origin) it is
# the boot file's image, after the boot file's length byte.
"$transit" dump --asm --target t414 "$prog" > "$tmp/p.s"
"$transit" asm "$tmp/p.s" -o "$tmp/p.bin"
tail -c +2 "$tmp/p-t414.btl" | cmp -s - "$tmp/p.bin" || fail "dump --asm does not assemble to the boot file's image"

# Not translated yet: the construct and its line, status 1 (an elementary function).
cat > "$tmp/real.occ" <<'OCC'
PROC main (CHAN BYTE keyboard?, screen!, error!)
  REAL32 x:
  SEQ
    x := 1.5(REAL32)
    x := SIN (x)
:
OCC
status=0
"$transit" run --target t800 "$tmp/real.occ" 2> "$tmp/err.txt" || status=$?
[ "$status" = 1 ] || fail "unsupported construct: status $status"
grep -q "real.occ:[45]:.*not supported on the transputer target yet" "$tmp/err.txt" || fail "unsupported construct: $(cat "$tmp/err.txt")"
echo ok
