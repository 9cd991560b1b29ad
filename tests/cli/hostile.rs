//! Hostile, broken and huge inputs: every file gets one clear answer within a time and memory
//! bound, a batch with bad files still reads all the good ones, and nothing is lost or mixed.
//! The crafted workbooks are made here from good ones, a part of their zip rewritten.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::support::{Outcome, Run, examples, root};

/// A copy of the workbook `src` at `dst` with the zip part `part` passed through `f`.
pub(crate) fn rewrite_part(src: &Path, dst: &Path, part: &str, f: impl Fn(String) -> String) {
    let mut z = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let out = std::fs::File::create(dst).unwrap();
    let mut w = zip::ZipWriter::new(out);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..z.len() {
        let mut entry = z.by_index(i).unwrap();
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == part {
            bytes = f(String::from_utf8(bytes).unwrap()).into_bytes();
        }
        w.start_file(name, opts).unwrap();
        w.write_all(&bytes).unwrap();
    }
    w.finish().unwrap();
}

/// One issued-and-filled example form (the 2021 扫黑除恶 form), generated into the run's folder.
fn generated_form(run: &Run) -> PathBuf {
    let def = root().join("examples/2021/01-扫黑除恶专项斗争经费.yaml");
    let o = run.evalsheet(&["generate", def.to_str().unwrap(), "-o", "gen", "-q"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    crate::support::files(&run.path("gen")).remove(0)
}

/// Run evalsheet as the office would meet a bad file: under a 600 MB address-space limit,
/// timed; the answer must come within 20 s, exit 0 or 2, and carry no panic text.
fn bounded(run: &Run, args: &[&str]) -> Outcome {
    let start = Instant::now();
    let o = run.evalsheet_limited(args, 600);
    let took = start.elapsed();
    assert!(took < Duration::from_secs(20), "{args:?} took {took:?}");
    // check and diff say 1 for findings; import and collect answer 0 or 2.
    let findings = matches!(args.first(), Some(&"check") | Some(&"diff")) && o.code == 1;
    assert!(
        o.code == 0 || o.code == 2 || findings,
        "{args:?}: exit {}: {}",
        o.code,
        o.stderr
    );
    assert!(
        !o.stderr.contains("panicked") && !o.stderr.contains("RUST_BACKTRACE"),
        "{}",
        o.stderr
    );
    o
}

/// The YAML `import` writes for a workbook, without the source lines (they name the file).
fn imported_yaml(run: &Run, file: &str) -> String {
    let o = bounded(run, &["import", file]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    o.stdout
        .lines()
        .filter(|l| !l.contains("file:") && !l.contains("source:") && !l.contains("sheet:"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn merges_wider_than_the_sheet_are_clamped_and_answered_at_once() {
    let run = Run::new();
    let good = generated_form(&run);
    let want = imported_yaml(&run, good.to_str().unwrap());
    for (name, merge) in [
        ("wide.xlsx", r#"<mergeCell ref="A1:ZZZZZZ30"/>"#),
        ("wider.xlsx", r#"<mergeCell ref="A1:ZZZZZZZ4294967295"/>"#),
        ("whole.xlsx", r#"<mergeCell ref="A1:XFD1048576"/>"#),
        ("far.xlsx", r#"<mergeCell ref="XFA1048570:XFD1048576"/>"#),
    ] {
        let dst = run.path(name);
        // Put the merge in as the first of the sheet's merges.
        rewrite_part(&good, &dst, "xl/worksheets/sheet1.xml", |x| {
            let at = x.find("<mergeCell ").expect("merges");
            format!("{}{merge}{}", &x[..at], &x[at..])
        });
        let o = bounded(&run, &["import", name]);
        if o.code == 0 {
            // A merge that hides the form's labels is not one an office suite made: it is set
            // aside and the form reads as it was issued, nothing lost.
            let got: String = o
                .stdout
                .lines()
                .filter(|l| !l.contains("file:") && !l.contains("source:") && !l.contains("sheet:"))
                .collect::<Vec<_>>()
                .join("\n");
            assert_eq!(got, want, "{name}");
        } else {
            assert!(o.stderr.contains(name), "{}", o.stderr);
        }
    }
}

#[test]
fn an_ods_cell_spanning_four_billion_columns_is_answered_at_once() {
    let run = Run::new();
    let src = root().join("tests/fixtures/returned/filled.ods");
    let dst = run.path("spanned.ods");
    rewrite_part(&src, &dst, "content.xml", |x| {
        x.replacen(
            "table:number-columns-spanned=\"",
            "table:number-columns-spanned=\"4294967295\" table:x=\"",
            1,
        )
        .replacen(
            "table:number-rows-spanned=\"",
            "table:number-rows-spanned=\"4294967295\" table:y=\"",
            1,
        )
    });
    let o = bounded(&run, &["import", "spanned.ods"]);
    assert!(
        o.code == 0 || o.stderr.contains("spanned.ods"),
        "{}",
        o.stderr
    );
}

#[test]
fn cells_beyond_the_sheet_are_refused_and_far_cells_within_it_are_read() {
    let run = Run::new();
    let good = generated_form(&run);
    let add_cell = |name: &str, row: u64, col: &str| {
        let dst = run.path(name);
        rewrite_part(&good, &dst, "xl/worksheets/sheet1.xml", |x| {
            x.replace(
                "</sheetData>",
                &format!(r#"<row r="{row}"><c r="{col}{row}" t="inlineStr"><is><t>远处</t></is></c></row></sheetData>"#),
            )
        });
    };
    add_cell("beyond.xlsx", 1_048_577, "A");
    add_cell("within.xlsx", 1_048_576, "XFD");
    let o = bounded(&run, &["import", "beyond.xlsx"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("beyond.xlsx") && o.stderr.contains("超出了工作表的 1048576 行"),
        "{}",
        o.stderr
    );
    let o = bounded(&run, &["import", "within.xlsx"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("扫黑除恶专项斗争经费"), "{}", o.stdout);
}

#[test]
fn a_list_with_a_project_column_is_not_a_form() {
    let run = Run::new();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["项目资金名称", "实施单位", "全年预算数", "绩效指标"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..20u32 {
        ws.write_string(r, 0, format!("项目{r}")).unwrap();
        ws.write_string(r, 1, "某支队").unwrap();
        ws.write_number(r, 2, 100.0).unwrap();
    }
    wb.save(run.path("清单.xlsx")).unwrap();
    let o = bounded(&run, &["import", "清单.xlsx"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("它像是一份清单，不是项目支出绩效自评表"),
        "{}",
        o.stderr
    );
    assert!(!o.stdout.contains("year: 0"), "{}", o.stdout);
}

#[test]
fn a_form_without_its_year_is_refused_by_import_unless_given() {
    let run = Run::new();
    let src = root().join("tests/fixtures/handmade/offset.xlsx");
    rewrite_part(
        &src,
        &run.path("无年度.xlsx"),
        "xl/worksheets/sheet1.xml",
        |x| x.replace("2021年度", "年度"),
    );
    let o = bounded(&run, &["import", "无年度.xlsx"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("上没有写年度") && o.stderr.contains("--year"),
        "{}",
        o.stderr
    );
    let o = bounded(&run, &["import", "无年度.xlsx", "--year", "2021"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("year: 2021"), "{}", o.stdout);
}

#[test]
fn a_form_of_20050_indicators_comes_back_whole() {
    let run = Run::new();
    let (loaded, _) =
        evalsheet::load::load_all(&[root().join("examples/2021/01-扫黑除恶专项斗争经费.yaml")])
            .unwrap();
    let mut def = loaded[0].def.clone();
    let base = def.indicators.clone();
    def.indicators = (0..20_050)
        .map(|i| {
            let mut ind = base[i % base.len()].clone();
            ind.name = format!("{}{i}", ind.name);
            ind
        })
        .collect();
    def.note = "最后一行的说明".into();
    let path = run.path("long.xlsx");
    let bytes = evalsheet::generate::workbook_bytes(
        &path,
        &[(&def, "长表")],
        &evalsheet::generate::Options::default(),
    )
    .unwrap();
    std::fs::write(&path, bytes).unwrap();
    // An honest large form: the unoptimised build of the tests reads it in several seconds.
    let o = run.evalsheet_env(
        &["import", "long.xlsx", "--format", "json"],
        &[("EVALSHEET_READ_TIMEOUT_SECS", "300")],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let got: Vec<evalsheet::Definition> = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(got[0].indicators.len(), 20_050);
    assert_eq!(got[0].indicators[20_049].name, def.indicators[20_049].name);
    assert_eq!(got[0].note, "最后一行的说明");
}

#[test]
fn a_reader_that_runs_out_of_memory_costs_its_file_only() {
    let run = Run::new();
    let (loaded, _) = evalsheet::load::load_all(&[
        root().join("examples/2021/02-衡阳市公安局移动警务平台运行经费.yaml")
    ])
    .unwrap();
    let mut def = loaded[0].def.clone();
    let base = def.indicators.clone();
    def.indicators = (0..20_000).map(|i| base[i % base.len()].clone()).collect();
    let path = run.path("in/big.xlsx");
    std::fs::create_dir_all(run.path("in")).unwrap();
    let bytes = evalsheet::generate::workbook_bytes(
        &path,
        &[(&def, "大表")],
        &evalsheet::generate::Options::default(),
    )
    .unwrap();
    std::fs::write(&path, bytes).unwrap();
    generated_form(&run);
    for f in crate::support::files(&run.path("gen")) {
        std::fs::copy(&f, run.path("in").join(f.file_name().unwrap())).unwrap();
    }
    let o = run.evalsheet_env(
        &["import", "in", "-q"],
        &[
            ("EVALSHEET_READER_MEMORY_MB", "64"),
            ("EVALSHEET_READ_TIMEOUT_SECS", "300"),
        ],
    );
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.contains("big.xlsx") && o.stderr.contains("64 MB"),
        "{}",
        o.stderr
    );
    assert!(!o.stderr.contains("panicked"), "{}", o.stderr);
    assert!(
        o.stdout.contains("扫黑除恶专项斗争经费"),
        "the good form is still read: {}",
        o.stdout
    );
}

#[test]
fn text_in_an_amount_cell_is_reported_as_what_it_is() {
    let run = Run::new();
    let src = root().join("tests/fixtures/returned/filled.xlsx");
    // 全年执行数（B） of 年度资金总额 is E6 on the filled form.
    rewrite_part(
        &src,
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
    let o = bounded(&run, &["check", "约数.xlsx"]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(
        o.stdout.contains("!E6: funds.total.executed: error[not-a-number]: 年度资金总额的全年执行数（B）填的是“约200万”，不是数字"),
        "{}",
        o.stdout
    );
    assert!(
        !o.stdout
            .contains("funds.total.executed: error[required-blank]"),
        "{}",
        o.stdout
    );
}

#[test]
fn a_rate_cached_as_a_binary_float_agrees_with_b_over_a() {
    // 65.6 ÷ 100 cached by an office suite as the double 0.6559999999999999.
    let run = Run::new();
    let src = root().join("examples/2021/01-扫黑除恶专项斗争经费.yaml");
    let text = std::fs::read_to_string(src)
        .unwrap()
        .replace(
            "total: {budget: 500, executed: 500}",
            "total: {budget: 100, executed: 65.6}",
        )
        .replace("city: {budget: 500}", "city: {budget: 100, executed: 65.6}");
    assert!(text.contains("65.6"), "the example changed: {text}");
    run.write("d/rate.yaml", &text);
    let o = run.evalsheet(&["generate", "d", "-o", "g", "-q"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let g = crate::support::files(&run.path("g")).remove(0);
    rewrite_part(
        &g,
        &run.path("float.xlsx"),
        "xl/worksheets/sheet1.xml",
        |x| x.replace("<v>0.656</v>", "<v>0.6559999999999999</v>"),
    );
    assert!(
        crate::support::part(&run.path("float.xlsx"), "xl/worksheets/sheet1.xml")
            .contains("0.6559999999999999")
    );
    let o = bounded(&run, &["check", "float.xlsx"]);
    assert!(!o.stdout.contains("rate-mismatch"), "{}", o.stdout);
}

#[test]
fn collect_names_skipped_files_and_follows_links_once() {
    let run = Run::new();
    generated_form(&run);
    std::fs::create_dir_all(run.path("returns/.git")).unwrap();
    for f in crate::support::files(&run.path("gen")) {
        std::fs::copy(&f, run.path("returns").join(f.file_name().unwrap())).unwrap();
        std::fs::copy(&f, run.path("returns/.hidden.xlsx")).unwrap();
        std::fs::copy(&f, run.path("returns/~$lock.xlsx")).unwrap();
        std::fs::copy(&f, run.path("returns/.git/object.xlsx")).unwrap();
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink(run.path("returns"), run.path("returns/loop")).unwrap();
    let o = bounded(&run, &["collect", "returns", "-o", "s.xlsx"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stderr.contains("已汇总 1 个文件中的 1 张自评表"),
        "{}",
        o.stderr
    );
    let s = crate::support::read_sheet(&run.path("s.xlsx"), "未能读取");
    let rows: Vec<String> = (3..10)
        .map(|r| format!("{}|{}|{}", s.text(r, 1), s.text(r, 2), s.text(r, 3)))
        .collect();
    let listed = rows.join("\n");
    for (name, why) in [
        (".git", "隐藏的文件或文件夹"),
        (".hidden.xlsx", "隐藏的文件或文件夹"),
        ("~$lock.xlsx", "锁定文件"),
    ] {
        assert!(
            rows.iter()
                .any(|r| r.contains(name) && r.contains("已跳过") && r.contains(why)),
            "{name}: {listed}"
        );
    }
    #[cfg(unix)]
    assert!(
        rows.iter()
            .any(|r| r.contains("loop") && r.contains("已跳过")),
        "{listed}"
    );
    let summary = crate::support::read_sheet(&run.path("s.xlsx"), "汇总表");
    assert!(
        summary.text(1, 0).contains("跳过隐藏文件、锁定文件等"),
        "{}",
        summary.text(1, 0)
    );
}

#[test]
fn collect_of_many_copies_of_one_form_stays_linear() {
    let run = Run::new();
    let good = generated_form(&run);
    std::fs::create_dir_all(run.path("copies")).unwrap();
    for i in 0..400 {
        std::fs::copy(&good, run.path(&format!("copies/{i:04}.xlsx"))).unwrap();
    }
    let o = bounded(&run, &["collect", "copies", "-o", "s.xlsx"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let s = crate::support::read_sheet(&run.path("s.xlsx"), "汇总表");
    assert_eq!(
        s.text(3, 15),
        "与第 2、3、4、5、6 行等 399 行重复，合计中重复计算"
    );
    assert_eq!(
        s.text(402, 15),
        "与第 1、2、3、4、5 行等 399 行重复，合计中重复计算"
    );
}

#[test]
fn a_batch_of_bad_files_still_reads_every_good_one() {
    let run = Run::new();
    std::fs::create_dir_all(run.path("in")).unwrap();
    for f in crate::support::files(&root().join("tests/fixtures/bad")) {
        std::fs::copy(&f, run.path("in").join(f.file_name().unwrap())).unwrap();
    }
    let o = run.evalsheet(&["generate", &examples("2021"), "-o", "in", "-q"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let o = bounded(&run, &["import", "in", "-q", "--format", "json"]);
    assert_eq!(o.code, 2);
    let got: Vec<evalsheet::Definition> = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(got.len(), 13);
    let o = bounded(&run, &["collect", "in", "-o", "s.xlsx"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("已汇总 13 个文件中的 13 张自评表"),
        "{}",
        o.stderr
    );
    let s = crate::support::read_sheet(&run.path("s.xlsx"), "未能读取");
    let bad = crate::support::files(&root().join("tests/fixtures/bad"));
    for f in &bad {
        let name = f.file_name().unwrap().to_str().unwrap();
        assert!(
            (3..3 + bad.len() as u32).any(|r| s.text(r, 1).ends_with(name)),
            "{name} not listed"
        );
    }
}

#[test]
fn a_full_temporary_folder_is_an_answer_not_a_crash() {
    // An 8 KB file system as TMPDIR: needs root and a kernel that lets us mount one; where
    // that is not so, the test says it skips.
    let run = Run::new();
    let tiny = run.path("tiny");
    std::fs::create_dir_all(&tiny).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=8k", "tmpfs"])
        .arg(&tiny)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!(
            "SKIPPED a_full_temporary_folder_is_an_answer_not_a_crash: cannot mount a tmpfs here (not root?)"
        );
        return;
    }
    let o = run.evalsheet(&["generate", &examples("2021"), "-o", "in", "-q"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let tmp = tiny.to_str().unwrap();
    let collect = run.evalsheet_env(&["collect", "in", "-o", "s.xlsx"], &[("TMPDIR", tmp)]);
    let diff = run.evalsheet_env(
        &["diff", "in", "in", "--all", "--xlsx", "d.xlsx"],
        &[("TMPDIR", tmp)],
    );
    let _ = std::process::Command::new("umount").arg(&tiny).status();
    for (o, out) in [(collect, "s.xlsx"), (diff, "d.xlsx")] {
        // The report does not fit in 8 KB.
        assert_eq!(o.code, 2, "{}", o.stderr);
        assert!(o.stderr.contains("生成报告所需的临时文件"), "{}", o.stderr);
        assert!(!run.path(out).exists());
        assert!(!o.stderr.contains("panicked"), "{}", o.stderr);
    }
}

#[test]
fn every_file_the_fuzzer_found_is_answered_in_bounds() {
    // tests/fixtures/fuzz-crashes: each input that made the reader abort, panic or hang when
    // the fuzz harness (fuzz/) found it. Each now gets its answer within the bounds.
    let run = Run::new();
    let dir = root().join("tests/fixtures/fuzz-crashes");
    let mut files: Vec<PathBuf> = crate::support::files(&dir)
        .into_iter()
        .chain(crate::support::files(&dir.join("minimal")))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e != "py"))
        .collect();
    files.sort();
    assert!(files.len() >= 25, "{files:?}");
    for f in &files {
        let o = bounded(&run, &["import", f.to_str().unwrap(), "-q"]);
        if o.code == 2 {
            let name = f.file_name().unwrap().to_str().unwrap();
            assert!(o.stderr.contains(name), "{name}: {}", o.stderr);
        }
    }
    // And all together with good forms: the good ones are read.
    std::fs::create_dir_all(run.path("batch")).unwrap();
    for f in &files {
        std::fs::copy(f, run.path("batch").join(f.file_name().unwrap())).unwrap();
    }
    let o = run.evalsheet(&["generate", &examples("2021"), "-o", "batch", "-q"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let o = bounded(&run, &["collect", "batch", "-o", "s.xlsx"]);
    assert_eq!(
        o.code, 2,
        "some of the fuzzer's files are refused: {}",
        o.stderr
    );
    let s = crate::support::read_sheet(&run.path("s.xlsx"), "汇总表");
    let projects: Vec<String> = (3..60).map(|r| s.text(r, 2)).collect();
    let (examples, _) = evalsheet::load::load_all(&[root().join("examples/2021")]).unwrap();
    for l in &examples {
        assert!(
            projects.contains(&l.def.project),
            "{}: {projects:?}",
            l.def.project
        );
    }
}
