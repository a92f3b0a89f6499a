// zwgk for VS Code: starts `zwgk lsp` and connects it to plain-text and
// Markdown documents. Everything else (diagnostics, quick fixes,
// suppression comments, fix-all, zwgk.toml discovery) is the server's.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

/** @type {LanguageClient | undefined} */
let client;

function createClient() {
  const settings = vscode.workspace.getConfiguration("zwgk");
  const command = settings.get("path") || "zwgk";
  /** @type {import("vscode-languageclient/node").ServerOptions} */
  const serverOptions = {
    run: { command, args: ["lsp"] },
    debug: { command, args: ["lsp"] },
  };
  /** @type {import("vscode-languageclient/node").LanguageClientOptions} */
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "plaintext" },
      { scheme: "untitled", language: "plaintext" },
      { scheme: "file", language: "markdown" },
      { scheme: "untitled", language: "markdown" },
    ],
    initializationOptions: {
      maxDocumentSize: settings.get("maxDocumentSize"),
    },
  };
  return new LanguageClient("zwgk", "zwgk", serverOptions, clientOptions);
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  client = createClient();
  context.subscriptions.push(
    vscode.commands.registerCommand("zwgk.restart", async () => {
      if (client) {
        await client.stop();
      }
      client = createClient();
      await client.start();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("zwgk.path") || event.affectsConfiguration("zwgk.maxDocumentSize")) {
        vscode.commands.executeCommand("zwgk.restart");
      }
    }),
  );
  try {
    await client.start();
  } catch (error) {
    vscode.window.showErrorMessage(
      `无法启动 zwgk 语言服务器（${error}）。请安装 zwgk 或设置 zwgk.path。`,
    );
  }
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
