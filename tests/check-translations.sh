#!/usr/bin/env bash
# Keeps the Spanish translation complete: every file with translatable strings
# is listed in po/POTFILES.in, and every string of them is translated in es.po.
set -euo pipefail
src=${1:?source dir}
cd "$src"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

status=0
# Files that mark strings (_(), N_(), translatable="yes") but are not listed.
for f in $(grep -rlE '(^|[^a-zA-Z_])(N?_|C_)\s*\("|translatable="yes"' src data/ui | sort); do
  grep -qxF "$f" po/POTFILES.in || { echo "not in po/POTFILES.in: $f"; status=1; }
done

grep -v '^#' po/POTFILES.in | sed '/^$/d' > "$tmp/files"
xgettext --files-from="$tmp/files" --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
  --keyword=NC_:1c,2 --add-comments --output="$tmp/faceleads.pot" 2>/dev/null
msgmerge --quiet --no-fuzzy-matching "po/es.po" "$tmp/faceleads.pot" -o "$tmp/es.po"
msgfmt --check -c --statistics "$tmp/es.po" -o /dev/null 2> "$tmp/stats"
cat "$tmp/stats"
untranslated=$(msgattrib --untranslated --no-obsolete "$tmp/es.po" | grep -c '^msgid ' || true)
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$tmp/es.po" | grep -c '^msgid ' || true)
# msgattrib prints the header entry too when there is anything to print
if [ "$untranslated" -gt 1 ] || [ "$fuzzy" -gt 1 ]; then
  echo "es.po is incomplete; missing:"
  (msgattrib --untranslated --no-obsolete "$tmp/es.po" | grep -A1 '^msgid ' | head -60) || true
  status=1
fi
exit $status
