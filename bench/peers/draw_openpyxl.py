#!/usr/bin/env python3
"""Draw the city 项目支出绩效自评表 with openpyxl: one workbook per definition.

    python draw_openpyxl.py DEFS_DIR -o OUT_DIR

The same form evalsheet generate draws (see formlayout.py for the layout): merges, thin
borders, 宋体 (charset 134), wrapped centred text, column widths and fitted row heights, the
执行率 formula with its cached result, amount validation, protection with the unit's cells
unlocked, A4 print setup with the indicator header repeated. Not drawn: evalsheet's hidden
stamp sheet and custom document properties (its own import machinery).

Formats are registered once per workbook as named styles and assigned by name, the cheap
way to style many cells in openpyxl.

openpyxl has no API for a formula's cached result (it always writes an empty <v/>, so a
reader that does not recalculate shows a blank 执行率). To write the same form, the cell
writer is wrapped below: a formula cell listed in its worksheet's `cached_results` (a dict
coordinate -> value) gets that value.
"""

import argparse
import os

import openpyxl
import openpyxl.worksheet._writer as _wsw
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.xml.functions import Element, SubElement

import formlayout as L

_write_cell = _wsw.write_cell


def write_cell(xf, worksheet, cell, styled=None):
    if cell.data_type != "f" or cell.coordinate not in worksheet.cached_results:
        return _write_cell(xf, worksheet, cell, styled)
    cached = worksheet.cached_results[cell.coordinate]
    attrs = {"r": cell.coordinate, "s": f"{cell.style_id}"}
    if isinstance(cached, str):
        attrs["t"] = "str"
    el = Element("c", attrs)
    SubElement(el, "f").text = cell._value[1:]
    SubElement(el, "v").text = cached if isinstance(cached, str) else repr(cached)
    xf.write(el)


_wsw.write_cell = write_cell

# Stored column widths as Excel (and evalsheet) write them: the character width plus padding.
PAD = 0.7109375


def named_styles():
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    font = Font(name=L.FONT, charset=134, size=L.FONT_SIZE)
    align = Alignment(horizontal="center", vertical="center", wrap_text=True)
    unlocked = Protection(locked=False)
    mk = lambda name, **kw: NamedStyle(name=name, font=font, border=border, alignment=align, **kw)
    st = [None] * L.ROLES
    st[L.TITLE_R] = NamedStyle(
        name="form_title", font=Font(name=L.FONT, charset=134, size=L.TITLE_FONT_SIZE, bold=True),
        alignment=Alignment(horizontal="center", vertical="center"))
    st[L.LABEL] = st[L.VALUE] = mk("form_text")
    st[L.INPUT] = mk("form_input", protection=unlocked)
    st[L.AMOUNT] = mk("form_amount", number_format=L.AMOUNT_FORMAT)
    st[L.AMOUNT_INPUT] = mk("form_amount_input", number_format=L.AMOUNT_FORMAT, protection=unlocked)
    st[L.RATE] = mk("form_rate", number_format=L.RATE_FORMAT)
    return st


STYLES = named_styles()
LETTERS = "ABCDEFGH"


def draw(d, path):
    cells, heights = L.lay_out(d)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.cached_results = {}
    ws.title = "".join("_" if c in "[]:*?/\\" else c for c in L.s(d.get("project")))[:31] or "表"
    names = []
    for st in STYLES:
        if st.name not in names:
            wb.add_named_style(st)
            names.append(st.name)
    names = [st.name for st in STYLES]
    for c, w in enumerate(L.WIDTHS):
        ws.column_dimensions[LETTERS[c]].width = w + PAD
    for r, h in enumerate(heights, start=1):
        ws.row_dimensions[r].height = h
    for r, c, r2, c2, v, role in cells:
        style = names[role]
        top = ws.cell(row=r + 1, column=c + 1)
        if isinstance(v, tuple):  # ("rate", formula, cached)
            top.value = v[1]
            ws.cached_results[top.coordinate] = v[2]
        elif v is not None:
            top.value = v
        if r2 > r or c2 > c:
            ws.merge_cells(start_row=r + 1, start_column=c + 1, end_row=r2 + 1, end_column=c2 + 1)
            for row in ws.iter_rows(min_row=r + 1, max_row=r2 + 1, min_col=c + 1, max_col=c2 + 1):
                for cell in row:
                    cell.style = style
        else:
            top.style = style
    dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                        allow_blank=True, showErrorMessage=True, showInputMessage=True,
                        errorStyle="stop", errorTitle="金额有误",
                        error="请输入不小于 0 的数字，单位为万元，例如 273.89。",
                        promptTitle="金额（万元）", prompt="请输入数字，单位为万元。")
    dv.add("D6:D9")
    dv.add("E6:F9")
    ws.add_data_validation(dv)
    ps = ws.page_setup
    ps.paperSize = ws.PAPERSIZE_A4
    ps.orientation = "portrait"
    ps.fitToWidth = 1
    ps.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    m = ws.page_margins
    m.left, m.right, m.top, m.bottom, m.header, m.footer = 0.5, 0.5, 0.6, 0.7, 0.3, 0.3
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.print_title_rows = f"{L.IND_HEADER + 1}:{L.IND_HEADER + 1}"
    ws.sheet_view.showGridLines = False
    p = ws.protection
    p.sheet = True
    p.objects = True
    p.scenarios = True
    p.formatColumns = False
    p.formatRows = False
    p.insertRows = False
    wb.properties.title = L.TITLE
    wb.save(path)


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
    print(f"draw_openpyxl: {n} workbooks in {a.out}")


if __name__ == "__main__":
    main()
