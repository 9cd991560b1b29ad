#!/usr/bin/env bash
# snapshot-outputs.sh OUTDIR [EVALSHEET]
#
# Runs every command of evalsheet on the bundled examples, the test fixtures and 1,000
# synthetic forms, and writes what each printed and wrote under OUTDIR: workbooks unpacked
# part by part (the creation time blanked, shared strings as written), text as printed. Two
# snapshots of two builds compared with `diff -r` show whether a change of the code changed
# any output:
#
#   scripts/snapshot-outputs.sh /tmp/before            # on the old commit
#   scripts/snapshot-outputs.sh /tmp/after             # on the new one
#   diff -r /tmp/before /tmp/after && echo identical
#
# EVALSHEET defaults to target/release/evalsheet (built when missing).
set -euo pipefail
out=${1:?usage: snapshot-outputs.sh OUTDIR [EVALSHEET]}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${2:-$repo/target/release/evalsheet}
[[ -x $bin ]] || (cd "$repo" && cargo build --release --quiet)
rm -rf "$out"; mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
ln -s "$repo/examples" examples
ln -s "$repo/tests/fixtures" fixtures

# Every file of a folder of workbooks, unpacked with the volatile parts blanked.
unpack() {
  local from=$1 to=$2
  mkdir -p "$to"
  find "$from" -type f | sort | while read -r f; do
    local rel=${f#"$from"/}
    case $f in
      *.xlsx)
        mkdir -p "$to/$rel.d"
        (cd "$to/$rel.d" && unzip -qo "$f")
        find "$to/$rel.d" -name core.xml -exec sed -i -E 's#<dcterms:(created|modified)[^>]*>[^<]*</dcterms:[a-z]+>##g' {} + ;;
      *) cp "$f" "$to/$rel" ;;
    esac
  done
}

# run NAME ARGS...: stdout, stderr and exit status of one command.
run() {
  local name=$1; shift
  set +e
  "$bin" "$@" >"$out/$name.stdout" 2>"$out/$name.stderr"
  echo $? >"$out/$name.status"
  set -e
  sed -i "s#$work/##g; s#$repo/##g" "$out/$name.stdout" "$out/$name.stderr"
}

# 1,000 synthetic forms: example i % 13 with a numbered project name.
mkdir -p synth/defs
ex=(examples/2021/*.yaml)
for i in $(seq 0 999); do
  sed "s/^project: \"\(.*\)\"/project: \"\1-$i\"/" "${ex[$((i % 13))]}" > "synth/defs/$(printf %04d "$i").yaml"
done

for year in 2021 2022 2021-mof; do
  run "generate-$year" generate examples/$year -o gen/$year
  run "generate-$year-blank" generate examples/$year -o gen/$year-blank --blank
  run "generate-$year-unit" generate examples/$year -o gen/$year-unit --by unit
  run "generate-$year-password" generate examples/$year -o gen/$year-password --password 1234
  run "generate-$year-unprotected" generate examples/$year -o gen/$year-unprotected --unprotected
  run "check-$year" check examples/$year
  run "check-$year-json" check examples/$year --format json
  run "rollover-$year" rollover examples/$year --year 2030 -o roll/$year
done
run generate-synth generate synth/defs -o gen/synth
run generate-synth-unit generate synth/defs -o gen/synth-unit --by unit
run generate-again generate examples/2021 -o gen/2021
run new new
run new-mof new --form mof
run new-file new -o new/a.yaml
for side in returned handmade bad; do
  run "import-$side" import fixtures/$side
  run "import-$side-json" import fixtures/$side --format json
  run "import-$side-dir" import fixtures/$side -o imp/$side
  run "check-$side" check fixtures/$side
  run "check-$side-json" check fixtures/$side --format json
  run "collect-$side" collect fixtures/$side -o col/$side.xlsx
done
run import-synth import gen/synth -o imp/synth
run import-synth-stdout import gen/synth
run check-synth check gen/synth --format json
run collect-synth collect gen/synth -o col/synth.xlsx
run collect-2021 collect gen/2021 -o col/2021.xlsx
run diff-yearly diff examples/2021 examples/2022
run diff-yearly-all diff examples/2021 examples/2022 --all
run diff-yearly-json diff examples/2021 examples/2022 --format json
run diff-yearly-xlsx diff examples/2021 examples/2022 --xlsx dif/yearly.xlsx
run diff-issued diff examples/2021 fixtures/returned
run diff-issued-json diff examples/2021 fixtures/returned --format json
run diff-issued-xlsx diff examples/2021 fixtures/returned --xlsx dif/issued.xlsx
run diff-synth diff synth/defs gen/synth --format json
run diff-synth-xlsx diff synth/defs imp/synth --xlsx dif/synth.xlsx
run diff-mof diff examples/2021 examples/2021-mof
run error-nosuch generate nosuch -o x
run error-import-nosuch import nosuch
run error-collect-exists collect gen/2021 -o col/2021.xlsx
run error-check-empty check gen/2021-password/nothing-here
unpack "$work/gen" "$out/gen"
unpack "$work/col" "$out/col"
unpack "$work/dif" "$out/dif"
cp -r "$work/imp" "$out/imp"
cp -r "$work/roll" "$out/roll"
cp -r "$work/new" "$out/new"
find "$out" -type f | wc -l | xargs echo "snapshot-outputs: files written to $out:"
