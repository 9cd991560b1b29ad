#!/usr/bin/env python3
"""Check that workbooks drawn by the Python peers hold the same form as evalsheet's.

    python same_form.py REF_DIR OTHER_DIR [OTHER_DIR ...]

For every workbook in REF_DIR (evalsheet's output) the workbook of the same name in each
OTHER_DIR must have, on its first sheet: the same cell values (as a reader that does not
recalculate sees them, so 执行率 cached results included), the same merged ranges, the same
column widths, and the same font, border, alignment, number format and locked flag in every
cell of the form. Row heights may differ by a point (pixel rounding). Exit status 1 on any
difference.
"""

import os
import sys

import openpyxl
import python_calamine as pc


def values(path):
    sh = pc.CalamineWorkbook.from_path(path).get_sheet_by_index(0)
    return sh.to_python(), sorted(sh.merged_cell_ranges or [])


def side(x):
    return x.style if x is not None else None


def styles(path):
    ws = openpyxl.load_workbook(path).worksheets[0]
    out = {}
    for row in ws.iter_rows():
        for c in row:
            f, b, a = c.font, c.border, c.alignment
            out[c.coordinate] = (f.name, f.sz, bool(f.b), f.charset, side(b.left), side(b.right),
                                 side(b.top), side(b.bottom), a.horizontal, a.vertical,
                                 bool(a.wrap_text), c.number_format, c.protection.locked)
    widths = {}
    for v in ws.column_dimensions.values():  # a <col> may cover several columns
        for i in range(v.min, v.max + 1):
            widths[i] = round(v.width, 2)
    heights = [ws.row_dimensions[r].height for r in range(1, ws.max_row + 1)]
    sheet = (ws.protection.sheet, ws.page_setup.paperSize, ws.page_setup.fitToHeight,
             ws.print_title_rows, ws.sheet_view.showGridLines, ws.print_options.horizontalCentered)
    return out, widths, heights, sheet


def main():
    ref, others = sys.argv[1], sys.argv[2:]
    bad = 0
    names = sorted(n for n in os.listdir(ref) if n.endswith(".xlsx"))
    for other in others:
        for n in names:
            a, b = os.path.join(ref, n), os.path.join(other, n)
            if not os.path.exists(b):
                print(f"{other}: missing {n}")
                bad += 1
                continue
            if values(a) != values(b):
                print(f"{other}/{n}: values or merges differ")
                bad += 1
            (sa, wa, ha, pa), (sb, wb, hb, pb) = styles(a), styles(b)
            diff = [k for k in sa if sa[k] != sb.get(k)]
            if diff:
                print(f"{other}/{n}: formats differ at {diff[:5]}: {sa[diff[0]]} vs {sb.get(diff[0])}")
                bad += 1
            if wa != wb or pa != pb:
                print(f"{other}/{n}: widths or sheet setup differ: {wa} {pa} vs {wb} {pb}")
                bad += 1
            if len(ha) != len(hb) or any(abs((x or 15) - (y or 15)) > 1 for x, y in zip(ha, hb)):
                print(f"{other}/{n}: row heights differ: {ha} vs {hb}")
                bad += 1
        print(f"{other}: {len(names)} workbooks compared with {ref}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
