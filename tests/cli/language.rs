//! The language of what a user reads: a dozen failure paths of the commands, run in the default
//! locale (Chinese) and with `--lang en`. Several Chinese lines are asserted exactly; Chinese
//! output must hold no English sentence, and English output no untranslated Chinese message
//! (Chinese there only inside quotes, brackets, and the names of files and sheets).

use crate::support::*;

/// The file and sheet names of these runs, which may be Chinese in any language, and the
/// form's unit.
const NAMES: &[&str] = &[
    "万元",
    "约数.xlsx",
    "衡阳市公安局移动警务平台运行经费",
    "定义",
    "扫黑除恶专项斗争经费",
    "有组织犯罪侦查支队",
    "2021-扫黑除恶专项斗争经费-有组织犯罪侦查支队.xlsx",
];

/// A run of at least three English words (letters only, separated by spaces or punctuation)
/// in the text, outside anything that is not ASCII.
fn english_sentence(text: &str) -> Option<String> {
    for segment in text.split(|c: char| !c.is_ascii()) {
        let mut run: Vec<&str> = Vec::new();
        for token in segment.split_whitespace() {
            let word = token.trim_matches(|c: char| ",.;:!?()\"'".contains(c));
            if !word.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic()) {
                run.push(word);
                if run.len() >= 3 {
                    return Some(run.join(" "));
                }
            } else {
                run.clear();
            }
        }
    }
    None
}

/// Chinese outside quotes (“…” and "…"), brackets (（…） and (…)) and the known names.
fn untranslated_chinese(text: &str) -> Option<String> {
    let mut s = text.to_string();
    for n in NAMES {
        s = s.replace(n, "");
    }
    let mut out = String::new();
    let mut depth = 0i32;
    let mut in_quote = false;
    for c in s.chars() {
        match c {
            '“' | '（' | '(' => depth += 1,
            '”' | '）' | ')' => depth -= 1,
            '"' => in_quote = !in_quote,
            _ if depth <= 0 && !in_quote => out.push(c),
            _ => {}
        }
    }
    let chinese: String = out
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .collect();
    (!chinese.is_empty()).then_some(chinese)
}

/// The failure paths: the arguments of each run, in a run folder prepared by [`prepare`].
const PATHS: &[&[&str]] = &[
    &["generate", "nosuch", "-o", "out"],
    &["generate", "year.yaml", "-o", "out"],
    &["generate", "key.yaml", "-o", "out"],
    &["check", "amount.yaml"],
    &["import", "约数.xlsx", "--format", "json"],
    &["collect", "约数.xlsx", "-o", "summary.txt"],
    &["generate", "ok.yaml", "-o", "issued"],
    &["import", "random.xlsx"],
    &["import", "empty"],
    &["collect", "defs", "-o", "summary.xlsx"],
    &["rollover", "ok.yaml", "--year", "2020", "-o", "next"],
    &["diff", "ok.yaml", "nosuch"],
    &["check", "gbk.yaml"],
    &["new", "-o", "ok.yaml"],
    &["check", "tab.yaml"],
];

const OK_YAML: &str = "year: 2021\nproject: 扫黑除恶专项斗争经费\nunit: 有组织犯罪侦查支队\n";

fn prepare(run: &Run) {
    run.write("year.yaml", "year: 2022年\nproject: 甲\n");
    run.write("key.yaml", "year: 2022\nprojct: 甲\n");
    run.write(
        "amount.yaml",
        "year: 2022\nproject: 甲\nfunds:\n  total: {budget: 约400}\n",
    );
    run.write("ok.yaml", OK_YAML);
    run.write("defs/ok.yaml", OK_YAML);
    run.write("tab.yaml", "year: 2022\nproject: 甲\n\tunit: 乙\n");
    std::fs::write(run.path("gbk.yaml"), b"year: 2022\nproject: \xbc\xd7\n").unwrap();
    std::fs::write(run.path("random.xlsx"), [7u8, 1, 200, 3, 99, 42, 0, 17]).unwrap();
    std::fs::create_dir_all(run.path("empty")).unwrap();
    run.write("empty/readme.txt", "nothing here\n");
    // A returned form with 约200万 typed in an amount cell (E6, 年度资金总额 全年执行数).
    crate::hostile::rewrite_part(
        &root().join("tests/fixtures/returned/filled.xlsx"),
        &run.path("约数.xlsx"),
        "xl/worksheets/sheet1.xml",
        |x| {
            let at = x.find(r#"<c r="E6""#).expect("E6");
            let end = at + x[at..].find("</c>").expect("end of E6") + 4;
            format!(
                r#"{}<c r="E6" t="inlineStr"><is><t>约200万</t></is></c>{}"#,
                &x[..at],
                &x[end..]
            )
        },
    );
    // An issued workbook that is already there.
    let o = run.evalsheet(&["generate", "ok.yaml", "-o", "issued", "-q"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
}

/// Every failure path in one language: (arguments, standard error) of each.
fn run_all(lang: Option<&str>) -> Vec<(String, Outcome)> {
    let run = Run::new();
    prepare(&run);
    PATHS
        .iter()
        .map(|args| {
            let mut a: Vec<&str> = args.to_vec();
            if let Some(l) = lang {
                a.extend(["--lang", l]);
            }
            (args.join(" "), run.evalsheet(&a))
        })
        .collect()
}

#[test]
fn chinese_by_default_with_no_english_sentence() {
    let all = run_all(None);
    for (args, o) in &all {
        // The import of a form with a doubtful cell reads it, with a warning.
        let warned = args.starts_with("import 约数");
        assert_eq!(o.code == 0, warned, "{args}: exit {}\n{}", o.code, o.stderr);
        assert!(!o.stderr.is_empty(), "{args}: says nothing");
        for line in o.stderr.lines() {
            assert!(line.starts_with("evalsheet："), "{args}: {line}");
            if let Some(run) = english_sentence(line) {
                panic!("{args}: English in Chinese output ({run}): {line}");
            }
        }
    }
    let err = |args: &str| -> &str { &all.iter().find(|(a, _)| a == args).unwrap().1.stderr };
    assert_eq!(
        err("generate nosuch -o out"),
        "evalsheet：找不到 nosuch：没有这个文件或文件夹。请检查路径和文件名。\n"
    );
    assert_eq!(
        err("generate year.yaml -o out").lines().next().unwrap(),
        "evalsheet：year.yaml 第 1 行第 7 列：year（年度）应为四位数字的年份，如 2022，而不是“2022年”。"
    );
    assert_eq!(
        err("generate key.yaml -o out"),
        "evalsheet：key.yaml 第 2 行第 1 列：不认识的键 projct，是否应为 project（项目资金名称）？\n\
         evalsheet：1 个定义文件无法读取，什么都没有写入。请按上面的提示改正后再运行。\n"
    );
    assert_eq!(
        err("check amount.yaml"),
        "evalsheet：amount.yaml 第 4 行第 19 列：“约400”不是金额：budget（全年预算数）应为以万元为单位的\
         数字，如 273.89，不要写文字或单位。\n"
    );
    assert_eq!(
        err("import 约数.xlsx --format json")
            .lines()
            .next()
            .unwrap(),
        "evalsheet：约数.xlsx 工作表“衡阳市公安局移动警务平台运行经费”：E6 中的“约200万”不是金额\
         （年度资金总额 全年执行数（B）），请只填数字（单位：万元）。"
    );
    assert_eq!(
        err("collect 约数.xlsx -o summary.txt"),
        "evalsheet：summary.txt：不是 .xlsx 文件名；请给出以 .xlsx 结尾的汇总表文件名，如 -o 汇总表.xlsx。\n"
    );
    assert_eq!(
        err("generate ok.yaml -o issued"),
        "evalsheet：issued/2021-扫黑除恶专项斗争经费-有组织犯罪侦查支队.xlsx 已经存在；evalsheet 不会覆盖\
         已有的文件。要替换它，请加上 --force。\n\
         evalsheet：什么都没有写入；要替换已有的工作簿，请加上 --force。\n"
    );
    assert!(
        err("import random.xlsx").contains(
            "evalsheet：random.xlsx：不是工作簿（.xlsx、.xls 或 .ods）：内容不属于其中任何一种格式。\n\
             evalsheet：1 个文件无法读取。\n"
        ),
        "{}",
        err("import random.xlsx")
    );
    assert_eq!(
        err("import empty"),
        "evalsheet：文件夹 empty 中没有找到工作簿（.xlsx、.xlsm、.xls、.ods）。\n"
    );
    // A tab that indents a line is named on its own line (the parser names the line before).
    assert_eq!(
        err("check tab.yaml"),
        "evalsheet：tab.yaml 第 3 行第 1 列：这一行用了制表符（Tab）缩进；YAML 只能用空格缩进，\
         请把 Tab 换成空格。\n"
    );
}

#[test]
fn english_with_lang_en_and_no_untranslated_chinese() {
    for (args, o) in run_all(Some("en")) {
        assert!(!o.stderr.is_empty(), "{args}: says nothing");
        for line in o.stderr.lines() {
            assert!(line.starts_with("evalsheet: "), "{args}: {line}");
            if let Some(zh) = untranslated_chinese(line) {
                panic!("{args}: Chinese in English output ({zh}): {line}");
            }
        }
    }
}

#[test]
fn an_english_locale_speaks_english_and_the_flag_wins() {
    let run = Run::new();
    let o = run.evalsheet_env(
        &["generate", "nosuch", "-o", "out"],
        &[("LANG", "en_US.UTF-8")],
    );
    assert_eq!(
        o.stderr,
        "evalsheet: Cannot find nosuch: there is no such file or folder. Check the path and the \
         file name.\n"
    );
    let o = run.evalsheet_env(
        &["generate", "nosuch", "-o", "out", "--lang", "zh"],
        &[("LANG", "en_US.UTF-8")],
    );
    assert!(
        o.stderr.starts_with("evalsheet：找不到 nosuch"),
        "{}",
        o.stderr
    );
}

#[test]
fn the_language_checks_catch_what_they_are_for() {
    assert_eq!(
        english_sentence("evalsheet：a.yaml is not a text file"),
        Some("is not a".into())
    );
    assert_eq!(
        english_sentence("evalsheet：请加上 --force，如 -o out/汇总.xlsx"),
        None
    );
    assert_eq!(
        untranslated_chinese("evalsheet: sheet “表一”: 年度 is missing"),
        Some("年度".into())
    );
    assert_eq!(
        untranslated_chinese("evalsheet: year (年度) should be 2022, not \"2022年\""),
        None
    );
}

#[test]
fn collect_writes_an_english_workbook_with_lang_en() {
    let run = Run::new();
    let ex = examples("2022");
    let o = run.evalsheet(&["generate", &ex, "-o", "returns", "-q"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let o = run.evalsheet(&["collect", "returns", "-o", "summary.xlsx", "--lang", "en"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stderr
            .starts_with("Collected 13 form(s) from 13 file(s), "),
        "{}",
        o.stderr
    );
    let out = run.path("summary.xlsx");
    assert_eq!(sheet_names(&out), ["Summary", "Findings", "Unreadable"]);
    let s = read_sheet(&out, "Summary");
    assert_eq!(
        s.text(0, 0),
        "2022 project expenditure performance self-evaluation: summary"
    );
    assert_eq!(s.text(2, 0), "No.");
    assert_eq!(s.text(2, 3), "Budget (A)\n(10k yuan)");
    assert!(s.find("Total").is_some());
    let f = read_sheet(&out, "Findings");
    let heads: Vec<String> = (0..11).map(|c| f.text(2, c)).collect();
    assert_eq!(
        heads,
        [
            "No.",
            "Unit",
            "Project",
            "Source file",
            "Sheet",
            "Cell",
            "Field",
            "Severity",
            "Problem",
            "Field path",
            "Rule"
        ]
    );
    assert!(matches!(f.text(3, 7).as_str(), "error" | "warning"));
    assert!(part(&out, "xl/worksheets/sheet1.xml").contains("Page &amp;P of &amp;N"));
}

#[test]
fn diff_writes_an_english_workbook_with_lang_en() {
    let run = Run::new();
    let (old, new) = (examples("2021"), examples("2022"));
    let o = run.evalsheet(&[
        "diff",
        &old,
        &new,
        "--xlsx",
        "report.xlsx",
        "--lang",
        "en",
        "-q",
    ]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert_eq!(o.stderr, "", "-q says nothing");
    let out = run.path("report.xlsx");
    assert_eq!(sheet_names(&out), ["Summary", "Changes"]);
    let c = read_sheet(&out, "Changes");
    assert_eq!(
        c.text(0, 0),
        "Self-evaluation forms, year over year: Changes"
    );
    assert_eq!(c.text(2, 6), "Comparison (red deleted, green inserted)");
    assert_eq!(c.text(3, 4), "changed");
    let s = read_sheet(&out, "Summary");
    assert!(s.find("unchanged").is_some());
}

/// Chinese in a finding's text outside quotes (“…”, taken whole first: a quoted text may hold
/// a bracket) and brackets, but for the unit 万元.
fn chinese_outside_quotes(message: &str) -> Option<String> {
    let mut out = String::new();
    let mut quoted = false;
    for c in message.chars() {
        match c {
            '“' => quoted = true,
            '”' => quoted = false,
            _ if !quoted => out.push(c),
            _ => {}
        }
    }
    let mut plain = String::new();
    let mut depth = 0i32;
    for c in out.replace("万元", "").chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth -= 1,
            _ if depth <= 0 => plain.push(c),
            _ => {}
        }
    }
    let zh: String = plain
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .collect();
    (!zh.is_empty()).then_some(zh)
}

#[test]
fn every_finding_of_the_examples_and_fixtures_is_english_with_lang_en() {
    let run = Run::new();
    let r = root();
    let inputs: Vec<String> = [
        "tests/fixtures/returned",
        "tests/fixtures/handmade",
        "examples/2022",
        "examples/2021",
        "examples/2021-mof",
    ]
    .iter()
    .map(|p| r.join(p).display().to_string())
    .collect();
    let mut args: Vec<&str> = vec!["check"];
    args.extend(inputs.iter().map(String::as_str));
    args.extend(["--format", "json", "--lang", "en"]);
    let o = run.evalsheet(&args);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("JSON");
    let findings = v.as_array().unwrap();
    let mut rules = std::collections::BTreeSet::new();
    for f in findings {
        let m = f["message"].as_str().unwrap();
        rules.insert(f["rule"].as_str().unwrap().to_string());
        if let Some(zh) = chinese_outside_quotes(m) {
            panic!("{}: Chinese in English ({zh}): {m}", f["rule"]);
        }
        let words = m
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() > 1)
            .count();
        assert!(words >= 2, "not English: {m}");
    }
    // The built-in rules these files break, in code and in rules/default.yaml.
    assert!(rules.len() >= 16, "{rules:?}");
    // The same files in Chinese: the same findings, worded as before.
    let zh: Vec<&str> = args
        .iter()
        .copied()
        .filter(|a| *a != "--lang" && *a != "en")
        .collect();
    let o = run.evalsheet(&zh);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("JSON");
    assert_eq!(v.as_array().unwrap().len(), findings.len());
    assert!(
        o.stdout.contains("成本指标“成本控制”的年度指标值“专项投入控制 450 万”写的是 450 万元，与年度资金总额的全年预算数（A）405 万元不一致。"),
        "{}",
        o.stdout
    );
}

#[test]
fn the_diff_report_is_english_with_lang_en() {
    let run = Run::new();
    let o = run.evalsheet(&["diff", &examples("2021"), &examples("2022"), "--lang", "en"]);
    assert_eq!(o.code, 1, "changes found: {}", o.stderr);
    let lines: Vec<&str> = o.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "evalsheet diff: year against year (what the units fill in is not compared; --all compares it)"
    );
    assert!(lines[1].starts_with("Old: ") && lines[1].ends_with(" (2021, 13 projects)"));
    assert_eq!(
        lines[3],
        "Projects: 12 matched (1 renamed), 1 added, 1 removed; 40 changes in all."
    );
    assert!(o.stdout.contains(
        "  ~ 年度资金总额 全年预算数: 500 → 400 万元 (-100 万元, -20%)  (funds.total.budget)\n"
    ));
    assert!(
        o.stdout
            .contains("特巡警支队伙食补助经费（特巡警支队）: 1 change\n")
    );
    assert!(o.stdout.contains(
        "Projects removed (1)\n  - 被拘留人员给养费（拘留所）: budget 35 万元, 7 indicators\n"
    ));
}
