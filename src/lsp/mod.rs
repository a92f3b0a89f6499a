//! `zwgk lsp`: a language server on standard input and output.
//!
//! Built on `lsp-server` (the message model and JSON-RPC framing used by
//! rust-analyzer and ruff; synchronous, no async runtime) and `lsp-types`.
//!
//! Two threads: a reader that frames and parses messages from standard
//! input (reporting malformed ones instead of giving up, see
//! [`transport`]), and the main loop here, which owns all state, applies
//! edits, lints and writes every message to standard output.
//!
//! Linting is debounced without ever queueing work: a change only updates
//! the document's text and moves its deadline (200 ms after the latest
//! change, and at most 1 s after the first unlinted one). The loop waits for
//! the next message or the earliest deadline; after each message it drains
//! whatever else is already queued before linting, so a flood of edits is
//! applied in order and then linted once, on the latest text. Opening or
//! saving a document lints it at once (after that batch); a code action or
//! pull-diagnostics request lints a stale document first, so answers always
//! describe the current text.

mod actions;
mod lint;
mod text;
mod transport;
mod uri;
mod workspace;

use std::collections::HashMap;
use std::io::{self, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, DiagnosticOptions,
    DiagnosticServerCapabilities, InitializeResult, OneOf, PositionEncodingKind, Range,
    SaveOptions, ServerCapabilities, ServerInfo, TextDocumentContentChangeEvent,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, WorkspaceFoldersServerCapabilities, WorkspaceServerCapabilities,
};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use actions::EditTarget;
use lint::Linted;
use text::Encoding;
use transport::{Incoming, Output};
use workspace::{Resolved, Workspace};

/// Languages linted whatever the file's name (`text` is Neovim's name).
const LANGUAGES: &[&str] = &["plaintext", "text", "markdown"];
/// File extensions linted (as `zwgk check` walks them) when the
/// configuration names no `include` globs.
const EXTENSIONS: &[&str] = &["txt", "md"];
/// Default limit of a document's size; larger ones are not checked.
const MAX_SIZE: usize = 5 * 1024 * 1024;
const DEBOUNCE: Duration = Duration::from_millis(200);
const MAX_DELAY: Duration = Duration::from_secs(1);
/// Messages handled between two lint passes at most.
const MAX_BATCH: usize = 10_000;

/// Runs the server until `exit`; returns the process exit code (0 after a
/// `shutdown` request, 1 otherwise).
pub fn run() -> u8 {
    let (sender, receiver) = mpsc::channel();
    let reader = std::thread::Builder::new()
        .name("zwgk-lsp-reader".into())
        .spawn(move || transport::read_loop(io::stdin().lock(), sender));
    if let Err(e) = reader {
        eprintln!("zwgk lsp: cannot start the reader thread: {e}");
        return 1;
    }
    eprintln!("zwgk lsp {}: ready", env!("CARGO_PKG_VERSION"));
    Server::new(Output::new(io::stdout().lock())).main_loop(&receiver)
}

/// Runs a whole session on `input` (framed JSON-RPC, as it would arrive on
/// standard input) without threads or waiting, for the fuzzer
/// (`fuzz/fuzz_targets/lsp.rs`) and tests. Everything before the first
/// `shutdown` or `exit` arrives as one burst, handled as the main loop
/// handles a burst (every queued message, then one lint of what is due, with
/// no debounce delay); then the rest. Returns the exit code and everything
/// the server wrote.
#[doc(hidden)]
pub fn session(input: &[u8]) -> (u8, Vec<u8>) {
    let (sender, receiver) = mpsc::channel();
    transport::read_loop(input, sender);
    let mut burst: Vec<Incoming> = receiver.try_iter().collect();
    let ending = |m: &Incoming| {
        matches!(m, Incoming::Message(Message::Request(r)) if r.method == "shutdown")
            || matches!(m, Incoming::Message(Message::Notification(n)) if n.method == "exit")
    };
    let rest = burst.split_off(burst.iter().position(ending).unwrap_or(burst.len()));
    let mut out = Vec::new();
    let code = {
        let mut server = Server::new(Output::new(&mut out));
        server.debounce = Duration::ZERO;
        let mut code = None;
        for part in [burst, rest] {
            let (sender, receiver) = mpsc::channel();
            for incoming in part {
                sender.send(incoming).expect("the receiver is here");
            }
            drop(sender);
            while code.is_none() {
                let Ok(first) = receiver.try_recv() else {
                    break;
                };
                code = server.burst(first, &receiver);
                server.lint_due();
            }
        }
        code.unwrap_or_else(|| server.disconnected())
    };
    (code, out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Uninitialized,
    Running,
    ShuttingDown,
}

/// What the client said it can do.
#[derive(Debug, Default)]
struct ClientCaps {
    /// Pull diagnostics (`textDocument/diagnostic`): then nothing is pushed.
    pull: bool,
    /// `workspace/diagnostic/refresh` requests.
    refresh: bool,
    /// Dynamic registration of file watchers.
    watch: bool,
    /// Versioned `documentChanges` in workspace edits.
    versioned_edits: bool,
}

struct OpenDoc {
    path: Option<PathBuf>,
    language: String,
    version: i32,
    text: String,
    /// When to lint next (`None`: up to date).
    due: Option<Instant>,
    /// When the oldest change not yet linted arrived.
    pending_since: Option<Instant>,
    linted: Option<Linted>,
    /// Whether diagnostics are shown for it (so they are cleared when it stops being linted).
    published: bool,
}

struct Server<W: Write> {
    out: Output<W>,
    phase: Phase,
    encoding: Encoding,
    caps: ClientCaps,
    debounce: Duration,
    max_size: usize,
    docs: HashMap<String, OpenDoc>,
    workspace: Workspace,
    next_request: i32,
    next_result: u64,
}

// --- Parameters, kept to the fields used; URIs stay strings (see `uri`). ---

#[derive(Deserialize)]
struct DocId {
    uri: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DocItem {
    uri: String,
    #[serde(default)]
    language_id: String,
    #[serde(default)]
    version: i32,
    text: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DidOpen {
    text_document: DocItem,
}

#[derive(Deserialize)]
struct VersionedDocId {
    uri: String,
    #[serde(default)]
    version: Option<i32>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DidChange {
    text_document: VersionedDocId,
    content_changes: Vec<TextDocumentContentChangeEvent>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DidSaveOrClose {
    text_document: DocId,
    #[serde(default)]
    text: Option<String>,
}

#[derive(Deserialize, Default)]
struct ActionContext {
    #[serde(default)]
    only: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CodeActionParams {
    text_document: DocId,
    range: Range,
    #[serde(default)]
    context: ActionContext,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DiagnosticParams {
    text_document: DocId,
    #[serde(default)]
    previous_result_id: Option<String>,
}

#[derive(Deserialize)]
struct FoldersEvent {
    #[serde(default)]
    added: Vec<DocId>,
    #[serde(default)]
    removed: Vec<DocId>,
}

#[derive(Deserialize)]
struct FoldersChange {
    event: FoldersEvent,
}

fn has_report_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

impl<W: Write> Server<W> {
    fn new(out: Output<W>) -> Self {
        Self {
            out,
            phase: Phase::Uninitialized,
            encoding: Encoding::Utf16,
            caps: ClientCaps::default(),
            debounce: DEBOUNCE,
            max_size: MAX_SIZE,
            docs: HashMap::new(),
            workspace: Workspace::default(),
            next_request: 0,
            next_result: 0,
        }
    }

    fn main_loop(&mut self, receiver: &Receiver<Incoming>) -> u8 {
        loop {
            if self.out.broken {
                return 1;
            }
            let next = match self.next_deadline() {
                None => receiver.recv().map_err(|_| RecvTimeoutError::Disconnected),
                Some(deadline) => {
                    receiver.recv_timeout(deadline.saturating_duration_since(Instant::now()))
                }
            };
            match next {
                Ok(incoming) => {
                    if let Some(code) = self.burst(incoming, receiver) {
                        return code;
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return self.disconnected(),
            }
            self.lint_due();
        }
    }

    /// Handles `first` and everything already queued after it (at most
    /// [`MAX_BATCH`]), so that the batch is linted once, afterwards.
    fn burst(&mut self, first: Incoming, receiver: &Receiver<Incoming>) -> Option<u8> {
        if let Some(code) = self.guarded(first) {
            return Some(code);
        }
        for _ in 0..MAX_BATCH {
            let Ok(incoming) = receiver.try_recv() else {
                break;
            };
            if let Some(code) = self.guarded(incoming) {
                return Some(code);
            }
        }
        None
    }

    /// The exit code when the input ends without an `exit` notification.
    fn disconnected(&self) -> u8 {
        eprintln!("zwgk lsp: standard input closed without an exit notification");
        if self.phase == Phase::ShuttingDown {
            0
        } else {
            1
        }
    }

    /// The earliest lint deadline (none with pull diagnostics: the client asks).
    fn next_deadline(&self) -> Option<Instant> {
        if self.caps.pull || self.phase != Phase::Running {
            return None;
        }
        self.docs.values().filter_map(|d| d.due).min()
    }

    /// Handles one message; a panic is reported (and answered) instead of ending the server.
    fn guarded(&mut self, incoming: Incoming) -> Option<u8> {
        let request = match &incoming {
            Incoming::Message(Message::Request(r)) => Some((r.id.clone(), r.method.clone())),
            _ => None,
        };
        match catch_unwind(AssertUnwindSafe(|| self.handle(incoming))) {
            Ok(code) => code,
            Err(_) => {
                eprintln!("zwgk lsp: internal error while handling a message");
                if let Some((id, method)) = request {
                    self.respond_err(
                        id,
                        ErrorCode::InternalError,
                        &format!("internal error in {method}"),
                    );
                }
                None
            }
        }
    }

    fn handle(&mut self, incoming: Incoming) -> Option<u8> {
        match incoming {
            Incoming::Invalid { id, code, message } => {
                eprintln!("zwgk lsp: {message}");
                self.out.error(id, code, &message);
                None
            }
            Incoming::Message(Message::Request(request)) => {
                self.request(request);
                None
            }
            Incoming::Message(Message::Notification(n)) => self.notification(n),
            Incoming::Message(Message::Response(response)) => {
                if let Err(e) = response.response_result {
                    eprintln!(
                        "zwgk lsp: the client answered request {} with an error: {}",
                        response.id, e.message
                    );
                }
                None
            }
        }
    }

    fn respond(&mut self, id: RequestId, result: impl serde::Serialize) {
        self.out.send(Response::new_ok(id, result));
    }

    fn respond_err(&mut self, id: RequestId, code: ErrorCode, message: &str) {
        self.out
            .send(Response::new_err(id, code as i32, message.to_string()));
    }

    /// Parameters of a request, or an `InvalidParams` answer.
    fn params<P: DeserializeOwned>(&mut self, request: &mut Request) -> Option<P> {
        match serde_json::from_value(std::mem::take(&mut request.params)) {
            Ok(params) => Some(params),
            Err(e) => {
                let message = format!("invalid parameters for {}: {e}", request.method);
                self.respond_err(request.id.clone(), ErrorCode::InvalidParams, &message);
                None
            }
        }
    }

    fn request(&mut self, mut request: Request) {
        match self.phase {
            Phase::Uninitialized if request.method == "initialize" => self.initialize(request),
            Phase::Uninitialized => self.respond_err(
                request.id,
                ErrorCode::ServerNotInitialized,
                "the server has not been initialized",
            ),
            Phase::ShuttingDown if request.method == "shutdown" => {
                self.respond(request.id, Value::Null)
            }
            Phase::ShuttingDown => self.respond_err(
                request.id,
                ErrorCode::InvalidRequest,
                "the server is shutting down",
            ),
            Phase::Running => match request.method.as_str() {
                "initialize" => self.respond_err(
                    request.id,
                    ErrorCode::InvalidRequest,
                    "the server is already initialized",
                ),
                "shutdown" => {
                    self.phase = Phase::ShuttingDown;
                    self.respond(request.id, Value::Null);
                }
                "textDocument/codeAction" => {
                    if let Some(params) = self.params(&mut request) {
                        self.code_action(request.id, params);
                    }
                }
                "textDocument/diagnostic" => {
                    if let Some(params) = self.params(&mut request) {
                        self.pull_diagnostics(request.id, params);
                    }
                }
                method => {
                    let message = format!("unknown method {method}");
                    self.respond_err(request.id, ErrorCode::MethodNotFound, &message);
                }
            },
        }
    }

    fn notification(&mut self, n: Notification) -> Option<u8> {
        if n.method == "exit" {
            return Some(if self.phase == Phase::ShuttingDown {
                0
            } else {
                1
            });
        }
        if self.phase != Phase::Running {
            return None;
        }
        fn parse<P: DeserializeOwned>(n: Notification) -> Option<P> {
            let method = n.method.clone();
            serde_json::from_value(n.params)
                .map_err(|e| eprintln!("zwgk lsp: invalid parameters for {method}: {e}"))
                .ok()
        }
        match n.method.as_str() {
            "initialized" => self.register_watchers(),
            "textDocument/didOpen" => {
                if let Some(params) = parse(n) {
                    self.did_open(params);
                }
            }
            "textDocument/didChange" => {
                if let Some(params) = parse(n) {
                    self.did_change(params);
                }
            }
            "textDocument/didSave" => {
                if let Some(params) = parse(n) {
                    self.did_save(params);
                }
            }
            "textDocument/didClose" => {
                if let Some(params) = parse(n) {
                    self.did_close(params);
                }
            }
            "workspace/didChangeWatchedFiles" => self.configuration_changed(),
            "workspace/didChangeWorkspaceFolders" => {
                if let Some(params) = parse(n) {
                    self.folders_changed(params);
                }
            }
            // $/cancelRequest, $/setTrace, workspace/didChangeConfiguration, …:
            // nothing to do (requests are answered in order, at once).
            _ => {}
        }
        None
    }

    // --- Lifecycle ---

    fn initialize(&mut self, request: Request) {
        let p = &request.params;
        let flag = |pointer: &str| p.pointer(pointer).and_then(Value::as_bool) == Some(true);
        let offers_utf8 = p
            .pointer("/capabilities/general/positionEncodings")
            .and_then(Value::as_array)
            .is_some_and(|list| list.iter().any(|e| e == "utf-8"));
        self.encoding = if offers_utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        self.caps = ClientCaps {
            pull: p
                .pointer("/capabilities/textDocument/diagnostic")
                .is_some_and(Value::is_object),
            refresh: flag("/capabilities/workspace/diagnostics/refreshSupport"),
            watch: flag("/capabilities/workspace/didChangeWatchedFiles/dynamicRegistration"),
            versioned_edits: flag("/capabilities/workspace/workspaceEdit/documentChanges"),
        };
        if let Some(size) = p
            .pointer("/initializationOptions/maxDocumentSize")
            .and_then(Value::as_u64)
        {
            self.max_size = usize::try_from(size).unwrap_or(usize::MAX);
        }
        if let Some(ms) = p
            .pointer("/initializationOptions/debounceMs")
            .and_then(Value::as_u64)
        {
            self.debounce = Duration::from_millis(ms.min(10_000));
        }
        let folders: Vec<PathBuf> = match p.get("workspaceFolders").and_then(Value::as_array) {
            Some(list) => list
                .iter()
                .filter_map(|f| f.get("uri").and_then(Value::as_str))
                .filter_map(uri::to_path)
                .collect(),
            None => p
                .get("rootUri")
                .and_then(Value::as_str)
                .and_then(uri::to_path)
                .or_else(|| p.get("rootPath").and_then(Value::as_str).map(PathBuf::from))
                .into_iter()
                .collect(),
        };
        self.workspace.folders = folders;

        let capabilities = ServerCapabilities {
            position_encoding: Some(match self.encoding {
                Encoding::Utf8 => PositionEncodingKind::UTF8,
                Encoding::Utf16 => PositionEncodingKind::UTF16,
            }),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                        include_text: Some(false),
                    })),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::from(actions::FIX_ALL.to_string()),
                ]),
                resolve_provider: Some(false),
                ..CodeActionOptions::default()
            })),
            diagnostic_provider: self.caps.pull.then(|| {
                DiagnosticServerCapabilities::Options(DiagnosticOptions {
                    identifier: Some(lint::SOURCE.to_string()),
                    inter_file_dependencies: false,
                    workspace_diagnostics: false,
                    ..DiagnosticOptions::default()
                })
            }),
            workspace: Some(WorkspaceServerCapabilities {
                workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                    supported: Some(true),
                    change_notifications: Some(OneOf::Left(true)),
                }),
                file_operations: None,
            }),
            ..ServerCapabilities::default()
        };
        let result = InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "zwgk".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
        };
        self.phase = Phase::Running;
        eprintln!(
            "zwgk lsp: initialized ({}, {} diagnostics)",
            self.encoding.name(),
            if self.caps.pull { "pull" } else { "push" }
        );
        self.respond(request.id, result);
    }

    fn send_request(&mut self, method: &str, params: Value) {
        self.next_request += 1;
        let id = RequestId::from(format!("zwgk-{}", self.next_request));
        self.out.send(Request::new(id, method.to_string(), params));
    }

    /// Asks the client to report changes of configuration and rule files.
    fn register_watchers(&mut self) {
        if !self.caps.watch {
            return;
        }
        let params = json!({ "registrations": [{
            "id": "zwgk-config-watch",
            "method": "workspace/didChangeWatchedFiles",
            "registerOptions": { "watchers": [{ "globPattern": "**/*.toml" }] },
        }] });
        self.send_request("client/registerCapability", params);
    }

    // --- Documents ---

    fn did_open(&mut self, params: DidOpen) {
        let item = params.text_document;
        let now = Instant::now();
        let doc = OpenDoc {
            path: uri::to_path(&item.uri),
            language: item.language_id,
            version: item.version,
            text: item.text,
            due: Some(now),
            pending_since: Some(now),
            linted: None,
            published: false,
        };
        self.docs.insert(item.uri, doc);
    }

    fn did_change(&mut self, params: DidChange) {
        let uri = params.text_document.uri;
        let Some(doc) = self.docs.get_mut(&uri) else {
            eprintln!("zwgk lsp: change to a document that is not open: {uri}");
            return;
        };
        for change in &params.content_changes {
            if !text::apply_change(&mut doc.text, change, self.encoding) {
                eprintln!(
                    "zwgk lsp: {uri}: a change's range lies outside the text; it was clamped"
                );
            }
        }
        if let Some(version) = params.text_document.version {
            doc.version = version;
        }
        let now = Instant::now();
        let since = *doc.pending_since.get_or_insert(now);
        doc.due = Some((now + self.debounce).min(since + MAX_DELAY));
    }

    fn did_save(&mut self, params: DidSaveOrClose) {
        if let Some(doc) = self.docs.get_mut(&params.text_document.uri) {
            if let Some(text) = params.text {
                doc.text = text;
            }
            let now = Instant::now();
            doc.due = Some(now);
            doc.pending_since.get_or_insert(now);
        }
    }

    fn did_close(&mut self, params: DidSaveOrClose) {
        let uri = params.text_document.uri;
        if let Some(doc) = self.docs.remove(&uri) {
            if doc.published && !self.caps.pull {
                self.publish_raw(&uri, None, Vec::new());
            }
        }
    }

    fn folders_changed(&mut self, params: FoldersChange) {
        let removed: Vec<PathBuf> = params
            .event
            .removed
            .iter()
            .filter_map(|f| uri::to_path(&f.uri))
            .collect();
        self.workspace.folders.retain(|f| !removed.contains(f));
        self.workspace.folders.extend(
            params
                .event
                .added
                .iter()
                .filter_map(|f| uri::to_path(&f.uri)),
        );
        self.configuration_changed();
    }

    /// A configuration or rule file may have changed: lint every open document again.
    fn configuration_changed(&mut self) {
        let now = Instant::now();
        for doc in self.docs.values_mut() {
            doc.due = Some(now);
            doc.pending_since.get_or_insert(now);
        }
        if self.caps.pull && self.caps.refresh {
            self.send_request("workspace/diagnostic/refresh", Value::Null);
        }
    }

    // --- Linting ---

    fn lint_due(&mut self) {
        if self.caps.pull || self.phase != Phase::Running {
            return;
        }
        let now = Instant::now();
        let due: Vec<String> = self
            .docs
            .iter()
            .filter(|(_, d)| d.due.is_some_and(|t| t <= now))
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in due {
            self.lint(&uri);
        }
    }

    /// Whether a document is linted: by language, or by its path when the
    /// configuration's `include` globs (or the default extensions) match it.
    fn included(doc: &OpenDoc, resolved: &Resolved) -> bool {
        if LANGUAGES.contains(&doc.language.as_str()) {
            return true;
        }
        let Some(path) = &doc.path else {
            return false;
        };
        match resolved {
            Resolved::Ready(loaded) => {
                (loaded.has_include || has_report_extension(path)) && loaded.config.includes(path)
            }
            Resolved::Broken(_) => has_report_extension(path),
        }
    }

    /// Lints a document's current text and publishes the outcome.
    fn lint(&mut self, uri: &str) {
        let Some(doc) = self.docs.get(uri) else {
            return;
        };
        let (_, resolved) = self.workspace.resolve(doc.path.as_deref());
        let included = Self::included(doc, &resolved);
        let (items, fix_all) = if included {
            let name = doc
                .path
                .as_deref()
                .map_or_else(|| uri.to_string(), |p| p.display().to_string());
            let request = lint::Request {
                text: &doc.text,
                path: doc.path.as_deref(),
                name: &name,
                uri,
                encoding: self.encoding,
                max_size: self.max_size,
            };
            lint::lint(&request, &resolved)
        } else {
            (Vec::new(), Vec::new())
        };
        self.next_result += 1;
        let result_id = self.next_result.to_string();
        let Some(doc) = self.docs.get_mut(uri) else {
            return;
        };
        doc.linted = Some(Linted {
            version: doc.version,
            result_id,
            items,
            fix_all,
        });
        doc.due = None;
        doc.pending_since = None;
        if self.caps.pull || !(included || doc.published) {
            return;
        }
        let linted = doc.linted.as_ref().expect("just linted");
        let diagnostics = linted.diagnostics();
        doc.published = !diagnostics.is_empty();
        let version = doc.version;
        self.publish_raw(uri, Some(version), diagnostics);
    }

    fn publish_raw(
        &mut self,
        uri: &str,
        version: Option<i32>,
        diagnostics: Vec<lsp_types::Diagnostic>,
    ) {
        let params = json!({ "uri": uri, "version": version, "diagnostics": diagnostics });
        self.out.send(Notification::new(
            "textDocument/publishDiagnostics".to_string(),
            params,
        ));
    }

    /// Lints a document first if its text (or configuration) changed since.
    fn ensure_fresh(&mut self, uri: &str) {
        let stale = self.docs.get(uri).is_some_and(|d| {
            d.due.is_some() || d.linted.as_ref().is_none_or(|l| l.version != d.version)
        });
        if stale {
            self.lint(uri);
        }
    }

    fn code_action(&mut self, id: RequestId, params: CodeActionParams) {
        let uri = params.text_document.uri;
        self.ensure_fresh(&uri);
        let actions = match self.docs.get(&uri) {
            Some(OpenDoc {
                text,
                linted: Some(linted),
                version,
                ..
            }) => {
                let target = EditTarget {
                    uri: &uri,
                    version: *version,
                    versioned: self.caps.versioned_edits,
                };
                actions::actions(
                    text,
                    linted,
                    &params.range,
                    params.context.only.as_deref(),
                    &target,
                    self.encoding,
                )
            }
            _ => Vec::new(),
        };
        self.respond(id, actions);
    }

    fn pull_diagnostics(&mut self, id: RequestId, params: DiagnosticParams) {
        let uri = params.text_document.uri;
        self.ensure_fresh(&uri);
        let report = match self.docs.get(&uri).and_then(|d| d.linted.as_ref()) {
            Some(linted) if params.previous_result_id.as_deref() == Some(&linted.result_id) => {
                json!({ "kind": "unchanged", "resultId": linted.result_id })
            }
            Some(linted) => json!({
                "kind": "full",
                "resultId": linted.result_id,
                "items": linted.diagnostics(),
            }),
            None => json!({ "kind": "full", "items": [] }),
        };
        self.respond(id, report);
    }
}
