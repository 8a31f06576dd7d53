//! Stopping a run cleanly on SIGINT or SIGTERM, and continuing it.
//!
//! A signal does not kill `stancekit score`: it is noted, the chunk being
//! scored is finished and written, the output is flushed, and the run ends
//! saying how many input rows are done. A second signal ends it at once.
//! `--resume` then finds where the output stops (its last complete row)
//! and goes on from there, so the rows out equal the rows in, with no
//! duplicate and no gap.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use signal_hook::consts::{SIGINT, SIGTERM};

use crate::Fail;

/// The signal that asked the run to stop, if one has.
pub struct Interrupt {
    signal: Arc<AtomicUsize>,
}

impl Interrupt {
    /// Catches SIGINT and SIGTERM. The first of either is only recorded; a
    /// second one exits at once with status 128 + its number.
    pub fn install() -> Result<Interrupt, Fail> {
        let signal = Arc::new(AtomicUsize::new(0));
        let seen = Arc::new(AtomicBool::new(false));
        for sig in [SIGINT, SIGTERM] {
            // Registered first, so it sees `seen` from before this signal.
            signal_hook::flag::register_conditional_shutdown(sig, 128 + sig, Arc::clone(&seen))
                .and_then(|_| signal_hook::flag::register(sig, Arc::clone(&seen)))
                .and_then(|_| {
                    signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize)
                })
                .map_err(|e| Fail::fatal(format_args!("cannot catch signal {sig}: {e}")))?;
        }
        Ok(Interrupt { signal })
    }

    /// The signal's number, once one has arrived.
    pub fn requested(&self) -> Option<i32> {
        match self.signal.load(Ordering::SeqCst) {
            0 => None,
            sig => i32::try_from(sig).ok(),
        }
    }
}

/// The name of a signal this module catches.
pub fn signal_name(sig: i32) -> &'static str {
    match sig {
        SIGINT => "SIGINT",
        SIGTERM => "SIGTERM",
        _ => "a signal",
    }
}

/// How far an earlier run got, read from its output file.
pub struct Done {
    /// Complete rows in the file (not counting a CSV header).
    pub rows: u64,
    /// The CSV header, when the file is CSV and has one.
    pub header: Option<Vec<String>>,
    /// Bytes of the file cut off: an incomplete last row.
    pub cut: u64,
}

/// Reads the JSONL output at `path`, counts its complete rows (lines
/// ending in a newline) and cuts anything after the last one. A missing
/// file has done nothing.
pub fn jsonl(path: &Path) -> Result<Done, Fail> {
    let Some(file) = open(path)? else {
        return Ok(Done::nothing());
    };
    let len = file.metadata().map_err(|e| read_fail(path, e))?.len();
    let mut reader = BufReader::with_capacity(1 << 16, &file);
    let (mut rows, mut end, mut at) = (0u64, 0u64, 0u64);
    loop {
        let buf = reader.fill_buf().map_err(|e| read_fail(path, e))?;
        if buf.is_empty() {
            break;
        }
        for (i, _) in buf.iter().enumerate().filter(|(_, &b)| b == b'\n') {
            rows += 1;
            end = at + i as u64 + 1;
        }
        let n = buf.len();
        at += n as u64;
        reader.consume(n);
    }
    cut(path, &file, end, len)?;
    Ok(Done {
        rows,
        header: None,
        cut: len - end,
    })
}

/// Reads the CSV output at `path`: its header and its complete records. A
/// last record is complete when it ends in a newline and has as many
/// fields as the header; anything after the last complete one is cut.
pub fn csv(path: &Path) -> Result<Done, Fail> {
    let Some(mut file) = open(path)? else {
        return Ok(Done::nothing());
    };
    let len = file.metadata().map_err(|e| read_fail(path, e))?.len();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(false)
        .from_reader(BufReader::with_capacity(1 << 16, &file));
    let mut header = None;
    let (mut rows, mut end, mut last_start) = (0u64, 0u64, 0u64);
    let mut record = csv::StringRecord::new();
    loop {
        let start = reader.position().byte();
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            // An incomplete last record can have too few fields; earlier
            // damage is the user's to look at.
            Err(e) => match e.kind() {
                csv::ErrorKind::UnequalLengths { .. } => break,
                _ => {
                    return Err(Fail::fatal(format_args!(
                        "cannot resume from {}: {e}",
                        path.display()
                    )))
                }
            },
        }
        if header.is_none() {
            header = Some(record.iter().map(str::to_string).collect());
        } else {
            rows += 1;
        }
        (last_start, end) = (start, reader.position().byte());
    }
    drop(reader);
    // A last record that does not end in a newline was cut while being
    // written. (Its last field, `error` or `contributions`, never holds a
    // newline of its own, so one cut there cannot pass for complete.)
    if end > 0 && !ends_in_newline(&mut file, end).map_err(|e| read_fail(path, e))? {
        match rows {
            0 => header = None,
            _ => rows -= 1,
        }
        end = last_start;
    }
    cut(path, &file, end, len)?;
    Ok(Done {
        rows,
        header,
        cut: len - end,
    })
}

impl Done {
    fn nothing() -> Done {
        Done {
            rows: 0,
            header: None,
            cut: 0,
        }
    }
}

fn open(path: &Path) -> Result<Option<File>, Fail> {
    match OpenOptions::new().read(true).write(true).open(path) {
        Ok(file) => Ok(Some(file)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(read_fail(path, e)),
    }
}

fn read_fail(path: &Path, e: io::Error) -> Fail {
    Fail::fatal(format_args!("cannot resume from {}: {e}", path.display()))
}

/// Cuts `file` to `end` bytes if it is longer.
fn cut(path: &Path, file: &File, end: u64, len: u64) -> Result<(), Fail> {
    if end < len {
        file.set_len(end).map_err(|e| read_fail(path, e))?;
    }
    Ok(())
}

fn ends_in_newline(file: &mut File, end: u64) -> io::Result<bool> {
    let mut last = [0u8; 1];
    file.seek(SeekFrom::Start(end - 1))?;
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}
