//! The engine: [`Redactor`], its builder, and the per-call [`Context`].

use std::sync::Arc;

use crate::error::Error;
use crate::finding::{Finding, Label};
use crate::policy::Policy;
use crate::recognize::custom::Custom;
use crate::recognize::name::KnownNames;
use crate::recognize::{self, Candidate, priority};
use crate::replace::{self, Replacement};
use crate::segment;

const LABELS: usize = Label::ALL.len();

/// Information about one message that only the caller has: the names on its record.
///
/// Build one per message (it is cheap: a handful of names compile in microseconds) and pass
/// it to [`Redactor::find_with`] or [`Redactor::redact_with`].
///
/// ```
/// let r = phiredact::Redactor::new();
/// let ctx = phiredact::Context::new().with_known_names(["Maria Lopez"]);
/// assert_eq!(r.redact_with("LOPEZ, MARIA called", &ctx), "[NAME] called");
/// ```
#[derive(Clone, Default)]
pub struct Context {
    known: KnownNames,
}

impl Context {
    /// An empty context.
    pub fn new() -> Context {
        Context::default()
    }

    /// Names to redact with certainty in this call, with their variants.
    pub fn with_known_names<I, S>(mut self, names: I) -> Context
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let names: Vec<S> = names.into_iter().collect();
        self.known = KnownNames::new(&names);
        self
    }
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The names are PHI: say only whether there are any.
        f.debug_struct("Context")
            .field("known_names", &!self.known.is_empty())
            .finish()
    }
}

/// Builds a [`Redactor`] from a [`Policy`] and options.
#[derive(Clone, Debug, Default)]
pub struct RedactorBuilder {
    policy: Policy,
}

impl RedactorBuilder {
    /// A builder with the default policy.
    pub fn new() -> RedactorBuilder {
        RedactorBuilder::default()
    }

    /// Uses `policy` (replacing any set before).
    pub fn policy(&mut self, policy: Policy) -> &mut RedactorBuilder {
        self.policy = policy;
        self
    }

    /// Parses and uses a policy document (JSON or TOML).
    pub fn policy_document(&mut self, text: &str) -> Result<&mut RedactorBuilder, Error> {
        self.policy = Policy::parse(text)?;
        Ok(self)
    }

    /// Turns one label on or off.
    pub fn label(&mut self, label: Label, enabled: bool) -> &mut RedactorBuilder {
        let mut lp = self.policy.get(label);
        lp.enabled = enabled;
        self.policy.set(label, lp);
        self
    }

    /// Adds a name the redactor always redacts.
    pub fn known_name(&mut self, name: impl Into<String>) -> &mut RedactorBuilder {
        self.policy.add_known_name(name);
        self
    }

    /// Validates the policy and compiles everything the redactor needs.
    pub fn build(&self) -> Result<Redactor, Error> {
        Redactor::with_policy(self.policy.clone())
    }
}

struct Inner {
    policy: Policy,
    enabled: [bool; LABELS],
    replacements: [Replacement; LABELS],
    custom: Vec<Custom>,
    known: KnownNames,
}

/// The redaction engine.
///
/// Immutable once built, `Send + Sync`, and cheap to clone (an `Arc` inside): build one
/// per policy at start-up and share it with every thread.
#[derive(Clone)]
pub struct Redactor {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let on: Vec<&str> = Label::ALL
            .iter()
            .filter(|l| self.inner.enabled[l.index()])
            .map(|l| l.as_str())
            .collect();
        f.debug_struct("Redactor")
            .field("labels", &on)
            .field("custom_recognizers", &self.inner.custom.len())
            .finish_non_exhaustive()
    }
}

impl Default for Redactor {
    fn default() -> Self {
        Redactor::new()
    }
}

impl Redactor {
    /// A redactor with the default policy: every label on, replaced by its tag.
    pub fn new() -> Redactor {
        match Redactor::with_policy(Policy::default()) {
            Ok(r) => r,
            // The default policy has nothing that can fail validation; a failure here is
            // a bug in this crate, caught by its tests.
            Err(e) => unreachable!("the default policy is valid: {e}"),
        }
    }

    /// A builder for options.
    pub fn builder() -> RedactorBuilder {
        RedactorBuilder::new()
    }

    /// A redactor for `policy`, validated.
    pub fn with_policy(policy: Policy) -> Result<Redactor, Error> {
        policy.validate()?;
        let mut enabled = [true; LABELS];
        let replacements: [Replacement; LABELS] = std::array::from_fn(|i| {
            let label = Label::ALL[i];
            let lp = policy.get(label);
            enabled[i] = lp.enabled;
            Replacement::from_policy(label, &lp)
        });
        let custom = policy
            .recognizers
            .iter()
            .enumerate()
            .map(|(i, r)| Custom::compile(r, i))
            .collect::<Result<Vec<_>, _>>()?;
        let known = KnownNames::new(&policy.known_names);
        if enabled[Label::Name.index()] {
            // Build the shared name dictionary now (tens of ms, once per process) rather
            // than on the first message.
            recognize::name::warm();
        }
        Ok(Redactor {
            inner: Arc::new(Inner {
                policy,
                enabled,
                replacements,
                custom,
                known,
            }),
        })
    }

    /// The policy this redactor was built from.
    pub fn policy(&self) -> &Policy {
        &self.inner.policy
    }

    /// Whether `label` is detected.
    pub fn is_enabled(&self, label: Label) -> bool {
        self.inner.enabled[label.index()]
    }

    /// Finds the identifiers in `text`: sorted by start, non-overlapping, on `char`
    /// boundaries, with byte offsets.
    pub fn find(&self, text: &str) -> Vec<Finding> {
        self.find_with(text, &Context::default())
    }

    /// Like [`find`](Redactor::find), with per-call information such as known names.
    pub fn find_with(&self, text: &str, ctx: &Context) -> Vec<Finding> {
        let mut findings = Vec::new();
        let mut scratch = Vec::new();
        let mut forced_before = false;
        for (s, e, forced_after) in segment::segments(text.as_bytes()) {
            let seg = &text[s..e];
            self.find_segment(
                seg,
                s,
                forced_before,
                forced_after,
                ctx,
                &mut scratch,
                &mut findings,
            );
            forced_before = forced_after;
        }
        findings
    }

    /// Replaces every identifier in `text` as the policy says (`[SSN]` by default).
    ///
    /// Redacting already redacted text changes nothing.
    pub fn redact(&self, text: &str) -> String {
        self.redact_with(text, &Context::default())
    }

    /// Like [`redact`](Redactor::redact), with per-call information such as known names.
    pub fn redact_with(&self, text: &str, ctx: &Context) -> String {
        let findings = self.find_with(text, ctx);
        self.apply(text, &findings)
    }

    /// Redacts bytes that may not be valid UTF-8.
    ///
    /// Invalid sequences are replaced by U+FFFD (as [`String::from_utf8_lossy`] does) before
    /// scanning, so nothing passes through unscanned; the result is the same as streaming
    /// the bytes through [`Redactor::stream`] in any chunking.
    pub fn redact_bytes(&self, bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
        let mut s = self.stream();
        // The stream works on whole segments; writing everything at once is fine here.
        let _ = s.write(bytes, &mut out);
        let _ = s.finish(&mut out);
        out
    }

    /// Writes `text` with the given findings replaced per the policy. The findings must be
    /// sorted, non-overlapping and within `text`, as [`find`](Redactor::find) returns them;
    /// findings that are not are ignored rather than allowed to panic.
    pub fn apply(&self, text: &str, findings: &[Finding]) -> String {
        let mut out = String::with_capacity(text.len() + 16 * findings.len());
        let ok = findings.windows(2).all(|w| w[0].end <= w[1].start)
            && findings.iter().all(|f| {
                f.start <= f.end
                    && f.end <= text.len()
                    && text.is_char_boundary(f.start)
                    && text.is_char_boundary(f.end)
            });
        if !ok {
            // Fail closed: replace the whole text rather than emit it half-redacted.
            out.push_str("[REDACTED]");
            return out;
        }
        replace::apply(
            text,
            0,
            findings,
            |l| &self.inner.replacements[l.index()],
            &mut out,
        );
        out
    }

    #[allow(clippy::too_many_arguments)]
    /// Finds and redacts one segment; shared by the one-shot and streaming paths so they
    /// cannot disagree.
    pub(crate) fn redact_segment(
        &self,
        seg: &str,
        base: usize,
        forced_before: bool,
        forced_after: bool,
        ctx: &Context,
        scratch: &mut Vec<Candidate>,
        findings: &mut Vec<Finding>,
        out: &mut String,
    ) {
        let first = findings.len();
        self.find_segment(
            seg,
            base,
            forced_before,
            forced_after,
            ctx,
            scratch,
            findings,
        );
        replace::apply(
            seg,
            base,
            &findings[first..],
            |l| &self.inner.replacements[l.index()],
            out,
        );
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn find_segment(
        &self,
        seg: &str,
        base: usize,
        forced_before: bool,
        forced_after: bool,
        ctx: &Context,
        scratch: &mut Vec<Candidate>,
        findings: &mut Vec<Finding>,
    ) {
        scratch.clear();
        self.candidates(seg, ctx, scratch);
        recognize_filter(scratch, &self.inner.enabled);
        if forced_before || forced_after {
            // After the label filter: this one holds whatever the policy says.
            window_cut_candidates(seg, forced_before, forced_after, scratch);
        }
        crate::resolve::resolve(scratch, base, findings);
    }

    fn candidates(&self, seg: &str, ctx: &Context, out: &mut Vec<Candidate>) {
        let en = &self.inner.enabled;
        let on = |l: Label| en[l.index()];
        let has_digit = seg.bytes().any(|b| b.is_ascii_digit());
        if has_digit {
            if on(Label::Ssn) || on(Label::Id) {
                recognize::ssn::recognize(seg, out);
            }
            if on(Label::Phone) {
                recognize::phone::recognize(seg, out);
            }
            if on(Label::Date) || on(Label::Dob) {
                recognize::date::recognize(seg, out);
            }
            if on(Label::Mrn) || on(Label::Id) {
                recognize::id::recognize(seg, out);
            }
            if on(Label::Age) {
                recognize::age::recognize(seg, out);
            }
            if on(Label::Address) || on(Label::Zip) {
                recognize::address::recognize(seg, out);
            }
        } else if on(Label::Date) || on(Label::Dob) {
            recognize::date::recognize(seg, out);
        }
        if on(Label::Email) || on(Label::Url) || on(Label::Ip) {
            recognize::net::recognize(seg, out);
        }
        for c in &self.inner.custom {
            if on(c.label()) {
                c.recognize(seg, out);
            }
        }
        if on(Label::Name) {
            recognize::name::recognize(seg, out);
            self.inner.known.recognize(seg, out);
            ctx.known.recognize(seg, out);
        }
    }
}

/// Drops candidates whose label the policy turned off. A date cued as DOB counts as a
/// DATE when only DATE is on (and the other way round), so turning one off does not leak
/// the other.
fn recognize_filter(cands: &mut Vec<Candidate>, enabled: &[bool; LABELS]) {
    cands.retain_mut(|c| {
        if enabled[c.label.index()] {
            return true;
        }
        match c.label {
            Label::Dob if enabled[Label::Date.index()] => {
                c.label = Label::Date;
                true
            }
            _ => false,
        }
    });
}

/// Fail closed at a forced window cut: the tokens touching the cut are redacted whole,
/// because a candidate split by the window could not be recognised in either half.
fn window_cut_candidates(seg: &str, before: bool, after: bool, out: &mut Vec<Candidate>) {
    let ws = |c: char| c.is_whitespace();
    if before {
        let end = seg.find(ws).unwrap_or(seg.len());
        if end > 0 {
            out.push(Candidate::new(
                0,
                end,
                Label::Id,
                "window.forced_cut",
                priority::EXPLICIT,
            ));
        }
    }
    if after {
        let start = seg
            .rfind(ws)
            .map_or(0, |i| i + seg[i..].chars().next().map_or(1, char::len_utf8));
        if start < seg.len() {
            out.push(Candidate::new(
                start,
                seg.len(),
                Label::Id,
                "window.forced_cut",
                priority::EXPLICIT,
            ));
        }
    }
}
