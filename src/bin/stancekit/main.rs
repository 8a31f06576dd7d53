//! `stancekit`: score political and diplomatic statements into stance
//! vectors from the command line, explain single statements, and check,
//! show and export lexicons, and calibrate a lexicon to rated statements.

mod calibrate;
mod explain;
mod input;
mod json;
mod lexicon;
mod output;
mod resume;
mod score;
mod table;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use stancekit::Profile;

const ABOUT: &str = "Score political and diplomatic statements into stance vectors (threat, blame, rigidity, certainty).";

const LONG_ABOUT: &str = "\
Score political and diplomatic statements into stance vectors.

Every statement gets one score in (-1, 1) per axis of the lexicon; the
built-in `diplomatic-en` lexicon has four: threat (conciliatory - / +
threatening), blame (appreciative - / + accusatory), rigidity (flexible - /
+ intransigent) and certainty (hedged - / + assertive). Negation,
intensifiers, hedges and contrast words are taken into account, and every
score can be explained down to the words and rules that produced it.";

const AFTER_HELP: &str = "\
Examples:
  stancekit score statements.txt > scores.jsonl
  stancekit score --format jsonl --text-field body --output-format csv -o out.csv posts.jsonl
  echo 'We will retaliate.' | stancekit score
  stancekit score examples/statements.jsonl -O table
  stancekit explain 'Moscow would not break off talks, but it will not give up its claims.'
  stancekit lexicon check my-terms.toml
  stancekit score --lexicon my-terms.toml statements.csv
  stancekit calibrate rated.jsonl -o calibrated.toml

Exit status: 0 on success, 1 when `score --strict` met bad rows or `lexicon
check` found a bad file, 2 when the run could not be done (unreadable file,
bad lexicon, bad arguments).";

#[derive(Parser)]
#[command(name = "stancekit", version, about = ABOUT, long_about = LONG_ABOUT, after_help = AFTER_HELP)]
#[command(propagate_version = true, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Score statements from files or standard input into JSONL or CSV rows.
    #[command(long_about = score::LONG_ABOUT, after_help = score::AFTER_HELP)]
    Score(ScoreArgs),
    /// Explain the score of one statement, term by term.
    #[command(long_about = explain::LONG_ABOUT, after_help = explain::AFTER_HELP)]
    Explain(ExplainArgs),
    /// Check, show or export lexicons.
    #[command(subcommand, long_about = lexicon::LONG_ABOUT)]
    Lexicon(LexiconCommand),
    /// Refit a lexicon's weights to rated statements; report held-out agreement.
    #[command(long_about = calibrate::LONG_ABOUT, after_help = calibrate::AFTER_HELP)]
    Calibrate(CalibrateArgs),
}

/// Which lexicon to use: the built-in one, extended by files.
#[derive(Args, Debug, Clone)]
struct LexiconArgs {
    /// Extend the built-in lexicon with FILE (.toml, .json, .csv, .tsv); repeatable.
    ///
    /// The file's entries add to or override the default ones, and its
    /// `remove` list drops terms. Each further file extends the result of
    /// the previous ones.
    #[arg(short = 'l', long = "lexicon", value_name = "FILE")]
    lexicon: Vec<PathBuf>,
    /// Do not start from the built-in lexicon: the first --lexicon stands alone.
    ///
    /// Later --lexicon files extend the first one.
    #[arg(long, requires = "lexicon")]
    no_default: bool,
    /// Rule profile: stancekit's rules, or vaderSentiment 3.3.2's exactly.
    ///
    /// `vader` starts from VADER's lexicon instead of the built-in one
    /// (`--lexicon` files extend it on its `valence` axis), and `score`
    /// writes VADER's `neg`, `neu`, `pos` and `compound` as vaderSentiment
    /// rounds them; `--vader-lexicon` reads a lexicon in VADER's format.
    #[arg(long, default_value_t = Profile::Stancekit, value_name = "stancekit|vader")]
    profile: Profile,
    /// Start from FILE in VADER's format (`token<TAB>mean<TAB>sd<TAB>ratings`).
    #[arg(long, value_name = "FILE", conflicts_with = "no_default")]
    vader_lexicon: Option<PathBuf>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum InputFormat {
    /// By file extension: .txt text, .jsonl/.ndjson/.json JSONL, .csv CSV,
    /// .tsv/.tab TSV, anything else (and standard input) text.
    Auto,
    /// One statement per line.
    Text,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
    /// Tab-separated values with a header row, no quoting.
    Tsv,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
    /// Aligned columns for reading: a label, the scores and the text cut to
    /// the width (COLUMNS, else 100), then a summary per axis.
    Table,
}

#[derive(Args, Debug)]
struct ScoreArgs {
    /// Input files; `-` or none reads standard input.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Input format.
    #[arg(short = 'f', long, value_enum, default_value_t = InputFormat::Auto)]
    format: InputFormat,
    /// JSONL: the field that holds the statement.
    #[arg(long, value_name = "NAME", default_value = "text")]
    text_field: String,
    /// CSV/TSV: the header of the column that holds the statement.
    #[arg(long, value_name = "NAME", default_value = "text")]
    text_column: String,
    /// Output format: rows as JSONL or CSV, or a table to read.
    ///
    /// `table` prints one aligned line per row: its label (the `id` field,
    /// else `speaker`, else the line number), each axis score with a sign
    /// and 2 decimals (or `error: ...`), and the text cut to the width
    /// (the COLUMNS environment variable, else 100). A summary follows: per
    /// axis the mean, the rows scored, and the most positive and most
    /// negative row. On a terminal, positive scores are red and negative
    /// ones green (not with NO_COLOR).
    #[arg(short = 'O', long, value_enum, default_value_t = OutputFormat::Jsonl)]
    output_format: OutputFormat,
    /// Write the rows to FILE instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    lexicon: LexiconArgs,
    /// Scoring threads; 0 uses every core.
    #[arg(short = 'j', long, value_name = "N", default_value_t = 0)]
    threads: usize,
    /// Add a `contributions` array to each row, explaining its scores.
    ///
    /// One item per matched term: its text, byte span, lexicon term and
    /// group, value by axis, and the factors applied (rule, factor,
    /// trigger word). Slower than plain scoring.
    #[arg(long)]
    explain: bool,
    /// Add a `targets` object to each row: the stance toward each actor
    /// the statement names, by axis.
    ///
    /// Actors are the built-in major states and organizations plus the
    /// speaker (we, us, our), or those of --actors. With --explain, an
    /// `attributions` array says whom each contribution is about and by
    /// which rule (object, passive, subject, sentence).
    #[arg(long)]
    targets: bool,
    /// Actors and their aliases from FILE (TOML or JSON: id = [aliases]);
    /// implies --targets.
    #[arg(long, value_name = "FILE")]
    actors: Option<PathBuf>,
    /// Aggregate instead of writing rows: one row per group of KEYS, with
    /// the count and, per axis, the mean and standard deviation.
    ///
    /// KEYS are input fields (`speaker`, `date`, ...) and `target`, comma
    /// separated: `--by speaker,target` gives the stance of each speaker
    /// toward each actor its statements name. `date:month` (or `:year`,
    /// `:day`) groups ISO dates by month. Without `target`, each
    /// statement counts once with its overall scores. Rows with errors
    /// are left out (and reported).
    #[arg(long, value_name = "KEYS", value_delimiter = ',', conflicts_with_all = ["explain", "resume", "skip"])]
    by: Vec<String>,
    /// Exit with status 1 if any row had an error.
    #[arg(long)]
    strict: bool,
    /// Skip the first N rows of the input (all files, in order): they are
    /// read but neither scored nor written. What an interrupted run says
    /// to add to continue where it stopped.
    #[arg(long, value_name = "N", default_value_t = 0, conflicts_with = "resume")]
    skip: u64,
    /// Continue an interrupted run: count the complete rows already in the
    /// --output file, cut any incomplete last row, skip that many input
    /// rows and append the rest. JSONL and CSV output only; use the same
    /// inputs and options as the first run.
    #[arg(long, requires = "output")]
    resume: bool,
    /// Rows read, scored and written at a time; bounds memory use.
    #[arg(long, value_name = "N", default_value_t = 4096, value_parser = clap::value_parser!(u64).range(1..))]
    chunk_size: u64,
    /// No progress bar and no summary line (bad rows are still reported).
    #[arg(short = 'q', long)]
    quiet: bool,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    /// Colour when standard output is a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[derive(Args, Debug)]
struct ExplainArgs {
    /// The statement; several arguments are joined with spaces, `-` reads
    /// standard input.
    #[arg(value_name = "TEXT", required = true, num_args = 1..)]
    text: Vec<String>,
    /// Print the full result (scores, raw sums, hits, contributions with
    /// weights, factors and spans) as JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// When to colour the table (red: positive pole, green: negative pole).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,
    #[command(flatten)]
    lexicon: LexiconArgs,
}

#[derive(Args, Debug)]
struct CalibrateArgs {
    /// Rated statements: JSONL, CSV or TSV.
    #[arg(value_name = "RATINGS")]
    ratings: PathBuf,
    /// Input format (`text` is refused: ratings need fields).
    #[arg(short = 'f', long, value_enum, default_value_t = InputFormat::Auto)]
    format: InputFormat,
    /// The JSONL field or CSV/TSV column that holds the statement.
    #[arg(
        long,
        visible_alias = "text-column",
        value_name = "NAME",
        default_value = "text"
    )]
    text_field: String,
    /// JSONL: the field holding an object of ratings by axis; without it,
    /// ratings are top-level fields (or columns) named after the axes.
    #[arg(long, value_name = "NAME")]
    ratings_field: Option<String>,
    /// Axes to calibrate, comma-separated [default: every lexicon axis
    /// with a rating in the data].
    #[arg(long, value_name = "AXES", value_delimiter = ',')]
    axes: Vec<String>,
    /// Folds of the cross-validation that chooses lambda and measures the
    /// held-out agreement.
    #[arg(long, value_name = "K", default_value_t = 5)]
    folds: usize,
    /// Seed of the shuffle that deals statements into folds.
    #[arg(long, value_name = "N", default_value_t = 0)]
    seed: u64,
    /// Hits an entry needs in the data to be refitted; rarer ones keep
    /// their weight.
    #[arg(long, value_name = "N", default_value_t = 2)]
    min_hits: usize,
    /// The lambda values to try, comma-separated [default:
    /// 0.01,0.03,0.1,...,300,1000].
    #[arg(long, value_name = "L,...", value_delimiter = ',')]
    lambdas: Vec<f64>,
    /// Name of the new lexicon [default: the old name].
    #[arg(long, value_name = "NAME")]
    new_name: Option<String>,
    /// Version of the new lexicon [default: the old version +calibrated].
    #[arg(long, value_name = "VERSION")]
    new_version: Option<String>,
    /// Write the calibrated lexicon (TOML) to FILE.
    #[arg(short = 'o', long, value_name = "FILE", required = true)]
    output: PathBuf,
    /// Print the report as JSON instead of a table.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    lexicon: LexiconArgs,
}

#[derive(Subcommand)]
enum LexiconCommand {
    /// Check lexicon files: their size and hash, or their first problem.
    ///
    /// Loads each file (as an extension of the built-in lexicon unless
    /// --no-default) and compiles it, as `score --lexicon FILE` would.
    #[command(after_help = lexicon::CHECK_AFTER_HELP)]
    Check(CheckArgs),
    /// Describe a lexicon: axes, poles and counts of entries and modifiers.
    ///
    /// Prints the name, version, hash and alpha, each axis with its negative
    /// and positive pole and how many entries weigh it either way, the
    /// number of entries, phrases (terms with a space) and wildcards
    /// (`stem*`), and the modifiers by kind.
    #[command(after_help = lexicon::SHOW_AFTER_HELP)]
    Show(ShowArgs),
    /// Write a lexicon as TOML or JSON.
    ///
    /// Writes the built-in lexicon, or the result of extending it by the
    /// --lexicon files, as one standalone file.
    #[command(after_help = lexicon::EXPORT_AFTER_HELP)]
    Export(ExportArgs),
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// Lexicon files (.toml, .json, .csv, .tsv).
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
    /// Check each file on its own instead of as an extension of the built-in
    /// lexicon.
    #[arg(long)]
    no_default: bool,
}

#[derive(Args, Debug)]
struct ShowArgs {
    #[command(flatten)]
    lexicon: LexiconArgs,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    /// The TOML lexicon format.
    Toml,
    /// JSON of the same schema.
    Json,
}

#[derive(Args, Debug)]
struct ExportArgs {
    /// Output format.
    #[arg(short = 'f', long, value_enum, default_value_t = ExportFormat::Toml)]
    format: ExportFormat,
    /// Write to FILE instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    lexicon: LexiconArgs,
}

/// Why a command stopped early.
#[derive(Debug)]
pub enum Fail {
    /// Standard output was closed by its reader (`| head`): end quietly.
    Pipe,
    /// The run cannot go on: the message is printed and the exit status is 2.
    Fatal(String),
}

impl Fail {
    pub fn fatal(message: impl std::fmt::Display) -> Fail {
        Fail::Fatal(message.to_string())
    }

    /// A failed write to `what` (standard output or the output file).
    pub fn write(err: io::Error, what: &str) -> Fail {
        if err.kind() == io::ErrorKind::BrokenPipe {
            Fail::Pipe
        } else {
            Fail::Fatal(format!("cannot write to {what}: {err}"))
        }
    }
}

impl From<stancekit::Error> for Fail {
    fn from(err: stancekit::Error) -> Fail {
        Fail::Fatal(err.to_string())
    }
}

/// Prints a line on standard error; a closed standard error is ignored
/// rather than a reason to panic.
pub fn note(message: &str) {
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "{message}");
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Score(args) => score::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Lexicon(LexiconCommand::Check(args)) => lexicon::check(&args),
        Command::Lexicon(LexiconCommand::Show(args)) => lexicon::show(&args),
        Command::Lexicon(LexiconCommand::Export(args)) => lexicon::export(&args),
        Command::Calibrate(args) => calibrate::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(Fail::Pipe) => ExitCode::SUCCESS,
        Err(Fail::Fatal(message)) => {
            note(&format!("stancekit: {message}"));
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
