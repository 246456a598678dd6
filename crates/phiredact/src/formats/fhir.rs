//! FHIR R4 JSON.
use std::io::{Read, Write};

use crate::error::Error;
use crate::redactor::Redactor;
use crate::stream::StreamStats;

impl Redactor {
    /// Redacts FHIR.
    pub fn redact_fhir_stream<R: Read, W: Write>(
        &self,
        _r: R,
        _w: W,
    ) -> Result<StreamStats, Error> {
        Err(Error::format("todo"))
    }
}
