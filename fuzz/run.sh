#!/usr/bin/env bash
# Builds the fuzz targets and runs one of them, niced, on one core:
#   fuzz/run.sh build                      # every target
#   fuzz/run.sh TARGET SECONDS [ARGS...]   # run, libFuzzer arguments after
# New coverage goes to fuzz/corpus-run/TARGET (seeded from the committed corpus and from
# fuzz/seeds/TARGET, which fuzz/seed.sh builds from ../shared); crashes to fuzz/artifacts/.
# With cargo-fuzz installed this is `cargo fuzz build -s none -O`; without it, the same
# instrumentation flags are passed by hand (stable rustc does; no sanitizer is needed for
# safe Rust, and ASan's shadow memory would not fit the child's address-space limit).
set -euo pipefail
cd "$(dirname "$0")"
bin=target/x86_64-unknown-linux-gnu/release
if [ "${1:-}" = build ]; then
  if command -v cargo-fuzz >/dev/null 2>&1; then
    exec nice -n 10 cargo fuzz build -s none -O
  fi
  export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
    -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
    -Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions \
    -Coverflow-checks"
  # The fuzz targets only: `extract_child` (pdf_isolated's child) links no libFuzzer, so it
  # cannot take the coverage flags; pdf_isolated runs any child given in GONGBAO_EXTRACT_CHILD.
  targets=()
  for file in fuzz_targets/*.rs; do targets+=(--bin "$(basename "$file" .rs)"); done
  exec nice -n 10 cargo build --release --target x86_64-unknown-linux-gnu "${targets[@]}"
fi
target="$1"
seconds="$2"
shift 2
mkdir -p "corpus-run/$target" artifacts
seeds=()
[ -d "seeds/$target" ] && seeds=("seeds/$target")
exec nice -n 10 "$bin/$target" -max_total_time="$seconds" \
  -artifact_prefix=artifacts/"$target"- -print_final_stats=1 "$@" \
  "corpus-run/$target" "corpus/$target" "${seeds[@]}"
