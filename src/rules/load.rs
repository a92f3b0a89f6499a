//! Reading rule files: TOML parsing, validation and compilation, with every
//! error pointing into the file it came from.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

use miette::{LabeledSpan, MietteDiagnostic, NamedSource, Report};

use super::examples::parse_example;
use super::schema::{parameters_of, KindName, PackFile, RuleSpec};
use super::template::Template;
use super::{Check, PackInfo, Rule, RuleSet};
use crate::checks::{self, ParamError, Registry, Searchers};
use crate::diagnostic::Severity;
use crate::document::{DocKind, UnitRole};
use crate::rules::schema::Confidence;

/// Most terms one rule may list (`terms` plus `allow`). All terms of all
/// rules share one automaton, whose size grows with their total length; the
/// shipped packs use a few hundred.
pub const MAX_TERMS_PER_RULE: usize = 10_000;
/// Most bytes of term text (`terms` keys and `allow` words) one rule may list.
pub const MAX_TERM_BYTES_PER_RULE: usize = 256 * 1024;
/// Most bytes of term text all loaded rules together may list.
pub const MAX_TERM_BYTES_TOTAL: usize = 1024 * 1024;
/// The compiled-size limit of each regular expression (see
/// [`crate::checks::compile_regex`]), as users read it in errors.
pub const REGEX_SIZE_LIMIT_TEXT: &str = "8 MB";

/// A rule file's name (as shown in errors) and text.
#[derive(Debug, Clone)]
pub struct PackSource {
    pub name: String,
    pub text: String,
}

/// An error in a rule file, with the span of the offending TOML.
#[derive(Debug, Clone)]
pub struct RuleFileError {
    pub file: String,
    pub source: Arc<String>,
    pub message: String,
    pub span: Option<Range<usize>>,
    pub help: Option<String>,
}

impl RuleFileError {
    fn new(
        source: &PackSource,
        text: &Arc<String>,
        message: impl Into<String>,
        span: Option<Range<usize>>,
    ) -> Self {
        Self {
            file: source.name.clone(),
            source: text.clone(),
            message: message.into(),
            span,
            help: None,
        }
    }

    fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// A miette report that shows the rule file with the span labelled.
    pub fn report(&self) -> Report {
        let mut diagnostic = MietteDiagnostic::new(format!("{}: {}", self.file, self.message))
            .with_code("zwgk::rule_file");
        if let Some(span) = &self.span {
            diagnostic = diagnostic.with_label(LabeledSpan::at(span.clone(), "here"));
        }
        if let Some(help) = &self.help {
            diagnostic = diagnostic.with_help(help.clone());
        }
        Report::new(diagnostic).with_source_code(NamedSource::new(
            &self.file,
            self.source.as_str().to_string(),
        ))
    }
}

impl std::fmt::Display for RuleFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

/// Loads packs in order. A later pack with the same pack id replaces an
/// earlier one (a user's `style` pack replaces the embedded one). A pack
/// with any error is left out whole and its errors returned; the others load.
pub fn load_rule_set(sources: &[PackSource]) -> (RuleSet, Vec<RuleFileError>) {
    let mut errors = Vec::new();
    let mut parsed: Vec<(usize, PackFile, Arc<String>)> = Vec::new();
    for (index, source) in sources.iter().enumerate() {
        let text = Arc::new(source.text.clone());
        match toml::from_str::<PackFile>(&source.text) {
            Ok(pack) => {
                if let Some(existing) = parsed
                    .iter()
                    .position(|(_, p, _)| p.pack.id.get_ref() == pack.pack.id.get_ref())
                {
                    parsed.remove(existing);
                }
                parsed.push((index, pack, text));
            }
            Err(e) => {
                let message = toml_message(&e);
                let help = toml_help(&message);
                let mut error = RuleFileError::new(source, &text, message, e.span());
                if let Some(help) = help {
                    error = error.with_help(help);
                }
                errors.push(error);
            }
        }
    }

    let mut compiled = compile_packs(&parsed, sources, None);
    let registry = std::mem::take(&mut compiled.registry);
    let (compiled, searchers) = match registry.build() {
        Ok(searchers) => (compiled, searchers),
        Err(message) => match leave_out_a_pack(&parsed, sources, &message) {
            Some(found) => found,
            None => {
                errors.push(RuleFileError {
                    file: "rule set".into(),
                    source: Arc::new(String::new()),
                    message,
                    span: None,
                    help: None,
                });
                let searchers = Registry::default()
                    .build()
                    .expect("an empty registry builds");
                (compile_packs(&parsed, sources, None), searchers)
            }
        },
    };
    errors.extend(compiled.errors);
    (
        RuleSet {
            packs: compiled.packs,
            rules: compiled.rules,
            searchers,
        },
        errors,
    )
}

/// Packs compiled into one registry, with their errors.
struct Compiled {
    packs: Vec<PackInfo>,
    rules: Vec<Rule>,
    registry: Registry,
    errors: Vec<RuleFileError>,
}

/// Compiles the parsed packs in order, leaving out the one at `skip`.
fn compile_packs(
    parsed: &[(usize, PackFile, Arc<String>)],
    sources: &[PackSource],
    skip: Option<usize>,
) -> Compiled {
    let mut errors = Vec::new();
    let mut registry = Registry::default();
    let mut term_bytes_total = 0;
    let mut packs = Vec::new();
    let mut rules: Vec<Rule> = Vec::new();
    let mut seen: HashMap<String, String> = HashMap::new();
    for (position, (index, pack, text)) in parsed.iter().enumerate() {
        if skip == Some(position) {
            continue;
        }
        let source = &sources[*index];
        let pack_id = pack.pack.id.get_ref().clone();
        let before = errors.len();
        if !is_valid_id(&pack_id) || pack_id.contains('/') {
            errors.push(
                RuleFileError::new(
                    source,
                    text,
                    format!("invalid pack id `{pack_id}`"),
                    Some(pack.pack.id.span()),
                )
                .with_help(
                    "use lowercase letters, digits and `-`, e.g. `style` or `workpoints-wencheng`",
                ),
            );
        }
        let mut compiled = Vec::new();
        for spanned in &pack.rules {
            let span = spanned.span();
            let spec = spanned.get_ref();
            let id = spec.id.get_ref();
            if !is_valid_id(id) || !id.starts_with(&format!("{pack_id}/")) {
                errors.push(
                    RuleFileError::new(source, text, format!("invalid rule id `{id}`"), Some(spec.id.span()))
                        .with_help(format!("rule ids are `{pack_id}/slug`: the pack id, a slash, then lowercase letters, digits and `-`")),
                );
                continue;
            }
            if let Some(first) = seen.get(id) {
                errors.push(RuleFileError::new(
                    source,
                    text,
                    format!("duplicate rule id `{id}` (already defined in {first})"),
                    Some(spec.id.span()),
                ));
                continue;
            }
            seen.insert(id.clone(), source.name.clone());
            if let Err(e) = check_term_limits(spec, text, &mut term_bytes_total) {
                errors.push(RuleFileError::new(source, text, e.message, Some(e.span)));
                continue;
            }
            match compile_rule(spec, &span, &pack_id, &source.name, &mut registry) {
                Ok(rule) => compiled.push(rule),
                Err(e) => {
                    let message = if e.message.contains("exceeds size limit") {
                        format!(
                            "rule `{id}`: its regular expression is too large once compiled (the limit is {REGEX_SIZE_LIMIT_TEXT}); simplify it or split it into several rules ({})",
                            e.message
                        )
                    } else {
                        e.message
                    };
                    errors.push(RuleFileError::new(source, text, message, Some(e.span)));
                }
            }
        }
        if errors.len() == before {
            rules.extend(compiled);
            packs.push(PackInfo {
                id: pack_id,
                title: pack.pack.title.clone(),
                description: pack.pack.description.clone(),
                sources: pack.pack.sources.clone(),
                origin: source.name.clone(),
            });
        }
    }
    Compiled {
        packs,
        rules,
        registry,
        errors,
    }
}

/// When the regexes of all rules together do not fit in the shared regex
/// set (each is within its own limit, but the set has one too), the pack to
/// blame: the last one without which the rest builds. It is left out with an
/// error at its id, so the other packs (the embedded ones) keep working.
fn leave_out_a_pack(
    parsed: &[(usize, PackFile, Arc<String>)],
    sources: &[PackSource],
    message: &str,
) -> Option<(Compiled, Searchers)> {
    for position in (0..parsed.len()).rev() {
        let mut compiled = compile_packs(parsed, sources, Some(position));
        let registry = std::mem::take(&mut compiled.registry);
        let Ok(searchers) = registry.build() else {
            continue;
        };
        let (index, pack, text) = &parsed[position];
        compiled.errors.push(RuleFileError::new(
            &sources[*index],
            text,
            format!(
                "pack `{}`: its regular expressions, each within its own limit, are too large together with the other rules' ({message}); simplify its patterns",
                pack.pack.id.get_ref()
            ),
            Some(pack.pack.id.span()),
        ));
        return Some((compiled, searchers));
    }
    None
}

/// The size limits on a rule's term lists ([`MAX_TERMS_PER_RULE`],
/// [`MAX_TERM_BYTES_PER_RULE`], and [`MAX_TERM_BYTES_TOTAL`] over all rules
/// loaded so far, counted in `total`). The error names the rule and points
/// at the first line of its `terms` (or `allow`) table: the whole table
/// would be thousands of lines in the report.
fn check_term_limits(spec: &RuleSpec, text: &str, total: &mut usize) -> Result<(), ParamError> {
    let id = spec.id.get_ref();
    let terms = spec.terms.as_ref();
    let allow = spec.allow.as_ref();
    let table = terms
        .map(|t| t.span())
        .or_else(|| allow.map(|a| a.span()))
        .unwrap_or_else(|| spec.id.span());
    let first_line = text
        .get(table.clone())
        .and_then(|t| t.find('\n'))
        .map_or(table.end, |n| table.start + n);
    let span = table.start..first_line;
    let count = terms.map_or(0, |t| t.get_ref().len()) + allow.map_or(0, |a| a.get_ref().len());
    if count > MAX_TERMS_PER_RULE {
        return Err(ParamError::new(
            format!(
                "rule `{id}` lists {count} terms (terms and allow); the limit is {MAX_TERMS_PER_RULE} per rule: split the list into several rules"
            ),
            span,
        ));
    }
    let bytes = terms.map_or(0, |t| t.get_ref().keys().map(String::len).sum::<usize>())
        + allow.map_or(0, |a| a.get_ref().iter().map(String::len).sum::<usize>());
    if bytes > MAX_TERM_BYTES_PER_RULE {
        return Err(ParamError::new(
            format!(
                "rule `{id}` lists {bytes} bytes of terms; the limit is {} KB per rule: split the list into several rules",
                MAX_TERM_BYTES_PER_RULE / 1024
            ),
            span,
        ));
    }
    if *total + bytes > MAX_TERM_BYTES_TOTAL {
        return Err(ParamError::new(
            format!(
                "rule `{id}`: the rules loaded list more than {} KB of terms together (the limit of all rule packs); leave out packs that are not needed",
                MAX_TERM_BYTES_TOTAL / 1024
            ),
            span,
        ));
    }
    *total += bytes;
    Ok(())
}

/// The message of a TOML error; some (a key with no value at the end of
/// the file) come without one.
fn toml_message(e: &toml::de::Error) -> String {
    let message = e.message().trim();
    if message.is_empty() {
        "invalid TOML: a value, key or closing bracket is missing here".to_string()
    } else {
        message.to_string()
    }
}

fn toml_help(message: &str) -> Option<String> {
    if message.contains("unknown field") {
        Some("check the spelling of the field; `zwgk explain` and README.md list the fields of each rule kind".into())
    } else if message.contains("missing field") {
        Some(
            "every rule needs id, title, kind, severity, message, help, description and reference"
                .into(),
        )
    } else {
        None
    }
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'/' | b'.' | b'_')
        })
        && !id.starts_with('/')
        && !id.ends_with('/')
}

fn compile_rule(
    spec: &RuleSpec,
    span: &Range<usize>,
    pack: &str,
    origin: &str,
    registry: &mut Registry,
) -> Result<Rule, ParamError> {
    let allowed = parameters_of(spec.kind);
    if let Some((name, at)) = spec
        .set_parameters()
        .into_iter()
        .find(|(name, _)| !allowed.contains(name))
    {
        return Err(ParamError::new(
            format!(
                "field `{name}` is not used by rules of kind `{}` (they take: {})",
                kind_name(spec.kind),
                allowed.join(", ")
            ),
            at,
        ));
    }
    let severity = *spec.severity.get_ref();
    if spec.reference.get_ref().status == Confidence::Unconfirmed && severity == Severity::Error {
        return Err(ParamError::new(
            "a rule whose reference is unconfirmed ships at warning level at most",
            spec.severity.span(),
        ));
    }
    let mut check = match spec.kind {
        KindName::Terms => Check::Terms(checks::terms::Terms::compile(spec, span, registry)?),
        KindName::Pattern => {
            Check::Pattern(checks::pattern::Pattern::compile(spec, span, registry)?)
        }
        KindName::Repeat => Check::Repeat(checks::repeat::Repeat::compile(spec, span)?),
        KindName::Pairs => Check::Pairs(checks::pairs::Pairs::compile(spec, span)?),
        KindName::Require => {
            Check::Require(checks::require::Require::compile(spec, span, registry)?)
        }
        KindName::Sections => Check::Sections(checks::sections::Sections::compile(spec, span)?),
        KindName::Numbering => Check::Numbering(checks::numbering::Numbering::compile(spec, span)?),
        KindName::Year => Check::Year(checks::year::Year::compile(spec, span, registry)?),
        KindName::Tables => Check::Tables(checks::tables::Tables::compile(spec, span)?),
        KindName::PreviousYear => {
            Check::PreviousYear(checks::previous::PreviousYear::compile(spec, span)?)
        }
        KindName::Breakdown => {
            Check::Breakdown(checks::breakdown::Breakdown::compile(spec, span, registry)?)
        }
        KindName::UnusedSuppression => Check::UnusedSuppression,
    };
    let (mut variables, kind_cases) = vocabulary(&check);
    let mut cases: Vec<&str> = kind_cases.to_vec();
    if spec.collapse_after.is_some() {
        cases.push("collapsed");
        variables.push("count".to_string());
    }
    if let Some(n) = &spec.collapse_after {
        if *n.get_ref() == 0 {
            return Err(ParamError::new(
                "`collapse_after` must be at least 1",
                n.span(),
            ));
        }
        if !spec.messages.contains_key("collapsed") {
            return Err(ParamError::new(
                "a rule with `collapse_after` needs `messages.collapsed` (it may use {count})",
                n.span(),
            ));
        }
    }
    let message = compile_template(&spec.message, &variables)?;
    let mut messages = BTreeMap::new();
    for (case, template) in &spec.messages {
        if !cases.contains(&case.as_str()) {
            let known = if cases.is_empty() {
                "none".to_string()
            } else {
                cases.join(", ")
            };
            return Err(ParamError::new(
                format!(
                    "`messages.{case}`: rules of kind `{}` have no case `{case}` (cases: {known})",
                    kind_name(spec.kind)
                ),
                template.span(),
            ));
        }
        messages.insert(case.clone(), compile_template(template, &variables)?);
    }
    if let Check::Pattern(pattern) = &mut check {
        pattern.keep_variables(
            message
                .variables()
                .chain(messages.values().flat_map(Template::variables)),
        );
    }
    let applies_to = spec
        .applies_to
        .as_ref()
        .map(|kinds| {
            kinds
                .iter()
                .map(|k| {
                    k.get_ref()
                        .parse::<DocKind>()
                        .map_err(|e| ParamError::new(e, k.span()))
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?;
    let roles = spec
        .roles
        .as_ref()
        .map(|roles| {
            roles
                .iter()
                .map(|r| {
                    r.get_ref()
                        .parse::<UnitRole>()
                        .map_err(|e| ParamError::new(e, r.span()))
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?;
    let examples = spec
        .examples
        .iter()
        .map(parse_example)
        .collect::<Result<Vec<_>, _>>()?;
    if !examples.iter().any(|e| !e.expected.is_empty())
        || !examples.iter().any(|e| e.expected.is_empty())
    {
        return Err(ParamError::new(
            "a rule needs at least one example that fires (spans marked with ⟦ ⟧) and one that must not fire",
            spec.id.span(),
        ));
    }
    Ok(Rule {
        id: spec.id.get_ref().clone(),
        pack: pack.to_string(),
        title: spec.title.clone(),
        topic: spec.topic.clone().unwrap_or_else(|| spec.title.clone()),
        kind: spec.kind,
        severity,
        message,
        messages,
        message_source: spec.message.get_ref().clone(),
        help: spec.help.trim().to_string(),
        description: spec.description.trim().to_string(),
        reference: spec.reference.get_ref().clone(),
        applies_to,
        roles,
        units: spec.units.clone(),
        after: spec.after.as_ref().map(parse_day).transpose()?,
        before: spec.before.as_ref().map(parse_day).transpose()?,
        fix_safety: spec.fix_safety,
        collapse_after: spec.collapse_after.as_ref().map(|n| *n.get_ref()),
        examples,
        check,
        origin: origin.to_string(),
    })
}

/// `YYYY-MM-DD` as (year, month, day).
fn parse_day(text: &toml::Spanned<String>) -> Result<(i32, u32, u32), ParamError> {
    let bad = || {
        ParamError::new(
            format!("`{}` is not a date: write YYYY-MM-DD", text.get_ref()),
            text.span(),
        )
    };
    let mut parts = text.get_ref().splitn(3, '-');
    let year: i32 = parts.next().and_then(|y| y.parse().ok()).ok_or_else(bad)?;
    let month: u32 = parts
        .next()
        .and_then(|m| m.parse().ok())
        .filter(|m| (1..=12).contains(m))
        .ok_or_else(bad)?;
    let day: u32 = parts
        .next()
        .and_then(|d| d.parse().ok())
        .filter(|d| (1..=31).contains(d))
        .ok_or_else(bad)?;
    Ok((year, month, day))
}

pub fn kind_name(kind: KindName) -> &'static str {
    match kind {
        KindName::Terms => "terms",
        KindName::Pattern => "pattern",
        KindName::Repeat => "repeat",
        KindName::Pairs => "pairs",
        KindName::Require => "require",
        KindName::Sections => "sections",
        KindName::Numbering => "numbering",
        KindName::Year => "year",
        KindName::Tables => "tables",
        KindName::PreviousYear => "previous-year",
        KindName::Breakdown => "breakdown",
        KindName::UnusedSuppression => "unused-suppression",
    }
}

/// Message variables and cases a compiled check can fill in.
fn vocabulary(check: &Check) -> (Vec<String>, &'static [&'static str]) {
    let fixed = |vars: &[&str]| vars.iter().map(|v| v.to_string()).collect::<Vec<_>>();
    match check {
        Check::Terms(_) => (fixed(checks::terms::VARIABLES), &[]),
        Check::Pattern(p) => {
            let mut vars = fixed(checks::pattern::VARIABLES);
            vars.extend(p.capture_names());
            (vars, &[])
        }
        Check::Repeat(_) => (fixed(checks::repeat::VARIABLES), &[]),
        Check::Pairs(_) => (fixed(checks::pairs::VARIABLES), checks::pairs::CASES),
        Check::Require(_) => (fixed(checks::require::VARIABLES), &[]),
        Check::Sections(_) => (fixed(checks::sections::VARIABLES), checks::sections::CASES),
        Check::Numbering(_) => (
            fixed(checks::numbering::VARIABLES),
            checks::numbering::CASES,
        ),
        Check::Year(_) => (fixed(checks::year::VARIABLES), checks::year::CASES),
        Check::Tables(_) => (fixed(checks::tables::VARIABLES), &[]),
        Check::PreviousYear(_) => (fixed(checks::previous::VARIABLES), checks::previous::CASES),
        Check::Breakdown(_) => (fixed(checks::breakdown::VARIABLES), &[]),
        Check::UnusedSuppression => (
            fixed(&["match", "report_year", "selector"]),
            &["unused", "unknown"],
        ),
    }
}

fn compile_template(
    source: &toml::Spanned<String>,
    variables: &[String],
) -> Result<Template, ParamError> {
    let template =
        Template::parse(source.get_ref()).map_err(|e| ParamError::new(e, source.span()))?;
    if let Some(unknown) = template
        .variables()
        .find(|v| !variables.iter().any(|k| k == v))
    {
        return Err(ParamError::new(
            format!(
                "unknown placeholder `{{{unknown}}}`; this rule can use: {}",
                variables.join(", ")
            ),
            source.span(),
        ));
    }
    Ok(template)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<RuleFileError> {
        let (_, errors) = load_rule_set(&[PackSource {
            name: "p.toml".into(),
            text: text.into(),
        }]);
        errors
    }

    #[test]
    fn a_toml_error_without_a_message_gets_one() {
        // Found by the rule_pack fuzzer: a key without a value at the end.
        let errors = errors("[pack]\nid = \"x\"\ntitle =");
        assert_eq!(
            errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["p.toml: invalid TOML: a value, key or closing bracket is missing here"]
        );
    }

    fn pack(kind_and_parameters: &str, example: &str) -> String {
        format!(
            "[pack]\nid = \"local\"\ntitle = \"t\"\ndescription = \"d\"\nsources = []\n\n[[rule]]\nid = \"local/big\"\ntitle = \"t\"\nseverity = \"warning\"\nmessage = \"{{match}}\"\nhelp = \"h\"\ndescription = \"d\"\nreference = {{ title = \"t\", status = \"partial\" }}\n{kind_and_parameters}\n[[rule.examples]]\ntext = \"⟦{example}⟧\"\n[[rule.examples]]\ntext = \"无\"\n"
        )
    }

    fn terms(count: usize) -> String {
        let mut text = "kind = \"terms\"\n[rule.terms]\n".to_string();
        for i in 0..count {
            text.push_str(&format!("\"词{i:05}\" = \"\"\n"));
        }
        text
    }

    #[test]
    fn term_lists_over_the_limit_are_errors_naming_the_rule() {
        assert!(errors(&pack(&terms(MAX_TERMS_PER_RULE), "词00000")).is_empty());
        let text = pack(&terms(MAX_TERMS_PER_RULE + 1), "词00000");
        let errors = errors(&text);
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].message,
            "rule `local/big` lists 10001 terms (terms and allow); the limit is 10000 per rule: split the list into several rules"
        );
        // The first line of the table, not all of its lines.
        assert_eq!(&text[errors[0].span.clone().unwrap()], "[rule.terms]");
    }

    #[test]
    fn a_regex_over_the_size_limit_is_an_error_naming_the_rule() {
        let text = pack("kind = \"pattern\"\npattern = '(?:\\w{40}){40}{40}'", "x");
        let errors = errors(&text);
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].message.starts_with(
                "rule `local/big`: its regular expression is too large once compiled (the limit is 8 MB)"
            ),
            "{}",
            errors[0].message
        );
        assert_eq!(
            &text[errors[0].span.clone().unwrap()],
            "'(?:\\w{40}){40}{40}'"
        );
    }

    #[test]
    fn regexes_too_large_together_leave_out_their_pack_not_every_rule() {
        // Each pattern is within the 8 MB limit; the three do not fit in the
        // shared regex set (they hold no literal, so no gate keeps them out
        // of it). Before, every rule lost its searchers.
        let mut text = pack("kind = \"pattern\"\npattern = '(?:\\w{100})\\w'", "x");
        for i in 1..3 {
            text.push_str(&format!(
                "\n[[rule]]\nid = \"local/big{i}\"\ntitle = \"t\"\nseverity = \"warning\"\nmessage = \"{{match}}\"\nhelp = \"h\"\ndescription = \"d\"\nreference = {{ title = \"t\", status = \"partial\" }}\nkind = \"pattern\"\npattern = '(?:\\w{{100}})\\w{{{i}}}'\n[[rule.examples]]\ntext = \"⟦x⟧\"\n[[rule.examples]]\ntext = \"无\"\n"
            ));
        }
        let mut sources = crate::rules::embedded::sources();
        let embedded = load_rule_set(&sources).0.rules.len();
        sources.push(PackSource {
            name: "p.toml".into(),
            text: text.clone(),
        });
        let (rules, errors) = load_rule_set(&sources);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].to_string().starts_with(
                "p.toml: pack `local`: its regular expressions, each within its own limit, are too large together"
            ),
            "{}",
            errors[0]
        );
        assert_eq!(&text[errors[0].span.clone().unwrap()], "\"local\"");
        assert_eq!(rules.rules.len(), embedded);
        assert!(crate::rules::examples::verify(&rules).is_empty());
    }
}
