//! `phiredact redact`.

use std::io::Write;

use crate::input::{inputs, output};
use crate::progress::{Counting, bar};
use crate::{Common, Failure, build_redactor};

pub(crate) fn run(c: &Common) -> Result<(), Failure> {
    let threads = crate::threads(c);
    let redactor = build_redactor(c.policy.as_ref(), c.key_env.as_deref())?;
    let ctx = crate::context(c);
    let ins = inputs(&c.files)?;
    let mut out = output(c.output.as_deref())?;
    for input in ins {
        let bar = bar(input.size, c.quiet);
        let reader = Counting {
            inner: input.reader,
            bar: bar.clone(),
        };
        if c.jsonl {
            crate::jsonl::redact(
                &redactor,
                &ctx,
                reader,
                &mut out,
                &c.field,
                c.subject_field.as_deref(),
                threads,
            )?;
        } else {
            redactor
                .redact_stream_parallel(reader, &mut out, &ctx, threads)
                .map_err(|e| Failure(format!("{}: {e}", input.name)))?;
        }
        bar.finish_and_clear();
    }
    out.flush()?;
    Ok(())
}
