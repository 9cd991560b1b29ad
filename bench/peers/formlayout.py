"""The city 项目支出绩效自评表 layout, shared by draw_openpyxl.py and draw_xlsxwriter.py.

This is the part of a user's script that does not depend on the spreadsheet library: load
the definition YAML files of a folder and work out, for one definition, which text goes in
which (possibly merged) cell with which role, plus the row heights. Cells are zero-based
(row, col) like XlsxWriter; openpyxl adds 1.

It follows evalsheet's templates/city.yaml and docs/form-layout.md: title A1:H1, the three
field rows, 项目资金 (A:B down 5 rows) with the 执行率 formula, 年度总体目标, 绩效指标 with
一级/二级 merged down their runs and 三级 in D:E, and 说明 (B:H).
"""

import os
from decimal import Decimal, InvalidOperation

import yaml

try:  # libyaml's C loader/dumper; the pure-Python ones are ~10x slower
    Loader = yaml.CSafeLoader
    Dumper = yaml.CSafeDumper
except AttributeError:  # pragma: no cover
    Loader = yaml.SafeLoader
    Dumper = yaml.SafeDumper

TITLE = "项目支出绩效自评表"
FONT = "宋体"
FONT_SIZE = 10
TITLE_FONT_SIZE = 18
WIDTHS = [10, 11, 15, 12, 12, 18, 11, 18]
MIN_ROW_HEIGHT = 25.0
TITLE_ROW_HEIGHT = 42.0
NOTE_INSTRUCTION = "请在此处简要说明各级监督检查中发现的问题及其所涉及的金额，如没有请填无"
AMOUNT_FORMAT = "#,##0.00##"
RATE_FORMAT = "0.00%"
FUND_LINES = [
    ("total", "年度资金总额"),
    ("central_provincial", "其中：中央、省补助"),
    ("city", "市级资金"),
    ("other", "其他资金"),
]
IND_HEADERS = ["一级指标", "二级指标", "三级指标", "年度指标值", "全年完成值", "未完成原因和改进措施"]
# Roles decide the cell format.
TITLE_R, LABEL, VALUE, INPUT, AMOUNT, AMOUNT_INPUT, RATE = range(7)
ROLES = 7
# Row indices (zero-based) fixed by the layout; the indicator rows start at IND_FIRST.
IND_HEADER = 11
IND_FIRST = 12


def load_definitions(folder):
    """Every definition in the folder's .yaml/.yml files (a file holds one or a list)."""
    out = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith((".yaml", ".yml")):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            doc = yaml.load(f, Loader=Loader)
        if isinstance(doc, list):
            out.extend(doc)
        elif doc:
            out.append(doc)
    return out


def s(v):
    return "" if v is None else str(v)


def amount(v):
    """An amount as a Decimal (from its text, never via a binary float's noise), or None."""
    if v is None or v == "":
        return None
    try:
        return Decimal(str(v))
    except InvalidOperation:
        return None


def file_name(d, taken):
    bad = '/\\:*?"<>|'
    clean = lambda t: "".join("_" if c in bad else c for c in s(t).strip()) or "未命名"
    stem = f"{d.get('year', '')}-{clean(d.get('project'))}"
    if s(d.get("unit")).strip():
        stem += "-" + clean(d["unit"])
    name, k = stem, 1
    while name in taken:
        k += 1
        name = f"{stem}-{k}"
    taken.add(name)
    return name + ".xlsx"


def _units(text):
    n = 0.0
    for ch in text:
        u = ord(ch)
        wide = (0x1100 <= u <= 0x115F or 0x2E80 <= u <= 0xA4CF or 0xAC00 <= u <= 0xD7A3
                or 0xF900 <= u <= 0xFAFF or 0xFE30 <= u <= 0xFE4F or 0xFF00 <= u <= 0xFF60
                or 0xFFE0 <= u <= 0xFFE6 or 0x1F300 <= u <= 0x1FAFF or 0x20000 <= u <= 0x3FFFD)
        n += 1.85 if wide else 1.0
    return n


def _lines(text, width):
    usable = max(width - 0.5, 2.0)
    total = 0
    for line in text.split("\n"):
        total += max(1, -(-_units(line) // usable))
    return total


def lay_out(d):
    """Return (cells, heights). A cell is (row, col, last_row, last_col, value, role) where
    value is a str, None (blank), a float (amount) or a tuple ("rate", formula, cached) with
    cached a float or "" (blank)."""
    cells = []
    put = cells.append
    txt = lambda v: s(v) or None
    # title and the three field rows
    put((0, 0, 0, 7, TITLE, TITLE_R))
    put((1, 0, 1, 1, "项目资金名称", LABEL))
    put((1, 2, 1, 3, txt(d.get("project")), VALUE))
    put((1, 4, 1, 4, "负责人及电话", LABEL))
    put((1, 5, 1, 7, txt(d.get("contact")), INPUT))
    put((2, 0, 2, 1, "市级主管部门", LABEL))
    put((2, 2, 2, 7, txt(d.get("city_department")), VALUE))
    put((3, 0, 3, 1, "地方主管部门", LABEL))
    put((3, 2, 3, 3, txt(d.get("local_department")), VALUE))
    put((3, 4, 3, 4, "实施单位", LABEL))
    put((3, 5, 3, 7, txt(d.get("unit")), VALUE))
    # 项目资金（万元）
    put((4, 0, 8, 1, "项目资金（万元）", LABEL))
    put((4, 2, 4, 2, None, LABEL))
    put((4, 3, 4, 3, "全年预算数（A）", LABEL))
    put((4, 4, 4, 5, "全年执行数（B）", LABEL))
    put((4, 6, 4, 7, "执行率（B/A）", LABEL))
    funds = d.get("funds") or {}
    for i, (key, label) in enumerate(FUND_LINES):
        r = 5 + i
        line = funds.get(key) or {}
        a, b = amount(line.get("budget")), amount(line.get("executed"))
        put((r, 2, r, 2, label, LABEL))
        put((r, 3, r, 3, None if a is None else float(a), AMOUNT))
        put((r, 4, r, 5, None if b is None else float(b), AMOUNT_INPUT))
        ra, rb = f"D{r + 1}", f"E{r + 1}"
        formula = f'=IF(OR({ra}="",{ra}=0,{rb}=""),"",{rb}/{ra})'
        cached = float(b / a) if a is not None and b is not None and a != 0 else ""
        put((r, 6, r, 7, ("rate", formula, cached), RATE))
    # 年度总体目标
    goal = d.get("goal") or {}
    put((9, 0, 10, 0, "年度总体目标", LABEL))
    put((9, 1, 9, 3, "年初设定目标", LABEL))
    put((10, 1, 10, 3, txt(goal.get("target")), VALUE))
    put((9, 4, 9, 7, "全年实际完成情况", LABEL))
    put((10, 4, 10, 7, txt(goal.get("actual")), INPUT))
    # 绩效指标
    inds = d.get("indicators") or []
    n = len(inds)
    put((IND_HEADER, 0, IND_HEADER + n, 0, "绩效指标", LABEL))
    for col, (header, last) in enumerate(zip(IND_HEADERS, (1, 2, 4, 5, 6, 7)), start=1):
        c = col if col < 4 else col + 1
        put((IND_HEADER, c, IND_HEADER, last, header, LABEL))
    rows = [(s(x.get("level1")), s(x.get("level2")), s(x.get("name")), s(x.get("target")),
             s(x.get("actual")), s(x.get("reason"))) for x in inds]
    for k, col in ((0, 1), (1, 2)):  # 一级 and 二级, merged down their runs
        i = 0
        while i < n:
            text = rows[i][k]
            j = i + 1
            if text:
                while j < n and rows[j][k] == text and (k == 0 or rows[j][0] == rows[i][0]):
                    j += 1
            put((IND_FIRST + i, col, IND_FIRST + j - 1, col, text or None, VALUE))
            i = j
    for i, row in enumerate(rows):
        r = IND_FIRST + i
        put((r, 3, r, 4, row[2] or None, VALUE))
        put((r, 5, r, 5, row[3] or None, VALUE))
        put((r, 6, r, 6, row[4] or None, INPUT))
        put((r, 7, r, 7, row[5] or None, INPUT))
    last = IND_FIRST + n
    put((last, 0, last, 0, "说明", LABEL))
    put((last, 1, last, 7, s(d.get("note")) or NOTE_INSTRUCTION, INPUT))

    # Excel does not auto-fit rows holding merged, wrapped text: size them from the text.
    heights = [TITLE_ROW_HEIGHT] + [MIN_ROW_HEIGHT] * last
    line_pt = FONT_SIZE * 1.5
    for r, c, r2, c2, v, role in cells:
        if role == TITLE_R or not isinstance(v, str):
            continue
        need = _lines(v, sum(WIDTHS[c:c2 + 1])) * line_pt + 10.0
        have = sum(heights[r:r2 + 1])
        if need > have:
            extra = (need - have) / (r2 - r + 1)
            for k in range(r, r2 + 1):
                heights[k] = min(heights[k] + extra, 409.0)
    return cells, heights
