#!/usr/bin/env bash
# Side-by-side: evalsheet against the Python scripts a user could otherwise write.
#
#   bench/peers/run.sh [N]          # N synthetic forms, default 1000
#   RUNS=5 bench/peers/run.sh 300   # more repetitions (default 3)
#   KEEP=1 ...                      # keep the temp folder
#   QUIET_WAIT=60 RETRIES=2         # wait for a quiet machine / retry contended runs
#   PEERS_PYTHON=/path/to/python    # use this interpreter instead of bench/peers/.venv
#
# Makes N definitions (the 13 examples of examples/2021 cycled, project names numbered),
# then times, on the same data, drawing N workbooks (evalsheet generate, draw_openpyxl.py,
# draw_xlsxwriter.py) and reading the N workbooks evalsheet drew (evalsheet import,
# read_openpyxl.py, read_calamine.py). Each command runs RUNS times, round-robin, under
# GNU time; the table shows medians. evalsheet uses every core, the Python scripts one.
set -euo pipefail

N=${1:-1000}
RUNS=${RUNS:-3}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TIME=/usr/bin/time

# --- evalsheet -------------------------------------------------------------------------
if [[ ! -x "$ROOT/target/release/evalsheet" ]]; then
  echo "building evalsheet (cargo build --release)..." >&2
  (cd "$ROOT" && cargo build --release --quiet)
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/evalsheet-peers.XXXXXX")
if [[ -z "${KEEP:-}" ]]; then trap 'rm -rf "$WORK"' EXIT; else echo "keeping $WORK" >&2; fi
# A private copy, so a rebuild in the shared target/ during the run cannot change what is timed.
cp "$ROOT/target/release/evalsheet" "$WORK/evalsheet"
EVALSHEET="$WORK/evalsheet"

# --- Python ----------------------------------------------------------------------------
if [[ -n "${PEERS_PYTHON:-}" ]]; then
  PY=$PEERS_PYTHON
else
  PY="$HERE/.venv/bin/python"
  if [[ ! -x "$PY" ]]; then
    echo "creating $HERE/.venv..." >&2
    python3 -m venv "$HERE/.venv"
  fi
fi
if ! "$PY" -c 'import openpyxl, xlsxwriter, python_calamine, yaml' 2>/dev/null; then
  "$PY" -m pip install --quiet -r "$HERE/requirements.txt"
fi
export PYTHONDONTWRITEBYTECODE=1

# --- data ------------------------------------------------------------------------------
DEFS="$WORK/defs"
"$PY" - "$ROOT/examples/2021" "$DEFS" "$N" <<'PYEOF'
import os, re, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(dst)
texts = [open(os.path.join(src, f), encoding="utf-8").read()
         for f in sorted(os.listdir(src)) if f.endswith(".yaml")]
pat = re.compile(r'^(project:\s*")([^"]*)(")', re.M)
for i in range(n):
    t, k = pat.subn(lambda m: f"{m.group(1)}{m.group(2)}{i:06}{m.group(3)}", texts[i % len(texts)])
    assert k == 1
    with open(os.path.join(dst, f"{i:06}.yaml"), "w", encoding="utf-8") as f:
        f.write(t)
PYEOF

# --- same form? (not timed) ------------------------------------------------------------
# The Python drawers must draw what evalsheet draws, and the readers must read back what
# evalsheet import reads: checked on the 13 examples before anything is timed.
CHK="$WORK/check"
"$EVALSHEET" generate "$ROOT/examples/2021" -o "$CHK/evalsheet" -q
(cd "$HERE" && "$PY" draw_openpyxl.py "$ROOT/examples/2021" -o "$CHK/openpyxl" >/dev/null)
(cd "$HERE" && "$PY" draw_xlsxwriter.py "$ROOT/examples/2021" -o "$CHK/xlsxwriter" >/dev/null)
(cd "$HERE" && "$PY" same_form.py "$CHK/evalsheet" "$CHK/openpyxl" "$CHK/xlsxwriter")
"$EVALSHEET" import "$CHK/evalsheet" -o "$CHK/import-evalsheet" -q
(cd "$HERE" && "$PY" read_openpyxl.py "$CHK/evalsheet" -o "$CHK/import-openpyxl" >/dev/null)
(cd "$HERE" && "$PY" read_calamine.py "$CHK/evalsheet" -o "$CHK/import-calamine" >/dev/null)
"$PY" - "$CHK" <<'PYEOF'
import os, sys, yaml
chk = sys.argv[1]
ref = os.path.join(chk, "import-evalsheet")
for other in ("import-openpyxl", "import-calamine"):
    for n in sorted(os.listdir(ref)):
        a = yaml.safe_load(open(os.path.join(ref, n), encoding="utf-8"))
        b = yaml.safe_load(open(os.path.join(chk, other, n), encoding="utf-8"))
        a.pop("source"); b.pop("source")
        if a != b:
            sys.exit(f"{other}/{n} reads differently from evalsheet import")
    print(f"{other}: the same {len(os.listdir(ref))} definitions as evalsheet import")
PYEOF

# The workbooks the readers read: evalsheet's drawing of the N definitions (also warms the
# page cache and the binary).
FORMS="$WORK/forms"
"$EVALSHEET" generate "$DEFS" -o "$FORMS" -q
[[ $(ls "$FORMS" | wc -l) -eq $N ]] || { echo "expected $N workbooks in $FORMS" >&2; exit 2; }

# --- timing ----------------------------------------------------------------------------
RAW="$WORK/raw.tsv"
: > "$RAW"
busy_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9; exit}' /proc/stat; }

# Other work comes and goes on a shared machine. Before each run, wait (up to
# QUIET_WAIT seconds, default 60) for a second in which the machine is at most 10% busy; a
# run during which the rest of the machine used more than a quarter of one core on average
# is "contended" and is repeated (up to RETRIES more times, default 2; the last try counts).
QUIET_WAIT=${QUIET_WAIT:-60}
RETRIES=${RETRIES:-2}
wait_quiet() {
  local t=0 a b
  while ((t < QUIET_WAIT)); do
    a=$(awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $5+$6; exit}' /proc/stat)
    sleep 1
    b=$(awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $5+$6; exit}' /proc/stat)
    awk -v a="$a" -v b="$b" 'BEGIN{split(a,x," ");split(b,y," ");bu=y[1]-x[1];id=y[2]-x[2];exit !(bu<=0.1*(bu+id))}' && return 0
    t=$((t + 1))
  done
  echo "  (machine still busy after ${QUIET_WAIT}s; measuring anyway)" >&2
}

# run JOB TOOL OUTDIR COMMAND...: one timed run; OUTDIR is emptied first and must then hold N files.
run() {
  local job=$1 tool=$2 out=$3; shift 3
  local try load b0 b1 got wall user sys rss other contended
  for ((try = 0; try <= RETRIES; try++)); do
    rm -rf "$out"
    sync
    wait_quiet
    load=$(cut -d' ' -f1 /proc/loadavg)
    b0=$(busy_ticks)
    (cd "$HERE" && "$TIME" -f '%e %U %S %M' -o "$WORK/t" "$@" >/dev/null 2>"$WORK/err") || {
      echo "$tool failed:" >&2; cat "$WORK/err" >&2; exit 2; }
    b1=$(busy_ticks)
    got=$(find "$out" -type f ! -name '.*' | wc -l)
    [[ $got -eq $N ]] || { echo "$tool wrote $got files, expected $N" >&2; exit 2; }
    read -r wall user sys rss < "$WORK/t"
    # CPU the whole machine spent during the run beyond this command's own: other users' noise.
    other=$(awk -v b0="$b0" -v b1="$b1" -v u="$user" -v s="$sys" 'BEGIN{o=(b1-b0)/100-u-s; if(o<0)o=0; printf "%.2f", o}')
    contended=$(awk -v o="$other" -v w="$wall" 'BEGIN{print (o > 0.25 * w + 0.05) ? 1 : 0}')
    printf '  %-9s %-22s wall %6.2fs  user %6.2fs  sys %5.2fs  rss %6d KB  load1 %s  other-cpu %5.2fs%s\n' \
      "$job" "$tool" "$wall" "$user" "$sys" "$rss" "$load" "$other" \
      "$( ((contended)) && echo '  contended')" >&2
    ((contended)) || break
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$job" "$tool" "$wall" "$user" "$sys" "$rss" "$load" "$other" "$contended" >> "$RAW"
}

echo "N=$N forms, $RUNS runs each (round-robin), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" >&2
echo "evalsheet: $ROOT/target/release/evalsheet built $(date -r "$ROOT/target/release/evalsheet" '+%F %T'); $("$PY" --version); $("$PY" -m pip freeze 2>/dev/null | grep -Ei '^(openpyxl|xlsxwriter|python-calamine|pyyaml)=' | tr '\n' ' ')" >&2
for ((k = 1; k <= RUNS; k++)); do
  echo "run $k/$RUNS" >&2
  run generate "evalsheet generate"  "$WORK/g-evalsheet"  "$EVALSHEET" generate "$DEFS" -o "$WORK/g-evalsheet" -q
  run generate "draw_openpyxl.py"    "$WORK/g-openpyxl"   "$PY" draw_openpyxl.py "$DEFS" -o "$WORK/g-openpyxl"
  run generate "draw_xlsxwriter.py"  "$WORK/g-xlsxwriter" "$PY" draw_xlsxwriter.py "$DEFS" -o "$WORK/g-xlsxwriter"
  run import   "evalsheet import"     "$WORK/i-evalsheet"  "$EVALSHEET" import "$FORMS" -o "$WORK/i-evalsheet" -q
  run import   "read_openpyxl.py"     "$WORK/i-openpyxl"   "$PY" read_openpyxl.py "$FORMS" -o "$WORK/i-openpyxl"
  run import   "read_calamine.py"     "$WORK/i-calamine"   "$PY" read_calamine.py "$FORMS" -o "$WORK/i-calamine"
done

# --- table -----------------------------------------------------------------------------
"$PY" - "$RAW" "$N" <<'PYEOF'
import statistics as st, sys
raw, n = sys.argv[1], int(sys.argv[2])
runs = {}
for line in open(raw):
    job, tool, wall, user, sys_, rss, load, other, contended = line.rstrip("\n").split("\t")
    runs.setdefault((job, tool), []).append((float(wall), float(user) + float(sys_), int(rss), float(other), int(contended)))
med = lambda xs: st.median(xs)
print(f"\nN = {n} forms; median of {len(next(iter(runs.values())))} runs (wall, CPU = user+sys, max RSS each the median on its own)")
print(f"{'job':<9} {'command':<22} {'wall s':>7} {'forms/s':>8} {'CPU ms/form':>11} {'max RSS MB':>10} "
      f"{'wall vs evalsheet':>17} {'per-run':>7} {'CPU vs evalsheet':>16} {'other CPU s med/max':>19} {'contended':>9}")
base = {}
for (job, tool), rs in runs.items():
    wall, cpu = med([r[0] for r in rs]), med([r[1] for r in rs])
    rss = med([r[2] for r in rs])
    others = [r[3] for r in rs]
    other = f"{med(others):.2f}/{max(others):.2f}"
    if tool.startswith("evalsheet"):
        base[job] = (wall, cpu, [r[0] for r in rs])
    bw, bc, bruns = base[job]
    per_run = med([r[0] / b for r, b in zip(rs, bruns)])
    print(f"{job:<9} {tool:<22} {wall:7.2f} {n / wall:8.0f} {cpu * 1000 / n:11.2f} {rss / 1024:10.1f} "
          f"{wall / bw:16.1f}x {per_run:6.1f}x {cpu / bc:15.1f}x {other:>19} {sum(r[4] for r in rs):>5}/{len(rs)}")
print("\nwall/CPU vs evalsheet: how many times longer the command took than evalsheet (median wall) or how much more CPU it used.")
print("per-run: median over rounds of (this run's wall / evalsheet's wall in the same round): less sensitive to drift.")
print("other CPU s: CPU time the rest of the machine used during a run of that command, median/max over the runs")
print("contended: runs that still had more than a quarter core of other work on average after the retries.")
PYEOF
