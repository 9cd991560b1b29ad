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
    let (s, percent) = number_text(text)?;
    let d = Decimal::from_str(&s).ok()?;
    if percent {
        d.checked_div(Decimal::ONE_HUNDRED)
    } else {
        Some(d)
    }
}

/// The plain number a text is written as, for [`parse`]: half-width digits without
/// separators or unit (`1234.5`), and whether it ended in `%`; `None` when it is not a number.
fn number_text(text: &str) -> Option<(String, bool)> {
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
    Some((s, percent))
}

/// The most significant digits an amount may have. A spreadsheet cell holds a number as an
/// IEEE double, which keeps every decimal of up to 15 significant digits exactly (and Excel
/// shows and edits no more than 15); a 16th digit may be changed on the way into the cell,
/// and a returned form would then differ from what was issued.
pub const MAX_SIGNIFICANT_DIGITS: u32 = 15;

/// How many significant digits an amount has: `273.89` 5, `0.30` 1, `500` 1, `12345` 5.
/// Zeros at either end do not count; zero has none.
pub fn significant_digits(d: Decimal) -> u32 {
    let mut m = d.mantissa().unsigned_abs();
    if m == 0 {
        return 0;
    }
    while m.is_multiple_of(10) {
        m /= 10;
    }
    let mut n = 0;
    while m > 0 {
        m /= 10;
        n += 1;
    }
    n
}

/// How many significant digits a number is written with: its digits (full-width ones too),
/// without the zeros at either end; `None` when the text has no digit. Compared with
/// [`significant_digits`] of what the text parsed to, it tells a number parsed exactly from
/// one that was rounded on the way (a decimal holds 28 digits).
pub fn written_digits(text: &str) -> Option<u32> {
    let mantissa = match text.find(['e', 'E']) {
        Some(i) => &text[..i],
        None => text,
    };
    let digits: Vec<char> = mantissa
        .chars()
        .filter(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    if digits.is_empty() {
        return None;
    }
    let s: String = digits.into_iter().collect();
    Some(s.trim_start_matches('0').trim_end_matches('0').len() as u32)
}

/// A number read from a spreadsheet cell (always an f64 there) as an exact decimal: the
/// shortest decimal that prints as the same float, so `273.89` stays `273.89`, to the 15
/// significant digits a cell shows ([`MAX_SIGNIFICANT_DIGITS`]), so that a sum a formula left
/// as `0.30000000000000004` reads as the `0.3` the cell shows. A decimal of at most 15
/// significant digits written with [`to_cell_f64`] reads back unchanged.
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
        .map(|d| {
            d.round_sf_with_strategy(
                MAX_SIGNIFICANT_DIGITS,
                RoundingStrategy::MidpointAwayFromZero,
            )
            .unwrap_or(d)
            .normalize()
        })
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
/// the canonical text. An amount never passes through binary floating point: YAML gives the
/// scalar's own text, and a JSON number is read from its own digits (`100`, `100.50`, `0.30`).
pub mod serde_opt {
    use super::*;
    use serde::de::{self, MapAccess, Visitor};
    use serde::{Deserializer, Serializer};
    use std::fmt;

    /// The name under which serde_json (feature `raw_value`) hands a visitor the raw text of a
    /// value: it is how `serde_json::value::RawValue` is read. Asking for it is how a JSON
    /// number's own digits reach [`deserialize`]: otherwise serde_json gives a number only as
    /// a u64, i64 or f64, and `0.30` or an amount of many digits would pass through binary
    /// floating point. Any other format (YAML) sees an ordinary newtype struct and gives the
    /// scalar's text. The name is serde_json's own and not public API: were it ever renamed,
    /// JSON numbers would be refused as "not an amount" — never rounded — and the tests of
    /// JSON amounts would fail.
    const JSON_RAW: &str = "$serde_json::private::RawValue";

    const EXPECTING: &str = "an amount in 万元 such as 273.89, or nothing";

    pub fn serialize<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(d) => s.serialize_str(&text(*d)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        d.deserialize_option(OptVisitor)
    }

    fn not_an_amount<E: de::Error>(v: &str) -> E {
        E::custom(format!(
            "`{v}` is not an amount: expected a number of 万元 such as 273.89"
        ))
    }

    fn too_many_digits<E: de::Error>(v: &str, digits: u32) -> E {
        E::custom(format!(
            "`{v}` has {digits} significant digits, more than the {MAX_SIGNIFICANT_DIGITS} an \
             Excel cell can hold exactly"
        ))
    }

    /// `parsed` from the text `v`, unless parsing rounded it (more digits than a decimal
    /// holds): then the amount is refused, never silently changed.
    fn exact<E: de::Error>(v: &str, parsed: Option<Decimal>) -> Result<Option<Decimal>, E> {
        let written = written_digits(v);
        match (parsed, written) {
            (Some(d), Some(n)) if n > significant_digits(d) => Err(too_many_digits(v, n)),
            (Some(d), _) => Ok(Some(d)),
            (None, Some(n)) if n > MAX_SIGNIFICANT_DIGITS => Err(too_many_digits(v, n)),
            (None, _) => Err(not_an_amount(v)),
        }
    }

    /// An amount from the text of a JSON number: its own digits, exactly (`1e2` too).
    fn json_number<E: de::Error>(raw: &str) -> Result<Option<Decimal>, E> {
        let t = raw.trim();
        let parsed = if t.contains(['e', 'E']) {
            Decimal::from_scientific(t).ok()
        } else {
            Decimal::from_str(t).ok()
        };
        exact(t, parsed)
    }

    struct OptVisitor;

    impl<'de> Visitor<'de> for OptVisitor {
        type Value = Option<Decimal>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(EXPECTING)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_newtype_struct(JSON_RAW, SourceVisitor)
        }
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

    /// A present value, as its source text: the raw JSON text from serde_json, the scalar
    /// from any other format.
    struct SourceVisitor;

    impl<'de> Visitor<'de> for SourceVisitor {
        type Value = Option<Decimal>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(EXPECTING)
        }
        // YAML (and any format but JSON): the scalar's own text.
        fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_str(StrVisitor)
        }
        // JSON: one entry, the value's raw text — a number's digits, or a quoted string.
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let key: Option<std::borrow::Cow<'de, str>> = map.next_key()?;
            if key.as_deref() != Some(JSON_RAW) {
                return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
            }
            let raw: std::borrow::Cow<'de, str> = map.next_value()?;
            let raw = raw.trim();
            if raw.starts_with('"') {
                let s: String = serde_json::from_str(raw).map_err(de::Error::custom)?;
                StrVisitor.visit_str(&s)
            } else if raw == "null" {
                Ok(None)
            } else if raw.starts_with(['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']) {
                json_number(raw)
            } else {
                Err(not_an_amount(raw))
            }
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            StrVisitor.visit_str(v)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(Decimal::from(v)))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(Decimal::from(v)))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }

    struct StrVisitor;

    impl<'de> Visitor<'de> for StrVisitor {
        type Value = Option<Decimal>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(EXPECTING)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            let t = v.trim();
            if t.is_empty() || t == "~" || t.eq_ignore_ascii_case("null") {
                return Ok(None);
            }
            if t.ends_with('%') || t.ends_with('％') {
                return Err(not_an_amount(v));
            }
            // Text that is not a number at all is "not an amount", however many digits.
            let Some((number, false)) = number_text(t) else {
                return Err(not_an_amount(v));
            };
            exact(t, Decimal::from_str(&number).ok())
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
    fn significant_digits_ignore_zeros_at_either_end() {
        assert_eq!(significant_digits(d("273.89")), 5);
        assert_eq!(significant_digits(d("0.30")), 1);
        assert_eq!(significant_digits(d("500")), 1);
        assert_eq!(significant_digits(d("100.50")), 4);
        assert_eq!(significant_digits(d("0")), 0);
        assert_eq!(significant_digits(d("-0.000123")), 3);
        assert_eq!(significant_digits(d("123456789012345")), 15);
        assert_eq!(significant_digits(d("1234567890123456")), 16);
        assert_eq!(significant_digits(d("12345678901234567.891")), 20);
    }

    #[test]
    fn cell_floats_read_as_the_cell_shows_them() {
        assert_eq!(from_cell_f64(0.1 + 0.2), Some(d("0.3")));
        assert_eq!(
            from_cell_f64(1.2345678901234568e28),
            Some(d("12345678901234600000000000000"))
        );
        assert_eq!(from_cell_f64(f64::NAN), None);
        // Every decimal of 15 significant digits comes back as it went in.
        for s in [
            "123456789012345",
            "0.123456789012345",
            "99999999999999.9",
            "1.00000000000001",
        ] {
            assert_eq!(
                from_cell_f64(to_cell_f64(d(s))),
                Some(d(s).normalize()),
                "{s}"
            );
        }
    }

    #[test]
    fn json_amounts_keep_their_digits() {
        #[derive(serde::Deserialize)]
        struct A {
            #[serde(default, with = "serde_opt")]
            v: Option<Decimal>,
        }
        let read = |json: &str| serde_json::from_str::<A>(json).map(|a| a.v.map(|d| d.to_string()));
        assert_eq!(read(r#"{"v": 100}"#).unwrap().as_deref(), Some("100"));
        assert_eq!(read(r#"{"v": 100.50}"#).unwrap().as_deref(), Some("100.50"));
        assert_eq!(read(r#"{"v": 0.30}"#).unwrap().as_deref(), Some("0.30"));
        assert_eq!(read(r#"{"v": -5}"#).unwrap().as_deref(), Some("-5"));
        assert_eq!(read(r#"{"v": 1.5e2}"#).unwrap().as_deref(), Some("150"));
        assert_eq!(
            read(r#"{"v": 12345678901234567.891}"#).unwrap().as_deref(),
            Some("12345678901234567.891")
        );
        assert_eq!(
            read(r#"{"v": "273.89"}"#).unwrap().as_deref(),
            Some("273.89")
        );
        assert_eq!(read(r#"{"v": "2\u0037"}"#).unwrap().as_deref(), Some("27"));
        assert_eq!(read(r#"{"v": null}"#).unwrap(), None);
        assert_eq!(read(r#"{"v": ""}"#).unwrap(), None);
        assert_eq!(read(r#"{}"#).unwrap(), None);
        for bad in [
            r#"{"v": true}"#,
            r#"{"v": [1]}"#,
            r#"{"v": {"a": 1}}"#,
            r#"{"v": "五百"}"#,
        ] {
            let e = read(bad).unwrap_err().to_string();
            assert!(
                e.contains("not an amount") || e.contains("invalid type"),
                "{bad}: {e}"
            );
        }
        // A JSON value read through serde_json::Value keeps them too (the stamp is read so).
        let v: serde_json::Value = serde_json::from_str(r#"{"v": "0.30"}"#).unwrap();
        let a: A = serde_json::from_value(v).unwrap();
        assert_eq!(a.v.unwrap().to_string(), "0.30");
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
