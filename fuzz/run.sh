#!/usr/bin/env bash
# run.sh — fuzz evalsheet's readers with AFL++ (cargo-afl, stable Rust) on every core.
#
#   fuzz/run.sh [SECONDS] [TARGET...]   fuzz each TARGET for SECONDS (default 3600), one after
#                                       the other; TARGETs: read_workbook load_definition
#                                       (default: both, so the default run takes two hours)
#   fuzz/run.sh --build-only            install what is missing and build the targets
#
# What it does:
#   1. installs what is missing: Debian's afl++ (apt-get; it brings clang, make and the C
#      toolchain) when afl-fuzz is not on PATH, and cargo-afl $CARGO_AFL_VERSION, which builds
#      its own AFL++ (4.40c) and the runtime the targets link against for the current rustc
#      (`cargo afl config --build` when that runtime is missing). The fuzzing itself uses
#      cargo-afl's afl-fuzz: Debian bookworm's afl-fuzz 4.04c cannot drive targets built with
#      the 4.40c runtime (see README.md).
#   2. copies the root Cargo.lock to fuzz/Cargo.lock (so the fuzzed calamine, zip, quick-xml,
#      serde-saphyr are the versions the product ships) and builds the targets with
#      `cargo afl build --profile $FUZZ_PROFILE` into fuzz/target/$FUZZ_PROFILE/.
#   3. for each target: one AFL++ main instance (-M) and one secondary (-S) per further core,
#      each for SECONDS (-V), memory limit -m 600 MB (the product's bound), time limit
#      -t 20000 ms, the seeds of fuzz/corpus/<kind>/ and the dictionary of fuzz/dict/, output in
#      fuzz/out/<target>/ (<target>-product/ with FUZZ_PROFILE=product). A previous run's output
#      is moved to fuzz/out/<target>.prev unless FUZZ_RESUME=1, which continues it. Each
#      instance logs to fuzz/out/<target>/<name>.log.
#   4. prints a summary per target (executions, execs/s, queue size, crashes, hangs, from every
#      instance's fuzzer_stats), appends it to fuzz/out/summary.txt, and copies every distinct
#      crashing or hanging input to fuzz/crashes/<target>/ for triage with fuzz/replay.sh.
#
# Environment:
#   FUZZ_JOBS     instances per target (default: nproc)
#   FUZZ_MEM      memory limit in MB (default 600)
#   FUZZ_TIMEOUT  time limit per input in ms (default 20000)
#   FUZZ_RESUME   1: continue the previous run in fuzz/out/<target> instead of starting anew
#   FUZZ_PROFILE  release (default: optimised, with overflow checks and debug assertions, as
#                 cargo-fuzz builds) or product (the product's release arithmetic: overflow
#                 wraps, so a run looks past the overflow findings to what else there is)
set -euo pipefail

fuzz=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$fuzz/.." && pwd)
CARGO_AFL_VERSION=0.18.2

build_only=0
secs=3600
targets=()
for a in "$@"; do
  case $a in
    --build-only) build_only=1 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    read_workbook | load_definition) targets+=("$a") ;;
    *[!0-9]* | '') echo "run.sh: unknown argument $a (SECONDS, or a target: read_workbook, load_definition)" >&2; exit 2 ;;
    *) secs=$a ;;
  esac
done
((${#targets[@]})) || targets=(read_workbook load_definition)
jobs=${FUZZ_JOBS:-$(nproc)}
mem=${FUZZ_MEM:-600}
tmout=${FUZZ_TIMEOUT:-20000}
profile=${FUZZ_PROFILE:-release}

say() { printf 'run.sh: %s\n' "$*" >&2; }

# --- 1. what AFL++ needs ------------------------------------------------------------------------
if ! command -v afl-fuzz >/dev/null; then
  say "installing afl++ from Debian (apt-get) ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
fi
if ! cargo afl --version 2>/dev/null | grep -q "cargo-afl $CARGO_AFL_VERSION"; then
  say "installing cargo-afl $CARGO_AFL_VERSION (builds AFL++ too: a few minutes) ..."
  cargo install cargo-afl --version "$CARGO_AFL_VERSION" --locked --force --quiet
fi
# The runtime is built per rustc: after a toolchain update `config --build` is needed again.
# It refuses (exit 1) when the runtime is already there, so only its output tells.
if ! out=$(cargo afl config --build 2>&1); then
  grep -q "already built" <<<"$out" || { echo "$out" >&2; exit 2; }
fi

# --- 2. build -----------------------------------------------------------------------------------
cp "$repo/Cargo.lock" "$fuzz/Cargo.lock"
say "building the targets (cargo afl build --profile $profile) ..."
# cargo afl build puts -C debug-assertions -C overflow_checks in RUSTFLAGS, whatever the
# profile says, and appends the caller's RUSTFLAGS after them: the product's arithmetic needs
# them turned off there.
flags=${RUSTFLAGS:-}
[[ $profile == product ]] && flags+=" -C debug-assertions=off -C overflow-checks=off"
(cd "$fuzz" && RUSTFLAGS=$flags AFL_QUIET=1 cargo afl build --profile "$profile" --quiet --bins)
((build_only)) && { say "built: $fuzz/target/$profile/{read_workbook,load_definition}"; exit 0; }

# --- 3. fuzz ------------------------------------------------------------------------------------
export AFL_SKIP_CPUFREQ=1                     # no cpufreq governor to set in a container
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 # core_pattern pipes to a handler here
export AFL_NO_UI=1                            # status lines in the log, no curses screen
export AFL_NO_AFFINITY=1                      # the cores are shared: do not pin
export AFL_IGNORE_SEED_PROBLEMS=1             # a seed that crashes or hangs is skipped, not fatal
export AFL_IMPORT_FIRST=1                     # secondaries take the main's finds first

corpus_of() { case $1 in read_workbook) echo workbooks ;; load_definition) echo definitions ;; esac; }
dict_of() { case $1 in read_workbook) echo xlsx.dict ;; load_definition) echo definitions.dict ;; esac; }

say "fuzzing ${targets[*]} ($profile build) for $secs s each on $jobs cores (-m $mem -t $tmout)"
for t in "${targets[@]}"; do
  out=$fuzz/out/$t
  [[ $profile == release ]] || out=$out-$profile
  in=$fuzz/corpus/$(corpus_of "$t")
  if [[ ${FUZZ_RESUME:-0} == 1 && -d $out ]]; then
    in=-
  elif [[ -d $out ]]; then
    rm -rf "$out.prev"
    mv "$out" "$out.prev"
  fi
  mkdir -p "$out"
  started=$(date -u +%Y-%m-%dT%H:%MZ)
  # The coverage map the target needs, told up front (afl-fuzz otherwise learns it from the
  # fork server). Never set AFL_SKIP_BIN_CHECK: it also skips the detection of persistent
  # mode, and every input then "times out".
  AFL_MAP_SIZE=$(AFL_DUMP_MAP_SIZE=1 "$fuzz/target/$profile/$t" || true) # it exits 255
  export AFL_MAP_SIZE
  pids=()
  for ((j = 0; j < jobs; j++)); do
    if ((j == 0)); then role=(-M main); name=main; else role=(-S "sec$j"); name=sec$j; fi
    # Secondaries with no dictionary use AFL++'s own mutation schedule; the main and the first
    # secondary use the dictionary.
    dict=()
    ((j < 2)) && dict=(-x "$fuzz/dict/$(dict_of "$t")")
    (cd "$fuzz" && exec cargo afl fuzz "${role[@]}" -i "$in" -o "$out" -m "$mem" -t "$tmout" \
      -V "$secs" "${dict[@]}" -- "$fuzz/target/$profile/$t") >"$out/$name.log" 2>&1 &
    pids+=($!)
    sleep 2 # let the main claim its directory first
  done
  say "$t: ${#pids[@]} instances started at $started (logs: $out/*.log)"
  failed=0
  for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
  if ((failed)); then
    say "$t: $failed of ${#pids[@]} instances failed; the end of the main's log:"
    grep -v '^$' "$out/main.log" | tail -5 >&2
    ((failed == ${#pids[@]})) && exit 1
  fi

  # --- 4. summary and crashes ---------------------------------------------------------------------
  stat() { awk -F' *: *' -v k="$2" '$1==k {print $2}' "$1"; }
  execs=0 crashes=0 hangs=0 rate=0 dur=0 queue=0
  for s in "$out"/*/fuzzer_stats; do
    [[ -f $s ]] || continue
    execs=$((execs + $(stat "$s" execs_done)))
    crashes=$((crashes + $(stat "$s" saved_crashes)))
    hangs=$((hangs + $(stat "$s" saved_hangs)))
    d=$(stat "$s" run_time)
    # Executions over the whole run (execs_per_sec in fuzzer_stats is the last minute's).
    rate=$(awk -v a="$rate" -v e="$(stat "$s" execs_done)" -v d="$d" 'BEGIN {printf "%.1f", a + (d > 0 ? e / d : 0)}')
    ((d > dur)) && dur=$d
  done
  # The queues are synced: count distinct inputs across instances.
  queue=$(find "$out" -path '*/queue/id:*' -type f -exec sha1sum {} + 2>/dev/null | cut -d' ' -f1 | sort -u | wc -l)
  dest=$fuzz/crashes/$t
  mkdir -p "$dest"
  distinct=0
  for kind in crashes hangs; do
    while IFS= read -r f; do
      h=$(sha1sum "$f" | cut -c1-12)
      sig=$(basename "$f" | sed -n 's/.*sig:\([0-9]*\).*/sig\1/p')
      target_name=$dest/$([[ $kind == crashes ]] && echo crash || echo hang)-$h${sig:+-$sig}
      [[ -e $target_name ]] || { cp "$f" "$target_name"; distinct=$((distinct + 1)); }
    done < <(find "$out" -path "*/$kind/id:*" -type f 2>/dev/null | sort)
  done
  line=$(printf '%s  %-15s  %-7s  %5ss  %d cores  %12s execs  %8s execs/s  queue %5s  crashes %3s  hangs %3s  (%s new files in fuzz/crashes/%s)' \
    "$started" "$t" "$profile" "$dur" "$jobs" "$execs" "$rate" "$queue" "$crashes" "$hangs" "$distinct" "$t")
  echo "$line" | tee -a "$fuzz/out/summary.txt"
done
say "replay the crashes: fuzz/replay.sh fuzz/crashes/<target>/"
