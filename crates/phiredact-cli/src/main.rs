//! `phiredact`: redact PHI from files and pipes.
//!
//! Exit codes: 0 success, 1 I/O or policy error, 2 usage error. Error messages are one
//! line on stderr and never contain input text.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

mod eval;
mod formats;
mod input;
mod jsonl;
mod policy_cmd;
mod progress;
mod redact;
mod scan;

/// Find and redact protected health information in clinical and telehealth text.
#[derive(Parser, Debug)]
#[command(name = "phiredact", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Redact files (or stdin) to stdout or -o FILE.
    Redact(RedactArgs),
    /// Write findings as JSON lines (without the matched text unless --show-text).
    Scan(ScanArgs),
    /// Measure recall and precision on annotated JSON lines ({"text", "spans"}).
    Eval(eval::EvalArgs),
    /// Check a policy document and print the effective policy.
    Policy(policy_cmd::PolicyArgs),
}

/// Options shared by `redact` and `scan`.
#[derive(Args, Debug, Clone)]
pub(crate) struct Common {
    /// Input files; stdin when none (or "-").
    pub files: Vec<PathBuf>,
    /// Policy document (TOML or JSON).
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Write to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Input is JSON lines; the text is in the "text" field (see --field).
    #[arg(long)]
    pub jsonl: bool,
    /// With --jsonl: the field that holds the text.
    #[arg(long, value_name = "NAME", default_value = "text", requires = "jsonl")]
    pub field: String,
    /// A name to redact with certainty, with its variants (repeatable).
    #[arg(long = "known-name", value_name = "NAME")]
    pub known_names: Vec<String>,
    /// Read the key of pseudonym, surrogate and shift_dates from the environment variable
    /// VAR (overrides the policy's key and key_env). Never pass a key on the command line.
    #[arg(long, value_name = "VAR")]
    pub key_env: Option<String>,
    /// The subject (patient) of the input, for shift_dates: the same subject and key shift
    /// every date by the same days.
    #[arg(long, value_name = "ID")]
    pub subject: Option<String>,
    /// With --jsonl: take each line's subject from this field (overrides --subject).
    #[arg(long, value_name = "NAME", requires = "jsonl")]
    pub subject_field: Option<String>,
    /// No progress display on stderr.
    #[arg(short, long)]
    pub quiet: bool,
    /// Threads to scan on (default: one per core). The output is the same with any number:
    /// blocks of input are scanned in parallel, then replaced and written in input order.
    /// (`--format` reads on one thread.)
    #[arg(short = 'j', long, value_name = "N",
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub threads: Option<usize>,
}

#[derive(Args, Debug)]
struct RedactArgs {
    #[command(flatten)]
    common: Common,
    /// Input format: field-aware redaction of HL7 v2, FHIR JSON, CSV or JSON lines (field
    /// tables in the policy's [formats] section); auto detects HL7 and FHIR.
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with = "jsonl")]
    format: Option<formats::FormatArg>,
}

#[derive(Args, Debug)]
struct ScanArgs {
    #[command(flatten)]
    common: Common,
    /// Include the matched text in each finding. The output then contains PHI.
    #[arg(long)]
    show_text: bool,
}

/// A failure worth one line on stderr and exit code 1.
#[derive(Debug)]
pub(crate) struct Failure(pub String);

impl From<phiredact::Error> for Failure {
    fn from(e: phiredact::Error) -> Failure {
        Failure(e.to_string())
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure(format!("I/O error: {e}"))
    }
}

/// Builds the redactor of a command: the policy file (or the default policy) and, with
/// `--key-env VAR`, the key read from VAR. The policy's own `key_env` is read by the
/// library's builder.
pub(crate) fn build_redactor(
    common_policy: Option<&PathBuf>,
    key_env: Option<&str>,
) -> Result<phiredact::Redactor, Failure> {
    let mut b = phiredact::Redactor::builder();
    let mut name = String::from("default policy");
    if let Some(path) = common_policy {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure(format!("cannot read policy {}: {e}", path.display())))?;
        let policy = phiredact::Policy::parse(&text)
            .map_err(|e| Failure(format!("policy {}: {e}", path.display())))?;
        b.policy(policy);
        name = format!("policy {}", path.display());
    }
    if let Some(var) = key_env {
        b.key_from_env(var)
            .map_err(|e| Failure(format!("--key-env: {e}")))?;
    }
    b.build().map_err(|e| Failure(format!("{name}: {e}")))
}

/// The threads of `--threads`, one per core by default.
pub(crate) fn threads(c: &Common) -> usize {
    c.threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// The per-call context of `redact` and `scan`: known names and the subject.
pub(crate) fn context(c: &Common) -> phiredact::Context {
    let ctx = phiredact::Context::new().with_known_names(&c.known_names);
    match &c.subject {
        Some(s) => ctx.with_subject(s.clone()),
        None => ctx,
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Redact(a) => match a.format {
            Some(f) => formats::run(&a.common, f),
            None => redact::run(&a.common),
        },
        Command::Scan(a) => scan::run(&a.common, a.show_text),
        Command::Eval(a) => eval::run(&a),
        Command::Policy(a) => policy_cmd::run(&a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(msg)) => {
            // A closed pipe (`phiredact redact big.txt | head`) is not an error worth a
            // message.
            if msg.contains("Broken pipe") {
                return ExitCode::SUCCESS;
            }
            eprintln!("phiredact: {msg}");
            ExitCode::from(1)
        }
    }
}
