//! The feedback workbook (evalsheet::feedback): its 审核结果 sheet, the marked cells and their
//! notes, the values the unit returned, and that it reads back as the issued form.

use calamine::{Xlsx, open_workbook};
use evalsheet::check::{Finding, Rule, Severity};
use evalsheet::feedback::{FeedbackForm, SHEET, write_unit_feedback};
use evalsheet::import::{self, Imported};
use evalsheet::{Definition, load};
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::path::Path;

use crate::support::{Run, part, read_sheet, root, sheet_names};

fn issued() -> Definition {
    let path = root().join("examples/2022/01-扫黑除恶专项斗争经费.yaml");
    let (defs, errors) = load::load_all(&[path]).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    let mut d = defs.into_iter().next().unwrap().def;
    d.source = None;
    d
}

fn finding(field: &str, severity: Severity, rule: Rule, message: &str) -> Finding {
    Finding {
        file: "returned.xls".into(),
        definition: None,
        project: "扫黑除恶专项斗争经费".into(),
        sheet: Some("Sheet1".into()),
        cell: Some("Z99".into()),
        field: field.into(),
        label: field.into(),
        rule: evalsheet::check::RuleId::Builtin(rule),
        severity,
        party: evalsheet::model::Party::Unit,
        message: message.into(),
        explained: false,
    }
}

fn import_all(path: &Path) -> Vec<Imported> {
    let bytes = std::fs::read(path).unwrap();
    import::import_bytes(path, bytes, &import::Options::default()).unwrap()
}

/// Every cell of a sheet whose fill is the feedback's light red, as (row, col).
fn red_cells(book: &Path, sheet: &str) -> BTreeSet<(u32, u32)> {
    let mut wb: Xlsx<_> = open_workbook(book).unwrap();
    let styles = wb.worksheet_style(sheet).unwrap();
    let mut out = BTreeSet::new();
    for (r, c, style) in styles.cells() {
        let red = style
            .fill
            .as_ref()
            .and_then(|f| f.foreground_color)
            .is_some_and(|c| (c.red, c.green, c.blue) == (0xFF, 0xC7, 0xCE));
        if red {
            out.insert((r, c));
        }
    }
    out
}

/// The notes of a workbook's n-th sheet part: cell → text.
fn notes(book: &Path, n: usize) -> Vec<(String, String)> {
    let rels = part(book, &format!("xl/worksheets/_rels/sheet{n}.xml.rels"));
    let target = rels
        .split("Target=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .find(|t| t.contains("comments"))
        .unwrap()
        .trim_start_matches("../")
        .to_string();
    let xml = part(book, &format!("xl/{target}"));
    xml.split("<comment ref=\"")
        .skip(1)
        .map(|c| {
            let cell = c.split('"').next().unwrap().to_string();
            let text: String = c
                .split("<t")
                .skip(1)
                .filter(|t| t.starts_with('>') || t.starts_with(' '))
                .filter_map(|t| t.split_once('>').map(|x| x.1))
                .map(|t| t.split("</t>").next().unwrap())
                .collect();
            (cell, text)
        })
        .collect()
}

#[test]
fn feedback_lists_marks_and_reads_back_as_the_issued_form() {
    let run = Run::new();
    let issued = issued();
    let mut returned = issued.clone();
    returned.contact = "张三 0734-1234567".into();
    returned.funds.total.executed = Some(Decimal::new(4200, 1));
    returned.funds.city.executed = Some(Decimal::new(4200, 1));
    returned.goal.actual = "完成".into();
    for ind in &mut returned.indicators {
        ind.actual = "已完成".into();
    }
    returned.indicators[2].actual = "按时按成".into();
    returned.note = "无".into();
    let findings = vec![
        finding(
            "funds.total.executed",
            Severity::Error,
            Rule::RequiredBlank,
            "全年执行数 420 大于全年预算数 400。",
        ),
        finding(
            "indicators[3].actual",
            Severity::Warning,
            Rule::CompletionTypo,
            "“按时按成”应为“按时完成”。",
        ),
        finding(
            "indicators[3].actual",
            Severity::Error,
            Rule::NotCompletedWithoutReason,
            "未说明原因。",
        ),
        finding(
            "contact",
            Severity::Warning,
            Rule::StraySpace,
            "电话格式不对。",
        ),
        finding("year", Severity::Error, Rule::RequiredBlank, "年度不对。"),
    ];
    let form = FeedbackForm {
        issued: issued.clone(),
        returned: returned.clone(),
        findings,
        comment: Some("请核对执行数后交回。".into()),
    };
    let out = run.path("反馈.xlsx");
    write_unit_feedback(
        &out,
        "有组织犯罪侦查支队",
        std::slice::from_ref(&form),
        false,
    )
    .unwrap();
    // Never over an existing file unless told.
    assert!(write_unit_feedback(&out, "有组织犯罪侦查支队", &[form], false).is_err());

    let sheets = sheet_names(&out);
    assert_eq!(sheets, [SHEET, "扫黑除恶专项斗争经费", "_evalsheet"]);

    let r = read_sheet(&out, SHEET);
    let row = |n: u32| -> Vec<String> { (0..5).map(|c| r.text(n, c)).collect() };
    assert_eq!(
        r.text(0, 0),
        "有组织犯罪侦查支队 项目支出绩效自评表审核结果"
    );
    assert_eq!(row(2), ["严重程度", "工作表", "单元格", "栏目", "说明"]);
    let sheet = "扫黑除恶专项斗争经费";
    assert_eq!(
        row(3),
        [
            "错误",
            sheet,
            "E6",
            "年度资金总额 全年执行数（B）",
            "全年执行数 420 大于全年预算数 400。"
        ]
    );
    assert_eq!(
        row(4),
        [
            "提示",
            sheet,
            "G15",
            "第 3 行指标 全年完成值",
            "“按时按成”应为“按时完成”。"
        ]
    );
    assert_eq!(
        row(5),
        [
            "错误",
            sheet,
            "G15",
            "第 3 行指标 全年完成值",
            "未说明原因。"
        ]
    );
    assert_eq!(
        row(6),
        ["提示", sheet, "F2", "负责人及电话", "电话格式不对。"]
    );
    // The city form shows its year in the title line.
    assert_eq!(row(7), ["错误", sheet, "A1", "年度", "年度不对。"]);
    assert_eq!(row(8), ["", "", "", "", ""]);
    assert_eq!(r.text(9, 0), "审核意见");
    assert_eq!(
        (r.text(10, 0), r.text(10, 1)),
        (sheet.to_string(), "请核对执行数后交回。".to_string())
    );
    assert_eq!(r.text(11, 0), "");

    // Light red on exactly the cells with a finding, over the whole of a merged cell: the
    // title A1:H1, F2:H2, E6:F6, G15.
    let want: BTreeSet<(u32, u32)> = [(1, 5), (1, 6), (1, 7), (5, 4), (5, 5), (14, 6)]
        .into_iter()
        .chain((0..8).map(|c| (0, c)))
        .collect();
    assert_eq!(red_cells(&out, sheet), want);
    assert!(red_cells(&out, SHEET).is_empty());
    // A note on each, holding every finding of the cell.
    let mut got = notes(&out, 2);
    got.sort();
    assert_eq!(
        got,
        [
            ("A1".to_string(), "【错误】年度不对。".to_string()),
            (
                "E6".to_string(),
                "【错误】全年执行数 420 大于全年预算数 400。".to_string()
            ),
            ("F2".to_string(), "【提示】电话格式不对。".to_string()),
            (
                "G15".to_string(),
                "【提示】“按时按成”应为“按时完成”。\n【错误】未说明原因。".to_string()
            ),
        ]
    );

    // The form holds the returned values, in the issued layout, protected as issued.
    let f = read_sheet(&out, sheet);
    assert_eq!(f.text(1, 5), "张三 0734-1234567");
    assert_eq!(f.number(5, 4), Some(420.0));
    assert_eq!(f.text(14, 6), "按时按成");
    let xml = part(&out, "xl/worksheets/sheet2.xml");
    assert!(xml.contains("<sheetProtection"), "{xml}");

    // Read back: the returned definition, recognised by the issued form's stamp.
    let got = import_all(&out);
    assert_eq!(got.len(), 1);
    let mut def = got[0].def.clone();
    def.source = None;
    assert_eq!(def, returned);
    let stamp = got[0].stamp.as_ref().expect("stamped");
    assert_eq!(stamp.issued_hash, issued.issued_hash());
    assert_eq!(stamp.issued.as_ref(), Some(&issued.issued()));
    assert_eq!(stamp.variant, "city");
    assert_eq!(stamp.year, 2022);
}

#[test]
fn feedback_on_returns_in_any_format_is_the_official_form_with_their_values() {
    let run = Run::new();
    // .xls and .ods returns, forms typed by hand (no merges, offset, two forms on one sheet,
    // the national layout), a row the unit inserted.
    for name in [
        "returned/filled.xls",
        "returned/filled.ods",
        "returned/national.xls",
        "returned/inserted-row.xlsx",
        "handmade/no-merges.ods",
        "handmade/offset.xlsx",
        "handmade/two-forms-one-sheet.xlsx",
        "handmade/national.xlsx",
    ] {
        let file = root().join("tests/fixtures").join(name);
        let forms: Vec<FeedbackForm> = import_all(&file)
            .into_iter()
            .map(|imp| {
                let mut returned = imp.def;
                returned.source = None;
                FeedbackForm {
                    issued: returned.issued(),
                    returned,
                    findings: vec![finding(
                        "indicators[1].reason",
                        Severity::Error,
                        Rule::NotCompletedWithoutReason,
                        "请填写未完成原因。",
                    )],
                    comment: None,
                }
            })
            .collect();
        assert!(!forms.is_empty(), "{name}");
        let out = run.path(&format!("{}.xlsx", name.replace('/', "-")));
        write_unit_feedback(&out, "单位", &forms, false).unwrap();
        let back = import_all(&out);
        assert_eq!(back.len(), forms.len(), "{name}");
        for (b, f) in back.iter().zip(&forms) {
            let mut def = b.def.clone();
            def.source = None;
            assert_eq!(def, f.returned, "{name}");
            let stamp = b.stamp.as_ref().expect("stamped");
            assert_eq!(stamp.issued_hash, f.issued.issued_hash(), "{name}");
            assert_eq!(stamp.variant, f.issued.form, "{name}");
        }
        // No comment: the 审核结果 sheet ends with its findings, one a form, each on the
        // first indicator's 未完成原因 cell of its form.
        let r = read_sheet(&out, SHEET);
        let n = forms.len() as u32;
        assert_eq!(r.text(3 + n, 0), "", "{name}");
        for (k, f) in forms.iter().enumerate() {
            let want = if f.issued.form == "mof" { "I" } else { "H" };
            let cell = r.text(3 + k as u32, 2);
            assert!(cell.starts_with(want), "{name}: {cell}");
        }
    }
}
