//! Tables.
use std::io::{Read, Write};

use crate::error::Error;
use crate::redactor::Redactor;
use crate::stream::StreamStats;

impl Redactor {
    /// Redacts CSV.
    pub fn redact_csv_stream<R: Read, W: Write>(&self, _r: R, _w: W) -> Result<StreamStats, Error> {
        Err(Error::format("todo"))
    }
    /// Redacts JSONL.
    pub fn redact_jsonl_stream<R: Read, W: Write>(
        &self,
        _r: R,
        _w: W,
    ) -> Result<StreamStats, Error> {
        Err(Error::format("todo"))
    }
}
