//! The engine: [`Redactor`], its builder, and the per-call [`Context`].

use std::sync::Arc;

use crate::error::Error;
use crate::finding::{Finding, Label};
use crate::keyed::Key;
use crate::lists::Lists;
use crate::policy::{MIN_KEY_LEN, Policy};
use crate::recognize::custom::Custom;
use crate::recognize::name::KnownNames;
use crate::recognize::place::SiteFacilities;
use crate::recognize::{self, Candidate, priority};
use crate::replace::{self, DocState, Replacement};
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
    subject: Option<String>,
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

    /// The subject (patient) this text is about, for `shift_dates`: every text with the
    /// same subject and key has its dates moved by the same number of days, so intervals
    /// between them stay true. Without a subject the offset depends on the key alone.
    pub fn with_subject(mut self, subject: impl Into<String>) -> Context {
        self.subject = Some(subject.into());
        self
    }
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The names are PHI: say only whether there are any.
        f.debug_struct("Context")
            .field("known_names", &!self.known.is_empty())
            .field("subject", &self.subject.is_some())
            .finish()
    }
}

/// Builds a [`Redactor`] from a [`Policy`] and options.
#[derive(Clone, Debug, Default)]
pub struct RedactorBuilder {
    policy: Policy,
    /// A key given directly; `Debug` shows `<set>`.
    key: Option<Key>,
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

    /// The key of the keyed actions (`pseudonym`, `surrogate`, `shift_dates`), at least
    /// 16 bytes; it takes precedence over the policy's `key` and `key_env`.
    pub fn key(&mut self, key: impl AsRef<[u8]>) -> &mut RedactorBuilder {
        self.key = Some(Key::new(key.as_ref()));
        self
    }

    /// Reads the key from the environment variable `name` now. The error names the
    /// variable, never its value.
    pub fn key_from_env(&mut self, name: &str) -> Result<&mut RedactorBuilder, Error> {
        self.key = Some(Key::new(&env_key(name)?));
        Ok(self)
    }

    /// Validates the policy and compiles everything the redactor needs.
    ///
    /// The key of the keyed actions is, in order: the one given by
    /// [`key`](RedactorBuilder::key) or [`key_from_env`](RedactorBuilder::key_from_env),
    /// the policy's `key`, or the environment variable the policy names in `key_env` (read
    /// here). A policy with a keyed action and no key is refused: there is no default key.
    pub fn build(&self) -> Result<Redactor, Error> {
        let policy = &self.policy;
        policy.validate()?;
        let key = match (&self.key, &policy.key, &policy.key_env) {
            (Some(k), _, _) => Some(k.clone()),
            (None, Some(k), _) => Some(Key::new(k.bytes())),
            (None, None, Some(var)) if policy.keyed_label().is_some() => {
                Some(Key::new(&env_key(var)?))
            }
            _ => None,
        };
        if let Some(k) = &key {
            if k.len() < MIN_KEY_LEN {
                return Err(Error::policy(format!(
                    "key: too short (at least {MIN_KEY_LEN} bytes; 32 random bytes recommended)"
                )));
            }
        }
        if let (None, Some((label, action))) = (&key, policy.keyed_label()) {
            let action = serde_json::to_string(&action).unwrap_or_default();
            return Err(Error::policy(format!(
                "key: labels.{label}.action = {action} needs a key: set key or key_env in the \
                 policy, or give one to the builder"
            )));
        }
        Redactor::compile(policy.clone(), key)
    }
}

/// The bytes of the environment variable `name`, which must be set and non-empty.
fn env_key(name: &str) -> Result<Vec<u8>, Error> {
    match std::env::var_os(name) {
        Some(v) if !v.is_empty() => Ok(v.into_encoded_bytes()),
        _ => Err(Error::policy(format!(
            "key_env: the environment variable {name} is not set or empty"
        ))),
    }
}

struct Inner {
    policy: Policy,
    enabled: [bool; LABELS],
    replacements: [Replacement; LABELS],
    custom: Vec<Custom>,
    known: KnownNames,
    // Issue 8: lists and the key of the keyed actions.
    lists: Lists,
    key: Option<Key>,
    facilities: SiteFacilities,
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

    /// A redactor for `policy`, validated; the same as building it with
    /// [`RedactorBuilder::build`], which also reads the key named by `key_env`.
    pub fn with_policy(policy: Policy) -> Result<Redactor, Error> {
        let mut b = RedactorBuilder::new();
        b.policy(policy);
        b.build()
    }

    fn compile(policy: Policy, key: Option<Key>) -> Result<Redactor, Error> {
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
        let lists = Lists::new(&policy)?;
        let facilities = SiteFacilities::new(&policy.facilities);
        if enabled[Label::Location.index()] {
            recognize::place::warm_up();
        }
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
                lists,
                key,
                facilities,
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

    /// Like [`redact`](Redactor::redact), with per-call information such as known names
    /// and the subject of date shifting.
    pub fn redact_with(&self, text: &str, ctx: &Context) -> String {
        let findings = self.find_with(text, ctx);
        self.apply_doc(text, &findings, &mut self.doc_state(ctx))
    }

    // ---- Structured formats (issue 11): whole-field replacement per the policy ----
    /// The replacement of `label`'s findings, and the key of the keyed actions.
    pub(crate) fn replacement(&self, label: Label) -> (&Replacement, Option<&Key>) {
        (
            &self.inner.replacements[label.index()],
            self.inner.key.as_ref(),
        )
    }
    // ---- end of structured formats ----

    /// The replacement state of one document: numbering starts afresh, and the date shift
    /// is the subject's.
    pub(crate) fn doc_state(&self, ctx: &Context) -> DocState {
        let shift = self.inner.key.as_ref().map(|k| {
            replace::shift_days(
                k,
                ctx.subject.as_deref().unwrap_or(""),
                self.inner.policy.max_shift_days.unwrap_or(365),
            )
        });
        DocState::new(shift)
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
    /// findings that are not are ignored rather than allowed to panic. The text is one
    /// document: `numbered` tags start at 1.
    pub fn apply(&self, text: &str, findings: &[Finding]) -> String {
        self.apply_doc(text, findings, &mut self.doc_state(&Context::default()))
    }

    fn apply_doc(&self, text: &str, findings: &[Finding], doc: &mut DocState) -> String {
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
        self.apply_segment(text, 0, findings, doc, &mut out);
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
        doc: &mut DocState,
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
        self.apply_segment(seg, base, &findings[first..], doc, out);
    }

    /// Writes one segment with its findings (offsets relative to `base`) replaced: the
    /// second half of [`redact_segment`](Redactor::redact_segment), for callers that find
    /// on one thread and replace on another.
    pub(crate) fn apply_segment(
        &self,
        seg: &str,
        base: usize,
        findings: &[Finding],
        doc: &mut DocState,
        out: &mut String,
    ) {
        replace::apply(
            seg,
            base,
            findings,
            |l| &self.inner.replacements[l.index()],
            self.inner.key.as_ref(),
            doc,
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
        // One digit-run vector per thread, handed to every segment's shape instead of a new
        // one per message. The shape of the segment as it is also tells `fold` where its
        // ASCII tricks can be; most segments need no fold and keep this shape.
        thread_local! {
            static RUNS: std::cell::Cell<Vec<(usize, usize)>> = const { std::cell::Cell::new(Vec::new()) };
        }
        let shape = recognize::Shape::of_into(seg, RUNS.take());
        match crate::fold::fold(seg, &shape.runs) {
            None => self.candidates(seg, &shape, ctx, scratch),
            Some(folded) => {
                let folded_shape = recognize::Shape::of_into(&folded.text, Vec::new());
                self.candidates(&folded.text, &folded_shape, ctx, scratch);
                for c in scratch.iter_mut() {
                    (c.start, c.end) = folded.original_span(c.start, c.end);
                }
                // The caller's own lists and patterns may be written with the accents the
                // fold took away ("José García", "Clínica Sánchez"): they also see the
                // segment as it is.
                self.caller_candidates(seg, ctx, scratch);
            }
        }
        RUNS.set(shape.runs);
        recognize_filter(scratch, &self.inner.enabled);
        // A placeholder of an earlier pass ("[NAME]") is not PHI: redacting twice changes
        // nothing.
        let tags = &self.inner.replacements;
        scratch.retain(|c| !is_placeholder(seg, c.start, c.end, tags));
        // After the label filter: the deny-list redacts whatever the labels say.
        self.inner.lists.deny(seg, scratch);
        if forced_before || forced_after {
            // After the label filter: this one holds whatever the policy says.
            window_cut_candidates(seg, forced_before, forced_after, scratch);
        }
        let first = findings.len();
        crate::resolve::resolve(scratch, base, findings);
        if self.inner.lists.has_allow() {
            // After resolution, so an allowed string merged into a larger finding stays
            // redacted with it.
            let lists = &self.inner.lists;
            // Only this segment's findings (from `first` on) are relative to `seg`.
            let mut i = 0;
            findings.retain(|f| {
                let keep = i < first
                    || f.rule == "window.forced_cut"
                    || !lists.allowed(&seg[f.start - base..f.end - base]);
                i += 1;
                keep
            });
        }
    }

    /// Every recognizer's candidates in `seg`; `shape` is the segment's [`recognize::Shape`],
    /// one pass over the bytes that lets the structured recognizers skip what cannot match.
    fn candidates(
        &self,
        seg: &str,
        shape: &recognize::Shape,
        ctx: &Context,
        out: &mut Vec<Candidate>,
    ) {
        let en = &self.inner.enabled;
        let on = |l: Label| en[l.index()];
        let has_digit = shape.max_run > 0;
        if has_digit {
            if on(Label::Ssn) || on(Label::Id) {
                recognize::ssn::recognize_shaped(seg, shape, out);
            }
            if on(Label::Phone) {
                recognize::phone::recognize_shaped(seg, shape, out);
            }
            if on(Label::Date) || on(Label::Dob) {
                recognize::date::recognize_shaped(seg, shape, out);
            }
            if on(Label::Mrn) || on(Label::Id) {
                recognize::id::recognize_shaped(seg, shape, out);
            }
            if on(Label::Age) {
                recognize::age::recognize_shaped(seg, shape, out);
            }
            if on(Label::Address) || on(Label::Zip) {
                recognize::address::recognize_shaped(seg, shape, out);
            }
        } else if on(Label::Date) || on(Label::Dob) {
            recognize::date::recognize_shaped(seg, shape, out);
        }
        if on(Label::Age) {
            recognize::age::spelled(seg, out);
        }
        if on(Label::Location) {
            recognize::place::recognize(seg, out);
        }
        if on(Label::Email) || on(Label::Url) || on(Label::Ip) {
            recognize::net::recognize_shaped(seg, shape, out);
        }
        let pass = recognize::name::WordPass {
            names: on(Label::Name),
            dates: on(Label::Date) || on(Label::Dob),
            numbers: on(Label::Phone) || on(Label::Ssn) || on(Label::Id),
            users: on(Label::Id),
        };
        if pass.names || pass.dates {
            recognize::name::recognize(seg, pass, out);
        } else {
            // The word pass costs more than a search for the digit words alone.
            if pass.numbers {
                recognize::spelled::recognize(seg, out);
            }
            if pass.users {
                recognize::net::usernames(seg, out);
            }
        }
        self.caller_candidates(seg, ctx, out);
    }

    /// The candidates of what the caller gave: the policy's facility names, recognizers and
    /// known names, and the call's patient names.
    fn caller_candidates(&self, seg: &str, ctx: &Context, out: &mut Vec<Candidate>) {
        let en = &self.inner.enabled;
        let on = |l: Label| en[l.index()];
        if on(Label::Location) {
            self.inner.facilities.recognize(seg, out);
        }
        for c in &self.inner.custom {
            if on(c.label()) {
                c.recognize(seg, out);
            }
        }
        if on(Label::Name) {
            self.inner.known.recognize(seg, out);
            ctx.known.recognize(seg, out);
        }
    }
}

/// Whether `seg[s..e]` is the inside of a tag this redactor writes or a default tag
/// (`[NAME]`): `[`, a label name or the tag's text, `]`.
fn is_placeholder(seg: &str, s: usize, e: usize, tags: &[Replacement]) -> bool {
    let b = seg.as_bytes();
    if s == 0 || e >= b.len() || b[s - 1] != b'[' || b[e] != b']' {
        return false;
    }
    let inner = &seg[s..e];
    let whole = &seg[s - 1..e + 1];
    Label::ALL.iter().any(|l| l.as_str() == inner)
        || tags
            .iter()
            .any(|t| matches!(t, Replacement::Tag(x) if &**x == whole))
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
