#!/usr/bin/env bash
# Installs the build into a scratch DESTDIR and checks that the installed transit uses only that tree.
# Arguments: meson, the build directory, the source directory.
set -euo pipefail
meson=$1 build=$2 src=$3
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

"$meson" install -C "$build" --no-rebuild --quiet --destdir "$scratch/root" >/dev/null
transit=$(find "$scratch/root" -path '*/bin/transit' -type f | head -n 1)
[ -x "$transit" ] || { echo "FAIL: no bin/transit under the install tree"; exit 1; }
prefix=$(dirname "$(dirname "$transit")")

paths=$("$transit" version --paths)
echo "$paths"
for key in 'occam library' 'runtime headers' 'support headers' 'support library'; do
  line=$(grep "^$key: " <<<"$paths") || { echo "FAIL: '$key' missing from transit version --paths"; exit 1; }
  case "${line#*: }" in
    "$prefix"/*) ;;
    *) echo "FAIL: installed transit takes its $key from outside the install tree: $line"; exit 1 ;;
  esac
done

# The installed bundled libraries and headers compile a program that uses the course library.
export XDG_CACHE_HOME="$scratch/cache"
cd "$scratch"
cp "$src/examples/hello.occ" .
out=$("$transit" run hello.occ)
[ "$out" = "Hello, world!" ] || { echo "FAIL: installed transit printed: $out"; exit 1; }
cat > use.occ <<'OCC'
#USE "course.lib"
PROC main (CHAN BYTE keyboard?, screen!, error!)
  SEQ
    out.int (42, 0, screen!)
    screen ! '*n'
:
OCC
out=$("$transit" run use.occ)
[ "$out" = "42" ] || { echo "FAIL: #USE \"course.lib\" with the installed transit printed: $out"; exit 1; }
# A compiled unit made by the installed transit is linked by it; one made by another Transit build
# (the build tree's transit: other headers and support library) is refused with a message saying
# to make it again, never a C++ or link error.
cat > tally.occ <<'OCC'
INT FUNCTION tally (VAL []INT xs)
  INT sum:
  VALOF
    SEQ
      sum := 0
      SEQ i = 0 FOR SIZE xs
        sum := sum + xs[i]
    RESULT sum
:
OCC
cat > tally-use.occ <<'OCC'
#USE "tally"
#USE "course.lib"
PROC main (CHAN BYTE keyboard?, screen!, error!)
  SEQ
    out.int (tally ([1, 2, 3, 4]), 0, screen!)
    screen ! '*n'
:
OCC
"$transit" build --library tally.occ -o tally.tlib
rm tally.occ
out=$("$transit" run tally-use.occ)
[ "$out" = "10" ] || { echo "FAIL: a unit made by the installed transit printed: $out"; exit 1; }
rm tally.tlib
printf 'INT FUNCTION tally (VAL []INT xs) IS SIZE xs:\n' > tally.occ
"$build/tools/transit" build --library tally.occ -o tally.tlib
rm tally.occ
status=0
"$transit" run tally-use.occ 2>err.txt || status=$?
[ "$status" = 1 ] && grep -q 'tally.tlib is compiled by another Transit build' err.txt && grep -q 'transit build --library' err.txt ||
  { cat err.txt; echo "FAIL: a unit of another Transit build: status $status"; exit 1; }
echo "PASS: installed transit at $prefix builds and runs occam programs from its own tree"
