//! The page templates (minijinja, compiled into the binary) and the catalogue's words in them:
//! a template says `{{ t("web-app") }}` or `{{ t("web-year", year=year) }}`, rendered through
//! [`crate::i18n`] in the language the server speaks. Values are escaped for HTML unless marked
//! safe (the form's table and the forms table, which escape as they are drawn).

use std::sync::OnceLock;

use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, Error, ErrorKind};

use crate::i18n;

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("templates/base.html")),
    ("dashboard.html", include_str!("templates/dashboard.html")),
    ("form.html", include_str!("templates/form.html")),
    ("message.html", include_str!("templates/message.html")),
    ("login.html", include_str!("templates/login.html")),
    ("downloads.html", include_str!("templates/downloads.html")),
    ("links.html", include_str!("templates/links.html")),
    ("setup.html", include_str!("templates/setup.html")),
    ("rules.html", include_str!("templates/rules.html")),
    ("issue.html", include_str!("templates/issue.html")),
];

fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        for (name, source) in TEMPLATES {
            // The templates are part of the binary and tested: a broken one is a fault of
            // evalsheet, found by the test below, not at a user's request.
            let _ = env.add_template(name, source);
        }
        env.add_function("t", translate);
        env
    })
}

/// `t(id, name=value, …)`: a message of the catalogue.
fn translate(id: &str, kwargs: Kwargs) -> Result<String, Error> {
    let mut args: Vec<(String, i18n::Arg<'static>)> = Vec::new();
    for k in kwargs.args() {
        let v: Value = kwargs.get(k)?;
        let a = match v.as_i64() {
            Some(n) => i18n::arg(n),
            None => i18n::arg(v.to_string()),
        };
        args.push((k.to_string(), a));
    }
    kwargs.assert_all_used()?;
    let borrowed: Vec<(&str, i18n::Arg<'_>)> =
        args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    let text = i18n::text(id, &borrowed);
    if text == id {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("no message {id}"),
        ));
    }
    Ok(text)
}

/// Render a page; an error here is a fault of evalsheet (a template that does not render).
pub fn render(name: &str, ctx: Value) -> Result<String, String> {
    let env = env();
    let t = env.get_template(name).map_err(|e| e.to_string())?;
    t.render(ctx).map_err(|e| format!("{e:#}"))
}

/// The language tag of the pages (`zh-CN`, `en`).
pub fn lang() -> &'static str {
    i18n::current().tag()
}

#[cfg(test)]
mod tests {
    use super::*;
    use minijinja::context;

    #[test]
    fn every_template_compiles_and_speaks_chinese() {
        let env = env();
        for (name, _) in TEMPLATES {
            assert!(env.get_template(name).is_ok(), "{name}");
        }
        let html = render(
            "login.html",
            context! { lang => "zh-CN", password => true, csrf => "x", message => "<b>" },
        )
        .unwrap();
        assert!(html.contains("科室密码"), "{html}");
        assert!(html.contains("&lt;b&gt;"), "escaped: {html}");
    }

    #[test]
    fn a_missing_message_is_an_error_not_an_id_on_the_page() {
        let mut env = Environment::new();
        env.add_function("t", translate);
        env.add_template("x.html", "{{ t('web-no-such') }}")
            .unwrap();
        assert!(
            env.get_template("x.html")
                .unwrap()
                .render(context! {})
                .is_err()
        );
    }
}
