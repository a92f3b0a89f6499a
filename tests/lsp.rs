//! End-to-end tests of `zwgk lsp`: the real binary driven over stdio with
//! JSON-RPC framing. Every wait has a timeout, so a hang fails the test
//! instead of blocking CI.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const TIMEOUT: Duration = Duration::from_secs(10);
/// 𠀀 (outside the BMP: 4 UTF-8 bytes, 2 UTF-16 units) before the typo 做为.
const REPORT: &str = "𠀀本局做为牵头单位。\n";
const FIXED: &str = "𠀀本局作为牵头单位。\n";
const TYPO_DOCS: &str = "https://github.com/zwgk/zwgk/blob/main/docs/rules/style/typo.md";

// ---------------------------------------------------------------------------
// A minimal LSP client
// ---------------------------------------------------------------------------

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Messages read while waiting for another one.
    backlog: VecDeque<Value>,
    next_id: i64,
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = Some(value.parse::<usize>().ok()?);
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("the server writes JSON"))
}

impl Client {
    fn start(dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_zwgk"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start zwgk lsp");
        let stdout = child.stdout.take().unwrap();
        let (sender, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            incoming,
            backlog: VecDeque::new(),
            next_id: 0,
        }
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns the whole response message.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait_for(&format!("the response to {method}"), |m| {
            m["id"] == id && m.get("method").is_none()
        })
    }

    /// The first message (read before or now) that satisfies `wanted`.
    fn wait_for(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&wanted) {
            return self.backlog.remove(i).unwrap();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = self
                .incoming
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("timed out waiting for {what}; got {:?}", self.backlog));
            if wanted(&message) {
                return message;
            }
            self.backlog.push_back(message);
        }
    }

    /// The next `publishDiagnostics` for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Value {
        let message = self.wait_for("publishDiagnostics", |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        message["params"].clone()
    }

    fn initialize(&mut self, capabilities: Value, options: Value) -> Value {
        let response = self.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": capabilities,
                    "initializationOptions": options }),
        );
        self.notify("initialized", json!({}));
        response["result"].clone()
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language, "version": 1, "text": text } }),
        );
    }

    fn change(&mut self, uri: &str, version: i32, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
    }

    fn code_actions(&mut self, uri: &str, range: &Value, only: Option<Value>) -> Vec<Value> {
        let mut context = json!({ "diagnostics": [] });
        if let Some(only) = only {
            context["only"] = only;
        }
        let response = self.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": range, "context": context }),
        );
        response["result"]
            .as_array()
            .expect("code actions")
            .to_vec()
    }

    /// Waits for the process to end (and fails after the timeout).
    fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn shutdown_and_exit(mut self) -> ExitStatus {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null, "{response}");
        self.notify("exit", Value::Null);
        self.stdin = None;
        self.wait_exit()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn file_uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    for byte in path.to_str().unwrap().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                uri.push(byte as char)
            }
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri
}

/// A directory with an empty `zwgk.toml`, so no configuration above it applies.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("zwgk.toml"), "").unwrap();
    dir
}

fn utf16_client() -> Value {
    json!({ "general": { "positionEncodings": ["utf-16"] } })
}

fn utf8_client() -> Value {
    json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } })
}

fn range(start: (u32, u32), end: (u32, u32)) -> Value {
    json!({ "start": { "line": start.0, "character": start.1 },
            "end": { "line": end.0, "character": end.1 } })
}

/// Byte offset of an LSP position in `text`, counting columns in UTF-8 or UTF-16.
fn offset(text: &str, position: &Value, utf8: bool) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let character = position["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units == character {
            return start + i;
        }
        units += if utf8 { c.len_utf8() } else { c.len_utf16() };
    }
    assert_eq!(units, character, "position past the end");
    text.len()
}

/// `text` with LSP text edits applied (as an editor applies a workspace edit).
fn apply(text: &str, edits: &[Value], utf8: bool) -> String {
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(text, &e["range"]["start"], utf8),
                offset(text, &e["range"]["end"], utf8),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (start, end, new) in spans {
        out.replace_range(start..end, new);
    }
    out
}

fn edits_of(action: &Value, uri: &str) -> Vec<Value> {
    action["edit"]["changes"][uri]
        .as_array()
        .unwrap_or_else(|| panic!("no edits for {uri} in {action}"))
        .to_vec()
}

fn titled<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no action {title:?} in {actions:#?}"))
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[test]
fn utf16_diagnostics_code_actions_and_incremental_fix() {
    let dir = workspace();
    let uri = file_uri(&dir.path().join("年报.txt"));
    let mut client = Client::start(dir.path());
    let result = client.initialize(utf16_client(), Value::Null);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(result["capabilities"]["textDocumentSync"]["change"], 2);
    assert!(result["capabilities"].get("diagnosticProvider").is_none());

    client.open(&uri, "plaintext", REPORT);
    let published = client.diagnostics(&uri);
    assert_eq!(published["version"], 1);
    let diagnostics = published["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let d = &diagnostics[0];
    // 𠀀 is two UTF-16 units, 本局 two more: 做为 spans characters 4..6.
    assert_eq!(d["range"], range((0, 4), (0, 6)));
    assert_eq!(d["code"], "style/typo");
    assert_eq!(d["source"], "zwgk");
    assert_eq!(d["severity"], 2);
    assert_eq!(d["codeDescription"]["href"], TYPO_DOCS);
    assert!(d["message"].as_str().unwrap().contains("做为"), "{d}");
    assert_eq!(d["data"]["rule"], "style/typo");
    assert_eq!(d["data"]["fix"]["safe"], true);

    // The quickfix replaces exactly the typo.
    let actions = client.code_actions(&uri, &d["range"], None);
    let fix = actions
        .iter()
        .find(|a| a["kind"] == "quickfix" && a["isPreferred"] == true)
        .unwrap_or_else(|| panic!("no preferred quickfix in {actions:#?}"));
    let edits = edits_of(fix, &uri);
    assert_eq!(
        edits,
        [json!({ "range": range((0, 4), (0, 6)), "newText": "作为" })]
    );
    assert_eq!(apply(REPORT, &edits, false), FIXED);

    // Suppression comments, above the line and at the top of the file.
    let line = titled(&actions, "在此行停用 style/typo");
    let suppressed = apply(REPORT, &edits_of(line, &uri), false);
    assert_eq!(
        suppressed,
        format!("<!-- zwgk-disable-next-line style/typo -->\n{REPORT}")
    );
    let file = titled(&actions, "在本文件停用 style/typo");
    assert_eq!(
        apply(REPORT, &edits_of(file, &uri), false),
        format!("<!-- zwgk-disable style/typo -->\n{REPORT}")
    );

    // Fix all: only on request for source actions.
    let fix_all = client.code_actions(&uri, &range((0, 0), (0, 0)), Some(json!(["source.fixAll"])));
    assert_eq!(fix_all.len(), 1, "{fix_all:#?}");
    assert_eq!(fix_all[0]["kind"], "source.fixAll.zwgk");
    assert_eq!(apply(REPORT, &edits_of(&fix_all[0], &uri), false), FIXED);

    // An incremental change that fixes the text clears the diagnostics.
    client.change(
        &uri,
        2,
        json!([{ "range": range((0, 4), (0, 6)), "text": "作为" }]),
    );
    let published = client.diagnostics(&uri);
    assert_eq!(published["version"], 2);
    assert_eq!(published["diagnostics"], json!([]));

    // Reintroduce the typo, then suppress it with the line comment.
    client.change(
        &uri,
        3,
        json!([{ "range": range((0, 4), (0, 6)), "text": "做为" }]),
    );
    assert_eq!(
        client.diagnostics(&uri)["diagnostics"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let edit = &edits_of(line, &uri)[0];
    client.change(
        &uri,
        4,
        json!([{ "range": edit["range"], "text": edit["newText"] }]),
    );
    let published = client.diagnostics(&uri);
    assert_eq!(published["version"], 4);
    assert_eq!(published["diagnostics"], json!([]));

    assert!(client.shutdown_and_exit().success());
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let dir = workspace();
    let uri = file_uri(&dir.path().join("报告.md"));
    let mut client = Client::start(dir.path());
    let result = client.initialize(utf8_client(), Value::Null);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");

    client.open(&uri, "markdown", REPORT);
    let diagnostics = client.diagnostics(&uri)["diagnostics"].clone();
    // 𠀀 is four bytes, 本局 six: 做为 spans bytes 10..16.
    assert_eq!(diagnostics[0]["range"], range((0, 10), (0, 16)));
    assert_eq!(diagnostics.as_array().unwrap().len(), 1);

    let actions = client.code_actions(&uri, &range((0, 12), (0, 12)), Some(json!(["quickfix"])));
    let fix = titled(&actions, "改为“作为”（style/typo）");
    let edits = edits_of(fix, &uri);
    assert_eq!(edits[0]["range"], range((0, 10), (0, 16)));
    assert_eq!(apply(REPORT, &edits, true), FIXED);

    // A change whose range lies outside the text is clamped, not a crash.
    client.change(
        &uri,
        2,
        json!([{ "range": range((40, 3), (41, 0)), "text": "末尾推进推进工作。" }]),
    );
    let published = client.diagnostics(&uri);
    assert_eq!(published["version"], 2);
    let codes: Vec<&str> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["style/typo", "style/repeated-word"]);
    // The appended text went to the end: line 1 (after the final newline).
    let repeated = &published["diagnostics"][1];
    assert_eq!(repeated["range"], range((1, 6), (1, 18)));

    // The incremental fix, in UTF-8 columns.
    client.change(
        &uri,
        3,
        json!([
            { "range": range((1, 6), (1, 18)), "text": "推进" },
            { "range": range((0, 10), (0, 16)), "text": "作为" },
        ]),
    );
    let published = client.diagnostics(&uri);
    assert_eq!(published["version"], 3);
    assert_eq!(published["diagnostics"], json!([]));

    assert!(client.shutdown_and_exit().success());
}

#[test]
fn a_flood_of_edits_is_linted_once_on_the_latest_text() {
    let dir = workspace();
    let uri = file_uri(&dir.path().join("总结.txt"));
    let mut client = Client::start(dir.path());
    client.initialize(utf16_client(), Value::Null);
    client.open(&uri, "plaintext", "");
    assert_eq!(client.diagnostics(&uri)["diagnostics"], json!([]));
    // Type about 300 characters one change at a time; the last ones make a typo.
    let text = format!(
        "{}本局做为",
        "本局认真贯彻落实政府信息公开条例。".repeat(17)
    );
    let typed: Vec<char> = text.chars().collect();
    let at = typed.len() as u32 - 2;
    let mut batch = Vec::new();
    for (i, c) in typed.iter().enumerate() {
        let message = json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": { "uri": uri, "version": i + 2 },
            "contentChanges": [{ "range": range((0, i as u32), (0, i as u32)), "text": c.to_string() }],
        } })
        .to_string();
        batch.extend_from_slice(
            format!("Content-Length: {}\r\n\r\n{message}", message.len()).as_bytes(),
        );
    }
    client.send_raw(&batch);
    let last = typed.len() as i64 + 1;
    let mut publishes = 0;
    loop {
        let published = client.diagnostics(&uri);
        publishes += 1;
        if published["version"] == last {
            let d = &published["diagnostics"];
            assert_eq!(d.as_array().unwrap().len(), 1, "{d}");
            assert_eq!(d[0]["range"], range((0, at), (0, at + 2)));
            break;
        }
    }
    assert!(publishes <= 3, "{publishes} lints for one burst of edits");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn a_collapsed_finding_is_one_quickfix_with_every_edit() {
    let dir = workspace();
    let uri = file_uri(&dir.path().join("总结.txt"));
    let text = "𠀀一是加强领导,二是完善制度;三是强化监督:四是注重实效,五是落实责任。\n";
    let mut client = Client::start(dir.path());
    client.initialize(utf16_client(), Value::Null);
    client.open(&uri, "plaintext", text);
    let diagnostics = client.diagnostics(&uri)["diagnostics"].clone();
    assert_eq!(diagnostics.as_array().unwrap().len(), 1, "{diagnostics:#?}");
    let d = &diagnostics[0];
    assert_eq!(d["code"], "style/half-width-punctuation");
    assert_eq!(d["range"], range((0, 8), (0, 9)));
    assert_eq!(d["data"]["fix"]["edits"].as_array().unwrap().len(), 4);
    let actions = client.code_actions(&uri, &d["range"], Some(json!(["quickfix"])));
    let fix = titled(
        &actions,
        "应用 style/half-width-punctuation 的全部 4 处修改",
    );
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(
        apply(text, &edits_of(fix, &uri), false),
        "𠀀一是加强领导，二是完善制度；三是强化监督：四是注重实效，五是落实责任。\n"
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn pull_diagnostics_when_the_client_supports_them() {
    let dir = workspace();
    let uri = file_uri(&dir.path().join("年报.txt"));
    let mut client = Client::start(dir.path());
    let capabilities =
        json!({ "textDocument": { "diagnostic": { "dynamicRegistration": false } } });
    let result = client.initialize(capabilities, Value::Null);
    assert_eq!(
        result["capabilities"]["diagnosticProvider"]["interFileDependencies"],
        false
    );
    client.open(&uri, "plaintext", REPORT);
    let params = json!({ "textDocument": { "uri": uri } });
    let report = client.request("textDocument/diagnostic", params)["result"].clone();
    assert_eq!(report["kind"], "full");
    let items = report["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["range"], range((0, 4), (0, 6)));
    assert_eq!(items[0]["code"], "style/typo");
    let id = report["resultId"].clone();
    let again = client.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": uri }, "previousResultId": id }),
    );
    assert_eq!(
        again["result"],
        json!({ "kind": "unchanged", "resultId": id })
    );
    // Nothing is pushed to a client that pulls.
    assert!(
        !client
            .backlog
            .iter()
            .any(|m| m["method"] == "textDocument/publishDiagnostics"),
        "{:?}",
        client.backlog
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn a_broken_configuration_is_one_diagnostic_and_is_reloaded() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("zwgk.toml");
    std::fs::write(&config, "select = [\"style\"]\nunknown-key = 1\n").unwrap();
    let uri = file_uri(&dir.path().join("年报.txt"));
    let mut client = Client::start(dir.path());
    let capabilities =
        json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } });
    client.initialize(capabilities, Value::Null);
    let registration = client.wait_for("client/registerCapability", |m| {
        m["method"] == "client/registerCapability"
    });
    let id = registration["id"].clone();
    client.send(json!({ "jsonrpc": "2.0", "id": id, "result": null }));

    client.open(&uri, "plaintext", REPORT);
    let diagnostics = client.diagnostics(&uri)["diagnostics"].clone();
    assert_eq!(diagnostics.as_array().unwrap().len(), 1, "{diagnostics:#?}");
    let d = &diagnostics[0];
    assert_eq!(d["range"], range((0, 0), (0, 0)));
    assert_eq!(d["severity"], 1);
    let message = d["message"].as_str().unwrap();
    assert!(message.contains("zwgk.toml"), "{message}");
    assert!(message.contains("unknown-key"), "{message}");
    assert!(message.contains("第 2 行"), "{message}");

    // Repaired on disk and announced: the document is linted again.
    std::fs::write(&config, "select = [\"style\"]\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(&config), "type": 2 }] }),
    );
    let diagnostics = client.diagnostics(&uri)["diagnostics"].clone();
    assert_eq!(diagnostics[0]["code"], "style/typo", "{diagnostics:#?}");

    // A broken rule pack: one diagnostic naming it, the other rules still run.
    std::fs::create_dir(dir.path().join("packs")).unwrap();
    std::fs::write(dir.path().join("packs/local.toml"), "[pack\nid = 1\n").unwrap();
    std::fs::write(&config, "rules = [\"packs\"]\n").unwrap();
    client.change(&uri, 2, json!([{ "text": REPORT }]));
    let diagnostics = client.diagnostics(&uri)["diagnostics"].clone();
    let codes: Vec<&str> = diagnostics
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["rule-file", "style/typo"], "{diagnostics:#?}");
    assert!(diagnostics[0]["message"]
        .as_str()
        .unwrap()
        .contains("local.toml"));

    assert!(client.shutdown_and_exit().success());
}

#[test]
fn bad_input_does_not_take_the_server_down() {
    let dir = workspace();
    let mut client = Client::start(dir.path());

    // A request before initialize is refused, a notification ignored.
    client.notify("textDocument/didOpen", json!({}));
    let early = client.request("textDocument/codeAction", json!({}));
    assert_eq!(early["error"]["code"], -32002, "{early}");

    client.initialize(utf16_client(), json!({ "maxDocumentSize": 64 }));

    // Malformed JSON gets a parse error with a null id.
    client.send_raw(b"Content-Length: 9\r\n\r\n{\"jsonrpc");
    let error = client.wait_for("a parse error", |m| m.get("error").is_some());
    assert_eq!(error["id"], Value::Null);
    assert_eq!(error["error"]["code"], -32700);

    // Unknown request: MethodNotFound; unknown notification: nothing.
    client.notify("zwgk/unknownNotification", json!({ "x": 1 }));
    let unknown = client.request("zwgk/unknownRequest", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let invalid = client.request("textDocument/codeAction", json!({ "textDocument": 5 }));
    assert_eq!(invalid["error"]["code"], -32602, "{invalid}");

    // A document over the size limit: one diagnostic saying it was not checked.
    let uri = file_uri(&dir.path().join("大文件.txt"));
    client.open(&uri, "plaintext", &REPORT.repeat(10));
    let diagnostics = client.diagnostics(&uri)["diagnostics"].clone();
    assert_eq!(diagnostics.as_array().unwrap().len(), 1, "{diagnostics:#?}");
    assert!(diagnostics[0]["message"]
        .as_str()
        .unwrap()
        .contains("未检查"));

    // Other languages are not linted; a document that is not open has no actions.
    let rust = file_uri(&dir.path().join("main.rs"));
    client.open(&rust, "rust", "// 做为");
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": rust }, "range": range((0, 0), (0, 5)), "context": { "diagnostics": [] } }),
    );
    assert_eq!(actions["result"], json!([]));

    // Still answering after all that, and exits cleanly.
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn exit_without_shutdown_is_an_error() {
    let dir = workspace();
    let mut client = Client::start(dir.path());
    client.initialize(utf16_client(), Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit().code(), Some(1));
}

#[test]
fn related_places_are_related_information() {
    let dir = workspace();
    let uri = file_uri(&dir.path().join("总结.txt"));
    // UTF-16 columns: 𠀀 takes two units.
    let text = "𠀀全年收到申请24件，其中同意公开7件，部分公开7件，不予公开12件。\n";
    let mut client = Client::start(dir.path());
    client.initialize(utf16_client(), Value::Null);
    client.open(&uri, "plaintext", text);
    let diagnostics = client.diagnostics(&uri)["diagnostics"].clone();
    let d = diagnostics
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "figures/parts-exceed-total")
        .unwrap_or_else(|| panic!("{diagnostics:#?}"));
    assert_eq!(d["range"], range((0, 8), (0, 11)));
    let related = d["relatedInformation"].as_array().unwrap();
    let got: Vec<(Value, Value, Value)> = related
        .iter()
        .map(|r| {
            (
                r["location"]["uri"].clone(),
                r["location"]["range"].clone(),
                r["message"].clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (json!(uri), range((0, 18), (0, 20)), json!("分项：同意公开")),
            (json!(uri), range((0, 25), (0, 27)), json!("分项：部分公开")),
            (json!(uri), range((0, 32), (0, 35)), json!("分项：不予公开")),
        ]
    );
    assert!(client.shutdown_and_exit().success());
}
