#!/usr/bin/env python3
"""Draw the city 项目支出绩效自评表 with XlsxWriter: one workbook per definition.

    python draw_xlsxwriter.py DEFS_DIR -o OUT_DIR

The same form evalsheet generate draws (see formlayout.py for the layout): merges, thin
borders, 宋体 (charset 134), wrapped centred text, column widths and fitted row heights, the
执行率 formula with its cached result, amount validation, protection with the unit's cells
unlocked, A4 print setup with the indicator header repeated. Not drawn: evalsheet's hidden
stamp sheet and custom document properties (its own import machinery).
"""

import argparse
import os

import xlsxwriter

import formlayout as L

VALIDATION = {
    "validate": "decimal", "criteria": ">=", "value": 0,
    "error_type": "stop", "error_title": "金额有误",
    "error_message": "请输入不小于 0 的数字，单位为万元，例如 273.89。",
    "input_title": "金额（万元）", "input_message": "请输入数字，单位为万元。",
}


def formats(wb):
    base = {"font_name": L.FONT, "font_charset": 134, "font_size": L.FONT_SIZE, "border": 1,
            "align": "center", "valign": "vcenter", "text_wrap": True}
    f = [None] * L.ROLES
    f[L.TITLE_R] = wb.add_format({"font_name": L.FONT, "font_charset": 134, "bold": True,
                                  "font_size": L.TITLE_FONT_SIZE, "align": "center",
                                  "valign": "vcenter"})
    f[L.LABEL] = f[L.VALUE] = wb.add_format(base)
    f[L.INPUT] = wb.add_format({**base, "locked": False})
    f[L.AMOUNT] = wb.add_format({**base, "num_format": L.AMOUNT_FORMAT})
    f[L.AMOUNT_INPUT] = wb.add_format({**base, "num_format": L.AMOUNT_FORMAT, "locked": False})
    f[L.RATE] = wb.add_format({**base, "num_format": L.RATE_FORMAT})
    return f


def draw(d, path):
    cells, heights = L.lay_out(d)
    wb = xlsxwriter.Workbook(path, {"in_memory": True})
    fmt = formats(wb)
    name = "".join("_" if c in "[]:*?/\\" else c for c in L.s(d.get("project")))[:31] or "表"
    ws = wb.add_worksheet(name)
    for c, w in enumerate(L.WIDTHS):
        ws.set_column(c, c, w)
    for r, h in enumerate(heights):
        ws.set_row(r, h)
    for r, c, r2, c2, v, role in cells:
        f = fmt[role]
        if isinstance(v, tuple):  # ("rate", formula, cached)
            if c2 > c:
                ws.merge_range(r, c, r2, c2, None, f)
            ws.write_formula(r, c, v[1], f, v[2])
        elif r2 > r or c2 > c:
            ws.merge_range(r, c, r2, c2, v if isinstance(v, str) else "", f)
            if isinstance(v, float):
                ws.write_number(r, c, v, f)
        elif v is None:
            ws.write_blank(r, c, None, f)
        elif isinstance(v, str):
            ws.write_string(r, c, v, f)
        else:
            ws.write_number(r, c, v, f)
    ws.data_validation("D6:D9", VALIDATION)
    ws.data_validation("E6:F9", VALIDATION)
    ws.set_paper(9)
    ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
    ws.set_header("", {"margin": 0.3})
    ws.set_footer("&C第 &P 页，共 &N 页", {"margin": 0.3})
    ws.repeat_rows(L.IND_HEADER)
    ws.hide_gridlines(2)
    ws.protect("", {"format_columns": True, "format_rows": True, "insert_rows": True})
    wb.set_properties({"title": L.TITLE})
    wb.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("defs")
    ap.add_argument("-o", "--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    taken = set()
    n = 0
    for d in L.load_definitions(a.defs):
        draw(d, os.path.join(a.out, L.file_name(d, taken)))
        n += 1
    print(f"draw_xlsxwriter: {n} workbooks in {a.out}")


if __name__ == "__main__":
    main()
