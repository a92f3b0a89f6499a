//! `file:` URIs to paths. Document URIs are kept as the strings the client
//! sent (and sent back unchanged), so a client that does not percent-encode
//! non-ASCII names still gets its diagnostics.

use std::path::PathBuf;

use percent_encoding::percent_decode_str;

/// The local path a `file:` URI names; `None` for other schemes (such as
/// `untitled:`) and for files on other hosts.
pub fn to_path(uri: &str) -> Option<PathBuf> {
    let scheme_end = uri.find(':')?;
    if !uri[..scheme_end].eq_ignore_ascii_case("file") {
        return None;
    }
    let rest = &uri[scheme_end + 1..];
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let (host, path) = match rest.strip_prefix("//") {
        Some(after) => match after.find('/') {
            Some(i) => (&after[..i], &after[i..]),
            None => (after, "/"),
        },
        None => ("", rest),
    };
    let path = percent_decode_str(path).decode_utf8().ok()?.into_owned();
    native(host, path)
}

#[cfg(not(windows))]
fn native(host: &str, path: String) -> Option<PathBuf> {
    if !host.is_empty() && !host.eq_ignore_ascii_case("localhost") {
        return None;
    }
    Some(PathBuf::from(path))
}

#[cfg(windows)]
fn native(host: &str, path: String) -> Option<PathBuf> {
    let path = path.replace('/', "\\");
    if !host.is_empty() && !host.eq_ignore_ascii_case("localhost") {
        return Some(PathBuf::from(format!("\\\\{host}{path}")));
    }
    // `\C:\dir` → `C:\dir`
    let bytes = path.as_bytes();
    if bytes.len() >= 3 && bytes[0] == b'\\' && bytes[1].is_ascii_alphabetic() && bytes[2] == b':' {
        return Some(PathBuf::from(&path[1..]));
    }
    Some(PathBuf::from(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(not(windows))]
    #[test]
    fn file_uris_become_paths() {
        assert_eq!(
            to_path("file:///tmp/%E5%B9%B4%E6%8A%A5%202022.txt"),
            Some(PathBuf::from("/tmp/年报 2022.txt"))
        );
        assert_eq!(
            to_path("file:///tmp/年报.txt"),
            Some(PathBuf::from("/tmp/年报.txt"))
        );
        assert_eq!(
            to_path("FILE://localhost/a/b.md#x"),
            Some(PathBuf::from("/a/b.md"))
        );
        assert_eq!(to_path("untitled:Untitled-1"), None);
        assert_eq!(to_path("file://server/share/a.txt"), None);
        assert_eq!(to_path("no scheme"), None);
    }
}
