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
echo "PASS: installed transit at $prefix builds and runs occam programs from its own tree"
