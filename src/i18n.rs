//! The message catalogue: every word a user sees, in Chinese (the default) and in English.
//!
//! Messages live in Fluent files, one set per language, compiled into the binary:
//! `locales/zh-CN/*.ftl` and `locales/en/*.ftl`, one file per area (`cli.ftl` for the command
//! line and its help, `errors.ftl`, `check.ftl`, …). A message has an id and named arguments:
//!
//! ```ftl
//! import-done = 已从 { $files } 个文件中读取 { $forms } 张自评表。
//! ```
//!
//! and is rendered with [`t!`](crate::t):
//!
//! ```
//! evalsheet::i18n::set(evalsheet::i18n::Lang::En);
//! let s = evalsheet::t!("test-greeting", name = "张三", count = 2);
//! assert_eq!(s, "Hello, 张三: 2 files.");
//! evalsheet::i18n::set(evalsheet::i18n::Lang::Zh);
//! assert_eq!(evalsheet::t!("test-greeting", name = "张三", count = 2), "张三，您好：2 个文件。");
//! ```
//!
//! Fluent (through fluent-templates) was chosen over rust-i18n because its messages carry their
//! own grammar — English plurals (`1 file`, `2 files`) and selections are written in the
//! catalogue, not in the code — and because it is what translators of other projects know.
//! Bidirectional isolation marks, which Fluent puts around arguments by default, are off: the
//! texts go to terminals, workbooks and JSON, not to mixed-direction HTML.
//!
//! The language is chosen once per process: `--lang` on the command line, else the locale
//! (`LC_ALL`, `LC_MESSAGES`, `LANG`: English when it starts with `en`), else Chinese.

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, Ordering};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "zh-CN",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// 简体中文, the default.
    Zh,
    /// English, for developers and for other tools.
    En,
}

impl Lang {
    /// The catalogue's name of the language.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// `zh`, `zh-CN`, `cn`, `en`, `en-US`… (case-insensitive); `None` for others.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        let s = s.split(['.', '@']).next().unwrap_or("");
        if s.starts_with("zh") || s == "cn" {
            Some(Lang::Zh)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    fn id(self) -> &'static unic_langid::LanguageIdentifier {
        static ZH: std::sync::OnceLock<unic_langid::LanguageIdentifier> =
            std::sync::OnceLock::new();
        static EN: std::sync::OnceLock<unic_langid::LanguageIdentifier> =
            std::sync::OnceLock::new();
        match self {
            Lang::Zh => ZH.get_or_init(|| unic_langid::langid!("zh-CN")),
            Lang::En => EN.get_or_init(|| unic_langid::langid!("en")),
        }
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

/// Speak `lang` from now on, in every thread.
pub fn set(lang: Lang) {
    CURRENT.store(
        match lang {
            Lang::Zh => 0,
            Lang::En => 1,
        },
        Ordering::Relaxed,
    );
}

/// The language spoken now.
pub fn current() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::En,
        _ => Lang::Zh,
    }
}

/// The language the environment asks for: the first of `LC_ALL`, `LC_MESSAGES` and `LANG`
/// that is set names it; Chinese when none names English (`C` and `POSIX` included: the
/// tool's users read Chinese).
pub fn from_env() -> Lang {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .and_then(|v| Lang::parse(&v))
        .unwrap_or(Lang::Zh)
}

/// An argument of a message.
pub type Arg<'a> = FluentValue<'a>;

/// The message `id` in the current language with its arguments. A message missing from the
/// catalogue (a fault of evalsheet, which the catalogue test rules out) is shown as its id.
pub fn text(id: &str, args: &[(&str, Arg<'_>)]) -> String {
    text_in(current(), id, args)
}

/// The message `id` in `lang`.
pub fn text_in(lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let found = if args.is_empty() {
        LOCALES.try_lookup(lang.id(), id)
    } else {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| (Cow::Owned((*k).to_string()), v.clone()))
            .collect();
        LOCALES.try_lookup_with_args(lang.id(), id, &map)
    };
    found.unwrap_or_else(|| id.to_string())
}

/// The message `id` without arguments in the current language, or `None` when the catalogue
/// has no such message (for texts looked up by a computed id, such as the help of an argument).
pub fn lookup(id: &str) -> Option<String> {
    lookup_in(current(), id)
}

/// The message `id` without arguments in `lang`, or `None`.
pub fn lookup_in(lang: Lang, id: &str) -> Option<String> {
    LOCALES.try_lookup(lang.id(), id)
}

/// A value for a message argument: text as it is, numbers as numbers (so that English plurals
/// can select on them).
pub fn arg<'a>(v: impl Into<Arg<'a>>) -> Arg<'a> {
    v.into()
}

/// A message of the catalogue in the current language: `t!("id")`, or with named arguments
/// `t!("id", file = path.display().to_string(), count = n)`.
#[macro_export]
macro_rules! t {
    ($id:literal) => {
        $crate::i18n::text($id, &[])
    };
    ($id:literal, $($k:ident = $v:expr),+ $(,)?) => {
        $crate::i18n::text($id, &[$((stringify!($k), $crate::i18n::arg($v))),+])
    };
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use fluent_syntax::ast;

    /// Every catalogue file of a language: (file name, text).
    fn files(lang: Lang) -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(lang.tag());
        let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read_to_string(&p).unwrap(),
                )
            })
            .collect();
        out.sort();
        out
    }

    /// Every message id of a language with the names of its arguments.
    pub(crate) fn messages(lang: Lang) -> Vec<(String, Vec<String>)> {
        let mut out = Vec::new();
        for (name, text) in files(lang) {
            let res = fluent_syntax::parser::parse(text.as_str())
                .unwrap_or_else(|(_, e)| panic!("{}/{name}: {e:?}", lang.tag()));
            for entry in res.body {
                if let ast::Entry::Message(m) = entry {
                    let mut vars = Vec::new();
                    if let Some(p) = &m.value {
                        pattern_vars(p, &mut vars);
                    }
                    vars.sort();
                    vars.dedup();
                    out.push((m.id.name.to_string(), vars));
                }
            }
        }
        out.sort();
        out
    }

    fn pattern_vars(p: &ast::Pattern<&str>, out: &mut Vec<String>) {
        for el in &p.elements {
            if let ast::PatternElement::Placeable { expression } = el {
                expression_vars(expression, out);
            }
        }
    }

    fn expression_vars(e: &ast::Expression<&str>, out: &mut Vec<String>) {
        match e {
            ast::Expression::Select { selector, variants } => {
                inline_vars(selector, out);
                for v in variants {
                    pattern_vars(&v.value, out);
                }
            }
            ast::Expression::Inline(i) => inline_vars(i, out),
        }
    }

    fn inline_vars(i: &ast::InlineExpression<&str>, out: &mut Vec<String>) {
        match i {
            ast::InlineExpression::VariableReference { id } => out.push(id.name.to_string()),
            ast::InlineExpression::Placeable { expression } => expression_vars(expression, out),
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    inline_vars(a, out);
                }
            }
            _ => {}
        }
    }

    /// A sample value for an argument: numbers for counts, text for the rest.
    pub(crate) fn sample(name: &str) -> Arg<'static> {
        let numeric = [
            "count",
            "n",
            "forms",
            "files",
            "year",
            "errors",
            "warnings",
            "line",
            "column",
            "rows",
            "cells",
            "mb",
            "seconds",
            "total",
            "done",
            "failed",
            "written",
            "skipped",
            "more",
            "units",
            "days",
            "versions",
            "max",
            "limit",
            "found",
            "issued",
            "received",
            "accepted",
            "returned",
            "missing",
            "findings",
            "indicators",
            "changes",
            "size",
            "port",
            "score",
            "weight",
        ];
        if numeric.contains(&name) || name.ends_with("_count") {
            FluentValue::from(3)
        } else {
            FluentValue::from(format!("〈{name}〉"))
        }
    }

    #[test]
    fn both_languages_have_the_same_messages_with_the_same_arguments() {
        let zh = messages(Lang::Zh);
        let en = messages(Lang::En);
        let ids =
            |v: &[(String, Vec<String>)]| v.iter().map(|(i, _)| i.clone()).collect::<Vec<_>>();
        let (zi, ei) = (ids(&zh), ids(&en));
        let only_zh: Vec<_> = zi.iter().filter(|i| !ei.contains(i)).collect();
        let only_en: Vec<_> = ei.iter().filter(|i| !zi.contains(i)).collect();
        assert!(
            only_zh.is_empty() && only_en.is_empty(),
            "only in zh-CN: {only_zh:?}; only in en: {only_en:?}"
        );
        for ((id, zv), (_, ev)) in zh.iter().zip(&en) {
            assert_eq!(zv, ev, "{id}: arguments differ between zh-CN and en");
        }
        assert!(!zh.is_empty());
    }

    #[test]
    fn every_message_renders_in_both_languages_with_its_arguments() {
        for lang in [Lang::Zh, Lang::En] {
            for (id, vars) in messages(lang) {
                let args: Vec<(&str, Arg)> = vars.iter().map(|v| (v.as_str(), sample(v))).collect();
                let s = text_in(lang, &id, &args);
                assert_ne!(s, id, "{}: {id} missing", lang.tag());
                assert!(
                    !s.contains("{$") && !s.contains("{ $"),
                    "{}: {id}: {s}",
                    lang.tag()
                );
                // A text argument shows in the message (a count may only select a wording).
                for v in &vars {
                    if !matches!(sample(v), FluentValue::Number(_)) {
                        assert!(s.contains(&format!("〈{v}〉")), "{}: {id}: {s}", lang.tag());
                    }
                }
                // No bidi isolation marks in the output.
                assert!(!s.contains('\u{2068}') && !s.contains('\u{2069}'), "{id}");
            }
        }
    }

    #[test]
    fn the_language_comes_from_the_flag_or_the_locale() {
        assert_eq!(Lang::parse("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("cn"), Some(Lang::Zh));
        assert_eq!(Lang::parse("C"), None);
        assert_eq!(Lang::parse("fr_FR"), None);
    }
}
