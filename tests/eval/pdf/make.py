#!/usr/bin/env python3
"""Renders the PDF-extraction-shaped evaluation documents.

Each `NAME.src` here becomes `../NAME.txt`: the title over two lines, body
paragraphs hard-wrapped at 48 display columns (24 CJK characters) in the
middle of words, a blank line after every line, a page number alone on a
line every 20 lines, paragraphs indented with two ideographic spaces and
the unit and date line at the end, as `pdftotext` writes them.

Source lines: `T:` title line, `H:` heading (one line, not wrapped),
`P:` paragraph (wrapped), `C:` verbatim body line (table rows), `E:` line
after the body (unit, date). Lines starting with `#` are comments.
Annotations `⟦rule|text⟧` take no width, so a wrap can fall inside one and
the expected span then crosses the line break, as zwgk reports it.

Run from this directory: python3 make.py
"""
import glob
import os
import re
import unicodedata

WIDTH = 48
PAGE_LINES = 20
# Closing punctuation is never put at the start of a line (kinsoku): it
# hangs at the end of the previous line, as in typeset PDFs (Word's
# "allow punctuation to overflow the margin").
NO_LINE_START = "，。、；：？！”’）》】"
# Opening marks are never left at the end of a line.
NO_LINE_END = "“‘（《【"


def width(c):
    return 2 if unicodedata.east_asian_width(c) in "WFA" else 1


def tokens(text):
    """Visible characters, each with the zero-width marker text glued to it."""
    out = []
    pending = ""
    for m in re.finditer(r"⟦[^|⟦⟧]*\||⟧|.", text):
        t = m.group(0)
        if t.startswith("⟦"):
            pending += t
        elif t == "⟧":
            out[-1] = out[-1] + "⟧"
        else:
            out.append(pending + t)
            pending = ""
    assert not pending, text
    return out


def visible(token):
    return re.sub(r"⟦[^|]*\||⟧", "", token)


def wrap(paragraph, indent="　　"):
    lines, line, w = [], indent, sum(width(c) for c in indent)
    for tok in tokens(paragraph):
        c = visible(tok)
        cw = sum(width(x) for x in c)
        too_wide = w + cw > WIDTH or (c in NO_LINE_END and w + cw + 2 > WIDTH)
        if too_wide and c not in NO_LINE_START:
            lines.append(line)
            line, w = "", 0
        line += tok
        w += cw
    lines.append(line)
    return lines


def render(src):
    title, body, tail = [], [], []
    for raw in src.splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        tag, text = raw[:2], raw[2:].strip(" ")
        if tag == "T:":
            title.append(text)
        elif tag == "H:":
            body.append(text)
        elif tag == "P:":
            body.extend(wrap(text))
        elif tag == "C:":
            body.append(text)
        elif tag == "E:":
            tail.append(text)
        else:
            raise ValueError(f"bad source line: {raw!r}")
    out = title + [""]
    page = 1
    for i, line in enumerate(body):
        out += [line, ""]
        if (i + 1) % PAGE_LINES == 0:
            out += [f"- {page} -", ""]
            page += 1
    out += [""] + tail + [""]
    return "\n".join(out)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    for path in sorted(glob.glob(os.path.join(here, "*.src"))):
        name = os.path.splitext(os.path.basename(path))[0]
        with open(path, encoding="utf-8") as f:
            text = render(f.read())
        with open(os.path.join(here, "..", name + ".txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
