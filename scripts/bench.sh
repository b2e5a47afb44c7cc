#!/usr/bin/env bash
# Reruns the figures in BENCHMARKS.md: the criterion benchmark of the engine against a bare
# csv::ByteRecord pass (1,000,000 rows; ROSTERCHECK_BENCH_ROWS to change), then the CLI on
# generated 10,000- and 100,000-row files. The machines are shared and noisy: compare the ratios
# measured in the same run, not absolute times across runs.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -p rostercheck-core --bench check 2>&1 | grep -E "rows,|^demographics|time:|thrpt:" | grep -v "change"
cargo build --release -q -p rostercheck-cli --bin rostercheck
cargo build --release -q -p rostercheck-core --example generate
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for rows in 10000 100000; do
  ./target/release/examples/generate "$rows" 7 10 1 > "$work/$rows.csv"
  best=""
  for _ in 1 2 3 4 5; do
    start=$(date +%s%N)
    ./target/release/rostercheck check --format json --fix "$work/out.csv" "$work/$rows.csv" > /dev/null || true
    elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
    if [ -z "$best" ] || [ "$elapsed" -lt "$best" ]; then best=$elapsed; fi
  done
  echo "CLI check --fix --format json, $rows rows ($(du -h "$work/$rows.csv" | cut -f1)): best of 5 = ${best} ms"
done

# The CLI on a 1,000,000-row Windows-1252 file as Excel saves it, against Python's csv.reader
# merely reading the same file, in the same run (best of 3 each); peak RSS from /usr/bin/time -v.
excel_rows=${ROSTERCHECK_EXCEL_ROWS:-1000000}
./target/release/examples/generate excel "$excel_rows" > "$work/excel.csv"
best_of_3() {
  local best="" start elapsed
  for _ in 1 2 3; do
    start=$(date +%s%N)
    "$@" > /dev/null 2>&1 || true
    elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
    if [ -z "$best" ] || [ "$elapsed" -lt "$best" ]; then best=$elapsed; fi
  done
  echo "$best"
}
python_ms=$(best_of_3 python3 -c 'import csv,sys
n=0
for row in csv.reader(open(sys.argv[1], encoding="cp1252", newline="")): n+=1' "$work/excel.csv")
cli_ms=$(best_of_3 ./target/release/rostercheck check --format json --fix "$work/out.csv" "$work/excel.csv")
echo "Windows-1252 Excel-style, $excel_rows rows ($(du -h "$work/excel.csv" | cut -f1)): CLI check --fix --format json ${cli_ms} ms, Python csv.reader ${python_ms} ms, ratio $(awk "BEGIN { printf \"%.2f\", $cli_ms / $python_ms }")"
for format in text json; do
  rss=$( { /usr/bin/time -v ./target/release/rostercheck check --format "$format" --fix "$work/out.csv" "$work/excel.csv" > /dev/null; } 2>&1 | awk '/Maximum resident set size/ { print $6 }')
  echo "Peak RSS, check --fix --format $format: $(( rss / 1024 )) MB"
done

# The whole bundle (issue 9): 1,000,000 students in demographics.csv and users.csv (and 50,000
# staff and parents), as a folder and as a zip, against demographics.csv alone, in the same run
# (best of 3 each); peak RSS from /usr/bin/time -v.
bundle_rows=${ROSTERCHECK_BUNDLE_ROWS:-1000000}
mkdir -p "$work/bundle"
./target/release/examples/generate clean "$bundle_rows" > "$work/bundle/demographics.csv"
./target/release/examples/generate users "$bundle_rows" > "$work/bundle/users.csv"
printf 'propertyName,value\noneroster.version,1.1\nfile.users,bulk\nfile.demographics,bulk\n' > "$work/bundle/manifest.csv"
python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name in ["manifest.csv", "users.csv", "demographics.csv"]:
        z.write(sys.argv[2] + "/" + name, name)' "$work/OneRoster.zip" "$work/bundle"
alone_ms=$(best_of_3 ./target/release/rostercheck check --format json "$work/bundle/demographics.csv")
folder_ms=$(best_of_3 ./target/release/rostercheck check --format json "$work/bundle")
zip_ms=$(best_of_3 ./target/release/rostercheck check --format json "$work/OneRoster.zip")
fix_zip_ms=$(best_of_3 ./target/release/rostercheck check --format json --fix "$work/out.zip" "$work/OneRoster.zip")
echo "Bundle, $bundle_rows students: demographics.csv alone ${alone_ms} ms; folder ${folder_ms} ms (ratio $(awk "BEGIN { printf \"%.2f\", $folder_ms / $alone_ms }")); zip ${zip_ms} ms (ratio $(awk "BEGIN { printf \"%.2f\", $zip_ms / $alone_ms }")); zip --fix OUT.zip ${fix_zip_ms} ms"
for input in "$work/bundle/demographics.csv" "$work/bundle" "$work/OneRoster.zip"; do
  rss=$( { /usr/bin/time -v ./target/release/rostercheck check --format json "$input" > /dev/null; } 2>&1 | awk '/Maximum resident set size/ { print $6 }')
  echo "Peak RSS, check --format json $(basename "$input"): $(( rss / 1024 )) MB"
done

# Workbooks (issue 10): the same 100,000 rows as CSV and as an .xlsx with typed cells (IDs as
# numbers, birth dates as dates, flags as booleans; openpyxl in a throwaway venv), in the CLI
# (best of 3, peak RSS) and in the page (scripts/bench-workbook.mjs, needs dist/).
book_rows=${ROSTERCHECK_WORKBOOK_ROWS:-100000}
./target/release/examples/generate clean "$book_rows" > "$work/book.csv"
python3 -m venv "$work/venv" && "$work/venv/bin/pip" install -q openpyxl
"$work/venv/bin/python" - "$work/book.csv" "$work/book.xlsx" <<'PY'
import csv, datetime, sys
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
book = Workbook(write_only=True)
sheet = book.create_sheet("Demographics")
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = csv.reader(f)
    header = next(rows)
    sheet.append(header)
    for row in rows:
        cells = []
        for name, value in zip(header, row):
            if name == "sourcedId" and value.isdigit() and not value.startswith("0"):
                cells.append(int(value))
            elif name == "birthDate" and len(value) == 10 and value[4] == "-":
                cell = WriteOnlyCell(sheet, value=datetime.date.fromisoformat(value))
                cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
            elif value in ("true", "false"):
                cells.append(value == "true")
            else:
                cells.append(value)
        sheet.append(cells)
book.save(sys.argv[2])
PY
for file in book.csv book.xlsx; do
  ms=$(best_of_3 ./target/release/rostercheck check --format json --fix "$work/out.csv" "$work/$file")
  rss=$( { /usr/bin/time -v ./target/release/rostercheck check --format json --fix "$work/out.csv" "$work/$file" > /dev/null; } 2>&1 | awk '/Maximum resident set size/ { print $6 }')
  echo "CLI, $book_rows rows as $file ($(du -h "$work/$file" | cut -f1)): check --fix --format json best of 3 = ${ms} ms, peak RSS $(( rss / 1024 )) MB"
done
if [ -f dist/index.html ]; then
  node scripts/bench-workbook.mjs "$work/book.csv" "$work/book.xlsx"
else
  echo "page: no dist/ (run trunk build --release first)"
fi

# The builder (issue 11): a generated district (tests/common/sis.rs) of ROSTERCHECK_BUILD_ROWS
# students (default 1,000,000): users.csv and three lists joined three ways (users.csv
# identifier, identifier again, userIds Fed); `build --recipe` against `check --fix` of the
# file it built, best of 3, peak RSS.
build_rows=${ROSTERCHECK_BUILD_ROWS:-1000000}
mkdir -p "$work/district"
./target/release/examples/generate sis "$work/district" "$build_rows"
lists=("$work/district/el.csv" "$work/district/fram.csv" "$work/district/clever_students.csv")
./target/release/rostercheck build --suggest --users "$work/district/users.csv" "${lists[@]}" \
  > "$work/district/recipe.json" 2> /dev/null
build=(./target/release/rostercheck build --recipe "$work/district/recipe.json" --users "$work/district/users.csv"
  --out "$work/district/built.csv" --today 2026-12-03 "${lists[@]}")
build_ms=$(best_of_3 "${build[@]}")
check_built_ms=$(best_of_3 ./target/release/rostercheck check --fix "$work/district/checked.csv" --today 2026-12-03 "$work/district/built.csv")
build_rss=$( { /usr/bin/time -v "${build[@]}" > /dev/null; } 2>&1 | awk '/Maximum resident set size/ { print $6 }')
echo "CLI build, $build_rows students, users.csv + 3 lists: best of 3 = ${build_ms} ms (peak RSS $(( build_rss / 1024 )) MB); check --fix of the built file = ${check_built_ms} ms; build / check = $(awk "BEGIN { printf \"%.2f\", $build_ms / $check_built_ms }")x"

# The page on 1,000,000 rows against uDSV, PapaParse and file.text() in the same headless
# Chromium (issue 8; scripts/bench-browser.sh builds dist/ if it is missing).
bash scripts/bench-browser.sh
