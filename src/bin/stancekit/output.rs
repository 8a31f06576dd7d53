//! Writing scored rows as JSONL or CSV.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::{self, Write};

use crate::json::Json;
use crate::Fail;

/// One output row in three parts, so that CSV columns can be laid out as
/// generated fields around the union of the passed-through ones.
#[derive(Debug, Default)]
pub struct Row<'a> {
    /// `file` (with several inputs) and `line`.
    pub head: Vec<(&'static str, Json)>,
    /// The passed-through fields (or `text` for plain text input).
    pub fields: Vec<(String, Json)>,
    /// One field per axis, `lexicon`, `error` and, with `--explain`,
    /// `contributions`.
    /// Their names are mostly the run's own (the axes), borrowed.
    pub tail: Vec<(Cow<'a, str>, Json)>,
}

/// The CSV columns, fixed by the first chunk.
pub struct Columns {
    head: usize,
    tail: usize,
    /// Passed-through field -> column.
    fields: HashMap<String, usize>,
    width: usize,
}

pub enum Writer {
    Jsonl {
        out: Box<dyn Write + Send>,
        target: String,
        buf: Vec<u8>,
    },
    Csv {
        out: Box<csv::Writer<Box<dyn Write + Send>>>,
        target: String,
        columns: Option<Columns>,
        dropped: HashSet<String>,
    },
}

fn csv_fail(err: csv::Error, target: &str) -> Fail {
    match err.into_kind() {
        csv::ErrorKind::Io(e) => Fail::write(e, target),
        other => Fail::fatal(format_args!("cannot write to {target}: {other:?}")),
    }
}

fn push_json(buf: &mut Vec<u8>, value: &impl serde::Serialize) {
    // Writing to a Vec cannot fail and every value here serializes.
    let _ = serde_json::to_writer(&mut *buf, value);
}

impl Writer {
    pub fn jsonl(out: Box<dyn Write + Send>, target: &str) -> Writer {
        Writer::Jsonl {
            out,
            target: target.to_string(),
            buf: Vec::new(),
        }
    }

    pub fn csv(out: Box<dyn Write + Send>, target: &str) -> Writer {
        let out = Box::new(csv::WriterBuilder::new().flexible(false).from_writer(out));
        Writer::Csv {
            out,
            target: target.to_string(),
            columns: None,
            dropped: HashSet::new(),
        }
    }

    /// A CSV writer that appends to a file begun by an earlier run, whose
    /// `header` fixes the columns: `head` generated columns first, `tail`
    /// last, passed-through fields between.
    pub fn csv_after(
        out: Box<dyn Write + Send>,
        target: &str,
        header: &[String],
        head: usize,
        tail: usize,
    ) -> Writer {
        let fields = (header.iter().enumerate())
            .take(header.len() - tail)
            .skip(head)
            .map(|(i, name)| (name.clone(), i))
            .collect();
        let columns = Columns {
            head,
            tail,
            fields,
            width: header.len(),
        };
        let out = Box::new(csv::WriterBuilder::new().flexible(false).from_writer(out));
        Writer::Csv {
            out,
            target: target.to_string(),
            columns: Some(columns),
            dropped: HashSet::new(),
        }
    }

    /// Writes `rows` and flushes, so that a reader downstream sees each
    /// chunk as soon as it is scored. `warn` reports passed-through fields
    /// that CSV output has no column for.
    pub fn write(&mut self, rows: &[Row<'_>], warn: &mut dyn FnMut(String)) -> Result<(), Fail> {
        match self {
            Writer::Jsonl { out, target, buf } => {
                buf.clear();
                for row in rows {
                    buf.push(b'{');
                    let head = row.head.iter().map(|(k, v)| (*k, v));
                    let rest = row
                        .fields
                        .iter()
                        .map(|(k, v)| (k.as_str(), v))
                        .chain(row.tail.iter().map(|(k, v)| (k.as_ref(), v)));
                    for (i, (key, value)) in head.chain(rest).enumerate() {
                        if i > 0 {
                            buf.push(b',');
                        }
                        push_json(buf, &key);
                        buf.push(b':');
                        push_json(buf, value);
                    }
                    buf.extend_from_slice(b"}\n");
                }
                out.write_all(buf)
                    .and_then(|()| out.flush())
                    .map_err(|e| Fail::write(e, target))
            }
            Writer::Csv {
                out,
                target,
                columns,
                dropped,
            } => {
                let Some(first) = rows.first() else {
                    return Ok(());
                };
                let columns = match columns {
                    Some(columns) => columns,
                    None => {
                        let (header, fixed) = layout(first, rows);
                        out.write_record(&header).map_err(|e| csv_fail(e, target))?;
                        columns.insert(fixed)
                    }
                };
                let mut record: Vec<Cow<'_, str>> = Vec::with_capacity(columns.width);
                for row in rows {
                    record.clear();
                    record.resize(columns.width, Cow::Borrowed(""));
                    for (i, (_, value)) in row.head.iter().take(columns.head).enumerate() {
                        record[i] = value.cell();
                    }
                    for (key, value) in &row.fields {
                        match columns.fields.get(key) {
                            Some(&i) => record[i] = value.cell(),
                            None => {
                                if dropped.insert(key.clone()) {
                                    warn(format!(
                                        "warning: field {key:?} has no CSV column (the columns are fixed by the first chunk); dropped"
                                    ));
                                }
                            }
                        }
                    }
                    let start = columns.width - columns.tail;
                    for (i, (_, value)) in row.tail.iter().take(columns.tail).enumerate() {
                        record[start + i] = value.cell();
                    }
                    out.write_record(record.iter().map(|c| c.as_bytes()))
                        .map_err(|e| csv_fail(e, target))?;
                }
                out.flush().map_err(|e| Fail::write(e, target))
            }
        }
    }

    /// Flushes what is left.
    pub fn finish(self) -> Result<(), Fail> {
        match self {
            Writer::Jsonl {
                mut out, target, ..
            } => out.flush().map_err(|e| Fail::write(e, &target)),
            Writer::Csv {
                mut out, target, ..
            } => out.flush().map_err(|e| Fail::write(e, &target)),
        }
    }
}

/// The CSV header: the generated head of the first row, the union of the
/// passed-through fields of the chunk in order of first appearance, then
/// the generated tail of the first row.
fn layout(first: &Row<'_>, rows: &[Row<'_>]) -> (Vec<String>, Columns) {
    let mut header: Vec<String> = first.head.iter().map(|(k, _)| k.to_string()).collect();
    let mut fields = HashMap::new();
    for row in rows {
        for (key, _) in &row.fields {
            if !fields.contains_key(key) {
                fields.insert(key.clone(), header.len());
                header.push(key.clone());
            }
        }
    }
    header.extend(first.tail.iter().map(|(k, _)| k.to_string()));
    let columns = Columns {
        head: first.head.len(),
        tail: first.tail.len(),
        fields,
        width: header.len(),
    };
    (header, columns)
}

/// Standard output, buffered.
pub fn stdout() -> Box<dyn Write + Send> {
    Box::new(io::BufWriter::with_capacity(1 << 16, io::stdout()))
}
