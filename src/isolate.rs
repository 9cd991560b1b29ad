//! Reading untrusted workbooks in worker processes.
//!
//! A returned form comes from a unit the office does not control: mangled by an old office
//! suite, truncated by a mail gateway, or crafted. The reader underneath (calamine, then the
//! search for labels) is bounded (see [`crate::grid`]), but a fault that is not caught — an
//! allocation the system refuses, which aborts the process whatever `catch_unwind` does, or
//! a loop no bound was put on — must still cost one file, never the batch.
//!
//! So when the command line enables it ([`enable`]), every workbook is read by a worker: the
//! same `evalsheet` executable started with [`WORKER_ARG`], one per core, each reused for
//! file after file. The parent sends a file's bytes down the worker's standard input and reads
//! the forms back one at a time from its standard output (so a workbook of thousands of
//! forms never sits whole in either process). A worker:
//!
//! - limits its own address space ([`memory_limit_mb`], 512 MB unless
//!   `EVALSHEET_READER_MEMORY_MB` says otherwise) and writes no core file, so a file that
//!   would need more makes it fail, not the machine (on Windows: a job object limiting the
//!   memory it commits, and no crash dialogs);
//! - prints nothing: its standard error is closed and a panic is this file's error;
//! - is given [`READ_TIMEOUT`] per file (`EVALSHEET_READ_TIMEOUT_SECS`; and one more second
//!   for each form it has already sent back); if it takes longer, or dies, the parent kills it, answers the file with the
//!   reason and starts a new worker for the next file.
//!
//! Without [`enable`] (the library used on its own, the unit tests, the fuzz harness), files
//! are read in the calling process. `EVALSHEET_ISOLATION=off` turns the workers off for the
//! command line too.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, sync_channel};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::import::{self, Imported, Options};

/// The hidden first argument that makes `evalsheet` a reader worker.
pub const WORKER_ARG: &str = "__read-worker";

/// How long a worker may take over one file before it is stopped, unless
/// `EVALSHEET_READ_TIMEOUT_SECS` says otherwise.
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a worker may take over one file.
pub fn read_timeout() -> Duration {
    std::env::var("EVALSHEET_READ_TIMEOUT_SECS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|&v: &u64| v > 0)
        .map_or(READ_TIMEOUT, Duration::from_secs)
}

/// A worker's address space, in MB, unless `EVALSHEET_READER_MEMORY_MB` says otherwise.
pub const DEFAULT_MEMORY_MB: u64 = 512;

/// Largest message a worker may send (one form as JSON; a form of 20,000 indicators is a few
/// MB).
const MAX_FRAME: usize = 256 * 1024 * 1024;

static POOL: OnceLock<Pool> = OnceLock::new();

/// Read workbooks in worker processes started from `exe` (the running `evalsheet`), unless
/// `EVALSHEET_ISOLATION=off`. Call once, before any file is read.
pub fn enable(exe: PathBuf) {
    if std::env::var("EVALSHEET_ISOLATION").is_ok_and(|v| v == "off" || v == "0") {
        return;
    }
    let _ = POOL.set(Pool {
        exe,
        idle: Mutex::new(Vec::new()),
        broken: Mutex::new(false),
    });
}

/// Whether workbooks are read in worker processes.
pub fn enabled() -> bool {
    POOL.get().is_some()
}

/// The address-space limit of a worker, in MB.
pub fn memory_limit_mb() -> u64 {
    std::env::var("EVALSHEET_READER_MEMORY_MB")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|&v| v >= 64)
        .unwrap_or(DEFAULT_MEMORY_MB)
}

/// Import every form of a workbook's bytes, handing each to `each`; the count. In a worker
/// when [`enable`]d, else in this process.
pub fn read_bytes(
    path: &Path,
    bytes: Vec<u8>,
    opts: &Options,
    each: &mut dyn FnMut(Imported),
) -> Result<usize> {
    match POOL.get() {
        Some(pool) if !pool.is_broken() => pool.read(path, bytes, opts, each),
        _ => import::forms_of_bytes(path, bytes, opts, each),
    }
}

/// Import every form of one workbook.
pub fn import_path(path: &Path) -> Result<Vec<Imported>> {
    import_path_with(path, &Options::default())
}

/// Import every form of one workbook, with options.
pub fn import_path_with(path: &Path, opts: &Options) -> Result<Vec<Imported>> {
    let mut out = Vec::new();
    read_forms(path, opts, &mut |imp| out.push(imp))?;
    Ok(out)
}

/// Import every form of one workbook, handing each to `each` as it is read (so that a
/// workbook of thousands of forms is never held whole), and return how many there were. When
/// the result is an error, the file is refused as a whole: the forms already handed over must
/// be dropped by the caller. Workbooks are read in a worker process when [`enable`]d.
pub fn read_forms(path: &Path, opts: &Options, each: &mut dyn FnMut(Imported)) -> Result<usize> {
    let bytes = crate::grid::read_file_bytes(path)?;
    read_bytes(path, bytes, opts, each)
}

/// What a worker is asked: the file's name for messages and the options; its bytes follow in
/// a frame of their own.
#[derive(Serialize, Deserialize)]
struct Request {
    file: String,
    year: Option<i32>,
}

/// What a worker answers, one message at a time: each form, then `Done` or `Failed`.
#[derive(Serialize, Deserialize)]
enum Reply {
    Form(Box<Imported>),
    Done(usize),
    Failed(Failure),
}

/// Why a file could not be read, as the worker tells it.
#[derive(Serialize, Deserialize)]
enum Failure {
    NoForm,
    Workbook(String),
}

impl Failure {
    fn of(e: &Error) -> Failure {
        match e {
            Error::NoForm { .. } => Failure::NoForm,
            Error::Workbook { message, .. } => Failure::Workbook(message.clone()),
            other => Failure::Workbook(other.to_string()),
        }
    }

    fn into_error(self, path: &Path) -> Error {
        match self {
            Failure::NoForm => Error::NoForm {
                path: path.to_path_buf(),
            },
            Failure::Workbook(message) => Error::Workbook {
                path: path.to_path_buf(),
                message,
            },
        }
    }
}

fn write_frame(w: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    let len = u32::try_from(bytes.len()).map_err(std::io::Error::other)?;
    w.write_all(&len.to_le_bytes())?;
    w.write_all(bytes)?;
    w.flush()
}

/// The next frame, `None` at the end of the stream.
fn read_frame(r: &mut impl Read, max: usize) -> std::io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u32::from_le_bytes(len) as usize;
    if len > max {
        return Err(std::io::Error::other("frame too large"));
    }
    let mut buf = vec![0; len];
    r.read_exact(&mut buf)?;
    Ok(Some(buf))
}

/// The workers, and how to start one.
struct Pool {
    exe: PathBuf,
    idle: Mutex<Vec<Worker>>,
    /// Set when no worker can be started: files are then read in this process.
    broken: Mutex<bool>,
}

/// One worker process: its input, and its messages as a reader thread receives them.
struct Worker {
    child: Child,
    input: ChildStdin,
    replies: Receiver<std::io::Result<Vec<u8>>>,
}

impl Pool {
    fn is_broken(&self) -> bool {
        self.broken.lock().map_or(true, |b| *b)
    }

    fn take(&self) -> Option<Worker> {
        if let Some(w) = self.idle.lock().ok().and_then(|mut v| v.pop()) {
            return Some(w);
        }
        match self.spawn() {
            Ok(w) => Some(w),
            Err(_) => {
                if let Ok(mut b) = self.broken.lock() {
                    *b = true;
                }
                None
            }
        }
    }

    fn give_back(&self, w: Worker) {
        if let Ok(mut v) = self.idle.lock() {
            v.push(w);
        }
    }

    fn spawn(&self) -> std::io::Result<Worker> {
        let mut child = Command::new(&self.exe)
            .arg(WORKER_ARG)
            .env("EVALSHEET_READER_MEMORY_MB", memory_limit_mb().to_string())
            // The worker's messages (a cell that is not a number) in the language spoken here.
            .env("EVALSHEET_READER_LANG", crate::i18n::current().tag())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let input = child
            .stdin
            .take()
            .ok_or_else(|| std::io::Error::other("no worker input"))?;
        let mut output = child
            .stdout
            .take()
            .ok_or_else(|| std::io::Error::other("no worker output"))?;
        let (tx, replies) = sync_channel(4);
        std::thread::Builder::new()
            .name("evalsheet-reader".into())
            .spawn(move || {
                loop {
                    match read_frame(&mut output, MAX_FRAME) {
                        Ok(Some(frame)) => {
                            if tx.send(Ok(frame)).is_err() {
                                return;
                            }
                        }
                        Ok(None) => return,
                        Err(e) => {
                            let _ = tx.send(Err(e));
                            return;
                        }
                    }
                }
            })?;
        Ok(Worker {
            child,
            input,
            replies,
        })
    }

    fn read(
        &self,
        path: &Path,
        bytes: Vec<u8>,
        opts: &Options,
        each: &mut dyn FnMut(Imported),
    ) -> Result<usize> {
        let request = serde_json::to_vec(&Request {
            file: path.display().to_string(),
            year: opts.year,
        })
        .map_err(|e| refused(path, e.to_string()))?;
        // A worker that went away between files (ended from outside) is replaced once.
        let mut w = None;
        for _ in 0..2 {
            let Some(mut candidate) = self.take() else {
                break;
            };
            let sent = write_frame(&mut candidate.input, &request)
                .and_then(|()| write_frame(&mut candidate.input, &bytes));
            match sent {
                Ok(()) => {
                    w = Some(candidate);
                    break;
                }
                Err(_) => candidate.stop(),
            }
        }
        let Some(w) = w else {
            return import::forms_of_bytes(path, bytes, opts, each);
        };
        drop(bytes);
        let timeout = read_timeout();
        let mut deadline = Instant::now() + timeout;
        let mut count = 0;
        loop {
            let wait = deadline.saturating_duration_since(Instant::now());
            let frame = match w.replies.recv_timeout(wait) {
                Ok(Ok(frame)) => frame,
                Err(RecvTimeoutError::Timeout) => {
                    w.stop();
                    return Err(refused(
                        path,
                        crate::t!("reader-timeout", seconds = timeout.as_secs()),
                    ));
                }
                Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => {
                    w.stop();
                    return Err(refused(
                        path,
                        crate::t!("reader-killed", mb = memory_limit_mb()),
                    ));
                }
            };
            match serde_json::from_slice::<Reply>(&frame) {
                Ok(Reply::Form(imp)) => {
                    count += 1;
                    deadline += Duration::from_secs(1);
                    each(*imp);
                }
                Ok(Reply::Done(_)) => {
                    self.give_back(w);
                    return Ok(count);
                }
                Ok(Reply::Failed(f)) => {
                    self.give_back(w);
                    return Err(f.into_error(path));
                }
                Err(_) => {
                    w.stop();
                    return Err(refused(path, crate::t!("reader-garbled")));
                }
            }
        }
    }
}

fn refused(path: &Path, message: String) -> Error {
    Error::Workbook {
        path: path.to_path_buf(),
        message,
    }
}

impl Worker {
    /// Stop the worker and wait for it, so that no process is left behind.
    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The worker's side: limit this process, then answer requests until the input ends.
pub fn worker_main() -> std::process::ExitCode {
    std::panic::set_hook(Box::new(|_| {}));
    if let Some(lang) = std::env::var("EVALSHEET_READER_LANG")
        .ok()
        .and_then(|v| crate::i18n::Lang::parse(&v))
    {
        crate::i18n::set(lang);
    }
    limit_self(memory_limit_mb());
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let (mut input, mut output) = (stdin.lock(), std::io::BufWriter::new(stdout.lock()));
    loop {
        let Ok(Some(head)) = read_frame(&mut input, 64 * 1024) else {
            return std::process::ExitCode::SUCCESS;
        };
        let Ok(Some(bytes)) = read_frame(&mut input, crate::grid::MAX_FILE_BYTES as usize) else {
            return std::process::ExitCode::FAILURE;
        };
        let Ok(request) = serde_json::from_slice::<Request>(&head) else {
            return std::process::ExitCode::FAILURE;
        };
        let path = PathBuf::from(&request.file);
        let opts = Options { year: request.year };
        let mut broken = false;
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            import::forms_of_bytes(&path, bytes, &opts, &mut |imp| {
                if broken {
                    return;
                }
                let reply = serde_json::to_vec(&Reply::Form(Box::new(imp)));
                if reply
                    .map_err(std::io::Error::other)
                    .and_then(|r| write_frame(&mut output, &r))
                    .is_err()
                {
                    broken = true;
                }
            })
        }));
        if broken {
            return std::process::ExitCode::FAILURE;
        }
        let reply = match result {
            Ok(Ok(n)) => Reply::Done(n),
            Ok(Err(e)) => Reply::Failed(Failure::of(&e)),
            Err(_) => Reply::Failed(Failure::Workbook(crate::t!("book-damaged"))),
        };
        let sent = serde_json::to_vec(&reply)
            .map_err(std::io::Error::other)
            .and_then(|r| write_frame(&mut output, &r));
        if sent.is_err() {
            return std::process::ExitCode::FAILURE;
        }
        crate::release_free_memory();
    }
}

/// Lower this process's address-space limit to `mb` (never raise it) and turn core files off;
/// on Windows, limit the memory it may commit to `mb` and turn crash dialogs off.
fn limit_self(mb: u64) {
    #[cfg(unix)]
    {
        let set = |resource, value: libc::rlim_t| {
            let mut cur = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            // SAFETY: getrlimit and setrlimit only read and write the rlimit struct passed by
            // pointer, which lives on this stack frame for the duration of each call.
            unsafe {
                if libc::getrlimit(resource, &mut cur) == 0 {
                    let new = libc::rlimit {
                        rlim_cur: value.min(cur.rlim_cur),
                        rlim_max: cur.rlim_max,
                    };
                    libc::setrlimit(resource, &new);
                }
            }
        };
        set(libc::RLIMIT_AS, (mb * 1024 * 1024) as libc::rlim_t);
        set(libc::RLIMIT_CORE, 0);
    }
    // Windows has no rlimits: the worker puts itself in a job object whose processes may
    // commit at most `mb` MB (an allocation beyond it fails, and the worker stops as it would
    // under RLIMIT_AS), and turns off the error dialogs a crash would otherwise show.
    #[cfg(windows)]
    {
        use windows_sys::Win32::System::Diagnostics::Debug::{
            SEM_FAILCRITICALERRORS, SEM_NOGPFAULTERRORBOX, SEM_NOOPENFILEERRORBOX, SetErrorMode,
        };
        use windows_sys::Win32::System::JobObjects::{
            AssignProcessToJobObject, CreateJobObjectW, JOB_OBJECT_LIMIT_PROCESS_MEMORY,
            JOBOBJECT_EXTENDED_LIMIT_INFORMATION, JobObjectExtendedLimitInformation,
            SetInformationJobObject,
        };
        use windows_sys::Win32::System::Threading::GetCurrentProcess;
        // SAFETY: plain Win32 calls on handles they return; the limit structure lives on this
        // stack frame for the duration of the call that reads it. The job's handle is left
        // open for the life of the process, which the job must outlive.
        unsafe {
            SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);
            let job = CreateJobObjectW(std::ptr::null(), std::ptr::null());
            if !job.is_null() {
                let mut info: JOBOBJECT_EXTENDED_LIMIT_INFORMATION = std::mem::zeroed();
                info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_PROCESS_MEMORY;
                info.ProcessMemoryLimit = usize::try_from(mb * 1024 * 1024).unwrap_or(usize::MAX);
                let set = SetInformationJobObject(
                    job,
                    JobObjectExtendedLimitInformation,
                    (&raw const info).cast(),
                    std::mem::size_of::<JOBOBJECT_EXTENDED_LIMIT_INFORMATION>() as u32,
                );
                if set != 0 {
                    AssignProcessToJobObject(job, GetCurrentProcess());
                }
            }
        }
    }
    #[cfg(not(any(unix, windows)))]
    let _ = mb;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_refuse_oversize() {
        let mut buf = Vec::new();
        write_frame(&mut buf, b"abc").unwrap();
        write_frame(&mut buf, b"").unwrap();
        let mut r = std::io::Cursor::new(buf.clone());
        assert_eq!(read_frame(&mut r, 10).unwrap().unwrap(), b"abc");
        assert_eq!(read_frame(&mut r, 10).unwrap().unwrap(), b"");
        assert!(read_frame(&mut r, 10).unwrap().is_none());
        let mut r = std::io::Cursor::new(buf);
        assert!(read_frame(&mut r, 2).is_err());
    }
}
