#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets from the shared test data, at run time, into
# fuzz/seeds/<target>/ (not committed: it holds copied text). Usage: fuzz/seed.sh [SHARED]
set -euo pipefail
cd "$(dirname "$0")"
shared="${1:-${GONGBAO_SHARED:-../../shared}}"
[ -d "$shared/corpus" ] || { echo "no shared data at $shared" >&2; exit 1; }
rm -rf seeds
mkdir -p seeds/{query_parse,docnum,json_lines,sidecar,pdf,pdf_isolated}
python3 - "$shared" <<'PY'
import json, os, sys
shared = sys.argv[1]

def write(target, name, data):
    with open(os.path.join("seeds", target, name), "wb") as out:
        out.write(data if isinstance(data, bytes) else data.encode())

def records(path):
    with open(os.path.join(shared, path), encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]

# Questions of the public evaluation sets: queries, and text for document numbers.
queries = [r["query"] for name in ("stard-public", "notices-public")
           for r in records(f"eval/{name}.jsonl")]
for i, query in enumerate(queries[::8]):
    write("query_parse", f"q{i:03}", query)
# Document numbers as the notices write them, in every bracket form they use.
import re
pattern = re.compile(r"[\u4e00-\u9fa5A-Za-z]{2,12}\s*[〔\[【(（［]\s*(?:19|20)\d\d\s*[〕\]】)）］]\s*第?\d{1,5}号"
                     r"|[\u4e00-\u9fa5]{2,12}(?:令|公告)\s*第\s*\d{1,5}\s*号")
numbers = set()
for r in records("corpus/notices/notices.jsonl"):
    numbers.update(m.group(0) for m in pattern.finditer(str(r.get("text", ""))))
for i, number in enumerate(sorted(numbers)[:200]):
    write("docnum", f"n{i:03}", number)
    write("query_parse", f"n{i:03}", f"关于{number} 的通知 -废止")
# JSON Lines: single records cut to 2 KB of text, and short runs of lines.
notices = open(os.path.join(shared, "corpus/notices/notices.jsonl"), encoding="utf-8").read().splitlines()
for i, line in enumerate(notices[:40]):
    r = json.loads(line)
    for key in ("text", "body", "content"):
        if isinstance(r.get(key), str):
            r[key] = r[key][:600]
    write("json_lines", f"r{i:03}", json.dumps(r, ensure_ascii=False) + "\n")
# Sidecars: runs of ten lines of the laws' metadata.jsonl.
sidecar = open(os.path.join(shared, "corpus/laws/metadata.jsonl"), encoding="utf-8").read().splitlines()
for i in range(0, min(len(sidecar), 400), 10):
    write("sidecar", f"s{i:04}", "\n".join(sidecar[i:i + 10]) + "\n")
PY
# PDFs: the small real-world files (the gazettes are too slow an input for a fuzzer).
find "$shared/pdf/realworld" -name '*.pdf' -size -100k -exec cp {} seeds/pdf/ \;
cp seeds/pdf/* seeds/pdf_isolated/
for target in seeds/*; do echo "$target: $(ls "$target" | wc -l) files"; done
