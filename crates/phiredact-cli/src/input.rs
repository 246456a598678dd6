//! Opening inputs and outputs.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use crate::Failure;

/// One input: a file or stdin, with its size when known (for the progress ETA).
pub(crate) struct Input {
    pub name: String,
    pub reader: Box<dyn Read + Send>,
    pub size: Option<u64>,
}

pub(crate) fn inputs(files: &[PathBuf]) -> Result<Vec<Input>, Failure> {
    if files.is_empty() {
        return Ok(vec![stdin()]);
    }
    files
        .iter()
        .map(|p| {
            if p.as_os_str() == "-" {
                return Ok(stdin());
            }
            let f =
                File::open(p).map_err(|e| Failure(format!("cannot open {}: {e}", p.display())))?;
            let size = f.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
            Ok(Input {
                name: p.display().to_string(),
                reader: Box::new(f),
                size,
            })
        })
        .collect()
}

fn stdin() -> Input {
    Input {
        name: "-".to_string(),
        // Not locked: a locked stdin cannot move to the reading thread of `--threads`.
        reader: Box::new(io::stdin()),
        size: None,
    }
}

pub(crate) fn output(path: Option<&Path>) -> Result<Box<dyn Write>, Failure> {
    match path {
        None => Ok(Box::new(BufWriter::with_capacity(
            64 * 1024,
            io::stdout().lock(),
        ))),
        Some(p) => {
            let f = File::create(p)
                .map_err(|e| Failure(format!("cannot create {}: {e}", p.display())))?;
            Ok(Box::new(BufWriter::with_capacity(64 * 1024, f)))
        }
    }
}
