#!/usr/bin/env bash
# replay.sh — run files through a fuzz target without AFL and say which ones panic, abort,
# run out of memory or take long: how a crash found by run.sh is triaged and turned into a
# regression test.
#
#   fuzz/replay.sh [options] FILE-OR-FOLDER...
#     -t, --target NAME   read_workbook (default) or load_definition; a path under
#                         crashes/load_definition/ or corpus/definitions/ picks load_definition
#     --timeout S         a run longer than this is a hang (default 20, like run.sh's -t)
#     --slow S            a run longer than this is reported as slow (default 2)
#     --mem MB            address-space limit (default 600, like run.sh's -m)
#     --export DIR        also write, for each file that is not ok, the bytes evalsheet was
#                         given (zip CRCs fixed, see src/lib.rs) to DIR/<name>.<ext>: the file
#                         to put under tests/fixtures/hostile/
#     -v, --verbose       print every file's result (forms found, or the error) and the whole
#                         standard error of the failing ones
#
# Each file gets one line:
#   ok 0.12s FILE                                   read, Ok or a clean Err
#   slow 3.40s FILE                                 read, but slower than --slow
#   PANIC caught FILE: LOCATION: MESSAGE            a panic that grid::read_book_bytes catches
#                                                   (the product reports a damaged workbook)
#   PANIC escapes FILE: LOCATION: MESSAGE           a panic the product does not catch
#   ABORT stack-overflow|out-of-memory|signal N FILE
#   HANG >20s FILE
# At the end, the distinct findings (kind and place) with how many files hit each.
# Exit status: 0 when every file is ok or slow, 1 otherwise, 2 on a usage error.
#
# The targets are the AFL-instrumented binaries of fuzz/target/$FUZZ_PROFILE/ (release unless
# FUZZ_PROFILE=product; built by `fuzz/run.sh --build-only` when missing): run outside afl-fuzz, they read one input from
# standard input. The panic hook makes every panic abort; EVALSHEET_FUZZ_CAUGHT_PANICS_OK=1
# turns that off, which is how a caught panic is told from one that escapes.
set -euo pipefail

fuzz=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
profile=${FUZZ_PROFILE:-release}
target='' timeout=20 slow=2 mem=600 export_dir='' verbose=0
paths=()
while (($#)); do
  case $1 in
    -t | --target) target=$2; shift ;;
    --timeout) timeout=$2; shift ;;
    --slow) slow=$2; shift ;;
    --mem) mem=$2; shift ;;
    --export) export_dir=$2; shift ;;
    -v | --verbose) verbose=1 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "replay.sh: unknown option $1" >&2; exit 2 ;;
    *) paths+=("$1") ;;
  esac
  shift
done
((${#paths[@]})) || { echo "usage: fuzz/replay.sh [options] FILE-OR-FOLDER... (--help)" >&2; exit 2; }
if [[ -z $target ]]; then
  target=read_workbook
  for p in "${paths[@]}"; do
    case $(realpath "$p") in */load_definition* | */definitions*) target=load_definition ;; esac
  done
fi
bin=$fuzz/target/$profile/$target
if [[ ! -x $bin ]]; then
  "$fuzz/run.sh" --build-only
fi
[[ -n $export_dir ]] && mkdir -p "$export_dir"

# run ENV... : run $bin on $file under the limits; sets rc, secs and err (standard error).
errf=$(mktemp)
trap 'rm -f "$errf"' EXIT
run() {
  local t0=$EPOCHREALTIME
  # The inner shell reports the status; its own "Aborted" notices go nowhere.
  rc=$(env "$@" bash -c 'ulimit -v $(($1 * 1024)); timeout -s KILL "$2" "$0" <"$3" >/dev/null 2>"$4"; echo $?' \
    "$bin" "$mem" "$timeout" "$file" "$errf" 2>/dev/null) || true
  [[ -n $rc ]] || rc=1
  secs=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.2f", b - a}')
  err=$(cat "$errf")
}
# The panic's place (registry prefix removed) and first line of its message.
panic_of() {
  awk '/panicked at / {sub(/.*panicked at /, ""); sub(/:$/, ""); loc = $0; getline; print loc ": " $0; exit}' <<<"$err" |
    sed -E 's#[^ ]*/registry/src/[^/]+/##; s#^/[^ ]*/(src/)#evalsheet/\1#'
}

bad=0
kinds=()
while IFS= read -r -d '' file; do
  run EVALSHEET_FUZZ_VERBOSE=$verbose
  line=''
  if ((rc == 0)); then
    if awk -v s="$secs" -v l="$slow" 'BEGIN {exit !(s > l)}'; then line="slow ${secs}s $file"; else line="ok ${secs}s $file"; fi
  elif ((rc == 137)) && awk -v s="$secs" -v l="$timeout" 'BEGIN {exit !(s >= l - 0.5)}'; then
    line="HANG >${timeout}s $file"
  elif grep -q "panicked at" <<<"$err"; then
    where=$(panic_of)
    strict_err=$err
    run EVALSHEET_FUZZ_CAUGHT_PANICS_OK=1
    if ((rc == 0)); then line="PANIC caught $file: $where"; else line="PANIC escapes $file: $where"; fi
    err=$strict_err
  elif grep -q "has overflowed its stack" <<<"$err"; then
    line="ABORT stack-overflow $file"
  elif grep -q "memory allocation of .* failed\|capacity overflow\|out of memory" <<<"$err"; then
    line="ABORT out-of-memory $file: $(grep -m1 'memory allocation\|capacity overflow\|out of memory' <<<"$err")"
  else
    line="ABORT signal $((rc > 128 ? rc - 128 : rc)) $file"
  fi
  echo "$line"
  # One key per distinct finding: the kind and the place, without the file.
  case $line in
    PANIC*) kinds+=("PANIC $(cut -d' ' -f2 <<<"$line") $where") ;;
    ABORT* | HANG*) kinds+=("$(cut -d' ' -f1-2 <<<"$line")") ;;
  esac
  case $line in
    ok* | slow*) ((verbose)) && [[ -n $err ]] && sed 's/^/    /' <<<"$err" ;;
    *)
      bad=$((bad + 1))
      ((verbose)) && sed 's/^/    /' <<<"$err"
      if [[ -n $export_dir ]]; then
        x=$export_dir/$(basename "$file")
        EVALSHEET_FUZZ_EXPORT=$x EVALSHEET_FUZZ_CAUGHT_PANICS_OK=1 \
          timeout -s KILL "$timeout" "$bin" <"$file" >/dev/null 2>&1 || true
        # Named by what it is, as the reader sniffs it.
        case $target:$(head -c 8 "$x" | od -An -tx1 | tr -d ' \n') in
          load_definition:*) ext=yaml ;;
          *:504b*) ext=xlsx; grep -aq 'application/vnd.oasis.opendocument' "$x" && ext=ods ;;
          *:d0cf11e0a1b11ae1) ext=xls ;;
          *) ext=bin ;;
        esac
        mv "$x" "$x.$ext"
      fi
      ;;
  esac
done < <(find "${paths[@]}" -type f ! -name 'README*' ! -name '*.md' ! -name '.*' -print0 | sort -z)
((bad == 0)) || {
  echo "replay.sh: $bad file(s) panic, abort or hang; distinct findings (files, kind, place):" >&2
  printf '%s\n' "${kinds[@]}" | sort | uniq -c | sort -rn | sed 's/^/  /' >&2
  exit 1
}
