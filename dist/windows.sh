#!/usr/bin/env bash
# dist/windows.sh [build|lint|test|compare|ci]
#
# The Windows evalsheet.exe, built on Linux and tested under Wine.
#
#   build    (the default) install what is missing (the Rust target, mingw-w64, zip tools),
#            build evalsheet.exe (release, x86_64-pc-windows-gnu, static CRT: it needs no
#            mingw DLL) and package dist/out/evalsheet-VERSION-windows-x64.zip: the exe,
#            README.md, docs/使用手册.md (with docs/images/) when present, examples/ and 说明.txt.
#   test     run the integration tests (tests/cli) against that exe under Wine: every test
#            but those listed in tests/cli/windows-skip.txt, with the Windows-only tests of
#            tests/cli/windows.rs. Builds first when the package is missing.
#   compare  run the same commands on the examples and fixtures with the Linux build and with
#            the exe under Wine (scripts/snapshot-outputs.sh) and compare what they print and
#            write, workbooks part by part. Fails on any difference but path separators.
#   lint     cargo clippy for the Windows target (the code under cfg(windows) is not compiled
#            on Linux otherwise).
#   ci       build, lint, test and compare, timing each (what .ci/run calls).
#
# Wine runs the exe from target/windows-test/, beside a stub bcryptprimitives.dll built from
# dist/wine/ (Wine 8.0 lacks ProcessPrng, which Rust's standard library imports). The stub is
# for Wine only: the package is checked not to hold it, nor any other DLL.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

triple=x86_64-pc-windows-gnu
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
# A static C runtime and libgcc: the exe must run on a clerk's PC with nothing installed.
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS="-C target-feature=+crt-static"

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)
name=evalsheet-$version-windows-x64
target_dir=${CARGO_TARGET_DIR:-$repo/target}
mkdir -p "$target_dir"
target_dir=$(cd "$target_dir" && pwd)
built_exe=$target_dir/$triple/release/evalsheet.exe
stage=$target_dir/windows-dist/$name          # what goes into the zip
zip_out=$repo/dist/out/$name.zip
testdir=$target_dir/windows-test              # the shipped exe + the stub DLL, for Wine
prefix=$target_dir/wine-prefix

say() { printf '\n== windows.sh: %s\n' "$*"; }
die() { printf 'windows.sh: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# install PACKAGE-IF-COMMAND-MISSING...: each argument is COMMAND=DEBIAN-PACKAGE[,PACKAGE];
# apt-get runs only when a command is missing, and any failure stops the script.
install() {
  local missing=() want cmd pkgs
  for want in "$@"; do
    cmd=${want%%=*}
    pkgs=${want#*=}
    if ! command -v "$cmd" >/dev/null 2>&1 && ! [[ -x $cmd ]]; then
      IFS=, read -r -a more <<<"$pkgs"
      missing+=("${more[@]}")
    fi
  done
  if ((${#missing[@]})); then
    say "installing ${missing[*]}"
    command -v apt-get >/dev/null || die "cannot install ${missing[*]}: no apt-get"
    as_root apt-get update -qq || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
  fi
  for want in "$@"; do
    cmd=${want%%=*}
    command -v "$cmd" >/dev/null 2>&1 || [[ -x $cmd ]] || die "$cmd is still missing"
  done
}

install_build_tools() {
  install x86_64-w64-mingw32-gcc=gcc-mingw-w64-x86-64 \
    x86_64-w64-mingw32-objdump=binutils-mingw-w64-x86-64 \
    python3=python3 unzip=unzip
  if ! rustup target list --installed | grep -qx "$triple"; then
    say "adding the Rust target $triple"
    rustup target add "$triple" || die "rustup target add $triple failed"
  fi
}

install_wine() {
  # Debian's wine package runs 64-bit programs through /usr/lib/wine/wine64 (package wine64);
  # script (bsdutils) gives the console tests a terminal.
  install wine=wine,wine64 /usr/lib/wine/wine64=wine64 wineboot=wine script=bsdutils
}

# The DLLs a Windows exe may import: the system's own. A mingw runtime DLL (libgcc_s_seh-1,
# libwinpthread-1, libstdc++-6) would not be on a clerk's PC.
check_imports() {
  local exe=$1 dll bad=()
  while read -r dll; do
    case ${dll,,} in
      kernel32.dll | ntdll.dll | msvcrt.dll | advapi32.dll | userenv.dll | ws2_32.dll | \
        bcryptprimitives.dll | api-ms-win-*.dll | user32.dll | shell32.dll | ole32.dll) ;;
      *) bad+=("$dll") ;;
    esac
  done < <(x86_64-w64-mingw32-objdump -p "$exe" | sed -n 's/^[[:space:]]*DLL Name: //p' | sort -u)
  ((${#bad[@]} == 0)) || die "$exe needs DLLs that Windows does not have: ${bad[*]}"
  echo "imports only system DLLs: $(x86_64-w64-mingw32-objdump -p "$exe" |
    sed -n 's/^[[:space:]]*DLL Name: //p' | sort -uf | paste -sd' ')"
}

build() {
  install_build_tools
  say "building evalsheet.exe ($triple, release)"
  local t0=$SECONDS
  cargo build --release --locked --target "$triple"
  echo "built in $((SECONDS - t0)) s"
  check_imports "$built_exe"

  say "packaging $zip_out"
  rm -rf "$stage"
  mkdir -p "$stage"
  # Shipped without the line tables the release profile keeps (55 MB → 11 MB); panics still
  # name their file and line.
  x86_64-w64-mingw32-strip -o "$stage/evalsheet.exe" "$built_exe"
  check_imports "$stage/evalsheet.exe"
  cp README.md "$stage/"
  # The guide with its pictures, which it links as images/….
  if [[ -f docs/使用手册.md ]]; then cp docs/使用手册.md "$stage/"; cp -r docs/images "$stage/"; fi
  cp -r examples "$stage/"
  # 说明.txt as Notepad shows it right everywhere: UTF-8 with a BOM, CRLF line ends.
  { printf '\xEF\xBB\xBF'; sed 's/\r$//; s/$/\r/' dist/windows/说明.txt; } >"$stage/说明.txt"

  # The stub DLL is for Wine only: never in the package.
  if find "$stage" -iname '*.dll' | grep -q .; then
    die "a DLL is in the package: $(find "$stage" -iname '*.dll')"
  fi

  mkdir -p "$(dirname "$zip_out")"
  rm -f "$zip_out"
  python3 - "$stage" "$zip_out" <<'PY'
import os, sys, zipfile
stage, out = sys.argv[1], sys.argv[2]
root = os.path.dirname(stage)
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for d, dirs, files in os.walk(stage):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(d, f)
            # Python marks non-ASCII names as UTF-8 (flag 0x800), which Explorer, 7-Zip and
            # WinRAR read as such.
            z.write(p, os.path.relpath(p, root))
PY
  verify_zip "$zip_out"
}

# What a clerk unpacks: the exe, the texts and the examples, no DLL, names in UTF-8.
verify_zip() {
  python3 - "$1" "$name" <<'PY'
import sys, zipfile
path, top = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(path)
names = z.namelist()
def need(n):
    if top + "/" + n not in names:
        sys.exit(f"windows.sh: the package lacks {n}")
for n in ["evalsheet.exe", "README.md", "说明.txt", "examples/2021/01-扫黑除恶专项斗争经费.yaml",
          "examples/2022/CHANGES.md", "examples/2021-mof/01-扫黑除恶专项斗争经费.yaml"]:
    need(n)
dlls = [n for n in names if n.lower().endswith(".dll")]
if dlls:
    sys.exit(f"windows.sh: the package holds DLLs: {dlls}")
if any(not n.startswith(top + "/") for n in names):
    sys.exit("windows.sh: the package has files outside its folder")
for i in z.infolist():
    if not i.filename.isascii() and not i.flag_bits & 0x800:
        sys.exit(f"windows.sh: {i.filename} is not marked UTF-8")
txt = z.read(top + "/说明.txt")
if not txt.startswith(b"\xef\xbb\xbf") or b"\n" in txt.replace(b"\r\n", b""):
    sys.exit("windows.sh: 说明.txt is not UTF-8 with a BOM and CRLF line ends")
txt.decode("utf-8")
size = sum(i.file_size for i in z.infolist())
print(f"{path}: {len(names)} files, {size // 1024} KB unpacked, no DLL")
PY
  ls -l "$1"
}

# target/windows-test/: the exe as packaged, the stub DLL beside it, and a Wine prefix.
prepare_wine() {
  install_wine
  [[ -f $stage/evalsheet.exe ]] || build
  mkdir -p "$testdir"
  cp "$stage/evalsheet.exe" "$testdir/evalsheet.exe"
  x86_64-w64-mingw32-gcc -shared -O2 -s -static-libgcc -o "$testdir/bcryptprimitives.dll" \
    dist/wine/bcryptprimitives.c dist/wine/bcryptprimitives.def -ladvapi32
  # A stand-in for Excel holding a workbook open, for one of the Windows tests.
  x86_64-w64-mingw32-gcc -municode -O2 -s -static-libgcc -o "$testdir/hold.exe" dist/wine/hold.c
  export WINEPREFIX=$prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=;bcryptprimitives=n,b"
  export LC_ALL=C.UTF-8
  unset DISPLAY WAYLAND_DISPLAY
  if [[ ! -f $prefix/system.reg ]]; then
    say "creating the Wine prefix $prefix"
    wineboot -i </dev/null >/dev/null 2>&1 || die "wineboot -i failed"
  fi
  # A wrapper that runs the exe as if it were a Linux program (for snapshot-outputs.sh).
  cat >"$testdir/evalsheet-wine" <<EOF
#!/bin/sh
export WINEPREFIX='$prefix' WINEDEBUG=-all WINEDLLOVERRIDES='mscoree,mshtml=;bcryptprimitives=n,b' LC_ALL=C.UTF-8
unset DISPLAY WAYLAND_DISPLAY
exec wine '$testdir/evalsheet.exe' "\$@"
EOF
  chmod +x "$testdir/evalsheet-wine"
  local v
  v=$("$testdir/evalsheet-wine" --version) || die "evalsheet.exe does not start under Wine"
  echo "under Wine: $v ($(wine --version))"
}

# The package as a clerk uses it: unpacked, the two commands of 说明.txt run in its folder.
smoke_test_zip() {
  say "the unpacked package, as 说明.txt says"
  local dir=$testdir/unpacked
  rm -rf "$dir"
  mkdir -p "$dir"
  (cd "$dir" && unzip -q "$zip_out")
  cp "$testdir/bcryptprimitives.dll" "$dir/$name/"   # Wine only, as for the tests
  (
    cd "$dir/$name"
    wine evalsheet.exe help >help.txt || die "evalsheet.exe help failed"
    grep -Eq '(用法|Usage): evalsheet' help.txt && grep -q 'generate' help.txt || die "evalsheet.exe help: $(cat help.txt)"
    wine evalsheet.exe generate 'examples\2022' -o 表格 || die "evalsheet.exe generate failed"
    n=$(find 表格 -name '*.xlsx' | wc -l)
    ((n == 13)) || die "generate examples\\2022 wrote $n workbooks, not 13"
  )
}

run_tests() {
  prepare_wine
  smoke_test_zip
  say "tests/cli against evalsheet.exe under Wine"
  local skips=() t
  while read -r t; do skips+=(--skip "$t"); done < <(awk '!/^#/ && NF {print $1}' tests/cli/windows-skip.txt)
  local log=$target_dir/windows-test/tests.log t0=$SECONDS
  set +e
  EVALSHEET_TEST_EXE=$testdir/evalsheet.exe EVALSHEET_TEST_RUNNER=wine EVALSHEET_REQUIRE_WINDOWS=1 \
    cargo test --locked --test cli -- --exact "${skips[@]}" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  set -e
  ((status == 0)) || die "the tests failed against evalsheet.exe (log: $log)"
  local ran windows
  ran=$(grep -c '^test .* ok$' "$log" || true)
  windows=$(grep -c '^test windows::.* ok$' "$log" || true)
  ((windows >= 17)) || die "only $windows Windows-only tests ran (log: $log)"
  echo "ran $ran tests against evalsheet.exe under Wine ($windows of them Windows-only) in $((SECONDS - t0)) s"
}

compare() {
  prepare_wine
  say "comparing the Linux build's outputs with evalsheet.exe's"
  local t0=$SECONDS cmp=$target_dir/windows-compare
  cargo build --release --locked
  rm -rf "$cmp"
  scripts/snapshot-outputs.sh "$cmp/linux" "$target_dir/release/evalsheet" >/dev/null
  scripts/snapshot-outputs.sh "$cmp/windows" "$testdir/evalsheet-wine" >/dev/null
  python3 dist/windows/compare.py "$cmp/linux" "$cmp/windows" dist/windows/expected-differences.txt
  echo "compared in $((SECONDS - t0)) s"
}

lint() {
  install_build_tools
  say "cargo clippy --target $triple"
  cargo clippy --locked --target "$triple" --all-targets -- -D warnings
}

case ${1:-build} in
  build) build ;;
  lint) lint ;;
  test) run_tests ;;
  compare) compare ;;
  ci)
    t=$SECONDS; build; b=$((SECONDS - t))
    t=$SECONDS; lint; l=$((SECONDS - t))
    t=$SECONDS; run_tests; w=$((SECONDS - t))
    t=$SECONDS; compare; c=$((SECONDS - t))
    say "done: build and package $b s, Windows lint $l s, Wine tests $w s, comparison $c s"
    ;;
  *) die "usage: dist/windows.sh [build|lint|test|compare|ci]" ;;
esac
