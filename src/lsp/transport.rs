//! JSON-RPC over stdio with `Content-Length` framing.
//!
//! `lsp-server`'s own stdio transport ends the connection at the first
//! payload that is not valid JSON; this reader reports such a payload
//! instead (a `ParseError` response with a `null` id, as JSON-RPC asks) and
//! goes on with the next message. Headers are read leniently (`\n` or
//! `\r\n`, any case, unknown headers ignored) and a stream that lost its
//! framing resynchronises at the next `Content-Length` header.

use std::io::{self, BufRead, Read, Write};
use std::sync::mpsc::Sender;

use lsp_server::{ErrorCode, Message};
use serde_json::{json, Value};

/// Longest header line kept; longer lines are garbage.
const MAX_HEADER_LINE: u64 = 8 * 1024;
/// Largest message body read; larger ones are skipped and reported. Well
/// above the default document size limit, so an oversized document still
/// arrives and is reported as not checked.
const MAX_BODY: usize = 256 * 1024 * 1024;

/// What the reader passes to the main loop.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// A payload that could not be understood; answered with an error
    /// response carrying `id` (JSON `null` when unknown).
    Invalid {
        id: Value,
        code: i32,
        message: String,
    },
}

/// One framed payload, or a framing problem that has already been skipped.
enum Frame {
    Body(Vec<u8>),
    Bad(String),
}

/// Reads the next frame; `Ok(None)` at the end of the input.
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Frame>> {
    let mut length: Option<usize> = None;
    let mut saw_header = false;
    let mut problem: Option<String> = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        let read = input
            .by_ref()
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)?;
        if read == 0 {
            return Ok(None);
        }
        let complete = line.ends_with(b"\n");
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() && complete {
            if !saw_header {
                continue; // stray blank line between messages
            }
            break;
        }
        saw_header = true;
        // Find the header anywhere in the line, so that garbage glued in
        // front of a real header does not cost the message that follows.
        let lower = text.to_ascii_lowercase();
        if let Some(at) = lower.find("content-length:") {
            let value = text[at + "content-length:".len()..].trim();
            match value.parse::<usize>() {
                Ok(n) => length = Some(n),
                Err(_) => problem = Some(format!("invalid Content-Length header: {value:?}")),
            }
            if at > 0 {
                problem = Some("garbage before a Content-Length header".to_string());
            }
        } else if !text.contains(':') || !complete {
            problem = Some(format!(
                "malformed header line: {:?}",
                text.chars().take(80).collect::<String>()
            ));
        }
    }
    let Some(length) = length else {
        return Ok(Some(Frame::Bad(problem.unwrap_or_else(|| {
            "message without a Content-Length header".to_string()
        }))));
    };
    if length > MAX_BODY {
        io::copy(&mut input.by_ref().take(length as u64), &mut io::sink())?;
        return Ok(Some(Frame::Bad(format!(
            "message of {length} bytes is larger than the limit of {MAX_BODY} bytes"
        ))));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    if let Some(problem) = problem {
        eprintln!("zwgk lsp: {problem} (message read anyway)");
    }
    Ok(Some(Frame::Body(body)))
}

/// Turns a payload into a message, or says why it is not one.
fn parse(body: &[u8]) -> Incoming {
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(e) => {
            return Incoming::Invalid {
                id: Value::Null,
                code: ErrorCode::ParseError as i32,
                message: format!("malformed JSON: {e}"),
            }
        }
    };
    let id = value.get("id").cloned().unwrap_or(Value::Null);
    if !value.is_object() {
        return Incoming::Invalid {
            id: Value::Null,
            code: ErrorCode::InvalidRequest as i32,
            message: "a JSON-RPC message must be an object".to_string(),
        };
    }
    match serde_json::from_value::<Message>(value) {
        Ok(message) => Incoming::Message(message),
        Err(e) => Incoming::Invalid {
            id,
            code: ErrorCode::InvalidRequest as i32,
            message: format!("not a JSON-RPC request, response or notification: {e}"),
        },
    }
}

/// Reads messages from `input` until it ends or the receiver is gone.
pub fn read_loop(mut input: impl BufRead, sender: Sender<Incoming>) {
    loop {
        let incoming = match read_frame(&mut input) {
            Ok(None) => return,
            Ok(Some(Frame::Body(body))) => parse(&body),
            Ok(Some(Frame::Bad(message))) => Incoming::Invalid {
                id: Value::Null,
                code: ErrorCode::ParseError as i32,
                message,
            },
            Err(e) => {
                eprintln!("zwgk lsp: cannot read standard input: {e}");
                return;
            }
        };
        let exit =
            matches!(&incoming, Incoming::Message(Message::Notification(n)) if n.method == "exit");
        if sender.send(incoming).is_err() || exit {
            return;
        }
    }
}

/// The writing half: framed messages on standard output, and nothing else.
pub struct Output<W: Write> {
    out: W,
    /// Set when a write failed: the client is gone.
    pub broken: bool,
}

impl<W: Write> Output<W> {
    pub fn new(out: W) -> Self {
        Self { out, broken: false }
    }

    pub fn send(&mut self, message: impl Into<Message>) {
        if self.broken {
            return;
        }
        if let Err(e) = message.into().write(&mut self.out) {
            eprintln!("zwgk lsp: cannot write to standard output: {e}");
            self.broken = true;
        }
    }

    /// An error response whose id may be `null` (which `lsp-server`'s
    /// `Response` cannot express).
    pub fn error(&mut self, id: Value, code: i32, message: &str) {
        if self.broken {
            return;
        }
        let text = json!({
            "jsonrpc": "2.0",
            "id": id,
            "error": { "code": code, "message": message },
        })
        .to_string();
        let result = write!(self.out, "Content-Length: {}\r\n\r\n{text}", text.len())
            .and_then(|()| self.out.flush());
        if let Err(e) = result {
            eprintln!("zwgk lsp: cannot write to standard output: {e}");
            self.broken = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<Incoming> {
        let (sender, receiver) = std::sync::mpsc::channel();
        read_loop(io::Cursor::new(input.as_bytes().to_vec()), sender);
        receiver.into_iter().collect()
    }

    fn framed(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn bad_payloads_are_reported_and_reading_goes_on() {
        let good = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let input = [
            framed("{not json"),
            framed("[1,2]"),
            framed(r#"{"jsonrpc":"2.0","id":7}"#),
            "garbage without headers".to_string(),
            framed(good),
            "\r\n".to_string(),
            format!("content-length:{}\nX-Other: 1\n\n{good}", good.len()),
        ]
        .concat();
        let got = frames(&input);
        let codes: Vec<String> = got
            .iter()
            .map(|i| match i {
                Incoming::Message(Message::Request(r)) => r.method.clone(),
                Incoming::Message(_) => "other".into(),
                Incoming::Invalid { id, code, .. } => format!("{code}:{id}"),
            })
            .collect();
        assert_eq!(
            codes,
            [
                "-32700:null",
                "-32600:null",
                "-32600:7",
                "shutdown",
                "shutdown"
            ]
        );
    }

    #[test]
    fn null_id_errors_are_framed() {
        let mut output = Output::new(Vec::new());
        output.error(Value::Null, -32700, "bad");
        let text = String::from_utf8(output.out).unwrap();
        let (header, body) = text.split_once("\r\n\r\n").unwrap();
        assert_eq!(header, format!("Content-Length: {}", body.len()));
        let value: Value = serde_json::from_str(body).unwrap();
        assert_eq!(value["id"], Value::Null);
        assert_eq!(value["error"]["code"], -32700);
    }
}
