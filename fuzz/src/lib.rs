//! What the fuzz targets run, kept out of the `fuzz!` loops so that the targets stay two lines
//! and the same code can be read and tested on its own.
//!
//! Each function takes the fuzzer's bytes and passes them through evalsheet exactly as the
//! product would, formatting every error as the command line prints it. It returns nothing:
//! a finding is a panic (turned into an abort by `afl::fuzz!`), an abort (stack overflow,
//! allocation failure), or a run longer than the fuzzer's time limit.
//!
//! Environment (read once at start; meant for replay, never set during a fuzzing run):
//! - `EVALSHEET_FUZZ_VERBOSE=1`: print what the input gave (forms found, or the error) to
//!   standard error.
//! - `EVALSHEET_FUZZ_EXPORT=FILE`: write the bytes evalsheet was actually given (after
//!   [`fix_zip_crcs`]) to FILE: the file to put under `tests/fixtures/hostile/`.

use std::path::Path;
use std::sync::OnceLock;

struct Config {
    verbose: bool,
    export: Option<std::path::PathBuf>,
}

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| Config {
        verbose: std::env::var_os("EVALSHEET_FUZZ_VERBOSE").is_some_and(|v| v != "0"),
        export: std::env::var_os("EVALSHEET_FUZZ_EXPORT").map(Into::into),
    })
}

/// A returned workbook: `import::import_bytes` (format sniffed from the bytes: .xlsx, .xls,
/// .ods and whatever else arrives), then each form found written as YAML, as `evalsheet
/// import` does.
pub fn read_workbook(data: &[u8]) {
    let bytes = fix_zip_crcs(data);
    let cfg = config();
    if let Some(out) = &cfg.export {
        std::fs::write(out, &bytes).expect("EVALSHEET_FUZZ_EXPORT: cannot write");
    }
    let path = Path::new("returned.xlsx");
    let opts = evalsheet::import::Options::default();
    match evalsheet::import::import_bytes(path, bytes, &opts) {
        Ok(forms) => {
            for f in &forms {
                let yaml = evalsheet::emit::to_yaml(&f.def, evalsheet::emit::Style::default());
                if cfg.verbose {
                    eprintln!(
                        "ok: {} ({} bytes of YAML, {} warnings)",
                        f.def.project,
                        yaml.len(),
                        f.warnings.len()
                    );
                }
            }
            if cfg.verbose {
                eprintln!("ok: {} forms", forms.len());
            }
        }
        Err(e) => {
            let msg = e.to_string();
            if cfg.verbose {
                eprintln!("error: {msg}");
            }
        }
    }
}

/// A definition file: `load::parse_bytes` once as YAML and once as JSON (the extension picks
/// the parser), each error formatted as the command line prints it.
pub fn load_definition(data: &[u8]) {
    let cfg = config();
    if let Some(out) = &cfg.export {
        std::fs::write(out, data).expect("EVALSHEET_FUZZ_EXPORT: cannot write");
    }
    for name in ["definition.yaml", "definition.json"] {
        match evalsheet::load::parse_bytes(Path::new(name), data) {
            Ok(defs) => {
                for l in &defs {
                    let place = l.place();
                    if cfg.verbose {
                        eprintln!("{name}: ok: {place}: {}", l.def.project);
                    }
                }
            }
            Err(e) => {
                let msg = e.to_string();
                if cfg.verbose {
                    eprintln!("{name}: error: {msg}");
                }
            }
        }
    }
}

/// The bytes with the CRC-32 of every *stored* (uncompressed) entry of a zip archive set to
/// what its data really is, in the central directory and in the local header.
///
/// The zip reader checks a part's CRC when the part is read to its end ("Invalid checksum"):
/// calamine's streaming xlsx readers often stop at the closing tag first, but a part read whole
/// (an .ods's content.xml, evalsheet's own merge reader for .ods, small xlsx parts) would
/// refuse every changed byte, and AFL cannot compute a CRC. With the seeds' parts stored (see
/// make-corpus.sh) and this fix-up, mutations reach the XML parsers. Deflated entries, zip64
/// archives and anything that does not parse are left as they are. Not a zip: returned as is.
pub fn fix_zip_crcs(data: &[u8]) -> Vec<u8> {
    let mut out = data.to_vec();
    if !data.starts_with(b"PK") || data.len() < 22 {
        return out;
    }
    // End of central directory: the last "PK\x05\x06" within the 64 KiB comment window.
    let lo = data.len().saturating_sub(22 + 0xFFFF);
    let Some(eocd) = (lo..=data.len() - 22)
        .rev()
        .find(|&i| &data[i..i + 4] == b"PK\x05\x06")
    else {
        return out;
    };
    let u16_at = |i: usize| u16::from_le_bytes([data[i], data[i + 1]]) as usize;
    let u32_at =
        |i: usize| u32::from_le_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]) as usize;
    let entries = u16_at(eocd + 10);
    let mut cd = u32_at(eocd + 16);
    for _ in 0..entries {
        if cd + 46 > data.len() || &data[cd..cd + 4] != b"PK\x01\x02" {
            break;
        }
        let method = u16_at(cd + 10);
        let size = u32_at(cd + 20);
        let name_len = u16_at(cd + 28);
        let extra_len = u16_at(cd + 30);
        let comment_len = u16_at(cd + 32);
        let local = u32_at(cd + 42);
        if method == 0 && local + 30 <= data.len() && &data[local..local + 4] == b"PK\x03\x04" {
            let start = local + 30 + u16_at(local + 26) + u16_at(local + 28);
            if let Some(body) = start
                .checked_add(size)
                .filter(|&end| end <= data.len())
                .map(|end| &data[start..end])
            {
                let crc = crc32fast::hash(body).to_le_bytes();
                out[cd + 16..cd + 20].copy_from_slice(&crc);
                out[local + 14..local + 18].copy_from_slice(&crc);
            }
        }
        cd += 46 + name_len + extra_len + comment_len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fix_zip_crcs;

    #[test]
    fn not_a_zip_is_left_alone() {
        for b in [&b""[..], b"PK", b"hello", &[0xD0, 0xCF, 0x11, 0xE0][..]] {
            assert_eq!(fix_zip_crcs(b), b);
        }
    }

    #[test]
    fn garbage_after_pk_does_not_panic() {
        let mut b = b"PK\x03\x04".to_vec();
        b.extend(std::iter::repeat_n(0xFF, 100));
        b.extend(b"PK\x05\x06");
        b.extend(std::iter::repeat_n(0xFF, 18));
        fix_zip_crcs(&b);
    }
}
