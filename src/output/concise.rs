//! One line per finding: `path:line:column: rule-id message`, for long runs
//! and grep. Columns count Unicode scalar values.

use std::io::{self, Write};

use super::FileReport;
use crate::rules::RuleSet;

pub fn write_file(out: &mut dyn Write, report: &FileReport, rules: &RuleSet) -> io::Result<()> {
    match report {
        FileReport::Linted {
            doc, diagnostics, ..
        } => {
            let mut columns = doc.columns();
            // Each line is put together here and written whole: `writeln!`
            // into `out` costs the formatting machinery and a dynamic call
            // per piece, a good part of a bulk run's writing.
            let mut text = Vec::with_capacity(256);
            for d in diagnostics {
                let (line, column) = columns.line_column(d.span.start);
                text.clear();
                text.extend_from_slice(doc.path.as_bytes());
                text.push(b':');
                push_decimal(&mut text, line);
                text.push(b':');
                push_decimal(&mut text, column);
                text.extend_from_slice(b": ");
                text.extend_from_slice(rules.rules[d.rule].id.as_bytes());
                text.push(b' ');
                text.extend_from_slice(d.message.as_bytes());
                text.push(b'\n');
                out.write_all(&text)?;
            }
            Ok(())
        }
        FileReport::Failed { path, error } => writeln!(out, "{path}: error: {error}"),
    }
}

pub fn write(out: &mut impl Write, reports: &[FileReport], rules: &RuleSet) -> io::Result<()> {
    for report in reports {
        write_file(out, report, rules)?;
    }
    Ok(())
}

/// Appends `n` in decimal digits.
fn push_decimal(out: &mut Vec<u8>, n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_read_as_display_writes_them() {
        for n in [
            0,
            1,
            9,
            10,
            99,
            100,
            12_345,
            999_999_999,
            1_000_000_000,
            u32::MAX,
        ] {
            let mut out = b"x".to_vec();
            push_decimal(&mut out, n);
            assert_eq!(out, format!("x{n}").into_bytes());
        }
    }
}
