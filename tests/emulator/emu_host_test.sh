#!/usr/bin/env bash
# transit emu's host and network options end to end: SP_CORE with and without --core (one node and
# a network), --rom and --rom-node on a network, --trace on a network (the root's lines are the
# single-node trace, prefixed "node 0: ").
#   emu_host_test.sh TRANSIT SOURCE_DIR
set -euo pipefail
transit=$(realpath "$1")
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
hex() { od -An -tx1 -v | tr -s ' \n' ' ' | sed 's/^ //; s/ $//'; }

"$transit" asm "$src/emu_core.s" --boot -o "$tmp/core.btl"
"$transit" asm "$src/rom_hello.s" --origin 0x7FFFFF00 -o "$tmp/rom.bin"

# Without a peeked core the iserver answers SP_CORE with an error (129): a 6-byte reply.
got=$("$transit" emu "$tmp/core.btl" | hex)
[ "$got" = "06 00 00 00 81 00 00 00 00 00 00 00 00 00 00 00 00 00 00" ] || fail "no --core: $got"
# With --core: success, a slice of 8 bytes from offset 4 of the memory before boot (link channel
# words, NotProcess #80000000 each after reset).
want="0c 00 00 00 00 08 00 00 00 00 80 00 00 00 80 00 00 00 00"
got=$("$transit" emu "$tmp/core.btl" --core 64 | hex)
[ "$got" = "$want" ] || fail "--core 64: $got"
got=$("$transit" emu "$tmp/core.btl" --core 64 --topology ring:4 | hex)
[ "$got" = "$want" ] || fail "--core 64 on ring:4: $got"
# A core shorter than offset 4 + 8: an error again (offset beyond it) ...
got=$("$transit" emu "$tmp/core.btl" --core 4 | hex)
[ "$got" = "06 00 00 00 81 00 00 00 00 00 00 00 00 00 00 00 00 00 00" ] || fail "--core 4: $got"
# ... and one that ends inside the range is cut short: 4 bytes.
got=$("$transit" emu "$tmp/core.btl" --core 8 | hex)
[ "$got" = "08 00 00 00 00 04 00 00 00 00 80 00 00 00 00 00 00 00 00" ] || fail "--core 8: $got"

# --rom on a network: the root runs the ROM image, the others wait to boot from a link.
status=0
out=$("$transit" emu "$tmp/rom.bin" --rom --topology pipeline:3) || status=$?
[ "$status" = 3 ] && [ "$out" = "rom" ] || fail "--rom on pipeline:3: status $status, output '$out'"
# --rom-node 1: node 1 runs it; its SP request goes out of a link no host is on: a deadlock (3).
status=0
"$transit" emu "$tmp/rom.bin" --rom-node 1 --topology pipeline:3 > "$tmp/out.txt" 2> "$tmp/err.txt" || status=$?
[ "$status" = 3 ] && grep -q "node 1:" "$tmp/err.txt" && grep -q "node 0:.*" "$tmp/err.txt" &&
  grep -q "waits to boot" "$tmp/err.txt" || fail "--rom-node 1: status $status: $(cat "$tmp/err.txt")"
[ ! -s "$tmp/out.txt" ] || fail "--rom-node 1 printed: $(cat "$tmp/out.txt")"
status=0
"$transit" emu "$tmp/rom.bin" --rom-node 3 --topology pipeline:3 2> "$tmp/err.txt" || status=$?
[ "$status" = 2 ] && grep -q "has nodes 0 to 2" "$tmp/err.txt" || fail "--rom-node 3: status $status"
status=0
"$transit" emu "$tmp/rom.bin" --threads 2 2> /dev/null || status=$?
[ "$status" = 2 ] || fail "--threads without a network: status $status"

# --trace on a network: every line names its node; the root's are the single-node trace.
"$transit" emu "$tmp/core.btl" --trace > /dev/null 2> "$tmp/single.txt"
"$transit" emu "$tmp/core.btl" --trace --topology pipeline:2 > /dev/null 2> "$tmp/net.txt"
[ "$(wc -l < "$tmp/single.txt")" -gt 20 ] || fail "--trace: $(wc -l < "$tmp/single.txt") lines"
! grep -qv "^node [01]: " "$tmp/net.txt" || fail "--trace: a line without its node"
sed -n 's/^node 0: //p' "$tmp/net.txt" | cmp -s - "$tmp/single.txt" || fail "--trace: node 0 differs from one node"
"$transit" emu "$tmp/rom.bin" --rom --trace --topology pipeline:2 > /dev/null 2> "$tmp/rom.txt" || true
grep -q "^node 0: .* 7FFFFFFE L j " "$tmp/rom.txt" || fail "--trace --rom: no jump at #7FFFFFFE"
echo "1 passed, 0 failed"
