//! Decoding report files. Offices save text as UTF-8 (with or without a
//! BOM), UTF-16 with a BOM, or GB18030/GBK. The encoding is decided by strict
//! decoding, never by guessing from a few bytes: a BOM decides; otherwise
//! strict UTF-8; otherwise strict GB18030; otherwise the file is an error.
//! Offsets count from after the BOM; `encode` writes a text back in the
//! encoding it came in, BOM included.

use std::borrow::Cow;
use std::sync::Arc;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Encoding {
    #[serde(rename = "utf-8")]
    Utf8,
    #[serde(rename = "utf-8-bom")]
    Utf8Bom,
    #[serde(rename = "utf-16le")]
    Utf16Le,
    #[serde(rename = "utf-16be")]
    Utf16Be,
    #[serde(rename = "gb18030")]
    Gb18030,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Gb18030 => "gb18030",
        }
    }
}

/// Why a file's bytes could not be read as a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Binary,
    /// NUL bytes in every other position that read as UTF-16 text: a file
    /// saved as UTF-16 without its byte-order mark.
    Utf16WithoutBom,
    Undecodable {
        offset: usize,
    },
    MalformedUtf16,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Binary => write!(f, "不是文本文件 (binary file: contains NUL bytes)"),
            DecodeError::Utf16WithoutBom => write!(
                f,
                "像是没有字节顺序标记（BOM）的 UTF-16 文本，请另存为 UTF-8 后再检查 (looks like UTF-16 text without a byte-order mark; save it as UTF-8)"
            ),
            DecodeError::Undecodable { offset } => write!(
                f,
                "既不是 UTF-8 也不是 GB18030/GBK 编码的文本 (not UTF-8 or GB18030 text; first invalid UTF-8 byte at offset {offset})"
            ),
            DecodeError::MalformedUtf16 => write!(f, "UTF-16 文本已损坏 (malformed UTF-16 text)"),
        }
    }
}

/// A decoded text (a `String`, or an `Arc<str>` from [`decode_shared`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<T = String> {
    pub text: T,
    pub encoding: Encoding,
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    decode_borrowed(bytes).map(|(text, encoding)| Decoded {
        text: text.into_owned(),
        encoding,
    })
}

/// [`decode`] into the shared text a [`Document`](super::Document) holds:
/// UTF-8 text is copied once, straight from `bytes`.
pub fn decode_shared(bytes: &[u8]) -> Result<Decoded<Arc<str>>, DecodeError> {
    decode_borrowed(bytes).map(|(text, encoding)| Decoded {
        text: Arc::from(text),
        encoding,
    })
}

/// The text of `bytes`, borrowed from them where it reads the same.
fn decode_borrowed(bytes: &[u8]) -> Result<(Cow<'_, str>, Encoding), DecodeError> {
    if let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = &bytes[bom_length..];
        if encoding == encoding_rs::UTF_8 {
            return utf8(body, Encoding::Utf8Bom);
        }
        let ours = if encoding == encoding_rs::UTF_16LE {
            Encoding::Utf16Le
        } else {
            Encoding::Utf16Be
        };
        return encoding
            .decode_without_bom_handling_and_without_replacement(body)
            .map(|text| (text, ours))
            .ok_or(DecodeError::MalformedUtf16);
    }
    utf8(bytes, Encoding::Utf8).or_else(|error| {
        encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)
            .filter(|text| !text.contains('\0'))
            .map(|text| (text, Encoding::Gb18030))
            .ok_or(error)
    })
}

fn utf8(bytes: &[u8], encoding: Encoding) -> Result<(Cow<'_, str>, Encoding), DecodeError> {
    if memchr::memchr(0, bytes).is_some() {
        return Err(if looks_like_utf16(bytes) {
            DecodeError::Utf16WithoutBom
        } else {
            DecodeError::Binary
        });
    }
    // Validation dominates reading a file; the SIMD validator is an order of
    // magnitude faster than the standard one on CJK text. Only for the error
    // is the standard one asked where the first invalid byte is.
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok((Cow::Borrowed(text), encoding)),
        Err(_) => Err(DecodeError::Undecodable {
            offset: std::str::from_utf8(bytes)
                .err()
                .map_or(0, |e| e.valid_up_to()),
        }),
    }
}

/// Whether `bytes` (which hold NULs) are UTF-16 text without a BOM: an even
/// length that strict UTF-16 decoding (little- or big-endian) turns into
/// lines of text: at least one line break, and no NULs or other control
/// characters than tab and line breaks. (A line break is the evidence: two
/// bytes with a NUL decode to some character either way.)
fn looks_like_utf16(bytes: &[u8]) -> bool {
    bytes.len() % 2 == 0
        && [encoding_rs::UTF_16LE, encoding_rs::UTF_16BE]
            .iter()
            .any(|encoding| {
                encoding
                    .decode_without_bom_handling_and_without_replacement(bytes)
                    .is_some_and(|text| {
                        text.contains('\n')
                            && !text
                                .chars()
                                .any(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n'))
                    })
            })
}

/// The bytes of `text` in `encoding`, with the BOM the encoding had.
pub fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        Encoding::Utf16Le => {
            let mut out = vec![0xFF, 0xFE];
            out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            out
        }
        Encoding::Utf16Be => {
            let mut out = vec![0xFE, 0xFF];
            out.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
            out
        }
        Encoding::Gb18030 => encoding_rs::GB18030.encode(text).0.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_encoding_decodes_and_round_trips() {
        let text = "政务公开工作总结，𠀀某\r\n第二行";
        for encoding in [
            Encoding::Utf8,
            Encoding::Utf8Bom,
            Encoding::Utf16Le,
            Encoding::Utf16Be,
            Encoding::Gb18030,
        ] {
            let bytes = encode(text, encoding);
            let decoded = decode(&bytes).unwrap();
            let shared = decode_shared(&bytes).unwrap();
            assert_eq!((&*shared.text, shared.encoding), (text, encoding));
            assert_eq!(
                decoded,
                Decoded {
                    text: text.to_string(),
                    encoding
                },
                "{encoding:?}"
            );
        }
    }

    #[test]
    fn gbk_bytes_are_read_as_gb18030() {
        // “政务公开” in GBK.
        let decoded = decode(&[0xD5, 0xFE, 0xCE, 0xF1, 0xB9, 0xAB, 0xBF, 0xAA]).unwrap();
        assert_eq!(decoded.text, "政务公开");
        assert_eq!(decoded.encoding, Encoding::Gb18030);
    }

    #[test]
    fn utf16_without_a_bom_is_named_as_such() {
        let text = "某县2022年政务公开工作总结\r\n\u{3000}\u{3000}正文\r\n";
        for bytes in [
            text.encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<u8>>(),
            text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        ] {
            assert_eq!(decode(&bytes), Err(DecodeError::Utf16WithoutBom));
        }
        // Without a line break, two bytes with a NUL are no evidence of UTF-16.
        assert_eq!(decode(b"ab\x00c"), Err(DecodeError::Binary));
        assert_eq!(decode(b"\x00\x00\n\x00"), Err(DecodeError::Binary));
    }

    #[test]
    fn shared_decoding_fails_as_decoding_does() {
        for bytes in [
            &b"ab\x00c"[..],
            b"ok\xff",
            &[0xFF, 0xFE, 0x00],
            b"ascii",
            b"",
        ] {
            assert_eq!(
                decode_shared(bytes).map(|d| (d.text.to_string(), d.encoding)),
                decode(bytes).map(|d| (d.text, d.encoding))
            );
        }
    }

    #[test]
    fn binary_and_garbage_are_errors() {
        assert_eq!(decode(b"ab\x00c"), Err(DecodeError::Binary));
        // 0xFF is invalid in both UTF-8 and GB18030 (0x80 alone is “€” in GB18030).
        assert!(matches!(
            decode(b"ok\xff"),
            Err(DecodeError::Undecodable { offset: 2 })
        ));
        assert_eq!(
            decode(&[0xFF, 0xFE, 0x00]),
            Err(DecodeError::MalformedUtf16)
        );
    }
}
