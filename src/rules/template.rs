//! Message templates: text with `{name}` placeholders, parsed once at load.
//! `{{` and `}}` stand for literal braces.

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Var(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

impl Template {
    pub fn parse(source: &str) -> Result<Self, String> {
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut chars = source.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    text.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    text.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(c) if c.is_ascii_alphanumeric() || c == '_' => name.push(c),
                            Some(c) => {
                                return Err(format!("unexpected `{c}` in placeholder `{{{name}`"))
                            }
                            None => return Err(format!("placeholder `{{{name}` is not closed")),
                        }
                    }
                    if name.is_empty() {
                        return Err("empty placeholder `{}`".to_string());
                    }
                    if !text.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut text)));
                    }
                    parts.push(Part::Var(name));
                }
                '}' => return Err("unmatched `}` (write `}}` for a literal brace)".to_string()),
                c => text.push(c),
            }
        }
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        Ok(Self { parts })
    }

    pub fn variables(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Var(name) => Some(name.as_str()),
            Part::Text(_) => None,
        })
    }

    pub fn render(&self, lookup: impl Fn(&str) -> Option<String>) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Var(name) => out.push_str(&lookup(name).unwrap_or_default()),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_placeholders_and_escaped_braces() {
        let t = Template::parse("“{match}”应为“{fix}”{{注}}").unwrap();
        let out = t.render(|name| match name {
            "match" => Some("做为".into()),
            "fix" => Some("作为".into()),
            _ => None,
        });
        assert_eq!(out, "“做为”应为“作为”{注}");
        assert_eq!(t.variables().collect::<Vec<_>>(), ["match", "fix"]);
    }

    #[test]
    fn rejects_broken_placeholders() {
        assert!(Template::parse("{match").is_err());
        assert!(Template::parse("a}b").is_err());
        assert!(Template::parse("{}").is_err());
        assert!(Template::parse("{a-b}").is_err());
    }
}
