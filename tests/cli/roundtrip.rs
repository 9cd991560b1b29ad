//! Property tests: any definition, generated into a workbook and imported back, is the same
//! definition; any definition written as YAML and read back is the same definition.

use evalsheet::emit::{self, Style};
use evalsheet::generate::{self, Options};
use evalsheet::model::{Amounts, Definition, Funds, Goal, Indicator};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::path::Path;

/// Form text: Chinese, ASCII, digits, emoji, a leading `=`, inner newlines; trimmed, as the
/// importer keeps text "as written, only trimmed". Labels of the form itself are excluded:
/// a cell that reads 说明 *is* the 说明 label.
fn text(max: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[\\u{4e00}-\\u{9fa5}]{1,8}",
        "[a-zA-Z0-9 ,.%]{1,8}",
        Just("😀".to_string()),
        Just("=SUM(A1)".to_string()),
        Just("\n".to_string()),
        Just("２０２１年".to_string()),
    ];
    prop::collection::vec(piece, 0..max).prop_map(|v| v.concat().trim().to_string())
}

fn nonempty(max: usize) -> impl Strategy<Value = String> {
    text(max).prop_map(|s| {
        if s.is_empty() {
            "项目".to_string()
        } else {
            s
        }
    })
}

fn amount() -> impl Strategy<Value = Option<Decimal>> {
    prop_oneof![
        Just(None),
        (0i64..10_000_000_000, 0u32..=4).prop_map(|(m, s)| Some(Decimal::new(m, s))),
    ]
}

fn amounts() -> impl Strategy<Value = Amounts> {
    (amount(), amount()).prop_map(|(budget, executed)| Amounts {
        budget,
        executed,
        ..Default::default()
    })
}

fn indicator() -> impl Strategy<Value = Indicator> {
    let level1 = prop_oneof![
        Just("产出指标".to_string()),
        Just("效益指标".to_string()),
        Just("满意度指标".to_string()),
        text(3),
    ];
    let level2 = prop_oneof![
        Just("数量指标".to_string()),
        Just("质量指标".to_string()),
        Just("服务对象满意度指针".to_string()),
        text(3),
    ];
    (level1, level2, nonempty(6), text(10), text(4), text(6)).prop_map(
        |(level1, level2, name, target, actual, reason)| Indicator {
            level1,
            level2,
            name,
            target,
            actual,
            reason,
            ..Default::default()
        },
    )
}

fn definition() -> impl Strategy<Value = Definition> {
    (
        (
            2000i32..2100,
            nonempty(4),
            text(3),
            text(3),
            text(3),
            text(3),
        ),
        (amounts(), amounts(), amounts(), amounts()),
        (text(30), text(10)),
        prop_oneof![
            prop::collection::vec(indicator(), 0..12),
            prop::collection::vec(indicator(), 50..60),
        ],
        text(8),
    )
        .prop_map(
            |(
                (year, project, contact, city_department, local_department, unit),
                (total, central_provincial, city, other),
                (target, actual),
                indicators,
                note,
            )| Definition {
                year,
                form: "city".into(),
                project,
                contact,
                city_department,
                local_department,
                unit,
                funds: Funds {
                    total,
                    central_provincial,
                    city,
                    other,
                    ..Default::default()
                },
                goal: Goal { target, actual },
                indicators,
                note,
                source: None,
            },
        )
}

/// The same on the national variant: its own funding lines, 年初预算数, 分值 (all derived or
/// all given) and 得分; the fields it has no place for (负责人及电话, 地方主管部门, 说明) empty.
fn national() -> impl Strategy<Value = Definition> {
    (
        definition(),
        amount(),
        prop::bool::ANY,
        prop_oneof![Just(None), Just(Some(Decimal::new(15, 0)))],
        prop::collection::vec((amount(), amount()), 60),
    )
        .prop_map(|(mut d, initial, explicit, funds_weight, numbers)| {
            d.form = "mof".into();
            d.contact.clear();
            d.local_department.clear();
            d.note.clear();
            d.funds.current_year = std::mem::take(&mut d.funds.city);
            d.funds.carryover = std::mem::take(&mut d.funds.central_provincial);
            d.funds.total.initial_budget = initial;
            d.funds.weight = funds_weight;
            for (i, (w, score)) in d.indicators.iter_mut().zip(numbers) {
                i.weight = if explicit {
                    Some(w.unwrap_or(Decimal::new(7, 0)) + Decimal::new(3, 1))
                } else {
                    None
                };
                i.score = score;
            }
            d
        })
}

/// Generate `d` into a workbook in `dir` and import it back.
fn through_xlsx(dir: &Path, d: &Definition) -> Definition {
    let path = dir.join("form.xlsx");
    let bytes = generate::workbook_bytes(&path, &[(d, "表")], &Options::default()).unwrap();
    evalsheet::output::write_atomic(&path, &bytes, true).unwrap();
    let mut got = evalsheet::isolate::import_path(&path).unwrap();
    assert_eq!(got.len(), 1);
    let mut def = got.remove(0).def;
    def.source = None;
    def
}

/// Text as a unit might type it, untrimmed: XML's special characters, control characters,
/// a literal `_x0041_`, leading and trailing blanks.
fn awkward() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[\\u{4e00}-\\u{9fa5}]{1,4}",
        Just("&<>\"'".to_string()),
        Just("_x0041_".to_string()),
        Just(" ".to_string()),
        Just("\t".to_string()),
        Just("\n".to_string()),
        Just("\u{1}\u{1f}".to_string()),
        Just("😀".to_string()),
    ];
    prop::collection::vec(piece, 0..6).prop_map(|v| v.concat())
}

/// Sheet names as `generate` plans them.
fn sheet_names(defs: &[Definition]) -> Vec<String> {
    let refs: Vec<&Definition> = defs.iter().collect();
    let plan = generate::plan(&refs, generate::GroupBy::Unit);
    let mut names = vec![String::new(); defs.len()];
    for f in plan {
        for (i, n) in f.sheets {
            names[i] = n;
        }
    }
    names
}

// Amounts come back normalised (`5.10` as `5.1`): `Decimal`'s equality compares values.
proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn generate_then_import_gives_back_the_definition(d in definition()) {
        let dir = tempfile::tempdir().unwrap();
        prop_assert_eq!(through_xlsx(dir.path(), &d), d);
    }

    #[test]
    fn national_forms_generate_then_import_give_back_the_definition(d in national()) {
        let dir = tempfile::tempdir().unwrap();
        prop_assert_eq!(through_xlsx(dir.path(), &d), d);
    }

    /// The package writer draws, part for part, what rust_xlsxwriter draws: one form or several
    /// in a workbook, any option, any text.
    #[test]
    fn forms_are_packaged_as_rust_xlsxwriter_draws_them(
        mut defs in prop::collection::vec(prop_oneof![definition(), national()], 1..4),
        texts in prop::collection::vec(awkward(), 5),
        blank in any::<bool>(),
        protection in 0..3u8,
    ) {
        let (form, year) = (defs[0].form.clone(), defs[0].year);
        for (k, d) in defs.iter_mut().enumerate() {
            d.form = form.clone();
            d.year = year;
            // Sheet names, defined names and document properties made of awkward text too.
            d.project = format!("{}{k}", texts[4]);
            d.unit = "单位".into();
            d.goal.target = texts[0].clone();
            d.contact = texts[1].clone();
            if let Some(i) = d.indicators.first_mut() {
                i.actual = texts[2].clone();
                i.reason = texts[3].clone();
            }
        }
        let names = sheet_names(&defs);
        let sheets: Vec<(&Definition, &str)> =
            defs.iter().zip(&names).map(|(d, n)| (d, n.as_str())).collect();
        let opts = Options {
            blank,
            password: (protection == 1).then(|| "口令".to_string()),
            unprotected: protection == 2,
        };
        let p = Path::new("x.xlsx");
        let fast = generate::workbook_bytes(p, &sheets, &opts).unwrap();
        let reference = generate::reference_workbook_bytes(p, &sheets, &opts).unwrap();
        if let Err(e) = evalsheet::package::same_parts(&fast, &reference) {
            prop_assert!(false, "{}", e);
        }
    }

    #[test]
    fn yaml_written_then_read_gives_back_the_definition(d in prop_oneof![definition(), national()]) {
        let y = emit::to_yaml(&d, Style::default());
        let back = evalsheet::load::parse_bytes(Path::new("x.yaml"), y.as_bytes()).unwrap();
        prop_assert_eq!(&back[0].def, &d);
    }
}

#[test]
fn very_long_texts_survive() {
    let dir = tempfile::tempdir().unwrap();
    let d = Definition {
        year: 2021,
        form: "city".into(),
        project: "长文本".into(),
        goal: Goal {
            target: "完成打击涉黑性质犯罪组织案件 2 起，\n涉恶类犯罪案件 13 起。".repeat(200),
            actual: String::new(),
        },
        note: "无".repeat(5000),
        ..Default::default()
    };
    assert_eq!(through_xlsx(dir.path(), &d), d);
}
