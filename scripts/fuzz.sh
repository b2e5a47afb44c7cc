#!/usr/bin/env bash
# Coverage-guided fuzzing (cargo fuzz, libFuzzer) of every reader: `bash scripts/fuzz.sh [SECONDS]
# [TARGET...]` runs each target for SECONDS (default 600) and prints its executions, coverage and
# crashes. `scripts/test.sh` runs it briefly; long runs are for before a release.
#
# The seed corpora are made at run time from fixtures/ and ../shared/corpus/ (never committed);
# what the fuzzer adds stays in fuzz/corpus/ (ignored by git) and is reused by the next run.
# Each run keeps its logs and crashes in fuzz/runs/RUN/ (RUN: $FUZZ_RUN, else the date), so a
# brief run can go while a long one does. A crash fails the run: turn it into a regression test
# named after what it found.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-600}
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then TARGETS=(check records edits bundle workbook builder); fi
export PATH="$HOME/.cargo/bin:$PATH"
# cargo fuzz passes -Z flags (sanitizers, coverage) to rustc; the toolchain here is stable, so
# the fuzz build alone is allowed them. The main build never sees this.
export RUSTC_BOOTSTRAP=1

say() { printf '\033[1mfuzz:\033[0m %s\n' "$*"; }

if ! cargo fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz (about 2 minutes, once)"
  cargo install --locked cargo-fuzz
fi

# Seeds: every CSV we have, each with a first byte that picks the piece size.
# FUZZ_CORPUS: where the corpora live (default fuzz/corpus, kept between runs); FUZZ_SEED: a
# fixed random seed. scripts/test.sh gives both (a fresh folder, seed 1), so its brief run
# tries the same inputs on every machine: a slower one tries fewer of them, never others.
corpus_root=${FUZZ_CORPUS:-fuzz/corpus}

seed() {
  local target=$1
  local dir=$corpus_root/$target
  mkdir -p "$dir"
  case $target in
    check)
      local n=0
      for file in fixtures/*.csv ../shared/corpus/*.csv ../shared/corpus/*/*.csv; do
        [ -f "$file" ] || continue
        n=$((n + 1))
        { printf "\\x$(printf %02x $((n % 250)))"; head -c 65536 "$file"; } > "$dir/seed-$n"
      done
      ;;
    records)
      printf '\x05a\xffb\xfec\xff"d"' > "$dir/seed-1"
      printf '\x02x,y\xff\r\n\xfe\xff"' > "$dir/seed-2"
      ;;
    bundle)
      # Even first byte: the rest is a zip; odd: loose files cut at 0xFE.
      local n=0
      for file in fixtures/*.zip ../shared/corpus/_original_zips/*.zip; do
        [ -f "$file" ] || continue
        n=$((n + 1))
        { printf '\x00'; head -c 200000 "$file"; } > "$dir/seed-zip-$n"
      done
      { printf '\x01'; head -c 4000 ../shared/corpus/catalyst__moodle-enrol_oneroster/tests__fixtures__csv_data__oneroster_test_data.zip__users.csv; printf '\xfe';
        head -c 4000 ../shared/corpus/catalyst__moodle-enrol_oneroster/tests__fixtures__csv_data__oneroster_test_data.zip__demographics.csv; printf '\xfe';
        head -c 4000 ../shared/corpus/catalyst__moodle-enrol_oneroster/tests__fixtures__csv_data__oneroster_test_data.zip__manifest.csv; printf '\xfe';
        head -c 4000 ../shared/corpus/catalyst__moodle-enrol_oneroster/tests__fixtures__csv_data__oneroster_test_data.zip__roles.csv; } > "$dir/seed-loose-1" 2>/dev/null || true
      ;;
    workbook)
      # Even first byte: the rest is a workbook file; odd: an .xlsx's sheet XML, 0xFE, its
      # shared strings.
      local n=0
      for file in fixtures/workbook.xlsx fixtures/workbooks/*.xlsx fixtures/workbooks/*.xls fixtures/workbooks/*.ods; do
        [ -f "$file" ] || continue
        n=$((n + 1))
        { printf '\x00'; cat "$file"; } > "$dir/seed-file-$n"
      done
      for file in fixtures/workbooks/table.xlsx fixtures/workbooks/cells.xlsx fixtures/workbooks/title.xlsx; do
        n=$((n + 1))
        python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1]); names = z.namelist()
part = lambda name: z.read(name) if name in names else b""
sys.stdout.buffer.write(b"\x01" + part("xl/worksheets/sheet1.xml") + b"\xfe" + part("xl/sharedStrings.xml"))' "$file" > "$dir/seed-xml-$n"
      done
      ;;
    builder)
      # A recipe, 0xFF, users.csv, 0xFF, lists (0xFF between): the builder fixtures, cut short.
      local n=0
      for lists in "el.csv lunch.csv" "race.csv fram.csv" "skyward.csv clever_students.csv" "aeries.csv"; do
        n=$((n + 1))
        { head -c 3000 fixtures/build/recipe.json; printf '\xff'; head -c 3000 fixtures/build/users.csv
          for list in $lists; do printf '\xff'; head -c 1500 "fixtures/build/$list"; done; } > "$dir/seed-$n"
      done
      ;;
    edits)
      printf '{"cells":[[3,"sex","male"]],"maps":[{"column":"sex","from":"X","to":"female"}],"excluded":[7]}' > "$dir/seed-1"
      printf 'date-order:birthDate=dmy\nmode=bulk\nvalue:countryOfBirthCode:Congo=CD\n' > "$dir/seed-2"
      ;;
  esac
}

# FUZZ_KEEP_GOING=1: a crash is saved and the run goes on (libFuzzer's fork mode), for long runs.
extra=()
if [ "${FUZZ_KEEP_GOING:-0}" = 1 ]; then
  extra=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
fi
if [ -n "${FUZZ_SEED:-}" ]; then
  extra+=(-seed="$FUZZ_SEED")
fi

run_dir=fuzz/runs/${FUZZ_RUN:-$(date +%Y%m%d-%H%M%S)-$$}
mkdir -p "$run_dir"
say "logs and crashes in $run_dir"

status=0
for target in "${TARGETS[@]}"; do
  seed "$target"
  say "$target for ${SECONDS_EACH}s"
  log=$run_dir/$target.log
  crashes=$run_dir/crashes/$target
  mkdir -p "$crashes"
  if cargo fuzz run --release "$target" "$corpus_root/$target" -- \
      -max_total_time="$SECONDS_EACH" -max_len=262144 -rss_limit_mb=4096 -print_final_stats=1 \
      -artifact_prefix="$crashes/" "${extra[@]}" >"$log" 2>&1 && [ -z "$(ls -A "$crashes")" ]; then
    result=ok
  else
    result=CRASH
    status=1
  fi
  # `|| true`: a pattern that is not in the log must not end the script (pipefail).
  runs=$(grep -ao 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
  # In fork mode the count is the last "#N" status line.
  [ -n "$runs" ] || runs=$(grep -ao '^#[0-9]*' "$log" | tail -1 | tr -d '#' || true)
  cov=$(grep -ao 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || true)
  say "$target: $result, $runs executions, coverage $cov edges (log: $log)"
  if [ "$result" = CRASH ]; then
    ls "$crashes" || true
    grep -a -m3 -A3 'panicked at' "$log" | cut -c1-300 || tail -40 "$log"
  fi
done
exit $status
