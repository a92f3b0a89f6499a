#!/usr/bin/env python3
"""Writes the seed inputs of the fuzz targets (fuzz/seeds/<target>/).

Every text here is written for zwgk's tests (no sentence from a real
report). Targets that take structured input (`arbitrary`) start with four
bytes choosing the enum variant: 00 00 00 00 is the first variant.
Run from anywhere: python3 fuzz/seeds/make_seeds.py
"""
import io
import json
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "..", "tests", "fixtures", "tables")

SUMMARY = """某某县民政局2022年政务公开工作总结

　　2022年，我局认真惯彻落实《中华人民共和国政府信息公开条例》，现将2022年工作总结如下:
一、工作开展情况
（一）主动公开。全年主动公开信息326条，推进推进政策解读工作。
（二)依申请公开。收到申请12件，均按时答复。
一是加强组织领导；三是强化监督考核。
二、存在的问题
个别栏目更新不及时,内容的的不够完整。XX条规定的事项尚未全部公开。
三、2023年工作打算
做为基层单位，我局将进一步规范公开流程。
某某县民政局
2022年1月10日
"""

ANNUAL = """某市人民政府2021年政府信息公开工作年度报告
本报告统计期限为2021年1月1日至2021年12月31日。
一、总体情况
2021年，我市主动公开政府信息1200条。
二、主动公开政府信息情况
三、收到和处理政府信息公开申请情况
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
六、其他需要报告的事项
"""

COMPILATION = ANNUAL + "\n\n" + SUMMARY

HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>年报</title></head>
<body><div class="content" id="zoom"><h1>某县2022年政务公开工作总结</h1>
<p>　　一、工作开展情况</p><p>推进推进基层政务公开，惯彻落实条例。</p>
<table><tr><td>行政许可</td><td>12</td></tr><tr><td rowspan="2">行政处罚</td><td>3</td></tr></table>
<div><div><div><span>二、存在的问题<br>XX条</span></div></div></div>
<script>var a = "<p>不读</p>";</script></body></html>
"""

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

def document_xml(paragraphs, table=None):
    body = "".join(
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">{p}</w:t></w:r></w:p>'
        if i % 3 == 1 else f'<w:p><w:r><w:t>{p}</w:t></w:r></w:p>'
        for i, p in enumerate(paragraphs)
    )
    if table:
        rows = "".join(
            "<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{c}</w:t></w:r></w:p></w:tc>" for c in row) + "</w:tr>"
            for row in table
        )
        body += f"<w:tbl>{rows}</w:tbl>"
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}</w:body></w:document>'

NUMBERING = f'<?xml version="1.0" encoding="UTF-8"?><w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'

PARAGRAPHS = ["某县2022年政务公开工作总结", "工作开展情况", "推进推进政务公开", "存在的问题", "XX条"]
TABLE = [["信息内容", "本年新制发件数"], ["规章", "3"], ["规范性文件", "5"]]

def docx():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
        z.writestr("word/document.xml", document_xml(PARAGRAPHS, TABLE))
        z.writestr("word/numbering.xml", NUMBERING)
    return buf.getvalue()

def write(target, name, data):
    os.makedirs(os.path.join(HERE, target), exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(HERE, target, name), "wb") as f:
        f.write(data)

def frame(value):
    body = json.dumps(value, ensure_ascii=False).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body

VARIANT0 = b"\0\0\0\0"

def main():
    # lint_input: mode byte, then the file.
    write("lint_input", "text-summary", b"\0" + SUMMARY.encode())
    write("lint_input", "text-crlf-bom", b"\0\xef\xbb\xbf" + SUMMARY.replace("\n", "\r\n").encode())
    write("lint_input", "text-utf16le", b"\0\xff\xfe" + ANNUAL.encode("utf-16-le"))
    write("lint_input", "text-gb18030", b"\0" + SUMMARY.encode("gb18030"))
    write("lint_input", "text-compilation", b"\0" + COMPILATION.encode())
    write("lint_input", "html", b"\1" + HTML.encode())
    write("lint_input", "docx", b"\2" + docx())
    write("lint_input", "docx-xml", b"\3" + document_xml(PARAGRAPHS, TABLE).encode() + b"\xff" + NUMBERING.encode())
    # tables: the project's own generated table fixtures and a small table.
    for name in ["report-pipe-broken.txt", "report-pdf-wrapped.txt"]:
        with open(os.path.join(FIXTURES, name), "rb") as f:
            write("tables", name, f.read())
    write("tables", "small", "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 | 5 | 1 | 0 | 0 | 0 | 0 | 6 |\n（七）总计 | 4 | 1 | 0 | 0 | 0 | 0 | 6 |\n")
    # rule_pack: TOML text (variant 0).
    rules_dir = os.path.join(HERE, "..", "..", "rules")
    write("rule_pack", "terms", VARIANT0 + """[pack]
id = "local"
title = "本地"
description = "d"
sources = []

[[rule]]
id = "local/typo"
title = "错别字"
kind = "terms"
severity = "warning"
message = "“{match}”应为“{fix}”。"
help = "改正。"
description = "d"
reference = { title = "t", status = "partial" }
fix_safety = "safe"
terms = { "惯彻" = "贯彻", "做为" = "作为" }
allow = ["做为一名"]
[[rule.examples]]
text = "⟦惯彻⟧落实"
fix = ["贯彻"]
[[rule.examples]]
text = "贯彻落实"

[[rule]]
id = "local/pattern"
title = "占位符"
kind = "pattern"
severity = "error"
message = "占位符“{match}”。"
help = "h"
description = "d"
reference = { title = "t", status = "confirmed" }
pattern = '(?:X{2,}|×{2,})条'
unless = ['XX条例']
[[rule.examples]]
text = "依据⟦XX条⟧规定"
[[rule.examples]]
text = "依据第十条规定"
""".encode())
    write("rule_pack", "repeat-pairs", VARIANT0 + """[pack]
id = "mine"
title = "t"
description = "d"
sources = []

[[rule]]
id = "mine/repeat"
title = "重复"
kind = "repeat"
severity = "info"
message = "{repeated}"
help = "h"
description = "d"
reference = { title = "t", status = "partial" }
max_unit = 3
single = "的"
[[rule.examples]]
text = "⟦推进推进⟧工作"
[[rule.examples]]
text = "推进工作"
""".encode())
    with open(os.path.join(rules_dir, "meta.toml"), "rb") as f:
        write("rule_pack", "meta", VARIANT0 + f.read())
    write("rule_pack", "structured", b"\xff\xff\xff\xff" + "推进推进的的XX条[]()".encode() * 4)
    # outputs, fix: structured input; any bytes decode to some input.
    write("outputs", "chinese", "\x01\x02某某县\t\r\n\x1b[31m%0A::error::\u2028\ud7ff".encode("utf-8", "surrogatepass") * 3)
    write("outputs", "summary", SUMMARY.encode())
    write("fix", "summary", SUMMARY.encode())
    write("fix", "pieces", bytes(range(0, 256, 7)) * 3)
    # lsp: raw frames (variant 0), then structured sessions.
    session = b"".join([
        frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {"general": {"positionEncodings": ["utf-16"]}}}}),
        frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "untitled:1", "languageId": "plaintext", "version": 1, "text": SUMMARY}}}),
        frame({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "untitled:1", "version": 2}, "contentChanges": [{"range": {"start": {"line": 4, "character": 2}, "end": {"line": 4, "character": 6}}, "text": "𠮷\r\n"}]}}),
        frame({"jsonrpc": "2.0", "id": 2, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": "untitled:1"}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}}, "context": {"diagnostics": []}}}),
        b"Content-Length: 5\r\n\r\n{bad}",
        frame({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}),
        frame({"jsonrpc": "2.0", "method": "exit"}),
    ])
    write("lsp", "session", VARIANT0 + session)
    write("lsp", "structured", b"\xff\xff\xff\xff\x01\x00" + SUMMARY.encode())

main()
