#!/usr/bin/env bash
# zwgk benchmark: throughput, scaling, memory and rendering on a synthetic
# corpus, with ripgrep as the reference. See docs/bench.md.
#
#   scripts/bench.sh                 # 2,000 files / ~50 MB, 3 repetitions
#   BENCH_QUICK=1 scripts/bench.sh   # ~200 files / ~5 MB smoke run
#   BENCH_PROFILE=1 scripts/bench.sh # also profile zwgk -j1 (perf, else callgrind)
#
# Environment: BENCH_FILES, BENCH_MB, BENCH_SEED, BENCH_REPEAT, BENCH_FINDINGS,
# BENCH_DIR (work directory, default ${TMPDIR:-/tmp}/zwgk-bench), BENCH_SOURCE
# (source corpus, default ../shared/corpus), ZWGK_BIN (use this binary, no
# build), CARGO_TARGET_DIR (default $BENCH_DIR/target), BENCH_PROFILE.
set -euo pipefail

export PYTHONDONTWRITEBYTECODE=1   # no __pycache__ next to scripts/gen_corpus.py

die() { echo "bench: error: $*" >&2; exit 1; }
note() { echo "bench: $*" >&2; }

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
QUICK=${BENCH_QUICK:-0}
if [[ $QUICK == 1 ]]; then def_files=200 def_mb=5; else def_files=2000 def_mb=50; fi
FILES=${BENCH_FILES:-$def_files}
MB=${BENCH_MB:-$def_mb}
SEED=${BENCH_SEED:-1}
REPEAT=${BENCH_REPEAT:-3}
FINDINGS=${BENCH_FINDINGS:-10000}
PROFILE=${BENCH_PROFILE:-0}
SOURCE=${BENCH_SOURCE:-$REPO/../shared/corpus}
ROOT=${BENCH_DIR:-${TMPDIR:-/tmp}/zwgk-bench}
NPROC=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN || echo 1)

[[ $FILES =~ ^[0-9]+$ && $FILES -ge 4 ]] || die "BENCH_FILES must be an integer >= 4"
[[ $MB =~ ^[0-9]+([.][0-9]+)?$ ]] || die "BENCH_MB must be a number"
[[ $REPEAT =~ ^[1-9][0-9]*$ ]] || die "BENCH_REPEAT must be a positive integer"
[[ $FINDINGS =~ ^[0-9]+$ && $FINDINGS -ge 4 ]] || die "BENCH_FINDINGS must be an integer >= 4"
[[ -d $SOURCE ]] || die "source corpus not found: $SOURCE (set BENCH_SOURCE)"

ROOT=$(realpath -m "$ROOT")
case "$ROOT/" in "$REPO"/*) die "BENCH_DIR ($ROOT) is inside the repository; choose a directory outside it" ;; esac
mkdir -p "$ROOT"

RUN=$(mktemp -d "$ROOT/run.XXXXXX")
cleanup() { rm -rf "$RUN"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- tools
as_root() { if [[ $(id -u) == 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else return 1; fi; }
apt_install() {
    command -v apt-get >/dev/null || return 1
    as_root apt-get install -y -qq "$@" >/dev/null 2>&1 && return 0
    as_root apt-get update -qq >/dev/null 2>&1 && as_root apt-get install -y -qq "$@" >/dev/null 2>&1
}

command -v python3 >/dev/null || die "python3 is needed"
python3 -c 'import tomllib' 2>/dev/null || die "python3 >= 3.11 (tomllib) is needed"
if [[ ! -x /usr/bin/time ]] || ! /usr/bin/time -v true >/dev/null 2>&1; then
    note "installing GNU time"
    apt_install time || die "GNU time (/usr/bin/time -v) is needed: apt-get install time"
fi
if [[ -n ${EPOCHREALTIME:-} ]]; then now() { echo "$EPOCHREALTIME"; }; else now() { date +%s.%N; }; fi

RG=$(command -v rg || true)
if [[ -z $RG ]]; then
    note "installing ripgrep (the reference)"
    if apt_install ripgrep; then RG=$(command -v rg || true)
    elif command -v cargo >/dev/null && cargo install --quiet ripgrep >/dev/null 2>&1; then
        RG=$(command -v rg || echo "${CARGO_HOME:-$HOME/.cargo}/bin/rg")
    fi
    [[ -x $RG ]] || { RG=; note "ripgrep unavailable: the reference run is skipped"; }
fi

# ---------------------------------------------------------------- build
if [[ -n ${ZWGK_BIN:-} ]]; then
    BIN=$ZWGK_BIN
    [[ -x $BIN ]] || die "ZWGK_BIN is not an executable: $BIN"
else
    export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
    note "building zwgk (release) into $CARGO_TARGET_DIR"
    cargo build --release --locked --quiet --manifest-path "$REPO/Cargo.toml" \
        || die "cargo build --release failed"
    BIN=$CARGO_TARGET_DIR/release/zwgk
fi
VERSION=$("$BIN" --version 2>/dev/null || echo zwgk)
REV=$(GIT_OPTIONAL_LOCKS=0 git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(GIT_OPTIONAL_LOCKS=0 git -C "$REPO" status --porcelain --untracked-files=no 2>/dev/null) ]]; then REV="$REV+dirty"; fi

# ---------------------------------------------------------------- corpus
GEN=$REPO/scripts/gen_corpus.py
BYTES=$(python3 -c "print(int(float('$MB') * 1000000))")
KEY=$( { echo "$FILES $BYTES $SEED"; cat "$GEN" "$REPO/rules/style.toml" "$SOURCE"/*.txt; } \
       | sha256sum | cut -c1-12)
CORPUS=$ROOT/corpus-$FILES-${MB}MB-s$SEED-$KEY
RKEY=$( { echo "$FINDINGS $SEED"; cat "$GEN" "$REPO/rules/style.toml"; } | sha256sum | cut -c1-12)
RENDER=$ROOT/render-$FINDINGS-s$SEED-$RKEY
if [[ ! -d $CORPUS ]]; then
    note "generating the corpus ($FILES files, ~$MB MB, seed $SEED)"
    python3 "$GEN" corpus --out "$RUN/corpus" --files "$FILES" --bytes "$BYTES" --seed "$SEED" \
        --source "$SOURCE" --rules "$REPO/rules/style.toml" >&2 || die "corpus generation failed"
    mv -T "$RUN/corpus" "$CORPUS" 2>/dev/null || [[ -d $CORPUS ]] || die "cannot move the corpus into $CORPUS"
    # Older versions of a corpus with the same parameters (generator or rules changed since).
    for old in "$ROOT/corpus-$FILES-${MB}MB-s$SEED-"*; do
        if [[ $old != "$CORPUS" && -d $old ]]; then rm -rf "$old"; fi
    done
else
    note "reusing $CORPUS"
fi
LINE_FINDINGS=400   # under zwgk's cap of 500 findings of one rule per document
if [[ ! -d $RENDER ]]; then
    mkdir -p "$RUN/render"
    for n in $((FINDINGS / 4)) "$FINDINGS"; do
        python3 "$GEN" render --out "$RUN/render/many-$n" --findings "$n" --seed "$SEED" \
            --rules "$REPO/rules/style.toml" || die "render file generation failed"
    done
    for n in $((LINE_FINDINGS / 4)) "$LINE_FINDINGS"; do
        python3 "$GEN" render --out "$RUN/render/oneline-$n" --findings "$n" --seed "$SEED" \
            --one-line --rules "$REPO/rules/style.toml" || die "render file generation failed"
    done
    mv -T "$RUN/render" "$RENDER" 2>/dev/null || [[ -d $RENDER ]] || die "cannot move into $RENDER"
    for old in "$ROOT/render-$FINDINGS-s$SEED-"*; do
        if [[ $old != "$RENDER" && -d $old ]]; then rm -rf "$old"; fi
    done
fi
# The reference searches for exactly the literals of zwgk's shared pass: the
# terms of the `terms` rules, the keywords of the checklist items and the
# markers of the figures rules.
"$BIN" rules literals >"$RUN/patterns.txt" || die "zwgk rules literals failed"
NTERMS=$(wc -l <"$RUN/patterns.txt")
# The issue's reference command reads the terms as regexes (no -F): keep it
# only while no term holds a regex metacharacter, else the matches differ.
RG_FIXED=()
if grep -q '[][\.^$*+?(){}|]' "$RUN/patterns.txt"; then RG_FIXED=(-F); fi

sizeof() { find "$1" -type f -name '*.txt' -printf '%s\n' | awk '{s+=$1} END{printf "%d", s}'; }
countof() { find "$1" -type f -name '*.txt' | wc -l; }
FULL_BYTES=$(sizeof "$CORPUS"); FULL_FILES=$(countof "$CORPUS")
QUARTER=$CORPUS/q0
Q_BYTES=$(sizeof "$QUARTER"); Q_FILES=$(countof "$QUARTER")
# Warm the page cache so that every run reads from memory.
find "$CORPUS" -type f -name '*.txt' -exec cat {} + >/dev/null

# ---------------------------------------------------------------- measuring
declare -A WALL WMIN RSS CPU OTHER
median() { sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
# CPU time used by the whole machine so far, in clock ticks (user, nice, system, irq, softirq, steal).
TICKS=$(getconf CLK_TCK 2>/dev/null || echo 100)
busy_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat 2>/dev/null || echo 0; }

# measure NAME "OK-EXIT-CODES" OUTFILE -- COMMAND...
measure() {
    local name=$1 ok=$2 out=$3; shift 4
    local walls="" rsss="" cpus="" others="" r t0 t1 rc b0 b1 cpu
    for ((r = 1; r <= REPEAT; r++)); do
        b0=$(busy_ticks)
        t0=$(now)
        set +e
        (cd "$RUN" && exec /usr/bin/time -v -o "$RUN/time.txt" "$@") >"$out" 2>"$RUN/stderr.txt"
        rc=$?
        set -e
        t1=$(now)
        b1=$(busy_ticks)
        case " $ok " in
            *" $rc "*) ;;
            *) sed -n '1,20p' "$RUN/stderr.txt" >&2; die "$name exited with status $rc: $*" ;;
        esac
        walls+="$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f", b - a}') "
        rsss+="$(awk -F': ' '/Maximum resident set size/{print $2}' "$RUN/time.txt") "
        cpu=$(awk -F': ' '/User time/{u=$2} /System time/{s=$2} END{printf "%.2f", u + s}' "$RUN/time.txt")
        cpus+="$cpu "
        # What the rest of the machine used meanwhile, in cores (0 when /proc/stat is missing).
        others+="$(awk -v b0="$b0" -v b1="$b1" -v hz="$TICKS" -v c="$cpu" -v a="$t0" -v b="$t1" \
            'BEGIN{o = (b1 - b0) / hz - c; if (o < 0 || b0 == 0) o = 0; printf "%.3f", o / (b - a)}') "
    done
    WALL[$name]=$(tr ' ' '\n' <<<"$walls" | grep . | median)
    WMIN[$name]=$(tr ' ' '\n' <<<"$walls" | grep . | sort -g | sed -n 1p)
    RSS[$name]=$(tr ' ' '\n' <<<"$rsss" | grep . | median)
    CPU[$name]=$(tr ' ' '\n' <<<"$cpus" | grep . | median)
    OTHER[$name]=$(tr ' ' '\n' <<<"$others" | grep . | median)
    note "$(printf '%-26s %8.3f s  %8.1f MB RSS' "$name" "${WALL[$name]}" "$(awk -v k="${RSS[$name]}" 'BEGIN{print k/1024}')")"
}

JOBS=(1 "$NPROC")
if ((NPROC > 2)); then JOBS=(1 2 "$NPROC"); fi
if ((NPROC == 1)); then JOBS=(1); fi

LOAD0=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
note "measuring (median of $REPEAT) with $BIN"
ZW=("$BIN" check --no-config --format concise)
for j in "${JOBS[@]}"; do
    measure "zwgk -j$j" "0 1" "$RUN/zwgk-j$j.out" -- "${ZW[@]}" -j"$j" "$CORPUS"
done
if [[ -n $RG ]]; then
    measure "rg -j1" "0 1" "$RUN/rg.out" -- "$RG" -j1 -o -n --column "${RG_FIXED[@]}" -f "$RUN/patterns.txt" "$CORPUS"
fi
measure "zwgk -j1 quarter" "0 1" "$RUN/zwgk-q1.out" -- "${ZW[@]}" -j1 "$QUARTER"
measure "zwgk -j$NPROC quarter" "0 1" "$RUN/zwgk-qN.out" -- "${ZW[@]}" -j"$NPROC" "$QUARTER"
# Rendering: "many" spreads the findings over files of 400 (four a line), measured in one
# run; "oneline" puts 100 or 400 on one line of ~0.5 or ~2 million characters.
RENDER_CASES=("human many" "human oneline" "concise oneline")
declare -A SMALL LARGE
SMALL[many]=$((FINDINGS / 4)) LARGE[many]=$FINDINGS
SMALL[oneline]=$((LINE_FINDINGS / 4)) LARGE[oneline]=$LINE_FINDINGS
# Start-up time (rule compilation and the like), subtracted before comparing.
printf '某某县人民政府办公室2022年政务公开工作总结\n' >"$RUN/startup.txt"
REPEAT_SAVED=$REPEAT; REPEAT=$((REPEAT < 5 ? 5 : REPEAT))
measure "startup" "0 1" "$RUN/render.out" -- "$BIN" check --no-config --format human "$RUN/startup.txt"
REPEAT=$REPEAT_SAVED
declare -A NFOUND
for case in "${RENDER_CASES[@]}"; do
    fmt=${case% *} layout=${case#* }
    for n in "${SMALL[$layout]}" "${LARGE[$layout]}"; do
        measure "$fmt $layout $n" "0 1" "$RUN/render.out" -- \
            "$BIN" check --no-config --format "$fmt" "$RENDER/$layout-$n"
        if [[ $fmt == concise ]]; then NFOUND[$layout-$n]=$(wc -l <"$RUN/render.out"); fi
    done
done
for n in "${SMALL[many]}" "${LARGE[many]}"; do
    NFOUND[many-$n]=$(cd "$RUN" && "$BIN" check --no-config --format concise "$RENDER/many-$n" 2>/dev/null | wc -l || true)
done

# ---------------------------------------------------------------- report
f() { awk "BEGIN{printf \"$1\", $2}"; }
echo
echo "zwgk benchmark: $VERSION ($REV), $NPROC cores, median of $REPEAT runs"
LOAD1=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
# Other processes' CPU use during the main runs, in cores: above 0.15 the figures are disturbed.
BUSY=""
CHECKED=()
for j in "${JOBS[@]}"; do CHECKED+=("zwgk -j$j"); done
if [[ -n $RG ]]; then CHECKED+=("rg -j1"); fi
CHECKED+=("zwgk -j1 quarter" "zwgk -j$NPROC quarter")
for name in "${CHECKED[@]}"; do
    # (ignoring runs under half a second: /proc/stat counts in ticks of 10 ms)
    if awk -v o="${OTHER[$name]}" -v w="${WALL[$name]}" 'BEGIN{exit !(o > 0.15 && w >= 0.5)}'; then
        BUSY+=" $name: $(f %.2f "${OTHER[$name]}") cores;"
    fi
done
if [[ -n $BUSY ]]; then
    BUSY=${BUSY%;}
    echo "WARNING: other processes used CPU during the runs (${BUSY# }; load average $LOAD0 before," \
         "$LOAD1 after): wall times, throughput and scaling are unreliable, the CPU s column less so"
fi
echo "corpus: $FULL_FILES files, $(f %.1f "$FULL_BYTES/1e6") MB (seed $SEED) in $CORPUS"
if [[ -n $RG ]]; then echo "reference: $("$RG" --version | sed -n 1p), -j1 -o -n --column ${RG_FIXED[*]}${RG_FIXED:+ }-f PATTERNS: the $NTERMS literals of zwgk's shared pass (zwgk rules literals)"; fi
echo
printf '%-22s %9s %9s %9s %12s %8s %10s %8s\n' run "wall s" "MB/s" "files/s" "peak RSS MB" "CPU s" "findings" "others"
row() { # name bytes files outfile
    local n=$1
    printf '%-22s %9.3f %9.1f %9.0f %12.1f %8.2f %10d %8.2f\n' "$n" "${WALL[$n]}" \
        "$(f %.4f "$2/1e6/${WALL[$n]}")" "$(f %.4f "$3/${WALL[$n]}")" \
        "$(f %.4f "${RSS[$n]}/1024")" "${CPU[$n]}" "$(wc -l <"$4")" "${OTHER[$n]}"
}
for j in "${JOBS[@]}"; do row "zwgk -j$j" "$FULL_BYTES" "$FULL_FILES" "$RUN/zwgk-j$j.out"; done
if [[ -n $RG ]]; then row "rg -j1" "$FULL_BYTES" "$FULL_FILES" "$RUN/rg.out"; fi
row "zwgk -j1 quarter" "$Q_BYTES" "$Q_FILES" "$RUN/zwgk-q1.out"
row "zwgk -j$NPROC quarter" "$Q_BYTES" "$Q_FILES" "$RUN/zwgk-qN.out"
echo
if [[ -n $RG ]]; then
    echo "zwgk -j1 / rg -j1: $(f %.1f "${WALL[zwgk -j1]}/${WALL[rg -j1]}")x the time" \
         "(rg only finds the $NTERMS terms: $(wc -l <"$RUN/rg.out") matches; zwgk runs every default rule:" \
         "$(grep -c ' style/typo ' "$RUN/zwgk-j1.out" || true) style/typo findings)"
else
    echo "zwgk -j1 / rg -j1: reference unavailable (ripgrep could not be installed)"
fi
for j in "${JOBS[@]:1}"; do
    s=$(f %.4f "${WALL[zwgk -j1]}/${WALL[zwgk -j$j]}")
    same=identical; cmp -s "$RUN/zwgk-j1.out" "$RUN/zwgk-j$j.out" || same=DIFFERENT
    echo "scaling -j$j vs -j1: $(f %.2f "$s")x faster, $(f %.0f "100*$s/$j")% parallel efficiency (output $same to -j1)"
done
for j in 1 "$NPROC"; do
    a=${RSS[zwgk -j$j]}; b=${RSS[zwgk -j$j quarter]}
    if awk -v a="$a" -v b="$b" 'BEGIN{exit !(a <= 1.25 * b + 4096)}'; then v="yes: roughly equal, independent of corpus size"
    else
        v="NO: peak memory grows with the corpus"
        # zwgk lints in chunks of 256 files (src/cli/check.rs) and keeps one chunk's reports.
        if ((Q_FILES < 256)); then
            v+=" (but the quarter, $Q_FILES files, is smaller than zwgk's 256-file chunk: use the full size for this check)"
        fi
    fi
    echo "memory -j$j: peak RSS full corpus $(f %.1f "$a/1024") MB vs quarter $(f %.1f "$b/1024") MB" \
         "(ratio $(f %.2f "$a/$b"); 4x the input): $v"
done
for case in "${RENDER_CASES[@]}"; do
    fmt=${case% *} layout=${case#* }
    a=${SMALL[$layout]} b=${LARGE[$layout]}
    ta=${WALL[$case $a]}; tb=${WALL[$case $b]}
    # The fastest start-up run, and never more than half of the smaller case.
    t0=$(awk -v s="${WMIN[startup]}" -v a="$ta" 'BEGIN{printf "%.4f", (s < a / 2) ? s : a / 2}')
    ratio=$(awk -v a="$ta" -v b="$tb" -v z="$t0" 'BEGIN{d = a - z; if (d < 0.001) d = 0.001; printf "%.1f", (b - z) / d}')
    if awk -v r="$ratio" 'BEGIN{exit !(r <= 6)}'; then v="linear"
    elif awk -v r="$ratio" 'BEGIN{exit !(r <= 10)}'; then v="superlinear: worth a look"
    else v="QUADRATIC"; fi
    if [[ $layout == many ]]; then where="4 a line, 400 a file"; else where="all on one line of ~$((b * 5))k characters for $b"; fi
    printf '%s\n' "rendering --format $fmt, findings $where: ${NFOUND[$layout-$a]} in $(f %.3f "$ta") s / $(f %.1f "${RSS[$case $a]}/1024") MB, ${NFOUND[$layout-$b]} in $(f %.3f "$tb") s / $(f %.1f "${RSS[$case $b]}/1024") MB: 4x the findings -> ${ratio}x the time less start-up ($(f %.3f "$t0") s; linear 4, quadratic 16): $v"
done

# ---------------------------------------------------------------- profile
if [[ $PROFILE == 1 ]]; then
    echo
    STAMP=$(date +%Y%m%d-%H%M%S)
    if command -v perf >/dev/null && perf record -o "$RUN/probe.data" -- true >/dev/null 2>&1; then
        out=$ROOT/profile-$STAMP.txt
        note "profiling zwgk -j1 with perf"
        (cd "$RUN" && perf record -F 499 --call-graph dwarf,32768 -o "$RUN/perf.data" -- \
            "${ZW[@]}" -j1 "$CORPUS" >/dev/null 2>"$RUN/perf.err") || true
        perf report -i "$RUN/perf.data" --stdio --no-children -F overhead,sym -g none \
            --percent-limit 0.5 2>/dev/null >"$out" || die "perf report failed"
        perf report -i "$RUN/perf.data" --stdio --children --sort symbol -g none \
            --percent-limit 0.5 2>/dev/null >"$out.children" || true
        echo "profile (perf, zwgk -j1 on the full corpus): self time per function in $out," \
             "inclusive time in $out.children"
        echo "top functions by self time:"
        grep -E '^ +[0-9]' "$out" | awk 'NR <= 25' || true
        echo "zwgk functions by inclusive time (callees included):"
        grep -E '^ +[0-9].*\] zwgk::' "$out.children" | grep -v 'cli::check' | cut -c1-120 | awk 'NR <= 25' || true
    elif command -v valgrind >/dev/null; then
        out=$ROOT/profile-$STAMP.txt
        note "perf unavailable: profiling zwgk -j1 on the quarter corpus with callgrind (slow)"
        (cd "$RUN" && valgrind --tool=callgrind --callgrind-out-file="$RUN/callgrind.out" \
            "${ZW[@]}" -j1 "$QUARTER" >/dev/null 2>"$RUN/cg.err") || true
        callgrind_annotate "$RUN/callgrind.out" >"$out" 2>/dev/null || die "callgrind_annotate failed"
        echo "profile (callgrind, instructions, zwgk -j1 on the quarter corpus): $out"
        sed -n '1,40p' "$out"
    else
        note "neither perf nor valgrind is available: no profile"
    fi
fi
