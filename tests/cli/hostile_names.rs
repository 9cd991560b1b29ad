//! Hostile names and honest large inputs: units whose names clash as file names, names too
//! long in bytes, invisible and look-alike characters; definitions far beyond the YAML
//! parser's default budget, alias bombs, JSON numbers, amounts a cell cannot hold, old line
//! endings, and a rollover to the past.

use crate::support::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The names of the files in `dir`.
fn names(dir: &Path) -> Vec<String> {
    files(dir)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

/// Each workbook in `dir`: its name, and each form sheet's (project, unit) as the cells read.
fn forms_by_workbook(dir: &Path) -> BTreeMap<String, Vec<(String, String)>> {
    files(dir)
        .iter()
        .map(|book| {
            let forms = sheet_names(book)
                .into_iter()
                .filter(|s| s != "_evalsheet")
                .map(|s| {
                    let sheet = read_sheet(book, &s);
                    // 项目资金名称 at C2, 实施单位 at F4 (zero-based (1, 2) and (3, 5)).
                    (sheet.text(1, 2), sheet.text(3, 5))
                })
                .collect();
            (
                book.file_name().unwrap().to_string_lossy().into_owned(),
                forms,
            )
        })
        .collect()
}

fn def(project: &str, unit: &str) -> String {
    format!(
        "- {{year: 2021, project: {}, unit: {}, funds: {{total: {{budget: 10}}}}}}\n",
        serde_json::to_string(project).unwrap(),
        serde_json::to_string(unit).unwrap()
    )
}

#[test]
fn units_whose_names_clash_as_file_names_get_a_workbook_each() {
    let run = Run::new();
    let units = ["科信/支队", "科信_支队", "科信:支队"];
    let mut yaml = String::new();
    for (n, u) in units.iter().enumerate() {
        yaml += &def(&format!("项目{n}甲"), u);
        yaml += &def(&format!("项目{n}乙"), u);
    }
    run.write("defs/units.yaml", &yaml);
    let o = run.evalsheet(&["generate", "defs", "-o", "out", "--by", "unit"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let books = forms_by_workbook(&run.path("out"));
    assert_eq!(
        books.keys().collect::<Vec<_>>(),
        [
            "2021-科信_支队-2.xlsx",
            "2021-科信_支队-3.xlsx",
            "2021-科信_支队.xlsx"
        ]
    );
    // Each workbook holds its own unit's two forms and nothing else.
    let mut seen = BTreeSet::new();
    for forms in books.values() {
        assert_eq!(forms.len(), 2, "{books:?}");
        let unit = &forms[0].1;
        assert!(forms.iter().all(|(_, u)| u == unit), "{books:?}");
        let n = units.iter().position(|u| u == unit).unwrap();
        let projects: Vec<&str> = forms.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(projects, [format!("项目{n}甲"), format!("项目{n}乙")]);
        assert!(seen.insert(unit.clone()));
    }
    assert_eq!(seen.len(), 3);
    // By project, six files, each with its own form.
    let o = run.evalsheet(&["generate", "defs", "-o", "by-project"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let books = forms_by_workbook(&run.path("by-project"));
    assert_eq!(books.len(), 6);
    assert!(
        books.contains_key("2021-项目0甲-科信_支队.xlsx"),
        "{books:?}"
    );
}

#[test]
fn long_names_that_differ_only_at_the_end_get_two_workbooks() {
    let run = Run::new();
    let long = "长".repeat(299);
    let (a, b) = (format!("{long}甲"), format!("{long}乙"));
    run.write(
        "defs/long.yaml",
        &(def("项目一", &a)
            + def("项目二", &b).as_str()
            + def(&a, "支队").as_str()
            + def(&b, "支队").as_str()),
    );
    let o = run.evalsheet(&["generate", "defs", "-o", "out", "--by", "unit"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let books = forms_by_workbook(&run.path("out"));
    assert_eq!(books.len(), 3, "{:?}", books.keys());
    let with_unit = |u: &str| -> Vec<String> {
        books
            .iter()
            .filter(|(_, forms)| forms.iter().any(|(_, fu)| fu == u))
            .map(|(name, forms)| {
                assert!(forms.iter().all(|(_, fu)| fu == u), "{name}");
                name.clone()
            })
            .collect()
    };
    let (wa, wb) = (with_unit(&a), with_unit(&b));
    assert_eq!((wa.len(), wb.len()), (1, 1));
    assert_ne!(wa, wb);
    assert!(books.keys().all(|n| n.len() <= 255));
    // By project: the two long project names are two files too, each holding its own form.
    let o = run.evalsheet(&["generate", "defs", "-o", "by-project"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let books = forms_by_workbook(&run.path("by-project"));
    assert_eq!(books.len(), 4);
    let projects: BTreeSet<&str> = books.values().map(|f| f[0].0.as_str()).collect();
    assert_eq!(projects.len(), 4);
    assert!(books.keys().all(|n| n.len() <= 255), "{:?}", books.keys());
}

#[test]
fn names_of_four_byte_characters_are_written_within_255_bytes() {
    let run = Run::new();
    let emoji = "😀".repeat(100);
    let ext_b = "𠀀".repeat(100);
    run.write(
        "defs/wide.yaml",
        &(def(&emoji, &ext_b) + def(&ext_b, &emoji).as_str() + def(&emoji, &emoji).as_str()),
    );
    for by in ["project", "unit"] {
        let out = format!("out-{by}");
        let o = run.evalsheet(&["generate", "defs", "-o", &out, "--by", by]);
        assert_eq!(o.code, 0, "{by}: {}", o.stderr);
        let books = forms_by_workbook(&run.path(&out));
        assert_eq!(books.len(), if by == "unit" { 2 } else { 3 }, "{by}");
        for (name, forms) in &books {
            assert!(name.len() <= 255, "{by}: {} bytes", name.len());
            assert!(name.ends_with(".xlsx"));
            // The cells keep the whole names.
            for (p, u) in forms {
                assert!(p == &emoji || p == &ext_b, "{by}: {p}");
                assert!(u == &emoji || u == &ext_b, "{by}: {u}");
            }
        }
    }
}

#[test]
fn invisible_characters_are_removed_from_file_and_sheet_names() {
    let run = Run::new();
    let project = "a\u{202E}gpj.exe";
    let unit = "科信\u{200B}支\u{2066}队\u{FEFF}";
    run.write("defs/rlo.yaml", &def(project, unit));
    let o = run.evalsheet(&["generate", "defs", "-o", "out"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(names(&run.path("out")), ["2021-agpj.exe-科信支队.xlsx"]);
    let book = run.path("out/2021-agpj.exe-科信支队.xlsx");
    assert_eq!(sheet_names(&book), ["agpj.exe", "_evalsheet"]);
    // The form itself shows the names as they were given.
    let s = read_sheet(&book, "agpj.exe");
    assert_eq!(s.text(1, 2), project);
    assert_eq!(s.text(3, 5), unit);
    let o = run.evalsheet(&["generate", "defs", "-o", "by-unit", "--by", "unit"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(names(&run.path("by-unit")), ["2021-科信支队.xlsx"]);
}

#[test]
fn a_name_typed_decomposed_and_precomposed_is_one_unit() {
    let run = Run::new();
    let nfd = "Cafe\u{301}支队";
    let nfc = "Caf\u{e9}支队";
    run.write(
        "defs/nf.yaml",
        &(def("项目甲", nfd)
            + def("项目乙", &format!(" {nfc} ")).as_str()
            + def("项目甲", nfc).as_str()),
    );
    // By unit: one workbook, its name NFC, holding the three forms.
    let o = run.evalsheet(&["generate", "defs", "-o", "by-unit", "--by", "unit"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(names(&run.path("by-unit")), [format!("2021-{nfc}.xlsx")]);
    let sheets = sheet_names(&run.path(&format!("by-unit/2021-{nfc}.xlsx")));
    assert_eq!(sheets, ["项目甲", "项目乙", "项目甲-2", "_evalsheet"]);
    // By project: the two 项目甲 forms cannot share a name that looks the same: one is `-2`.
    let o = run.evalsheet(&["generate", "defs", "-o", "by-project"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(
        names(&run.path("by-project")),
        [
            format!("2021-项目乙-{nfc}.xlsx"),
            format!("2021-项目甲-{nfc}-2.xlsx"),
            format!("2021-项目甲-{nfc}.xlsx"),
        ]
    );
}

#[test]
fn a_definition_of_twenty_thousand_indicators_is_issued_and_read_back_whole() {
    let run = Run::new();
    let mut yaml = String::from(
        "year: 2021\nproject: 两万项指标\nunit: 支队\ncity_department: 局\nindicators:\n",
    );
    for n in 0..20_000 {
        yaml += &format!(
            "  - {{level1: 产出指标, level2: 数量指标, name: 指标{n}, target: \"{n} 起\"}}\n"
        );
    }
    let path = run.write("defs/big.yaml", &yaml);
    let loaded = evalsheet::load::load_file(&path).unwrap();
    assert_eq!(loaded[0].def.indicators.len(), 20_000);
    let o = run.evalsheet(&["generate", "defs", "-o", "out", "-q"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let o = run.evalsheet_env(
        &["import", "out", "--format", "json"],
        &[("EVALSHEET_READ_TIMEOUT_SECS", "300")],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let got: Vec<evalsheet::Definition> = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(got[0].indicators.len(), 20_000);
    assert_eq!(got[0].indicators[19_999].name, "指标19999");
}

#[test]
fn a_list_of_twenty_thousand_forms_loads() {
    let run = Run::new();
    let mut yaml = String::new();
    for n in 0..20_000 {
        yaml += &format!(
            "- {{year: 2021, project: \"项目{n:05}\", unit: \"支队{}\", funds: {{total: {{budget: 100.5}}}}, indicators: [{{level1: 产出指标, level2: 数量指标, name: 人数, target: \"{n} 人\"}}]}}\n",
            n % 8
        );
    }
    let path = run.write("list.yaml", &yaml);
    let t = std::time::Instant::now();
    let loaded = evalsheet::load::load_file(&path).unwrap();
    let took = t.elapsed();
    assert_eq!(loaded.len(), 20_000);
    assert_eq!(loaded[19_999].def.project, "项目19999");
    assert_eq!(loaded[19_999].from.item, Some(19_999));
    assert_eq!(
        loaded[19_999].def.funds.total.budget.unwrap().to_string(),
        "100.5"
    );
    eprintln!("20,000 forms loaded in {took:?}");
}

#[test]
fn an_alias_bomb_is_refused_and_nothing_is_written() {
    let run = Run::new();
    // Nine levels of nine aliases as the indicators, 9^9 nodes: refused as soon as it is
    // read, never expanded.
    let mut y = String::from("year: 2021\nproject: 甲\nindicators:\n  - &a0 [x,x,x,x,x,x,x,x,x]\n");
    for i in 1..9 {
        let p = i - 1;
        y += &format!("  - &a{i} [*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p}]\n");
    }
    run.write("defs/bomb.yaml", &y);
    let t = std::time::Instant::now();
    let o = run.evalsheet(&["generate", "defs", "-o", "out"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("defs/bomb.yaml 第 4 行"), "{}", o.stderr);
    assert!(!run.path("out").exists());
    // Refused at once, not after expanding a billion aliases; a Windows program under Wine
    // takes seconds more to start on a loaded machine.
    let bound = if target().is_wine() { 15 } else { 5 };
    assert!(t.elapsed().as_secs() < bound, "{:?}", t.elapsed());
    // A list of definitions repeating one form by alias beyond the bound is refused by the
    // bound (the library's unit test builds the full-size one).
    let mut y = String::from("- &f\n  year: 2021\n  project: 甲\n  indicators:\n");
    for n in 0..1000 {
        y += &format!("    - {{level1: 产出指标, name: 指标{n}}}\n");
    }
    y += &"- *f\n".repeat(300);
    let path = run.write("bomb2.yaml", &y);
    let e = evalsheet::load::load_file(&path).unwrap_err().to_string();
    assert!(
        e.contains("YAML 的别名（*名称）展开后超过 1000000 个节点，已拒绝读取"),
        "{e}"
    );
}

#[test]
fn json_amounts_may_be_numbers_and_stay_exact() {
    let run = Run::new();
    run.write(
        "defs/a.json",
        r#"{"year": 2021, "project": "甲", "unit": "乙", "funds": {"total": {"budget": 100, "executed": 100.50}, "city": {"budget": 0.30}}}"#,
    );
    let o = run.evalsheet(&["generate", "defs", "-o", "out"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let s = first_sheet(&run.path("out/2021-甲-乙.xlsx"));
    // 年度资金总额 A and B at D6 and E6; 市级资金 A at D8.
    assert_eq!(s.number(5, 3), Some(100.0));
    assert_eq!(s.number(5, 4), Some(100.5));
    assert_eq!(s.number(7, 3), Some(0.3));
    // Read back, the amounts are the same decimals.
    let o = run.evalsheet(&["import", "out"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stdout.contains("total: {budget: 100, executed: 100.5}"),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("city: {budget: 0.3}"), "{}", o.stdout);
}

#[test]
fn an_amount_a_cell_cannot_hold_is_refused_naming_file_definition_and_key() {
    let run = Run::new();
    run.write(
        "defs/a.yaml",
        "- {year: 2021, project: 甲, funds: {total: {budget: 100}}}\n\
         - {year: 2021, project: 乙, funds: {total: {budget: 100}, city: {budget: 1234567890123.456}}}\n",
    );
    let o = run.evalsheet(&["generate", "defs", "-o", "out"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.contains(
            "defs/a.yaml，第 2 个定义（乙）：funds.city.budget（市级资金 全年预算数（A））为 \
             1234567890123.456，有 16 位有效数字，超过了 Excel 单元格能精确保存的 15 位；\
             请减少小数位数。"
        ),
        "{}",
        o.stderr
    );
    assert!(!run.path("out").exists());
    // The same through check.
    let o = run.evalsheet(&["check", "defs"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.contains("funds.city.budget（市级资金"),
        "{}",
        o.stderr
    );
}

#[test]
fn old_mac_and_windows_line_endings_load_with_their_line_numbers() {
    let run = Run::new();
    let yaml =
        "# 说明\nyear: 2021\nproject: 甲\nunit: 乙\ngoal:\n  target: |\n    第一行\n    第二行\n";
    let lf = evalsheet::load::load_file(&run.write("lf.yaml", yaml)).unwrap();
    assert_eq!(lf[0].def.goal.target, "第一行\n第二行\n");
    for (name, eol) in [("cr", "\r"), ("crlf", "\r\n")] {
        let path = run.write(&format!("{name}/a.yaml"), &yaml.replace('\n', eol));
        assert_eq!(
            evalsheet::load::load_file(&path).unwrap()[0].def,
            lf[0].def,
            "{name}"
        );
        let out = format!("out-{name}");
        let o = run.evalsheet(&["generate", name, "-o", &out]);
        assert_eq!(o.code, 0, "{name}: {}", o.stderr);
        let o = run.evalsheet(&["import", &out]);
        assert!(
            o.stdout.contains("target: \"第一行\\n第二行\""),
            "{name}: {}",
            o.stdout
        );
        // A mistake on line 3 is reported on line 3.
        run.write(
            &format!("bad-{name}/a.yaml"),
            &"# 说明\nyear: 2021\nprojct: 甲\n".replace('\n', eol),
        );
        let o = run.evalsheet(&["generate", &format!("bad-{name}"), "-o", "never"]);
        assert_eq!(o.code, 2, "{name}");
        assert!(
            o.stderr.contains(&format!(
                "bad-{name}/a.yaml 第 3 行第 1 列：不认识的键 projct"
            )),
            "{name}: {}",
            o.stderr
        );
    }
    assert!(!run.path("never").exists());
}

#[test]
fn rollover_to_a_year_not_later_than_the_definitions_is_refused() {
    let run = Run::new();
    let ex = examples("2021");
    for year in ["2021", "2020"] {
        let o = run.evalsheet(&["rollover", &ex, "--year", year, "-o", "next"]);
        assert_eq!(o.code, 2, "{year}: {}", o.stderr);
        assert!(
            o.stderr.contains(&format!(
                "year（年度）为 2021，不早于 --year {year}：rollover 是用上一年度的定义生成\
                 下一年度的定义。"
            )),
            "{}",
            o.stderr
        );
        assert!(o.stderr.contains("……另有 3 个。"), "{}", o.stderr);
        assert!(
            o.stderr
                .contains("什么都没有写入；请给出晚于 2021 的 --year。"),
            "{}",
            o.stderr
        );
        assert!(!run.path("next").exists());
    }
    let o = run.evalsheet(&["rollover", &ex, "--year", "2022", "-o", "next"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(names(&run.path("next")).len(), 13);
}
