#!/usr/bin/env python3
"""Read generated city forms with python-calamine at the fixed addresses of the layout.

    python read_calamine.py FILES_OR_DIRS... [-o OUT_DIR]

One dict per workbook (its first sheet), with the keys of an evalsheet definition; with -o
each is written as YAML to OUT_DIR (as `evalsheet import -o` does), otherwise only counted.
Merged ranges come from calamine, so 一级/二级 runs are recovered exactly.
"""

import argparse
import os

import python_calamine as pc

import formread as R


def read(path):
    wb = pc.CalamineWorkbook.from_path(path)
    sh = wb.get_sheet_by_index(0)
    rows = sh.to_python(skip_empty_area=False)
    covered = set()
    for (r0, c0), (r1, c1) in sh.merged_cell_ranges or ():
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    covered.add((r, c))
    rows = [[None if v == "" else v for v in row] for row in rows]
    d = R.definition(rows, path, lambda r, c: (r, c) in covered)
    d["source"]["sheet"] = sh.name
    return d


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("-o", "--out")
    a = ap.parse_args()
    if a.out:
        os.makedirs(a.out, exist_ok=True)
    n = 0
    for path in R.workbook_files(a.files):
        d = read(path)
        if a.out:
            R.write_yaml(d, a.out, path)
        n += 1
    print(f"read_calamine: {n} forms")


if __name__ == "__main__":
    main()
