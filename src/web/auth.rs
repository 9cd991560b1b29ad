//! Who is asking: sessions, the office's key and password, and the units' links.
//!
//! Three ways in, each ending in a session cookie (`HttpOnly`, `SameSite=Strict`, `Secure`
//! when served beyond loopback):
//!
//! - the **office key**, a random token in the address `serve` prints and opens
//!   (`/login?key=…`), valid while the server runs; on loopback it is the only way in;
//! - the **office password**, set with `serve DESK --set-password`, kept in the ledger as an
//!   argon2 hash (setting [`PASSWORD_KEY`]); required when listening beyond loopback;
//! - a **unit link** (`/u/<token>`), made by the office for one 实施单位, kept in the ledger as
//!   setting `web.link.<token>` = the unit's name: it sees and uploads that unit's forms only.
//!
//! Every token is 128 bits or more from the operating system's random source.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The setting holding the office password's argon2 hash.
pub const PASSWORD_KEY: &str = "web.password";
/// The prefix of the settings holding unit links (`web.link.<token>` = unit).
pub const LINK_PREFIX: &str = "web.link.";
/// The name of the session cookie.
pub const COOKIE: &str = "evalsheet_session";
/// A session ends after this long without a request.
pub const IDLE: Duration = Duration::from_secs(8 * 3600);

/// Who a session speaks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// The finance office: sees everything, reviews, downloads everything.
    Office,
    /// One 实施单位 through its link: its own forms, findings and files only.
    Unit(String),
}

impl Role {
    /// The actor written into the ledger's audit table.
    pub fn actor(&self) -> String {
        match self {
            Role::Office => "网页:科室".to_string(),
            Role::Unit(u) => format!("网页:单位:{u}"),
        }
    }

    /// The unit a session is limited to, `None` for the office.
    pub fn unit(&self) -> Option<&str> {
        match self {
            Role::Office => None,
            Role::Unit(u) => Some(u),
        }
    }

    pub fn is_office(&self) -> bool {
        matches!(self, Role::Office)
    }
}

/// One signed-in browser.
#[derive(Debug, Clone)]
pub struct Session {
    pub role: Role,
    /// The token every state-changing request of this session must carry.
    pub csrf: String,
    seen: Instant,
}

/// The sessions of the running server, in memory (a restart signs everybody out).
#[derive(Default)]
pub struct Sessions {
    map: Mutex<HashMap<String, Session>>,
}

impl Sessions {
    /// A new session for `role`; its cookie value.
    pub fn start(&self, role: Role) -> Result<String, getrandom::Error> {
        let id = token()?;
        let csrf = token()?;
        let mut map = self
            .map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        map.retain(|_, s| now.duration_since(s.seen) < IDLE);
        map.insert(
            id.clone(),
            Session {
                role,
                csrf,
                seen: now,
            },
        );
        Ok(id)
    }

    /// The session of a cookie value, if it is live.
    pub fn get(&self, id: &str) -> Option<Session> {
        let mut map = self
            .map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        let s = map.get_mut(id)?;
        if now.duration_since(s.seen) >= IDLE {
            map.remove(id);
            return None;
        }
        s.seen = now;
        Some(s.clone())
    }

    /// End a session.
    pub fn end(&self, id: &str) {
        let mut map = self
            .map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.remove(id);
    }

    /// End every session of a unit (its link was withdrawn).
    pub fn end_unit(&self, unit: &str) {
        let mut map = self
            .map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.retain(|_, s| s.role.unit() != Some(unit));
    }
}

/// A fresh random token: 32 bytes (256 bits) from the operating system, as 64 hex digits.
pub fn token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether two secrets are equal, in time that does not depend on where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether a text has the shape of a token (so that nothing else is looked up).
pub fn looks_like_token(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// The argon2id hash of a password, in the PHC string format (salt included).
pub fn hash_password(password: &str) -> Result<String, String> {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| e.to_string())?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether `password` matches the stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    PasswordHash::new(hash).is_ok_and(|h| {
        argon2::Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// The value of cookie `name` in a `Cookie` header.
pub fn cookie<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|kv| {
        let (k, v) = kv.trim().split_once('=')?;
        (k == name).then_some(v)
    })
}

/// The `Set-Cookie` value of a session cookie (`None`: one that removes it).
pub fn set_cookie(value: Option<&str>, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    match value {
        Some(v) => format!("{COOKIE}={v}; Path=/; HttpOnly; SameSite=Strict{secure}"),
        None => format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_recognised() {
        let a = token().unwrap();
        let b = token().unwrap();
        assert_ne!(a, b);
        assert!(looks_like_token(&a));
        assert!(!looks_like_token("../../etc/passwd"));
        assert!(!looks_like_token(&a.to_uppercase()));
    }

    #[test]
    fn passwords_are_hashed_with_argon2_and_verified() {
        let h = hash_password("春天的密码").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("春天的密码", &h));
        assert!(!verify_password("春天的密码 ", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn sessions_carry_their_role_and_end() {
        let s = Sessions::default();
        let id = s.start(Role::Unit("甲单位".into())).unwrap();
        let got = s.get(&id).unwrap();
        assert_eq!(got.role.unit(), Some("甲单位"));
        assert_eq!(got.role.actor(), "网页:单位:甲单位");
        assert!(looks_like_token(&got.csrf));
        s.end_unit("甲单位");
        assert!(s.get(&id).is_none());
    }

    #[test]
    fn cookies_are_read_and_written_strictly() {
        assert_eq!(
            cookie("a=1; evalsheet_session=xyz; b=2", COOKIE),
            Some("xyz")
        );
        assert_eq!(cookie("a=1", COOKIE), None);
        let c = set_cookie(Some("v"), true);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.contains("Secure"));
        assert!(!set_cookie(Some("v"), false).contains("Secure"));
    }
}
