//! The language server's message handling: a whole session of arbitrary
//! JSON-RPC frames and edit sequences (open, incremental and full changes
//! with any ranges, saves, closes, code actions, pull diagnostics, unknown
//! methods, raw garbage), in UTF-8 or UTF-16 positions. The server must
//! answer with well-framed JSON messages and never panic.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

const URIS: &[&str] = &[
    "file:///zwgk-fuzz/总结.txt",
    "file:///zwgk-fuzz/a.md",
    "untitled:Untitled-1",
    "file:///zwgk-fuzz/x.rs",
];

#[derive(Debug, Arbitrary)]
enum Op {
    Open { doc: u8, language: u8, version: i32, text: String },
    Change { doc: u8, version: Option<i32>, changes: Vec<(Option<[u32; 4]>, String)> },
    Save { doc: u8, text: Option<String> },
    Close { doc: u8 },
    CodeAction { doc: u8, range: [u32; 4] },
    Pull { doc: u8 },
    Unknown { method: String, params: String, id: Option<i64> },
    Raw(Vec<u8>),
    Frame(String),
}

#[derive(Debug, Arbitrary)]
enum Input {
    Raw(Vec<u8>),
    Session { utf8: bool, pull: bool, ops: Vec<Op>, shutdown: bool },
}

fn frame(out: &mut Vec<u8>, body: &str) {
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    out.extend_from_slice(body.as_bytes());
}

fn message(out: &mut Vec<u8>, value: Value) {
    frame(out, &value.to_string());
}

fn range(r: &[u32; 4]) -> Value {
    json!({ "start": { "line": r[0] % 64, "character": r[1] % 128 },
            "end": { "line": r[2] % 64, "character": r[3] % 128 } })
}

fn session(utf8: bool, pull: bool, ops: &[Op], shutdown: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let encodings = if utf8 { json!(["utf-8", "utf-16"]) } else { json!(["utf-16"]) };
    let mut capabilities = json!({ "general": { "positionEncodings": encodings } });
    if pull {
        capabilities["textDocument"] = json!({ "diagnostic": {} });
    }
    message(&mut out, json!({ "jsonrpc": "2.0", "id": 0, "method": "initialize",
        "params": { "capabilities": capabilities, "rootUri": null } }));
    message(&mut out, json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }));
    let mut id = 1;
    for op in ops {
        let uri = |doc: &u8| URIS[*doc as usize % URIS.len()];
        match op {
            Op::Open { doc, language, version, text } => {
                let language = ["plaintext", "markdown", "rust", ""][*language as usize % 4];
                message(&mut out, json!({
                    "jsonrpc": "2.0", "method": "textDocument/didOpen",
                    "params": { "textDocument": { "uri": uri(doc), "languageId": language,
                        "version": version, "text": text } } }));
            }
            Op::Change { doc, version, changes } => {
                let changes: Vec<Value> = changes.iter().map(|(r, text)| match r {
                    Some(r) => json!({ "range": range(r), "text": text }),
                    None => json!({ "text": text }),
                }).collect();
                message(&mut out, json!({ "jsonrpc": "2.0", "method": "textDocument/didChange",
                    "params": { "textDocument": { "uri": uri(doc), "version": version },
                        "contentChanges": changes } }));
            }
            Op::Save { doc, text } => message(&mut out, json!({ "jsonrpc": "2.0",
                "method": "textDocument/didSave",
                "params": { "textDocument": { "uri": uri(doc) }, "text": text } })),
            Op::Close { doc } => message(&mut out, json!({ "jsonrpc": "2.0",
                "method": "textDocument/didClose",
                "params": { "textDocument": { "uri": uri(doc) } } })),
            Op::CodeAction { doc, range: r } => {
                id += 1;
                message(&mut out, json!({ "jsonrpc": "2.0", "id": id,
                    "method": "textDocument/codeAction",
                    "params": { "textDocument": { "uri": uri(doc) }, "range": range(r),
                        "context": { "diagnostics": [] } } }));
            }
            Op::Pull { doc } => {
                id += 1;
                message(&mut out, json!({ "jsonrpc": "2.0", "id": id,
                    "method": "textDocument/diagnostic",
                    "params": { "textDocument": { "uri": uri(doc) } } }));
            }
            Op::Unknown { method, params, id } => {
                let params = serde_json::from_str::<Value>(params).unwrap_or(Value::String(params.clone()));
                let mut m = json!({ "jsonrpc": "2.0", "method": method, "params": params });
                if let Some(id) = id {
                    m["id"] = json!(id);
                }
                message(&mut out, m);
            }
            Op::Raw(bytes) => out.extend_from_slice(bytes),
            Op::Frame(body) => frame(&mut out, body),
        }
    }
    if shutdown {
        message(&mut out, json!({ "jsonrpc": "2.0", "id": 9999, "method": "shutdown" }));
        message(&mut out, json!({ "jsonrpc": "2.0", "method": "exit" }));
    }
    out
}

/// The server's output is a sequence of `Content-Length` frames of JSON objects.
fn check_output(out: &[u8]) {
    let mut rest = out;
    while !rest.is_empty() {
        let header_end = rest
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a header ends with CRLF CRLF");
        let header = std::str::from_utf8(&rest[..header_end]).expect("ASCII header");
        let length: usize = header
            .strip_prefix("Content-Length: ")
            .expect("Content-Length header")
            .parse()
            .expect("a length");
        let body = &rest[header_end + 4..header_end + 4 + length];
        let value: Value = serde_json::from_slice(body).expect("a JSON body");
        assert_eq!(value["jsonrpc"], "2.0");
        rest = &rest[header_end + 4 + length..];
    }
}

fuzz_target!(|input: Input| {
    let bytes = match &input {
        Input::Raw(bytes) => bytes.clone(),
        Input::Session { utf8, pull, ops, shutdown } => session(*utf8, *pull, ops, *shutdown),
    };
    // Keep one input cheap: the size limit itself is tested elsewhere.
    if bytes.len() > 1 << 20 {
        return;
    }
    let (code, out) = zwgk::lsp::session(&bytes);
    assert!(code <= 1);
    check_output(&out);
});
