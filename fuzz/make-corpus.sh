#!/usr/bin/env bash
# make-corpus.sh — rebuild the fuzzer's seed corpus, fuzz/corpus/, from the repository.
#
#   fuzz/make-corpus.sh            (from anywhere; works in the repository it sits in)
#   fuzz/make-corpus.sh --cmin     then minimise corpus/workbooks with afl-cmin (needs the
#                                  read_workbook target built: fuzz/run.sh --build-only)
#
# The corpus is committed; run this when the forms, the fixtures or the examples change, look
# at the result and commit it. It removes and rewrites fuzz/corpus/workbooks/ and
# fuzz/corpus/definitions/ (nothing else). Workbooks are not byte-identical from run to run
# (LibreOffice stamps the save time into them); what they hold is.
#
# corpus/workbooks/ (seeds of the read_workbook target), every file under 100 KB:
#   gen-*        forms drawn by `evalsheet generate` from examples/2021, examples/2022 and
#                examples/2021-mof: a few of each year, issued (--blank) and filled (the
#                examples as they are), and two `--by unit` workbooks of 2021 (a sheet per
#                project)
#   fix-*        the import fixtures: tests/fixtures/returned/, handmade/ and bad/ (all but
#                bomb.xlsx, 640 KB: tests/ covers it, and a seed that size slows AFL down)
#   lo-*         some of the gen-* forms re-saved by LibreOffice as .xlsx, .xls and .ods with
#                the shared tool office-resave (what a unit's office suite does to a form)
#   *-stored.*   every zip seed (.xlsx, .ods) repacked with its parts stored, not deflated,
#                so that AFL's mutations land in the XML itself (the targets set the CRC of
#                stored parts right before reading: see fix_zip_crcs in src/lib.rs)
# corpus/definitions/ (seeds of the load_definition target):
#   the YAML of examples/2021, examples/2022 and examples/2021-mof, `evalsheet new`, and JSON
#   and YAML-list output of `evalsheet import` on some of the workbooks above.
# dict/xlsx.dict and dict/definitions.dict: AFL++ dictionaries (XML tokens and form labels of
#   templates/*.yaml; definition keys), written here too so they follow the templates.
#
# Needs: the release binary (built with `cargo build --release` when missing), python3 (its
# zipfile module), and office-resave (LibreOffice; it installs libreoffice-calc on first use).
# Environment:
#   OFFICE_RESAVE  path of office-resave   (default: /work/shared/tools/office-resave, then
#                  ../shared/tools/office-resave from the repository)
#   EVALSHEET      path of the evalsheet binary (default: target/release/evalsheet)
set -euo pipefail

fuzz=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$fuzz/.." && pwd)
cd "$repo"

cmin=0
[[ ${1:-} == --cmin ]] && cmin=1

resave=${OFFICE_RESAVE:-}
if [[ -z $resave ]]; then
  for c in /work/shared/tools/office-resave "$repo/../shared/tools/office-resave"; do
    [[ -x $c ]] && { resave=$c; break; }
  done
fi
if [[ -z $resave || ! -x $resave ]]; then
  echo "make-corpus: office-resave not found; set OFFICE_RESAVE" >&2
  exit 2
fi
evalsheet=${EVALSHEET:-$repo/target/release/evalsheet}
if [[ ! -x $evalsheet ]]; then
  echo "make-corpus: building the release binary ..." >&2
  cargo build --release --quiet
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'echo "make-corpus: failed at line $LINENO" >&2' ERR
wb=$fuzz/corpus/workbooks
defs=$fuzz/corpus/definitions
rm -rf "$wb" "$defs"
mkdir -p "$wb" "$defs" "$fuzz/dict"

# --- forms drawn by evalsheet -------------------------------------------------------------
# gen OUTNAME-PREFIX DEF... : each DEF issued filled and blank, copied as PREFIX-N-filled.xlsx
# and PREFIX-N-blank.xlsx (N = the example's number).
gen() {
  local prefix=$1
  shift
  for def in "$@"; do
    local n
    n=$(basename "$def" | cut -d- -f1)
    for mode in filled blank; do
      local out=$tmp/gen/$prefix-$n-$mode
      local flag=()
      [[ $mode == blank ]] && flag=(--blank)
      "$evalsheet" generate "$def" -o "$out" "${flag[@]}" >/dev/null 2>&1
      cp "$out"/*.xlsx "$wb/gen-$prefix-$n-$mode.xlsx"
    done
  done
}
gen 2021 examples/2021/01-*.yaml examples/2021/05-*.yaml examples/2021/13-*.yaml
gen 2022 examples/2022/02-*.yaml examples/2022/14-*.yaml
gen mof examples/2021-mof/01-*.yaml examples/2021-mof/06-*.yaml

# --by unit: one workbook per 实施单位, a sheet per project (2021: its forms are filled in);
# take the two with most sheets that stay small.
for mode in filled blank; do
  flag=()
  [[ $mode == blank ]] && flag=(--blank)
  "$evalsheet" generate examples/2021 -o "$tmp/unit-$mode" --by unit "${flag[@]}" >/dev/null 2>&1
done
i=0
while IFS= read -r f; do
  i=$((i + 1))
  cp "$f" "$wb/gen-unit-$i-filled.xlsx"
  b=$tmp/unit-blank/$(basename "$f")
  [[ -f $b ]] && cp "$b" "$wb/gen-unit-$i-blank.xlsx"
done < <(find "$tmp/unit-filled" -name '*.xlsx' -size -60k -printf '%s %p\n' | sort -rn | head -2 | cut -d' ' -f2-)

# --- the import fixtures --------------------------------------------------------------------
for dir in returned handmade bad; do
  for f in tests/fixtures/$dir/*; do
    case $f in *.expected.yaml | */bomb.xlsx) continue ;; esac
    cp "$f" "$wb/fix-$dir-$(basename "$f")"
  done
done

# --- re-saved by LibreOffice ------------------------------------------------------------------
for f in "$wb"/gen-2021-01-filled.xlsx "$wb"/gen-2021-05-blank.xlsx "$wb"/gen-mof-06-filled.xlsx \
  "$wb"/gen-unit-1-filled.xlsx; do
  base=$(basename "${f%.xlsx}")
  for fmt in xlsx xls ods; do
    "$resave" "$f" "$fmt" "$tmp/lo-$fmt" >/dev/null
    cp "$tmp/lo-$fmt/$base.$fmt" "$wb/lo-${base#gen-}.$fmt"
  done
done

# --- stored (uncompressed) repacks of every zip seed ------------------------------------------
python3 - "$wb" <<'PY'
import os, sys, zipfile
wb = sys.argv[1]
for name in sorted(os.listdir(wb)):
    path = os.path.join(wb, name)
    if not name.endswith((".xlsx", ".ods")) or not zipfile.is_zipfile(path):
        continue
    try:
        with zipfile.ZipFile(path) as z:
            parts = [(i, z.read(i)) for i in z.infolist()]
    except Exception:
        continue  # damaged on purpose (fixtures under bad/): keep only the original
    stem, ext = os.path.splitext(name)
    out = os.path.join(wb, f"{stem}-stored{ext}")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for info, data in parts:
            i = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            i.compress_type = zipfile.ZIP_STORED
            z.writestr(i, data)
    if os.path.getsize(out) > 64 * 1024:
        os.remove(out)  # LibreOffice's .ods spell out every style: too large a seed stored
PY

# Every seed under 100 KB: a large seed slows every mutation of it. And each seed once (the
# 2022 examples are not filled in, so their issued and filled forms are the same bytes).
find "$wb" -type f -size +100k -print -delete | sed 's/^/make-corpus: too large, left out: /' >&2
find "$wb" -type f -print0 | sort -z | xargs -0 sha1sum | awk 'seen[$1]++ {print $2}' | xargs -r rm

# --- definitions ------------------------------------------------------------------------------
for year in 2021 2022 2021-mof; do
  for f in examples/$year/*.yaml; do
    cp "$f" "$defs/$year-$(basename "$f" | cut -d- -f1).yaml"
  done
done
"$evalsheet" new -o "$defs/new.yaml" >/dev/null 2>&1
for f in "$wb"/fix-returned-filled.xlsx "$wb"/fix-returned-national.xls "$wb"/fix-handmade-two-sheets.xlsx \
  "$wb"/gen-unit-1-filled.xlsx; do
  base=$(basename "${f%.*}")
  "$evalsheet" import "$f" --format json >"$defs/import-$base.json" 2>/dev/null || true
  "$evalsheet" import "$f" >"$defs/import-$base.yaml" 2>/dev/null || true
done
find "$defs" -type f -empty -delete

# --- dictionaries ---------------------------------------------------------------------------
# dict/xlsx.dict: the XML of .xlsx and .ods (tags, attributes, part names) and every label and
# alias of templates/*.yaml; dict/definitions.dict: the keys and values of a definition. AFL
# takes only printable ASCII in a dictionary, so non-ASCII bytes are written as \xNN.
python3 - "$fuzz/dict" templates/*.yaml <<'PY2'
import re, sys
out, templates = sys.argv[1], sys.argv[2:]
def esc(s):
    return "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "".join(f"\\x{b:02x}" for b in c.encode()) for c in s)
def write(path, header, tokens):
    seen, lines = set(), [f"# {l}" if l else "#" for l in header]
    for t in tokens:
        if t and t not in seen and len(t.encode()) <= 120:
            seen.add(t)
            lines.append(f'"{esc(t)}"')
    open(path, "w").write("\n".join(lines) + "\n")
xml = """
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet <sheetData> </sheetData> <row r=" <c r=" t="s" t="str" t="inlineStr" t="b" t="e" t="n"
t="d" s=" <v> </v> <f> </f> <is> <t> </t> <t xml:space="preserve"> <r> <rPr> <si> </si> <sst
count=" uniqueCount=" <mergeCells count=" <mergeCell ref=" /> <dimension ref=" A1 A1:H30 XFD1048576
<sheetView <sheetFormatPr <cols> <col min=" max=" width=" customWidth="1" <pageSetup <headerFooter
<sheetProtection <dataValidations <dataValidation <hyperlinks <hyperlink <legacyDrawing
<workbook <sheets> <sheet name=" sheetId=" r:id=" state="hidden" state="veryHidden" <definedNames
<definedName <workbookPr date1904="1" <bookViews <workbookView <fileVersion <calcPr
<Relationships <Relationship Id=" Type=" Target=" TargetMode="External" <Types> <Default Extension="
<Override PartName=" ContentType=" <styleSheet <numFmts <numFmt numFmtId=" formatCode=" <cellXfs
<xf applyNumberFormat="1" <fonts <font <fills <borders <cellStyleXfs <dxfs <tableParts
xl/workbook.xml xl/_rels/workbook.xml.rels xl/worksheets/sheet1.xml xl/sharedStrings.xml
xl/styles.xml xl/theme/theme1.xml [Content_Types].xml _rels/.rels docProps/core.xml
docProps/app.xml docProps/custom.xml xl/workbook.bin xl/worksheets/_rels/sheet1.xml.rels
http://schemas.openxmlformats.org/spreadsheetml/2006/main
http://schemas.openxmlformats.org/officeDocument/2006/relationships
http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet
http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings
&amp; &lt; &gt; &quot; &apos; &#x &#  _x000D_ _x0000_ <![CDATA[ ]]> <!-- --> <!DOCTYPE <!ENTITY
mimetype application/vnd.oasis.opendocument.spreadsheet content.xml meta.xml styles.xml
settings.xml META-INF/manifest.xml <office:document-content <office:body> <office:spreadsheet>
<table:table table:name=" <table:table-row <table:table-cell <table:covered-table-cell
<table:table-column table:number-columns-repeated=" table:number-rows-repeated="
table:number-columns-spanned=" table:number-rows-spanned=" table:style-name=" table:display="false"
office:value-type=" office:value=" office:date-value=" office:time-value=" office:boolean-value="
office:string-value=" calcext:value-type=" float string percentage currency date time boolean
<text:p> </text:p> <text:span <text:s text:c=" <text:line-break/> <text:tab/> <text:a
<table:named-range <table:named-expressions table:table-source table:protected="true"
""".split()
labels = []
for t in templates:
    for line in open(t, encoding="utf-8"):
        line = line.split("#", 1)[0]
        for key in ("label", "text", "header", "title", "subtitle", "name", "note_instruction", "font"):
            labels += re.findall(rf"\b{key}: ([^,{{}}\]\[]+)", line)
        for a in re.findall(r"aliases: \[([^\]]*)\]", line):
            labels += [x.strip() for x in a.split(",")]
labels = [l.strip() for l in labels if re.search(r"[^\x00-\x7f]", l)]
extra = "_evalsheet 全年预算数(A) 全年执行数(B) 执行率(B/A) 指针 填报单位（盖章）： （2021年度） 万元 已完成 未完成 无 ％ ， ０ １ ９".split()
write(f"{out}/xlsx.dict",
      ["AFL++ dictionary for read_workbook: XML of .xlsx and .ods, and the form labels of",
       "templates/*.yaml. Written by fuzz/make-corpus.sh; edit that, not this."],
      xml + labels + extra)
keys = """year: form: project: contact: city_department: local_department: unit: funds: total:
central_provincial: city: other: current_year: carryover: budget: executed: initial_budget:
weight: score: rate: goal: target: actual: indicators: level1: level2: name: reason: note:
source: file: sheet: city mof 2021 2022 --- ... - "" '' {} [] : & * ! !!str !!int !!float !!binary
<< ~ null true false .inf .nan 1e309 -0 0x 0o 99999999999999999999 \\u \\ud800 "\\ud800" %YAML
%TAG &a *a ? | > |- >+""".split()
write(f"{out}/definitions.dict",
      ["AFL++ dictionary for load_definition: the keys and values of a definition in YAML and",
       "JSON. Written by fuzz/make-corpus.sh; edit that, not this."],
      keys + labels)
PY2

if ((cmin)); then
  bin=$fuzz/target/release/read_workbook
  [[ -x $bin ]] || { echo "make-corpus: build the target first: fuzz/run.sh --build-only" >&2; exit 2; }
  rm -rf "$tmp/cmin"
  # cargo-afl's afl-cmin finds afl-showmap on PATH first: Debian's (4.04c) lacks the options it
  # passes, so cargo-afl's own AFL++ goes first.
  afl_bin=$(dirname "$(ls -d "${XDG_DATA_HOME:-$HOME/.local/share}"/afl.rs/rustc-"$(rustc --version | awk '{print $2}')"-*/afl.rs-*/afl/bin/afl-showmap | tail -1)")
  (cd "$fuzz" && PATH=$afl_bin:$PATH AFL_SKIP_CPUFREQ=1 AFL_MAP_SIZE=$(AFL_DUMP_MAP_SIZE=1 "$bin" || true) \
    cargo afl cmin -i "$wb" -o "$tmp/cmin" -m 600 -t 20000 -- "$bin")
  rm -rf "$wb"
  mv "$tmp/cmin" "$wb"
fi

echo "make-corpus: $(find "$wb" -type f | wc -l) workbooks ($(du -sh "$wb" | cut -f1)), $(find "$defs" -type f | wc -l) definitions ($(du -sh "$defs" | cut -f1))"
