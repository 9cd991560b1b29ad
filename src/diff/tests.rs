//! Tests of the comparison as a whole.

use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use super::compare::signed;
use super::sides::read_side_keeping;
use super::*;
use crate::batch::Kept;
use crate::model::{Definition, Indicator, Provenance};

#[test]
fn definitions_read_again_compare_as_if_kept_whole() {
    // A side beyond KEEP_WHOLE keeps only names and reads the rest again when compared:
    // the reports must be the same as with everything kept, for returned workbooks and
    // for YAML, issued and yearly.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let (loaded, _) = crate::load::load_all(&[root.join("examples/2021")]).unwrap();
    for (k, l) in loaded.iter().enumerate() {
        let path = dir.path().join(format!("{k:02}.xlsx"));
        let mut d = l.def.clone();
        if k == 3 {
            d.indicators[0].actual = "未完成".into();
            d.funds.total.executed = None;
        }
        let opts = crate::generate::Options::default();
        let bytes = crate::generate::workbook_bytes(&path, &[(&d, "表")], &opts).unwrap();
        std::fs::write(&path, bytes).unwrap();
    }
    let side = |p: &Path, keep: usize| {
        let (defs, errors) = read_side_keeping(&side_files(p).unwrap().files, &|| {}, keep);
        assert!(errors.is_empty(), "{errors:?}");
        defs
    };
    // And one workbook a unit: several forms read again from one file.
    let units = tempfile::tempdir().unwrap();
    let defs: Vec<&Definition> = loaded.iter().map(|l| &l.def).collect();
    for f in crate::generate::plan(&defs, crate::generate::GroupBy::Unit) {
        let path = units.path().join(&f.file_name);
        let sheets: Vec<(&Definition, &str)> = f
            .sheets
            .iter()
            .map(|(i, n)| (defs[*i], n.as_str()))
            .collect();
        let opts = crate::generate::Options::default();
        let bytes = crate::generate::workbook_bytes(&path, &sheets, &opts).unwrap();
        std::fs::write(&path, bytes).unwrap();
    }
    for (a, b, changed) in [
        (dir.path().to_path_buf(), root.join("examples/2021"), true),
        (
            units.path().to_path_buf(),
            root.join("examples/2021"),
            false,
        ),
        (root.join("examples/2021"), root.join("examples/2022"), true),
    ] {
        let opts = Options::default();
        let whole = compare(
            &side(&a, usize::MAX),
            &side(&b, usize::MAX),
            "a",
            "b",
            &opts,
        );
        let whole = whole.unwrap();
        let reduced_a = side(&a, 0);
        // Every definition alone in its file is reduced; those of a file of several are
        // kept whole.
        let items = reduced_a.items();
        let in_file = |f: &Path| items.iter().filter(|e| e.from.file == f).count();
        assert!(
            (0..items.len())
                .all(|i| reduced_a.is_reduced(i) == (in_file(&items[i].from.file) == 1))
        );
        assert!((0..items.len()).any(|i| reduced_a.is_reduced(i)));
        let again = compare(&reduced_a, &side(&b, 5), "a", "b", &opts).unwrap();
        assert_eq!(!whole.changes.is_empty(), changed);
        assert_eq!(to_json(&again), to_json(&whole));
        assert_eq!(render_text(&again, false), render_text(&whole, false));
    }
}

#[test]
fn thousands_of_renamed_projects_are_paired_within_their_unit() {
    // 1,100 projects a side, none with the same name: more unmatched pairs than are
    // compared across units, so similar names are looked for within each unit.
    let n = 1100;
    let old: Vec<Definition> = (0..n)
        .map(|i| {
            def(
                &format!("治安巡逻经费第{i}号"),
                &format!("第{}大队", i / 10),
            )
        })
        .collect();
    let new: Vec<Definition> = (0..n)
        .map(|i| {
            def(
                &format!("治安巡逻经费第{i}号项目"),
                &format!("第{}大队", i / 10),
            )
        })
        .collect();
    let (o, nw): (Vec<&Definition>, Vec<&Definition>) =
        (old.iter().collect(), new.iter().collect());
    let pairs = match_projects(&o, &nw);
    assert_eq!(pairs.len(), n);
    for (oi, ni) in pairs {
        let (oi, ni) = (oi.expect("paired"), ni.expect("paired"));
        assert_eq!(old[oi].unit, new[ni].unit);
    }
}

fn def(project: &str, unit: &str) -> Definition {
    Definition {
        year: 2021,
        project: project.into(),
        unit: unit.into(),
        form: "city".into(),
        ..Default::default()
    }
}

fn ind(l1: &str, l2: &str, name: &str, target: &str) -> Indicator {
    Indicator {
        level1: l1.into(),
        level2: l2.into(),
        name: name.into(),
        target: target.into(),
        ..Default::default()
    }
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn the_same_project_in_both_layouts_matches_its_own_layout() {
    let city = def("禁毒专项经费", "禁毒支队");
    let mut mof = city.clone();
    mof.form = "mof".into();
    let pairs = match_projects(&[&city, &mof], &[&mof, &city]);
    assert!(pairs.contains(&(Some(0), Some(1))), "{pairs:?}");
    assert!(pairs.contains(&(Some(1), Some(0))), "{pairs:?}");
}

#[test]
fn projects_match_exactly_then_by_similarity_preferring_the_unit() {
    let old = [
        def("禁毒驻滇、驻粤工作运行经费", "禁毒支队"),
        def("扫黑除恶专项斗争经费", "有组织犯罪侦查支队"),
        def("被拘留人员给养费", "拘留所"),
        def("社区警务室工作经费", "甲"),
    ];
    let new = [
        def("扫黑除恶专项斗争经费", "有组织犯罪侦查支队"),
        def("禁毒驻滇、驻粤工作站运行经费", "禁毒支队"),
        def("特巡警支队反恐处突装备购置经费", "特巡警支队"),
        def("社区警务室工作经费", "乙"),
    ];
    let o: Vec<&Definition> = old.iter().collect();
    let n: Vec<&Definition> = new.iter().collect();
    let pairs = match_projects(&o, &n);
    assert_eq!(
        pairs,
        vec![
            (Some(1), Some(0)),
            (Some(0), Some(1)),
            (None, Some(2)),
            (Some(3), Some(3)), // same name, unit changed
            (Some(2), None),
        ]
    );
}

#[test]
fn dissimilar_projects_of_one_unit_are_not_a_rename() {
    let old = [def("强戒人员生理脱毒医疗费", "强戒所")];
    let new = [def("强戒人员教育、诊断评估费", "强戒所")];
    let pairs = match_projects(
        &old.iter().collect::<Vec<_>>(),
        &new.iter().collect::<Vec<_>>(),
    );
    assert_eq!(pairs, vec![(None, Some(0)), (Some(0), None)]);
    // Every pair of the 2021 examples of one unit stays apart.
    let (loaded, errors) = crate::load::load_all(&[PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/2021"
    ))])
    .unwrap();
    assert!(errors.is_empty());
    for a in &loaded {
        for b in &loaded {
            if a.from.file != b.from.file && a.def.unit == b.def.unit {
                let r = similarity(&a.def.project, &b.def.project);
                assert!(
                    r < PROJECT_SAME_UNIT_RATIO,
                    "{} ~ {}: {r}",
                    a.def.project,
                    b.def.project
                );
            }
        }
    }
}

#[test]
fn indicators_match_by_levels_and_recognise_renames() {
    let old = vec![
        ind(
            "产出指标",
            "数量指标",
            "收治人数",
            "完成全年 1500 名强戒人员收治目标",
        ),
        ind("产出指标", "质量指针", "重点工作完成情况", "100%"),
        ind("效益指标", "生态效益指标", "节省警力", "明显"),
        ind("满意度指标", "服务对象满意度指标", "群众满意度", "90%"),
    ];
    let new = vec![
        ind(
            "产出指标",
            "数量指标",
            "强戒人员收治人数",
            "完成全年 1400 名强戒人员收治目标",
        ),
        ind("产出指标", "质量指标", "重点工作完成情况", "100%"),
        ind("满意度指标", "服务对象满意度指标", "群众满意度", "90%"),
        ind("效益指标", "社会效益指标", "禁毒宣传教育覆盖面", "100%"),
    ];
    assert_eq!(
        match_indicators(&old, &new),
        vec![
            (Some(0), Some(0)),
            (Some(1), Some(1)),
            (Some(2), None),
            (Some(3), Some(2)),
            (None, Some(3)),
        ]
    );
}

#[test]
fn inline_diff_keeps_numbers_whole_and_splits_han_characters() {
    assert_eq!(
        inline_text("预算500万元", "预算520.5万元"),
        "预算[-500][+520.5]万元"
    );
    assert_eq!(
        inline_text("侦破 13 起", "侦破 10 起"),
        "侦破 [-13][+10] 起"
    );
    assert_eq!(
        inline_text("禁毒驻滇、驻粤工作运行经费", "禁毒驻滇、驻粤工作站运行经费"),
        "禁毒驻滇、驻粤工作[+站]运行经费"
    );
    assert_eq!(inline_text("质量指针", "质量指标"), "质量指[-针][+标]");
    assert_eq!(
        inline(" a", "b"),
        vec![Seg::Deleted(" a".into()), Seg::Inserted("b".into())]
    );
}

#[test]
fn budget_change_in_wan_yuan_and_percent_rounded_half_away_from_zero() {
    assert_eq!(
        budget_change(Some(d("500")), Some(d("400"))),
        (Some(d("-100")), Some(d("-20")))
    );
    // 12.6 / 273.89 = 4.6003… %
    assert_eq!(
        budget_change(Some(d("273.89")), Some(d("286.5"))),
        (Some(d("12.61")), Some(d("4.6")))
    );
    // 1 / 8 = 12.5 % exactly; 1/ 800 = 0.125 % → 0.13 (half away from zero, not banker's 0.12)
    assert_eq!(
        budget_change(Some(d("800")), Some(d("801"))).1,
        Some(d("0.13"))
    );
    assert_eq!(
        budget_change(Some(d("800")), Some(d("799"))).1,
        Some(d("-0.13"))
    );
    assert_eq!(
        budget_change(Some(d("0")), Some(d("5"))),
        (Some(d("5")), None)
    );
    assert_eq!(budget_change(None, Some(d("5"))), (None, None));
    assert_eq!(signed(d("12.61")), "+12.61");
    assert_eq!(signed(d("-3")), "-3");
}

#[test]
fn issued_mode_separates_filled_from_forbidden() {
    let mut issued = def("扫黑除恶专项斗争经费", "有组织犯罪侦查支队");
    issued.funds.total.budget = Some(d("500"));
    issued.indicators = vec![ind("产出指标", "数量指标", "涉恶性质案件", "侦破 13 起")];
    let mut returned = issued.clone();
    returned.contact = "张三 13800000000".into();
    returned.funds.total.executed = Some(d("450"));
    returned.indicators[0].actual = "已完成".into();
    returned.indicators[0].target = "侦破 10 起".into();
    returned.note = "无".into();
    let o = Kept::whole(vec![Entry::new(issued.clone(), Provenance::default())]);
    let n = Kept::whole(vec![Entry::new(returned, Provenance::default())]);
    let r = compare(&o, &n, "a", "b", &Options::default()).unwrap();
    assert_eq!(r.mode, Mode::Issued);
    let forbidden: Vec<&str> = r
        .changes
        .iter()
        .filter(|c| c.forbidden)
        .map(|c| c.path.as_str())
        .collect();
    assert_eq!(forbidden, ["indicators[1].target"]);
    let filled: Vec<&str> = r
        .changes
        .iter()
        .filter(|c| c.kind == Kind::Filled)
        .map(|c| c.path.as_str())
        .collect();
    assert_eq!(
        filled,
        [
            "contact",
            "funds.total.executed",
            "indicators[1].actual",
            "note"
        ]
    );
    let ex = r
        .changes
        .iter()
        .find(|c| c.path == "funds.total.executed")
        .unwrap();
    assert_eq!(ex.rate.as_deref(), Some("90"));
    // The same pair compared as yearly ignores what the unit filled in.
    let r = compare(
        &o,
        &n,
        "a",
        "b",
        &Options {
            mode: Some(Mode::Yearly),
            all: false,
        },
    )
    .unwrap();
    assert_eq!(r.changes.len(), 1);
    assert!(!r.changes[0].forbidden);
    // Identical sides: nothing.
    let r = compare(&o, &o, "a", "a", &Options::default()).unwrap();
    assert!(r.changes.is_empty());
    assert_eq!(r.projects[0].status, Status::Unchanged);
}

#[test]
fn note_instruction_counts_as_blank() {
    let mut a = def("p", "u");
    a.note = "请在此处简要说明各级监督检查中发现的问题及其所涉及的金额，如没有请填写无".into();
    let b = def("p", "u");
    let r = compare(
        &Kept::whole(vec![Entry::new(a, Provenance::default())]),
        &Kept::whole(vec![Entry::new(b, Provenance::default())]),
        "a",
        "b",
        &Options::default(),
    )
    .unwrap();
    assert!(r.changes.is_empty());
}
