#!/usr/bin/env bash
# Runs the fuzz targets one after the other, each for SECONDS, as one
# libFuzzer process with one worker (no -jobs/-fork), starting from the
# committed seeds (fuzz/seeds/<target>) and a working corpus. Prints
# libFuzzer's `#N DONE` line per target. Exits 1 if a target crashed or
# timed out (the input is in the artifacts directory; the log says which).
#
#   fuzz/run.sh [SECONDS] [TARGET...]      default: 600 s, every target
#
# Environment (all optional):
#   FUZZ_TARGET_DIR   cargo target directory (default fuzz/target)
#   FUZZ_BUILD_ARGS   extra `cargo fuzz build` arguments, e.g. "--sanitizer none"
#   FUZZ_WORK         where corpus/, artifacts/ and logs/ go (default fuzz/)
#   FUZZ_SEED         libFuzzer -seed (default: random)
#
# Needs a nightly toolchain and cargo-fuzz (see docs/fuzzing.md).
set -uo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(lint_input tables rule_pack outputs fix lsp)
fi
target_dir="${FUZZ_TARGET_DIR:-target}"
work="${FUZZ_WORK:-.}"
read -r -a build_args <<<"${FUZZ_BUILD_ARGS:-}"
mkdir -p "$work/logs"

# Build every target once; the runs below use these binaries directly, so a
# change to the sources during a long run does not rebuild between targets.
if ! cargo +nightly fuzz build -O --target-dir "$target_dir" "${build_args[@]}" >"$work/logs/build.log" 2>&1; then
  echo "cargo fuzz build failed:" >&2
  tail -30 "$work/logs/build.log" >&2
  exit 1
fi
host="$(rustc +nightly -vV | sed -n 's/^host: //p')"

status=0
for target in "${targets[@]}"; do
  mkdir -p "$work/corpus/$target" "$work/artifacts/$target"
  options=(
    -artifact_prefix="$work/artifacts/$target/"
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=65536
    -print_final_stats=1
  )
  [ -n "${FUZZ_SEED:-}" ] && options+=(-seed="$FUZZ_SEED")
  # The language server prints a line to stderr per message; libFuzzer keeps its own output.
  [ "$target" = lsp ] && options+=(-close_fd_mask=2)
  log="$work/logs/$target.log"
  "$target_dir/$host/release/$target" "${options[@]}" "$work/corpus/$target" "seeds/$target" >"$log" 2>&1
  code=$?
  done_line="$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)"
  if [ "$code" -ne 0 ]; then
    status=1
    echo "$target: FAILED (exit $code); log: $log"
    grep -E -A3 'panicked at|ERROR: libFuzzer|SUMMARY|Test unit written|Base64' "$log" | head -20
  else
    echo "$target: ${done_line:-no DONE line} (${seconds} s)"
  fi
done
exit "$status"
