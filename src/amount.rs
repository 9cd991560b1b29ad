//! Exact amounts in 万元: parsing from text as people type it, the 执行率, and serde helpers
//! that never let an amount pass through a binary float.

use rust_decimal::{Decimal, RoundingStrategy};
use std::str::FromStr;

/// 执行率 = B / A, or `None` while A or B is blank or A is zero.
pub fn rate(budget: Option<Decimal>, executed: Option<Decimal>) -> Option<Decimal> {
    let a = budget?;
    let b = executed?;
    if a.is_zero() {
        return None;
    }
    b.checked_div(a)
}

/// Round half away from zero, as money and percentages are rounded on a form.
pub fn round(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// A rate as a percentage for people: `100%`, `98.33%`.
pub fn percent_text(rate: Decimal) -> String {
    let p = round(rate * Decimal::ONE_HUNDRED, 2).normalize();
    format!("{p}%")
}

/// Canonical text of an amount: no trailing zeros, no exponent (`273.89`, `500`).
pub fn text(d: Decimal) -> String {
    d.normalize().to_string()
}

/// Parse an amount as people type it into a form or a YAML file: `500`, `273.89`,
/// full-width digits `５００`, thousands separators `1,234.5`, a `万元`/`万`/`元` suffix is
/// *not* a unit conversion here: `156万元` is 156 (the form is in 万元). A trailing `%` gives
/// a fraction (`100%` → 1). Returns `None` for text that is not a number.
pub fn parse(text: &str) -> Option<Decimal> {
    let mut s: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' | '。' => '.',
            '－' | '−' => '-',
            '＋' => '+',
            '％' => '%',
            '，' | ',' | ' ' | '\u{3000}' | '\u{a0}' => '_', // separators, removed below
            _ => c,
        })
        .filter(|c| *c != '_')
        .collect();
    for suffix in ["万元", "万", "元"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.to_string();
            break;
        }
    }
    let (s, percent) = match s.strip_suffix('%') {
        Some(rest) => (rest.to_string(), true),
        None => (s, false),
    };
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '+')
    {
        return None;
    }
    let d = Decimal::from_str(&s).ok()?;
    if percent {
        d.checked_div(Decimal::ONE_HUNDRED)
    } else {
        Some(d)
    }
}

/// A number read from a spreadsheet cell (always an f64 there) as an exact decimal: the
/// shortest decimal that prints as the same float, so `273.89` stays `273.89`.
pub fn from_cell_f64(f: f64) -> Option<Decimal> {
    if !f.is_finite() {
        return None;
    }
    // Rust prints a float as the shortest decimal that reads back as the same float.
    Decimal::from_str(&f.to_string())
        .ok()
        .or_else(|| {
            use rust_decimal::prelude::FromPrimitive;
            Decimal::from_f64(f)
        })
        .map(|d| d.normalize())
}

/// A decimal as a spreadsheet number. Spreadsheet cells store IEEE doubles; this is the one
/// place an amount becomes a float, on its way into a cell.
pub fn to_cell_f64(d: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    f64::from_str(&text(d))
        .ok()
        .or_else(|| d.to_f64())
        .unwrap_or(0.0)
}

/// serde for `Option<Decimal>` fields: reads `273.89`, `"273.89"`, `~` and `""` (blank), writes
/// the canonical text.
pub mod serde_opt {
    use super::*;
    use serde::de::{self, Visitor};
    use serde::{Deserializer, Serializer};
    use std::fmt;

    pub fn serialize<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(d) => s.serialize_str(&text(*d)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        d.deserialize_option(OptVisitor)
    }

    struct OptVisitor;

    impl<'de> Visitor<'de> for OptVisitor {
        type Value = Option<Decimal>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an amount in 万元 such as 273.89, or nothing")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_str(StrVisitor)
        }
        // JSON input: numbers arrive as numbers; take their shortest text.
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            StrVisitor.visit_str(v)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(Decimal::from(v)))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(Decimal::from(v)))
        }
    }

    struct StrVisitor;

    impl<'de> Visitor<'de> for StrVisitor {
        type Value = Option<Decimal>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an amount in 万元 such as 273.89, or nothing")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            let t = v.trim();
            if t.is_empty() || t == "~" || t.eq_ignore_ascii_case("null") {
                return Ok(None);
            }
            match parse(t) {
                Some(d) if !t.ends_with('%') && !t.ends_with('％') => Ok(Some(d)),
                _ => Err(E::custom(format!(
                    "`{v}` is not an amount: expected a number of 万元 such as 273.89"
                ))),
            }
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(Decimal::from(v)))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(Decimal::from(v)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn parses_what_people_type() {
        assert_eq!(parse("500"), Some(d("500")));
        assert_eq!(parse(" 273.89 "), Some(d("273.89")));
        assert_eq!(parse("５００"), Some(d("500")));
        assert_eq!(parse("1,234.5"), Some(d("1234.5")));
        assert_eq!(parse("156万元"), Some(d("156")));
        assert_eq!(parse("54.6万"), Some(d("54.6")));
        assert_eq!(parse("100%"), Some(d("1")));
        assert_eq!(parse("98.5％"), Some(d("0.985")));
        assert_eq!(parse("已完成"), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse("1e5"), None);
    }

    #[test]
    fn rate_is_blank_without_a_or_b_or_with_zero_a() {
        assert_eq!(rate(Some(d("500")), Some(d("500"))), Some(d("1")));
        assert_eq!(rate(None, Some(d("5"))), None);
        assert_eq!(rate(Some(d("5")), None), None);
        assert_eq!(rate(Some(d("0")), Some(d("5"))), None);
        assert_eq!(percent_text(d("273.89") / d("300")), "91.3%");
        assert_eq!(percent_text(d("0.123456")), "12.35%");
    }

    #[test]
    fn cell_floats_come_back_exact() {
        for s in [
            "273.89",
            "54.6",
            "0.3",
            "252.72",
            "12345.6789",
            "4494932.446",
            "9999999999.9999",
        ] {
            let x = d(s);
            assert_eq!(from_cell_f64(to_cell_f64(x)), Some(x.normalize()));
        }
    }
}
