"""Turn the cells of one generated city form into a definition dict (the keys of
docs/definition-format.md), shared by read_openpyxl.py and read_calamine.py.

Fields are taken from the fixed addresses of the layout evalsheet generates: the three field
rows, 项目资金 in D6:E9, 年度总体目标 in B11/E11, indicators from row 13 down to the row
whose A cell is 说明. This is what a user script for one's own forms does; it is not robust to
re-saved or retyped forms the way evalsheet's label-based import is.
"""

import os
import re
from decimal import Decimal

import yaml

from formlayout import Dumper, NOTE_INSTRUCTION

FUND_KEYS = ("total", "central_provincial", "city", "other")


def text(v):
    if v is None:
        return ""
    if isinstance(v, float):
        return format(Decimal(repr(v)).normalize(), "f")
    return str(v).strip()


def amount(v):
    if v is None or v == "":
        return None
    if isinstance(v, (int, float)):
        return Decimal(repr(v)).normalize()  # shortest repr: 273.89 stays 273.89
    try:
        return Decimal(str(v).strip()).normalize()
    except Exception:
        return None


def definition(rows, path, covered=None):
    """rows: the sheet as a list of rows of values (zero-based). covered(r, c) tells whether a
    cell is hidden under a merge; without it, an empty 一级/二级 cell is read as its run's
    value (a merged cell's covered cells read as empty)."""
    cell = lambda r, c: rows[r][c] if r < len(rows) and c < len(rows[r]) else None
    m = re.match(r"(\d{4})-", os.path.basename(path))
    d = {
        "year": int(m.group(1)) if m else None,
        "form": "city",
        "project": text(cell(1, 2)),
        "contact": text(cell(1, 5)),
        "city_department": text(cell(2, 2)),
        "local_department": text(cell(3, 2)),
        "unit": text(cell(3, 5)),
    }
    funds = {}
    for i, key in enumerate(FUND_KEYS):
        line = {}
        a, b = amount(cell(5 + i, 3)), amount(cell(5 + i, 4))
        if a is not None:
            line["budget"] = a
        if b is not None:
            line["executed"] = b
        funds[key] = line
    d["funds"] = funds
    d["goal"] = {"target": text(cell(10, 1)), "actual": text(cell(10, 4))}
    inds = []
    r = 12
    l1 = l2 = ""
    while r < len(rows) and text(cell(r, 0)) != "说明":
        v1, v2 = text(cell(r, 1)), text(cell(r, 2))
        if covered is None:
            l1 = v1 or l1
            l2 = v2 if v2 or v1 else l2
        else:
            l1 = l1 if covered(r, 1) else v1
            l2 = l2 if covered(r, 2) else v2
        inds.append({"level1": l1, "level2": l2, "name": text(cell(r, 3)),
                     "target": text(cell(r, 5)), "actual": text(cell(r, 6)),
                     "reason": text(cell(r, 7))})
        r += 1
    d["indicators"] = inds
    note = text(cell(r, 1))
    d["note"] = "" if note == NOTE_INSTRUCTION else note
    d["source"] = {"file": path, "sheet": None}
    return d


def _decimal(dumper, v):
    s = format(v, "f")
    return dumper.represent_scalar("tag:yaml.org,2002:float" if "." in s else "tag:yaml.org,2002:int", s)


Dumper.add_representer(Decimal, _decimal)


def write_yaml(d, out_dir, path):
    name = os.path.splitext(os.path.basename(path))[0] + ".yaml"
    with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
        yaml.dump(d, f, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=10**6)


def workbook_files(paths):
    out = []
    for p in paths:
        if os.path.isdir(p):
            for root, _, files in os.walk(p):
                out.extend(os.path.join(root, f) for f in files if f.endswith(".xlsx"))
        else:
            out.append(p)
    return sorted(out)
