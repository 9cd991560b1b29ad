//! The expression language of the rules: rhai, computing with exact decimals.
//!
//! rhai is built with `decimal` and `no_float`: every number in a rule, `0.9` as much as the
//! form's amounts, is a `rust_decimal::Decimal`, so `0.1 + 0.2 == 0.3` holds and amounts compare
//! exactly. Rules are compiled as expressions (no statements, no `let`, no functions of their
//! own); `while`, `loop`, `for`, `do` and `eval` are switched off, each evaluation may take at
//! most [`MAX_OPERATIONS`] steps, and the engine has no file system, module or print
//! functions. A rule therefore cannot loop forever, read or write a file, or print.
//!
//! Before any form is read, each expression is checked: names must be fields of the rule's
//! scope ([`super::fields`]), functions must be known, and the types must agree (a text is not
//! compared with an amount) — [`compile`] reports each mistake with its position.

use rhai::{AST, Dynamic, Engine, Expr, ImmutableString, Position, Scope, Stmt};
use rust_decimal::Decimal;
use std::sync::OnceLock;

use super::fields::{self, Field, Kind, Ty, Value};

/// How many steps one evaluation of an expression may take.
pub const MAX_OPERATIONS: u64 = 100_000;

/// The engine all rules run on.
pub fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| {
        use rhai::packages::Package;
        let mut e = Engine::new_raw();
        e.register_global_module(rhai::packages::StandardPackage::new().as_shared_module());
        for s in [
            "while", "loop", "for", "do", "eval", "Fn", "call", "curry", "print", "debug",
        ] {
            e.disable_symbol(s);
        }
        e.set_max_operations(MAX_OPERATIONS)
            .set_max_expr_depths(64)
            .set_max_string_size(100_000)
            .set_max_array_size(10_000)
            .set_max_map_size(10_000)
            .set_strict_variables(true)
            .set_optimization_level(rhai::OptimizationLevel::None);
        register(&mut e);
        e
    })
}

/// The functions a rule may call, with the types of their arguments and result: the Chinese
/// name and the English one.
pub const FUNCTIONS: &[(&str, &str, &[Ty], Ty)] = &[
    ("长度", "length", &[Ty::Text], Ty::Num),
    ("数额", "amount_in", &[Ty::Text], Ty::Num),
    ("数字", "number_in", &[Ty::Text], Ty::Num),
    ("包含", "contains", &[Ty::Text, Ty::Text], Ty::Bool),
    ("较小", "min", &[Ty::Num, Ty::Num], Ty::Num),
    ("较大", "max", &[Ty::Num, Ty::Num], Ty::Num),
    ("绝对值", "abs", &[Ty::Num], Ty::Num),
    ("四舍五入", "round", &[Ty::Num, Ty::Num], Ty::Num),
    ("是数字", "is_number", &[Ty::Text], Ty::Bool),
];

/// `空(x)` / `blank(x)` and `已填(x)` / `filled(x)` take a value of any type.
const ANY_FUNCTIONS: &[&str] = &["空", "blank", "已填", "filled"];

fn register(e: &mut Engine) {
    fn length(s: ImmutableString) -> Decimal {
        Decimal::from(s.chars().filter(|c| !c.is_whitespace()).count())
    }
    fn amount_in(s: ImmutableString) -> Dynamic {
        crate::wording::quoted_amounts(&s)
            .first()
            .map_or(Dynamic::UNIT, |d| Dynamic::from_decimal(*d))
    }
    fn number_in(s: ImmutableString) -> Dynamic {
        first_number(&s).map_or(Dynamic::UNIT, Dynamic::from_decimal)
    }
    fn blank(v: Dynamic) -> bool {
        v.is_unit()
            || v.clone()
                .into_immutable_string()
                .is_ok_and(|s| s.trim().is_empty())
    }
    fn contains(a: ImmutableString, b: ImmutableString) -> bool {
        a.contains(b.as_str())
    }
    fn round(d: Decimal, dp: Decimal) -> Decimal {
        let dp = u32::try_from(dp.trunc().mantissa()).unwrap_or(0).min(20);
        crate::amount::round(d, dp)
    }
    for n in ["是数字", "is_number"] {
        e.register_fn(n, |s: ImmutableString| {
            crate::wording::bare_number(&s).is_some()
        });
    }
    for n in ["长度", "length"] {
        e.register_fn(n, length);
    }
    for n in ["数额", "amount_in"] {
        e.register_fn(n, amount_in);
    }
    for n in ["数字", "number_in"] {
        e.register_fn(n, number_in);
    }
    for n in ["空", "blank"] {
        e.register_fn(n, blank);
    }
    for n in ["已填", "filled"] {
        e.register_fn(n, |v: Dynamic| !blank(v));
    }
    for n in ["包含", "contains"] {
        e.register_fn(n, contains);
    }
    for n in ["较小", "min"] {
        e.register_fn(n, |a: Decimal, b: Decimal| a.min(b));
    }
    for n in ["较大", "max"] {
        e.register_fn(n, |a: Decimal, b: Decimal| a.max(b));
    }
    for n in ["绝对值", "abs"] {
        e.register_fn(n, |a: Decimal| a.abs());
    }
    for n in ["四舍五入", "round"] {
        e.register_fn(n, round);
        e.register_fn(n, |d: Decimal, dp: rhai::INT| {
            crate::amount::round(d, u32::try_from(dp).unwrap_or(0).min(20))
        });
    }
}

/// The first number in a text (`≥95%` → 95, `１２０ 人` → 120, `1,200 万` → 1200).
pub fn first_number(text: &str) -> Option<Decimal> {
    fn half(c: char) -> char {
        match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '，' => ',',
            c => c,
        }
    }
    let mut it = text.chars().map(half).peekable();
    let mut before = ' ';
    while let Some(&c) = it.peek() {
        if c.is_ascii_digit() {
            break;
        }
        before = c;
        it.next();
    }
    let mut s = String::with_capacity(16);
    while let Some(c) = it.next() {
        let next_digit = it.peek().is_some_and(char::is_ascii_digit);
        if c.is_ascii_digit() || (c == '.' && next_digit && !s.contains('.')) {
            s.push(c);
        } else if c != ',' || !next_digit {
            break;
        }
    }
    let d: Decimal = s.parse().ok()?;
    Some(if matches!(before, '-' | '－') { -d } else { d })
}

/// A mistake in an expression: what, and where in it (1-based line and column of the
/// expression's own text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mistake {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Mistake {
    fn at(pos: Position, message: String) -> Mistake {
        Mistake {
            line: pos.line().unwrap_or(1),
            column: pos.position().unwrap_or(1),
            message,
        }
    }
}

/// An expression, compiled and checked.
#[derive(Debug, Clone)]
pub struct Compiled {
    pub source: String,
    ast: AST,
    /// The names it uses, as written (after dots became underscores), with their fields.
    pub names: Vec<(String, &'static Field)>,
    /// Its type, when known.
    pub ty: Option<Ty>,
}

/// The names usable in a rule of this scope, each with a dummy value of its type, for
/// compiling with strict variables.
fn compile_scope(kind: Kind) -> &'static Scope<'static> {
    static SCOPES: OnceLock<[Scope<'static>; 3]> = OnceLock::new();
    let all = SCOPES.get_or_init(|| {
        [Kind::Form, Kind::Line, Kind::Indicator].map(|k| {
            let mut s = Scope::new();
            let c = fields::catalogue();
            for (name, &i) in &c.by_name {
                let f = &c.fields[i];
                if usable(f, k) && !name.contains('.') {
                    s.push(name.clone(), dummy(f.ty));
                }
            }
            s
        })
    });
    &all[kind as usize]
}

/// Whether a field can be used in a rule of this scope.
pub fn usable(f: &Field, scope: Kind) -> bool {
    match f.kind {
        Kind::Form | Kind::Line => true,
        Kind::Indicator => scope == Kind::Indicator,
    }
}

fn dummy(ty: Ty) -> Dynamic {
    match ty {
        Ty::Num => Dynamic::from_decimal(Decimal::ZERO),
        Ty::Text => Dynamic::from(ImmutableString::new()),
        Ty::Bool => Dynamic::FALSE,
    }
}

/// Dotted field names (`funds.total.rate`) become one identifier (`funds_total_rate`),
/// outside string literals; the text keeps its length, so positions stay true. A dotted name
/// that is no field is a mistake.
fn undot(src: &str) -> Result<String, Mistake> {
    let cs: Vec<char> = src.chars().collect();
    let mut out = cs.clone();
    let (mut line, mut col) = (1usize, 1usize);
    let mut quote: Option<char> = None;
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        if let Some(q) = quote {
            if c == '\\' {
                i += 1;
                col += 1;
            } else if c == q {
                quote = None;
            }
        } else if matches!(c, '"' | '`' | '\'') {
            quote = Some(c);
        } else if c.is_ascii_alphabetic() && (i == 0 || !is_ident(cs[i - 1])) {
            let start = i;
            let mut j = i;
            while j < cs.len()
                && (is_ident(cs[j])
                    || (cs[j] == '.' && cs.get(j + 1).is_some_and(char::is_ascii_alphabetic)))
            {
                j += 1;
            }
            let word: String = cs[start..j].iter().collect();
            if word.contains('.') {
                let head = word.split('.').next().unwrap_or("");
                let is_path = matches!(head, "funds" | "goal" | "indicators");
                // `说明.len()`-style method calls are left alone: only field paths are joined.
                let method = cs.get(j) == Some(&'(');
                if fields::lookup(&word).is_some() && !method {
                    for c in &mut out[start..j] {
                        if *c == '.' {
                            *c = '_';
                        }
                    }
                } else if is_path && !method {
                    return Err(Mistake {
                        line,
                        column: col,
                        message: unknown_name(&word, None),
                    });
                }
            }
            col += j - i;
            i = j;
            continue;
        }
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
        i += 1;
    }
    Ok(out.into_iter().collect())
}

fn is_ident(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// The message for a name that is no field, with the nearest name and its label.
pub fn unknown_name(name: &str, scope: Option<Kind>) -> String {
    if let (Some(f), Some(k)) = (fields::lookup(name), scope)
        && !usable(f, k)
    {
        return crate::t!("rules-field-wrong-scope", name = name);
    }
    match nearest_name(name) {
        Some(f) => crate::t!(
            "rules-field-unknown-suggest",
            name = name,
            key = f.key.clone(),
            label = f.label.clone()
        ),
        None => crate::t!("rules-field-unknown", name = name),
    }
}

/// The field whose name is nearest to `name` (edit distance at most half the name).
pub fn nearest_name(name: &str) -> Option<&'static Field> {
    // Ties go to a field's own key or label before an alias, then to the first in order.
    let mut best: Option<(usize, bool, &str)> = None;
    let n = name.chars().count();
    for cand in fields::names() {
        let d = strsim::levenshtein(name, cand);
        let alias = fields::lookup(cand)
            .is_some_and(|f| f.label != cand && f.key != cand && f.ident() != cand);
        let key = (d, alias, cand);
        if d * 2 <= n.max(cand.chars().count()) && best.is_none_or(|b| key < b) {
            best = Some(key);
        }
    }
    best.and_then(|(_, _, c)| fields::lookup(c))
}

/// Compile and check an expression of a rule of scope `kind`.
pub fn compile(src: &str, kind: Kind) -> Result<Compiled, Mistake> {
    let text = undot(src)?;
    let e = engine();
    let ast = e
        .compile_expression_with_scope(compile_scope(kind), &text)
        .map_err(|err| Mistake::at(err.1, parse_message(&err.0, kind)))?;
    let mut names: Vec<(String, &'static Field)> = Vec::new();
    ast.walk(&mut |path: &[rhai::ASTNode]| {
        if let Some(rhai::ASTNode::Expr(Expr::Variable(x, _, _))) = path.last() {
            let name = x.1.to_string();
            if let Some(f) = fields::lookup(&name)
                && !names.iter().any(|(n, _)| *n == name)
            {
                names.push((name, f));
            }
        }
        true
    });
    let mut ty = None;
    for stmt in ast.statements() {
        ty = stmt_type(stmt)?;
    }
    Ok(Compiled {
        source: src.to_string(),
        ast,
        names,
        ty,
    })
}

fn parse_message(err: &rhai::ParseErrorType, kind: Kind) -> String {
    use rhai::ParseErrorType as P;
    match err {
        P::VariableUndefined(name) => unknown_name(name, Some(kind)),
        P::Reserved(word) if matches!(word.as_str(), "while" | "loop" | "for" | "do") => {
            crate::t!("rules-loop", word = word.clone())
        }
        P::Reserved(word) => crate::t!("rules-reserved", word = word.clone()),
        other => crate::t!("rules-syntax", message = other.to_string()),
    }
}

/// The type of an expression, or the first type mistake in it.
fn infer(x: &Expr) -> Result<Option<Ty>, Mistake> {
    Ok(match x {
        Expr::DynamicConstant(d, _) => {
            if d.is::<Decimal>() || d.is_int() {
                Some(Ty::Num)
            } else if d.is_string() || d.is_char() {
                Some(Ty::Text)
            } else if d.is_bool() {
                Some(Ty::Bool)
            } else {
                None
            }
        }
        Expr::BoolConstant(..) => Some(Ty::Bool),
        Expr::IntegerConstant(..) => Some(Ty::Num),
        Expr::StringConstant(..) | Expr::CharConstant(..) => Some(Ty::Text),
        Expr::InterpolatedString(parts, _) => {
            for p in parts {
                infer(p)?;
            }
            Some(Ty::Text)
        }
        Expr::Variable(x, _, _) => fields::lookup(&x.1).map(|f| f.ty),
        Expr::And(list, _) | Expr::Or(list, _) => {
            for e in list.iter() {
                if let Some(t) = infer(e)?
                    && t != Ty::Bool
                {
                    return Err(Mistake::at(
                        e.start_position(),
                        crate::t!("rules-type-not-bool", found = t.words()),
                    ));
                }
            }
            Some(Ty::Bool)
        }
        Expr::Coalesce(list, _) => match list.first() {
            Some(e) => infer(e)?,
            None => None,
        },
        Expr::FnCall(f, pos) => call(&f.name, &f.args.iter().collect::<Vec<_>>(), *pos)?,
        Expr::Dot(b, _, pos) => match &b.rhs {
            Expr::MethodCall(f, _) => {
                let mut args = vec![&b.lhs];
                args.extend(f.args.iter());
                call(&f.name, &args, *pos)?
            }
            _ => {
                return Err(Mistake::at(
                    *pos,
                    crate::t!("rules-syntax", message = "a.b"),
                ));
            }
        },
        Expr::Stmt(block) => block_type(block)?,
        Expr::Unit(_) => None,
        _ => None,
    })
}

/// The type of a block (`if` … `{ … } else { … }` in an expression): its last statement's.
fn block_type(block: &rhai::StmtBlock) -> Result<Option<Ty>, Mistake> {
    let mut ty = None;
    for st in block.iter() {
        ty = stmt_type(st)?;
    }
    Ok(ty)
}

/// The type of a statement: an expression's, or an `if`'s — its condition must be a yes/no
/// judgement and its two branches of one type.
fn stmt_type(st: &Stmt) -> Result<Option<Ty>, Mistake> {
    match st {
        Stmt::Expr(x) => infer(x),
        Stmt::If(flow, pos) => {
            if let Some(t) = infer(&flow.expr)?
                && t != Ty::Bool
            {
                return Err(Mistake::at(
                    flow.expr.start_position(),
                    crate::t!("rules-type-not-bool", found = t.words()),
                ));
            }
            match (block_type(&flow.body)?, block_type(&flow.branch)?) {
                (Some(a), Some(b)) if a != b => Err(Mistake::at(
                    *pos,
                    crate::t!("rules-type-branches", a = a.words(), b = b.words()),
                )),
                (Some(a), _) | (None, Some(a)) => Ok(Some(a)),
                (None, None) => Ok(None),
            }
        }
        _ => Ok(None),
    }
}

/// The type of an operator or a function call, checking its arguments.
fn call(name: &str, args: &[&Expr], pos: Position) -> Result<Option<Ty>, Mistake> {
    let mut tys = Vec::with_capacity(args.len());
    for a in args {
        tys.push(infer(a)?);
    }
    let mismatch = |a: Ty, b: Ty| {
        Mistake::at(
            pos,
            crate::t!(
                "rules-type-mismatch",
                op = name,
                left = a.words(),
                right = b.words()
            ),
        )
    };
    let two = |tys: &[Option<Ty>]| match tys {
        [Some(a), Some(b)] => Some((*a, *b)),
        _ => None,
    };
    Ok(match name {
        "==" | "!=" | "<" | ">" | "<=" | ">=" => {
            if let Some((a, b)) = two(&tys)
                && a != b
            {
                return Err(mismatch(a, b));
            }
            if let Some((a, _)) = two(&tys)
                && a == Ty::Bool
                && !matches!(name, "==" | "!=")
            {
                return Err(mismatch(a, a));
            }
            Some(Ty::Bool)
        }
        "+" if args.len() == 2 => match two(&tys) {
            Some((a, b)) if a != b || a == Ty::Bool => return Err(mismatch(a, b)),
            Some((a, _)) => Some(a),
            None => None,
        },
        "-" | "*" | "/" | "%" | "**" | "+" => {
            for t in tys.iter().flatten() {
                if *t != Ty::Num {
                    return Err(mismatch(*t, Ty::Num));
                }
            }
            Some(Ty::Num)
        }
        "!" => {
            if let [Some(t)] = tys.as_slice()
                && *t != Ty::Bool
            {
                return Err(Mistake::at(
                    pos,
                    crate::t!("rules-type-not-bool", found = t.words()),
                ));
            }
            Some(Ty::Bool)
        }
        n if ANY_FUNCTIONS.contains(&n) => {
            if args.len() != 1 {
                return Err(arity(n, 1, args.len(), pos));
            }
            Some(Ty::Bool)
        }
        n => {
            let n = match n {
                "len" => "length",
                other => other,
            };
            let Some((_, _, want, result)) =
                FUNCTIONS.iter().find(|(zh, en, _, _)| *zh == n || *en == n)
            else {
                return Err(Mistake::at(pos, unknown_function(n)));
            };
            if want.len() != args.len() {
                return Err(arity(n, want.len(), args.len(), pos));
            }
            for (w, t) in want.iter().zip(&tys) {
                if let Some(t) = t
                    && t != w
                {
                    return Err(Mistake::at(
                        pos,
                        crate::t!(
                            "rules-type-argument",
                            function = n,
                            want = w.words(),
                            found = t.words()
                        ),
                    ));
                }
            }
            Some(*result)
        }
    })
}

fn arity(name: &str, want: usize, got: usize, pos: Position) -> Mistake {
    Mistake::at(
        pos,
        crate::t!(
            "rules-function-arity",
            function = name,
            want = want,
            got = got
        ),
    )
}

fn unknown_function(name: &str) -> String {
    let all: Vec<&str> = FUNCTIONS
        .iter()
        .flat_map(|(zh, en, _, _)| [*zh, *en])
        .chain(ANY_FUNCTIONS.iter().copied())
        .collect();
    match crate::wording::nearest(name, &all) {
        Some(s) => crate::t!(
            "rules-function-unknown-suggest",
            function = name,
            suggestion = s
        ),
        None => crate::t!(
            "rules-function-unknown",
            function = name,
            known = all.join("、")
        ),
    }
}

/// The values of a set of names in one context, as a scope to evaluate in.
pub fn scope_for(names: &[(String, &'static Field)], ctx: &fields::Ctx) -> Scope<'static> {
    let mut s = Scope::with_capacity(names.len());
    for (name, f) in names {
        s.push_constant_dynamic(name.as_str(), to_dynamic(ctx.value(f)));
    }
    s
}

fn to_dynamic(v: Value) -> Dynamic {
    match v {
        Value::Num(Some(d)) => Dynamic::from_decimal(d),
        Value::Num(None) => Dynamic::UNIT,
        Value::Text(s) => Dynamic::from(ImmutableString::from(s)),
        Value::Bool(b) => Dynamic::from_bool(b),
    }
}

impl Compiled {
    /// Evaluate in a scope; `None` when the evaluation fails (a blank amount in arithmetic,
    /// too many steps).
    pub fn eval(&self, scope: &mut Scope) -> Option<Dynamic> {
        self.try_eval(scope).ok()
    }

    /// Evaluate in a scope; why not, in the engine's words, when the evaluation fails.
    pub fn try_eval(&self, scope: &mut Scope) -> Result<Dynamic, String> {
        engine()
            .eval_ast_with_scope::<Dynamic>(scope, &self.ast)
            .map_err(|e| e.to_string())
    }

    /// Whether a value this expression uses is blank in the scope (an amount not filled in).
    pub fn uses_blank(&self, scope: &Scope) -> bool {
        self.names
            .iter()
            .any(|(n, _)| scope.get(n).is_some_and(Dynamic::is_unit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_texts() {
        let n = |s: &str| first_number(s).map(|d| d.to_string());
        assert_eq!(n("≥95%"), Some("95".into()));
        assert_eq!(n("１２０ 人"), Some("120".into()));
        assert_eq!(n("控制在 1,200.5 万元"), Some("1200.5".into()));
        assert_eq!(n("下降-3.5个百分点"), Some("-3.5".into()));
        assert_eq!(n("按时完成"), None);
        assert_eq!(n("第 3. 季度"), Some("3".into()));
    }
}
