//! Reading statements: plain text, JSONL and CSV/TSV, one record at a time,
//! with every bad row turned into a record that carries its error.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::json::Json;
use crate::{Fail, InputFormat};

/// One input row.
#[derive(Debug)]
pub struct Record {
    /// 1-based line where the row starts.
    pub line: u64,
    /// The fields passed through to the output, in input order (for plain
    /// text, just `text`).
    pub fields: Vec<(String, Json)>,
    /// Which of `fields` holds the statement, when the row has one.
    text: Option<usize>,
    /// What is wrong with the row.
    pub error: Option<String>,
}

impl Record {
    /// The statement to score: the text field of a row that has one.
    pub fn text(&self) -> Option<&str> {
        match &self.fields.get(self.text?)?.1 {
            Json::String(text) => Some(text),
            _ => None,
        }
    }

    /// A row without a statement, for the reason `error`.
    fn bad(line: u64, fields: Vec<(String, Json)>, error: String) -> Record {
        Record {
            line,
            fields,
            text: None,
            error: Some(error),
        }
    }
}

/// A concrete input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Jsonl,
    Csv,
    Tsv,
}

impl Kind {
    /// The format of `path` under `format`; standard input (`None`) is text
    /// unless told otherwise.
    pub fn of(format: InputFormat, path: Option<&Path>) -> Kind {
        match format {
            InputFormat::Text => Kind::Text,
            InputFormat::Jsonl => Kind::Jsonl,
            InputFormat::Csv => Kind::Csv,
            InputFormat::Tsv => Kind::Tsv,
            InputFormat::Auto => {
                let ext = path
                    .and_then(|p| p.extension())
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase);
                match ext.as_deref() {
                    Some("jsonl" | "ndjson" | "json") => Kind::Jsonl,
                    Some("csv") => Kind::Csv,
                    Some("tsv" | "tab") => Kind::Tsv,
                    _ => Kind::Text,
                }
            }
        }
    }
}

/// An input to read: a file or standard input.
#[derive(Debug, Clone)]
pub struct Input {
    /// How it is named in messages (`<stdin>` for standard input).
    pub name: String,
    /// The file, or `None` for standard input.
    pub path: Option<PathBuf>,
    pub kind: Kind,
    /// Size in bytes, when known.
    pub size: Option<u64>,
}

impl Input {
    /// Checks that `path` (or `-`) can be read, before anything is written.
    pub fn new(path: &Path, format: InputFormat) -> Result<Input, Fail> {
        if path.as_os_str() == "-" {
            return Ok(Input {
                name: "<stdin>".to_string(),
                path: None,
                kind: Kind::of(format, None),
                size: None,
            });
        }
        let name = path.display().to_string();
        let cannot = |e: io::Error| Fail::fatal(format_args!("cannot read {name}: {e}"));
        let file = File::open(path).map_err(cannot)?;
        let meta = file.metadata().map_err(cannot)?;
        if meta.is_dir() {
            return Err(Fail::fatal(format_args!(
                "cannot read {name}: it is a directory"
            )));
        }
        let size = meta.is_file().then_some(meta.len());
        Ok(Input {
            kind: Kind::of(format, Some(path)),
            name,
            path: Some(path.to_path_buf()),
            size,
        })
    }

    /// Opens the input for reading; every byte read is added to `counter`.
    pub fn open(
        &self,
        counter: Arc<AtomicU64>,
        text_field: &str,
        text_column: &str,
    ) -> Result<Box<dyn Source + Send>, Fail> {
        let inner: Box<dyn Read + Send> = match &self.path {
            None => Box::new(io::stdin()),
            Some(path) => Box::new(
                File::open(path)
                    .map_err(|e| Fail::fatal(format_args!("cannot read {}: {e}", self.name)))?,
            ),
        };
        let reader = Counting { inner, counter };
        Ok(match self.kind {
            Kind::Text => Box::new(Lines::new(&self.name, reader, None)),
            Kind::Jsonl => Box::new(Lines::new(&self.name, reader, Some(text_field))),
            Kind::Csv => Box::new(Table::new(&self.name, reader, b',', text_column)?),
            Kind::Tsv => Box::new(Table::new(&self.name, reader, b'\t', text_column)?),
        })
    }
}

/// Something that yields records.
pub trait Source {
    /// The next record, `None` at the end; `Err` only when reading fails.
    fn next_record(&mut self) -> Result<Option<Record>, Fail>;
}

/// A reader that counts the bytes it reads.
struct Counting {
    inner: Box<dyn Read + Send>,
    counter: Arc<AtomicU64>,
}

impl Read for Counting {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Decodes one line or field, naming the first bad byte.
fn decode(bytes: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(bytes).map_err(|e| format!("invalid UTF-8 at byte {}", e.valid_up_to() + 1))
}

/// Plain text (`field: None`) or JSONL, read line by line as bytes.
struct Lines {
    name: String,
    reader: BufReader<Counting>,
    field: Option<String>,
    line: u64,
    buf: Vec<u8>,
}

impl Lines {
    fn new(name: &str, reader: Counting, field: Option<&str>) -> Lines {
        Lines {
            name: name.to_string(),
            reader: BufReader::with_capacity(1 << 16, reader),
            field: field.map(str::to_string),
            line: 0,
            buf: Vec::new(),
        }
    }

    fn text_record(&self, line: u64, bytes: &[u8]) -> Record {
        match decode(bytes) {
            Ok(text) => Record {
                line,
                fields: vec![("text".to_string(), text.into())],
                text: Some(0),
                error: None,
            },
            Err(error) => {
                let lossy = String::from_utf8_lossy(bytes).into_owned();
                Record::bad(line, vec![("text".to_string(), lossy.into())], error)
            }
        }
    }

    fn json_record(line: u64, bytes: &[u8], field: &str) -> Record {
        let bad = |error: String| Record::bad(line, Vec::new(), error);
        let text = match decode(bytes) {
            Ok(text) => text,
            Err(error) => {
                // Keep what can be kept: the fields of a readable object,
                // with the bad bytes replaced, for the user to find the row.
                let lossy = String::from_utf8_lossy(bytes);
                let fields = match serde_json::from_str(&lossy) {
                    Ok(Json::Object(fields)) => fields,
                    _ => Vec::new(),
                };
                return Record::bad(line, fields, error);
            }
        };
        if text.trim().is_empty() {
            return bad("empty line (expected a JSON object)".to_string());
        }
        let value: Json = match serde_json::from_str(text) {
            Ok(value) => value,
            Err(e) => {
                let mut message = e.to_string();
                if let Some(at) = message.rfind(" at line ") {
                    message.truncate(at);
                }
                return bad(format!("invalid JSON at column {}: {message}", e.column()));
            }
        };
        let Json::Object(fields) = value else {
            return bad(format!("expected a JSON object, found {}", value.kind()));
        };
        let (text, error) = match fields.iter().position(|(k, _)| k == field) {
            Some(i) => match &fields[i].1 {
                Json::String(_) => (Some(i), None),
                other => (
                    None,
                    Some(format!("field {field:?} is {}, not a string", other.kind())),
                ),
            },
            None => (None, Some(format!("missing field {field:?}"))),
        };
        Record {
            line,
            fields,
            text,
            error,
        }
    }
}

impl Source for Lines {
    fn next_record(&mut self) -> Result<Option<Record>, Fail> {
        self.buf.clear();
        let n = self
            .reader
            .read_until(b'\n', &mut self.buf)
            .map_err(|e| Fail::fatal(format_args!("cannot read {}: {e}", self.name)))?;
        if n == 0 {
            return Ok(None);
        }
        self.line += 1;
        let mut bytes = self.buf.as_slice();
        if let Some(rest) = bytes.strip_suffix(b"\n") {
            bytes = rest.strip_suffix(b"\r").unwrap_or(rest);
        }
        if self.line == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        Ok(Some(match &self.field {
            None => self.text_record(self.line, bytes),
            Some(field) => Lines::json_record(self.line, bytes, field),
        }))
    }
}

/// CSV or TSV with a header row; records are read as bytes so that one bad
/// field spoils only its row.
struct Table {
    name: String,
    reader: csv::Reader<Counting>,
    headers: Vec<String>,
    text: usize,
    column: String,
    record: csv::ByteRecord,
}

impl Table {
    fn new(name: &str, reader: Counting, delimiter: u8, column: &str) -> Result<Table, Fail> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .quoting(delimiter == b',')
            .from_reader(reader);
        let headers: Vec<String> = reader
            .byte_headers()
            .map_err(|e| Fail::fatal(format_args!("cannot read {name}: {e}")))?
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let h = String::from_utf8_lossy(h);
                let h = if i == 0 {
                    h.trim_start_matches('\u{feff}')
                } else {
                    &h
                };
                h.to_string()
            })
            .collect();
        // An empty file has no header and no rows; anything else must name
        // the text column.
        let text = match headers.iter().position(|h| h == column) {
            Some(i) => i,
            None if headers.is_empty() || headers == [""] => usize::MAX,
            None => {
                return Err(Fail::fatal(format_args!(
                    "{name}:1: no column {column:?} in the header (columns: {}); choose one with --text-column",
                    headers.join(", ")
                )))
            }
        };
        Ok(Table {
            name: name.to_string(),
            reader,
            headers,
            text,
            column: column.to_string(),
            record: csv::ByteRecord::new(),
        })
    }
}

impl Source for Table {
    fn next_record(&mut self) -> Result<Option<Record>, Fail> {
        let more = self
            .reader
            .read_byte_record(&mut self.record)
            .map_err(|e| Fail::fatal(format_args!("cannot read {}: {e}", self.name)))?;
        if !more {
            return Ok(None);
        }
        let line = self.record.position().map_or(0, |p| p.line());
        let mut error = None;
        if self.record.len() != self.headers.len() {
            error = Some(format!(
                "expected {} fields as in the header, found {}",
                self.headers.len(),
                self.record.len()
            ));
        }
        let mut fields = Vec::with_capacity(self.headers.len());
        let mut text = None;
        for (i, header) in self.headers.iter().enumerate() {
            let value = match self.record.get(i) {
                None => Json::Null,
                Some(bytes) => match decode(bytes) {
                    Ok(s) => {
                        if i == self.text {
                            text = Some(i);
                        }
                        Json::String(s.to_string())
                    }
                    Err(e) => {
                        error.get_or_insert_with(|| format!("column {header:?}: {e}"));
                        Json::String(String::from_utf8_lossy(bytes).into_owned())
                    }
                },
            };
            fields.push((header.clone(), value));
        }
        if text.is_none() && error.is_none() {
            error = Some(format!("no column {:?}", self.column));
        }
        if error.is_some() {
            text = None;
        }
        Ok(Some(Record {
            line,
            fields,
            text,
            error,
        }))
    }
}
