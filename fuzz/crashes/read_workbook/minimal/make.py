#!/usr/bin/env python3
"""Write the minimal reproducers of FINDINGS.md into this folder: one-sheet .xlsx files,
about 2.3 KB each (parts stored), that differ from a valid workbook in one attribute only.

    python3 fuzz/crashes/read_workbook/minimal/make.py
"""
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
CT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
WB = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WBRELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"""
CELL = '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'


def book(name, sheet_data=CELL, before="", after=""):
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{before}<sheetData>{sheet_data}</sheetData>{after}</worksheet>"
    )
    parts = [
        ("[Content_Types].xml", CT),
        ("_rels/.rels", RELS),
        ("xl/workbook.xml", WB),
        ("xl/_rels/workbook.xml.rels", WBRELS),
        ("xl/worksheets/sheet1.xml", sheet),
    ]
    with zipfile.ZipFile(os.path.join(HERE, name), "w", zipfile.ZIP_DEFLATED) as z:
        for part, text in parts:
            z.writestr(zipfile.ZipInfo(part, date_time=(2021, 1, 1, 0, 0, 0)), text)


def merge(ref):
    return f'<mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'


# F1: a range whose end comes before its start
book("xlsx-merge-reversed-rows.xlsx", after=merge("A2:A1"))
book("xlsx-merge-reversed-cols.xlsx", after=merge("B1:A1"))
book("xlsx-dimension-reversed.xlsx", before='<dimension ref="B2:A1"/>')
# F2: a cell reference too long for a u32
book("xlsx-cell-ref-column-overflow.xlsx", '<row r="1"><c r="AAAAAAAA1" t="inlineStr"><is><t>x</t></is></c></row>')
book("xlsx-cell-ref-row-overflow.xlsx", '<row r="1"><c r="A99999999999" t="inlineStr"><is><t>x</t></is></c></row>')
book("xlsx-row-ref-overflow.xlsx", '<row r="99999999999"><c t="inlineStr"><is><t>x</t></is></c></row>')
book("xlsx-merge-ref-column-overflow.xlsx", after=merge("A1:AAAAAAAA1"))
