#!/usr/bin/env python3
"""Deterministic synthetic corpus for zwgk's benchmark (scripts/bench.sh).

Recombines the paragraphs of the shared corpus (../shared/corpus/) into new
reports in three shapes:

  * web work summaries: one paragraph a line, half-width punctuation as in
    the source compilation (some as compilations of several summaries);
  * work points: prose sections, then an annex table with tab-separated
    cells, rows broken across lines and the header row repeated;
  * PDF-extracted summaries: the title wrapped over two lines, body lines
    hard-wrapped at a fixed display width (~24 CJK characters), blank lines
    between wrapped lines, page numbers alone on a line, spaces around some
    numbers.

Units, years and counts are varied; a few listed typos, duplicated words and
placeholders are injected so that every rule family has work to do.

Everything is driven by a splitmix64 PRNG seeded from --seed and the file
index (no libm, no `random` module), so the same parameters give
byte-identical files on any machine (Python 3.11+, for tomllib). Files are spread over
four sub-directories q0..q3 (file i goes to q{i % 4}) so that q0 is a
representative quarter of the corpus.

Usage:
  gen_corpus.py corpus --out DIR --files N --bytes B [--seed S] --source DIR --rules FILE
  gen_corpus.py render --out DIR --findings N [--one-line] --rules FILE
"""
import argparse
import os
import re
import sys
from multiprocessing import Pool

try:
    import tomllib
except ImportError:  # Python < 3.11
    tomllib = None

MASK = (1 << 64) - 1


class Rng:
    """splitmix64: tiny, fast enough, identical everywhere."""

    def __init__(self, *seeds):
        s = 0x9E3779B97F4A7C15
        for x in seeds:
            s = (s ^ (x & MASK)) * 0xBF58476D1CE4E5B9 & MASK
            s ^= s >> 31
        self.s = s

    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & MASK
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n

    def between(self, lo, hi):  # inclusive
        return lo + self.below(hi - lo + 1)

    def unit(self):  # [0, 1)
        return (self.next() >> 11) / float(1 << 53)

    def chance(self, p):
        return self.unit() < p

    def choice(self, seq):
        return seq[self.below(len(seq))]


# --------------------------------------------------------------------------
# Source corpus

CN_DIGITS = "零一二三四五六七八九"
CN = "一二三四五六七八九十"
RE_TITLE = re.compile(r"^.{0,40}20\d\d\s?年.{0,30}(总结|报告|思路|计划|要点)$")
RE_H1 = re.compile(r"^(?:[一二三四五六七八九十]+|\d+)、\s?(.{1,30})$")
RE_SUB = re.compile(r"^([(（])(?:[一二三四五六七八九十]+|\d+)([)）])\s?(.*)$")
RE_SHI = re.compile(r"^[一二三四五六七八九十]+是(.*)$")
RE_ARAB = re.compile(r"^\d+[.．、]\s?(.*)$")
RE_YEAR = re.compile(r"(?<!\d)(20(?:19|20|21|22|23))(?!\d)")
RE_COUNT = re.compile(r"(?<![\d.])(\d{1,4})(?=(?:条|件|篇|个|次|人|万|余|项|家|期|份|场|户|批|%))")
RE_CJK_NUM_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])(\d+)(?=[\u4e00-\u9fff])")
SOURCE_PLACES = ["马鞍山", "安庆", "蚌埠", "滁州", "固原", "淮南", "桐城", "温岭", "文成", "温州"]
RE_PLACE = re.compile("|".join(SOURCE_PLACES))

PLACE_STEMS = [
    "青山", "临川", "东阳", "南溪", "白水", "清河", "永安", "长宁", "安平", "丰城",
    "云溪", "石门", "兴华", "新田", "宁远", "桂阳", "平江", "双峰", "龙泉", "松阳",
    "玉山", "江华", "凤台", "金溪", "乐平", "泰和", "武宁", "大余", "崇义", "上林",
    "德安", "瑞金", "怀远", "五河", "灵璧", "泗县", "岳西", "潜山", "宿松", "望江",
]
PLACE_SUFFIX = ["市", "县", "县", "区"]
DEPARTMENTS = [
    "人民政府", "人民政府办公室", "商务局", "人社局", "教体局", "水利局", "市场监管局",
    "民政局", "财政局", "住建局", "自然资源局", "生态环境局", "交通运输局",
    "农业农村局", "卫生健康委", "发改委", "统计局", "医保局", "司法局",
    "应急管理局", "审计局", "数据资源局", "公共资源交易中心", "住房公积金管理中心",
]
TOWN_SUFFIX = ["镇", "乡", "街道"]


def load_terms(rules_file):
    """(wrong, right) pairs and allow words of the `terms` rules of a pack."""
    text = open(rules_file, "rb").read()
    if tomllib is None:
        sys.exit("gen_corpus.py: Python 3.11+ (tomllib) is needed to read the rule packs")
    data = tomllib.loads(text.decode("utf-8"))
    pairs, allow = [], []
    for rule in data.get("rule", []):
        if rule.get("kind") == "terms":
            for wrong, right in rule.get("terms", {}).items():
                if isinstance(right, list):
                    right = right[0] if right else ""
                pairs.append((wrong, str(right)))
            allow.extend(rule.get("allow", []))
    return pairs, allow


def classify(par):
    m = RE_H1.match(par)
    if m and len(par) <= 32:
        return "h1", m.group(1).strip()
    m = RE_SUB.match(par)
    if m:
        return ("sub_h" if len(par) <= 40 else "sub"), (m.group(1), m.group(2), m.group(3))
    m = RE_SHI.match(par)
    if m and len(par) > 20:
        return "shi", m.group(1)
    m = RE_ARAB.match(par)
    if m and len(par) > 20:
        return "arab", m.group(1)
    if len(par) > 30:
        return "plain", par
    return None, None


def read_pools(source_dir):
    summaries = open(os.path.join(source_dir, "summaries-2022.txt"), encoding="utf-8").read()
    workpoints = open(os.path.join(source_dir, "wencheng-workpoints-2021.txt"), encoding="utf-8").read()
    pools = {"s": {k: [] for k in ("h1", "sub", "sub_h", "shi", "arab", "plain", "intro")},
             "w": {k: [] for k in ("h1", "sub", "sub_h", "shi", "arab", "plain", "intro")},
             "rows": []}
    for par in (p.strip() for p in summaries.split("\n")):
        if not par or "汇编" in par or "浏览量" in par or "小编" in par or RE_TITLE.match(par):
            continue
        if par.count("总结") > 2:
            continue
        kind, val = classify(par)
        if kind:
            pools["s"][kind].append(val)
            if kind == "plain" and re.match(r"^(20\d\d年|今年以来|根据)", par):
                pools["s"]["intro"].append(par)
    prose, _, annex = workpoints.partition("附件：")
    for par in (p.strip() for p in prose.split("\n")):
        if not par or RE_TITLE.match(par):
            continue
        kind, val = classify(par)
        if kind:
            pools["w"][kind].append(val)
            if kind == "plain" and par.startswith("20"):
                pools["w"]["intro"].append(par)
    for line in annex.split("\n"):
        if "\t" in line and "一级" not in line:
            pools["rows"].append(line.rstrip())
    for side in ("s", "w"):
        if not pools[side]["intro"]:
            pools[side]["intro"] = pools[side]["plain"][:3]
    return pools


def cn_num(n):
    if n <= 10:
        return CN[n - 1] if n > 0 else "零"
    if n < 20:
        return "十" + CN_DIGITS[n - 10]
    tens, ones = divmod(n, 10)
    return CN_DIGITS[tens] + "十" + (CN_DIGITS[ones] if ones else "")


# --------------------------------------------------------------------------
# Documents


class Ctx:
    def __init__(self, rng, pools, typos):
        self.rng = rng
        self.pools = pools
        self.typos = typos  # list of (wrong, right)
        stem = rng.choice(PLACE_STEMS)
        self.stem = stem
        if rng.chance(0.15):
            self.unit = stem + rng.choice(["县", "市"]) + rng.choice(PLACE_STEMS)[:1] + rng.choice(["家", "湖", "山", "溪", "港"]) + rng.choice(TOWN_SUFFIX)
        else:
            self.unit = stem + rng.choice(PLACE_SUFFIX) + rng.choice(DEPARTMENTS)
        self.year = rng.between(2019, 2023)

    def vary(self, text, source_year):
        rng, year = self.rng, self.year
        text = RE_YEAR.sub(lambda m: str(year + int(m.group(1)) - source_year), text)
        text = RE_PLACE.sub(self.stem, text)
        if rng.chance(0.6):
            text = RE_COUNT.sub(lambda m: str(rng.between(10 ** (len(m.group(1)) - 1) if len(m.group(1)) > 1 else 1,
                                                          10 ** len(m.group(1)) - 1)), text)
        # Occasional mistakes for the style rules to find.
        if rng.chance(0.02):
            candidates = [(w, r) for (w, r) in self.typos if r and r in text]
            if candidates:
                w, r = rng.choice(candidates)
                text = text.replace(r, w, 1)
        if rng.chance(0.01) and len(text) > 40:
            i = rng.between(10, len(text) - 10)
            if all("\u4e00" <= c <= "\u9fff" for c in text[i:i + 2]):
                text = text[:i + 2] + text[i:]
        if rng.chance(0.01):
            text = text.replace("。", "，XX条规定。", 1)
        return text


def pick(ctx, side, kind):
    """A source paragraph of this kind, from this side's pool or else the summaries'."""
    other = "s" if side == "w" else "w"
    alt = {"sub": "sub_h", "sub_h": "sub"}.get(kind, kind)
    for s, k in ((side, kind), (other, kind), (side, alt), (other, alt)):
        if ctx.pools[s][k]:
            return ctx.rng.choice(ctx.pools[s][k])
    text = ctx.rng.choice(ctx.pools["s"]["plain"])
    return ("（", "）", text) if kind in ("sub", "sub_h") else text


def body_sections(ctx, side, source_year, target, start_bytes, emit):
    """Emit numbered sections until `target` bytes; returns bytes written."""
    rng = ctx.rng
    n = start_bytes
    sec = 0
    while n < target:
        sec += 1
        num = cn_num(sec)
        if rng.chance(0.01):  # a skipped or repeated number now and then
            num = cn_num(sec + 1)
        n += emit("h", f"{num}、{ctx.vary(pick(ctx, side, 'h1'), source_year)}")
        mode = rng.choice(["sub", "sub", "sub_h", "shi", "arab", "plain"])
        for k in range(1, rng.between(2, 6) + 1):
            if n >= target:
                break
            if mode == "sub":
                o, c, t = pick(ctx, side, "sub")
                n += emit("p", f"{o}{cn_num(k)}{c}{ctx.vary(t, source_year)}")
            elif mode == "sub_h":
                o, c, t = pick(ctx, side, "sub_h")
                n += emit("h", f"{o}{cn_num(k)}{c}{ctx.vary(t, source_year)}")
                for _ in range(rng.between(1, 2)):
                    n += emit("p", ctx.vary(pick(ctx, side, "plain"), source_year))
            elif mode == "shi":
                n += emit("p", f"{cn_num(k)}是{ctx.vary(pick(ctx, side, 'shi'), source_year)}")
            elif mode == "arab":
                sep = "." if side == "s" else rng.choice([".", "．"])
                n += emit("p", f"{k}{sep}{ctx.vary(pick(ctx, side, 'arab'), source_year)}")
            else:
                n += emit("p", ctx.vary(pick(ctx, side, "plain"), source_year))
    return n


def blen(s):
    return len(s.encode("utf-8")) + 1


def summary_blocks(ctx, target):
    """A work summary as (kind, text) blocks: 't' title, 'h' heading, 'p' paragraph, 'e' ending."""
    rng = ctx.rng
    title = f"{ctx.unit}{ctx.year}年" + rng.choice(["政务公开工作总结", "度政务公开工作总结", "政府信息公开工作总结",
                                                    "政务公开工作总结和{}年工作计划".format(ctx.year + 1)])
    blocks = [("t", title)]

    def emit(kind, text):
        blocks.append((kind, text))
        return blen(text) + 1

    n = blen(title)
    n += emit("p", ctx.vary(pick(ctx, "s", "intro"), 2022))
    body_sections(ctx, "s", 2022, target - 60, n, emit)
    m, d = rng.between(1, 3), rng.between(1, 28)
    blocks.append(("e", ctx.unit))
    blocks.append(("e", f"{ctx.year + 1}年{m}月{d}日"))
    return blocks


def render_web(blocks, rng):
    sep = "\n\n" if rng.chance(0.6) else "\n"
    return sep.join(text for _, text in blocks) + "\n"


def render_workpoints(ctx, target):
    rng = ctx.rng
    y = ctx.year
    sp = " " if rng.chance(0.5) else ""
    title = f"{y}{sp}年{ctx.unit}政务公开工作要点"
    out = ["", "", title, ""]

    def emit(kind, text):
        out.append(text)
        out.append("")
        return blen(text) + 1

    n = sum(blen(x) for x in out)
    n += emit("p", ctx.vary(pick(ctx, "w", "intro"), 2021))
    rows = ctx.pools["rows"]
    table_share = target // 3
    n = body_sections(ctx, "w", 2021, target - table_share, n, emit)
    for line in (f"附件：{y}年{ctx.unit}政务公开工作要点分解", "", "附件", "", f"{y}{sp}年{ctx.unit}政务公开工作要点分解", ""):
        out.append(line)
        n += blen(line)
    header = "一级指标\t任务内容\t责任（牵头）单位"
    item = 0
    i = rng.below(len(rows))
    since_header = 99
    while n < target - 200:
        if since_header >= rng.between(6, 10):
            h = header if rng.chance(0.6) else header.replace("一级指标", "一级 指标")
            out.append(h)
            n += blen(h)
            since_header = 0
        row = ctx.vary(rows[i % len(rows)], 2021)
        i += 1
        if re.match(r"^\d+\.", row):
            item += 1
            row = re.sub(r"^\d+\.", f"{item}.", row, count=1)
        out.append(row)
        n += blen(row)
        since_header += 1
    for line in ("", "备注：1. 责任单位名称后缀“*”为牵头单位", "", f"{ctx.stem}县人民政府办公室", "",
                 f"{y}年{rng.between(1, 12)}月{rng.between(1, 28)}日印发", ""):
        out.append(line)
    return "\n".join(out)


HALF_TO_FULL = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"})


def width(s):
    return sum(1 if ord(c) < 0x1100 else 2 for c in s)


def wrap(text, cols):
    lines, line, w = [], "", 0
    for c in text:
        cw = 1 if ord(c) < 0x1100 else 2
        if w + cw > cols and line:
            lines.append(line)
            line, w = "", 0
        line += c
        w += cw
    if line:
        lines.append(line)
    return lines


def render_pdf(blocks, rng):
    cols = 2 * rng.between(22, 26)
    blank = rng.chance(0.85)
    indent = "　　" if rng.chance(0.8) else ""
    per_page = rng.between(26, 34)
    page_style = rng.choice(["- {} -", "{}", "— {} —", "第 {} 页"])
    full = rng.chance(0.5)
    spaced = rng.chance(0.4)
    out = []
    title = blocks[0][1]
    cut = rng.between(len(title) * 2 // 5, len(title) * 7 // 10)
    if "政务公开" in title and rng.chance(0.5):
        cut = title.index("政务公开")
    out += [title[:cut], title[cut:], ""]
    body = []
    for kind, text in blocks[1:]:
        if full:
            text = text.translate(HALF_TO_FULL)
        if spaced:
            text = RE_CJK_NUM_SPACE.sub(lambda m: (" " + m.group(1) + " ") if rng.chance(0.3) else m.group(1), text)
        if kind == "h":
            body.extend(wrap(text, cols))
        elif kind == "e":
            body.append(text)
        else:
            body.extend(wrap(indent + text, cols))
    page = 1
    for i, line in enumerate(body):
        out.append(line)
        if blank:
            out.append("")
        if (i + 1) % per_page == 0:
            out += ["", page_style.format(page), ""]
            page += 1
    if spaced:
        # the date line: "2023年 1月 15日"
        for j in range(len(out) - 1, max(len(out) - 4, 0), -1):
            if re.match(r"^20\d\d年\d+月\d+日$", out[j]):
                out[j] = re.sub(r"年(\d)", r"年 \1", out[j])
                out[j] = re.sub(r"月(\d)", r"月 \1", out[j])
                break
    out += ["", page_style.format(page), ""]
    return "\n".join(out)


_SHARED = {}


def _init(pools, typos):
    _SHARED["pools"], _SHARED["typos"] = pools, typos


def make_file(args):
    index, target, seed = args
    pools, typos = _SHARED["pools"], _SHARED["typos"]
    rng = Rng(seed, index)
    r = rng.unit()
    if r < 0.42:
        kind, text = "web", render_web(summary_blocks(Ctx(rng, pools, typos), target), rng)
    elif r < 0.47:
        parts = []
        k = rng.between(2, 4)
        ctxs = [Ctx(rng, pools, typos) for _ in range(k)]
        bodies = [summary_blocks(c, target // k) for c in ctxs]
        titles = " ".join(b[0][1] for b in bodies)
        year = ctxs[0].year
        parts.append(f"{year}年{k}篇政务公开工作总结汇编(全文完整)\n\n{titles}\n")
        parts += [render_web(b, rng) for b in bodies]
        kind, text = "compilation", "\n".join(parts)
    elif r < 0.62:
        kind, text = "workpoints", render_workpoints(Ctx(rng, pools, typos), target)
    else:
        kind, text = "pdf", render_pdf(summary_blocks(Ctx(rng, pools, typos), target), rng)
    return index, kind, text


def cmd_corpus(a):
    pools = read_pools(a.source)
    typos, _ = load_terms(a.rules)
    rng = Rng(a.seed, 0xC0FFEE)
    # Skewed sizes (product of two uniforms), normalised to the total.
    weights = [0.15 + 3.4 * rng.unit() * rng.unit() for _ in range(a.files)]
    scale = a.bytes / sum(weights)
    targets = [max(1500, int(w * scale)) for w in weights]
    for q in range(4):
        os.makedirs(os.path.join(a.out, f"q{q}"), exist_ok=True)
    jobs = [(i, targets[i], a.seed) for i in range(a.files)]
    counts, total = {}, 0
    with Pool(a.jobs or os.cpu_count() or 1, initializer=_init, initargs=(pools, typos)) as pool:
        for i, kind, text in pool.imap_unordered(make_file, jobs, chunksize=8):
            data = text.encode("utf-8")
            path = os.path.join(a.out, f"q{i % 4}", f"{i:05d}-{kind}.txt")
            with open(path, "wb") as f:
                f.write(data)
            counts[kind] = counts.get(kind, 0) + 1
            total += len(data)
    shapes = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    print(f"generated {a.files} files, {total / 1e6:.1f} MB ({shapes}) in {a.out}")


FILLERS = [
    "各单位要认真对照本通知要求，", "在全面梳理政务公开事项的基础上，", "本年度全县各部门共同努力，",
    "根据上级政务公开工作安排，", "针对群众反映集中的问题，", "按照年度工作计划，",
]


def cmd_render(a):
    """Documents with `findings` listed typos in all (one finding each) under --out (a directory).

    Default layout: four typos a line, at most --per-file typos a file (zwgk reports at most
    500 findings of one rule per document). With --one-line: one file, all typos on a single
    line with --spacing characters of clean text after each, so columns run into the millions.
    """
    typos, allow = load_terms(a.rules)
    rng = Rng(a.seed, 0x7E57)
    # Keep terms that contain no shorter listed term and no allow word, so one insertion is one finding.
    words = [w for w, _ in typos]
    clean = [w for w in words
             if not any(o != w and o in w for o in words) and not any(w in x for x in allow)]
    title = "某某县人民政府办公室2022年政务公开工作总结"
    os.makedirs(a.out, exist_ok=True)

    def typo_sentence():
        return rng.choice(FILLERS) + "进一步做好“" + rng.choice(clean) + "”相关工作。"

    if a.one_line:
        parts = []
        for _ in range(a.findings):
            parts.append(typo_sentence())
            filler, n = [], 0
            while n < a.spacing:
                sentence = rng.choice(CLEAN_SENTENCES)
                filler.append(sentence)
                n += len(sentence)
            parts.append("".join(filler))
        with open(os.path.join(a.out, "oneline.txt"), "w", encoding="utf-8") as f:
            f.write(title + "\n\n" + "".join(parts) + "\n")
        return
    left, index = a.findings, 0
    while left > 0:
        in_file = min(a.per_file, left)
        lines = [title, ""]
        k = in_file
        while k > 0:
            n = min(4, k)
            lines.append("".join(typo_sentence() for _ in range(n)))
            k -= n
        with open(os.path.join(a.out, f"findings-{index:03d}.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        left -= in_file
        index += 1


CLEAN_SENTENCES = [
    "全年共主动公开政府信息，持续推进政务公开标准化规范化建设。",
    "各单位按照年度工作安排，认真做好政策解读和回应关切工作。",
    "县政府门户网站栏目设置合理，信息更新及时，便于群众查阅。",
    "依申请公开工作严格按照法定程序办理，均在法定期限内答复。",
    "下一步将继续加强业务培训，不断提升工作人员的业务能力。",
]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("corpus")
    c.add_argument("--out", required=True)
    c.add_argument("--files", type=int, default=2000)
    c.add_argument("--bytes", type=int, default=50_000_000)
    c.add_argument("--seed", type=int, default=1)
    c.add_argument("--source", required=True)
    c.add_argument("--rules", required=True)
    c.add_argument("--jobs", type=int, default=0)
    r = sub.add_parser("render")
    r.add_argument("--out", required=True)
    r.add_argument("--findings", type=int, default=10000)
    r.add_argument("--seed", type=int, default=1)
    r.add_argument("--one-line", action="store_true", help="one file, all findings on one long line")
    r.add_argument("--per-file", type=int, default=400, help="most findings in one file")
    r.add_argument("--spacing", type=int, default=5000, help="with --one-line: clean characters after each finding")
    r.add_argument("--rules", required=True)
    a = p.parse_args()
    {"corpus": cmd_corpus, "render": cmd_render}[a.cmd](a)


if __name__ == "__main__":
    main()
