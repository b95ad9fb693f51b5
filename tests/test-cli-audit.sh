#!/usr/bin/env bash
# faceleads-cli audit verify: OK on an intact trail; names the row after a
# tamper with the sqlite3 tool (exit status 4).
set -euo pipefail
cli=${1:?path to faceleads-cli}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export FACELEADS_NEW_PASSWORD=correct-horse-battery FACELEADS_PASSWORD=correct-horse-battery

"$cli" --data-dir "$dir" unit setup --agency "Example County Sheriff" --unit "Facial Recognition Unit" \
  --contact "FRU, 555-0100" --paper letter --admin admin --full-name "Alex Admin" >/dev/null
"$cli" --data-dir "$dir" --user admin user add ella --full-name "Ella Examiner" --roles examiner >/dev/null
"$cli" --data-dir "$dir" --user admin user train ella --provider FBI --completed 2026-01-10 --expires 2028-01-10 >/dev/null

out=$("$cli" --data-dir "$dir" audit verify)
echo "$out"
case "$out" in OK:*) ;; *) echo "expected OK"; exit 1 ;; esac

sqlite3 "$dir/faceleads.db" "DROP TRIGGER audit_no_update; UPDATE audit SET outcome = 'forged' WHERE id = 3;"
set +e
out=$("$cli" --data-dir "$dir" audit verify)
status=$?
set -e
echo "$out"
[ "$status" -eq 4 ] || { echo "expected exit status 4, got $status"; exit 1; }
case "$out" in "BROKEN at row 3:"*) ;; *) echo "expected the broken row to be named"; exit 1 ;; esac

# A non-admin is refused the monthly workbook (exit status 3).
set +e
"$cli" --data-dir "$dir" --user ella audit export --month 2026-11 --out "$dir/a.xlsx" 2>/dev/null
status=$?
set -e
[ "$status" -eq 3 ] || { echo "expected exit status 3 for a refused export, got $status"; exit 1; }
