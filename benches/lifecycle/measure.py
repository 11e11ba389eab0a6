"""The lifecycle gongbao derives, measured against what the shared corpus says.

Reads every law of ../shared/corpus/laws (ingested WITHOUT its metadata.jsonl, so everything is
derived from the texts) and every notice through GET /api/documents/{id} of a running server, and
prints:
- versions: laws published again under one name with distinct dates (metadata.jsonl's `name` and
  `publish`): a chain is exactly right when every member lists the whole chain in date order, the
  newest is in force (or not yet) and every older one is not (已修改, or 已废止 when the newer
  one repeals it in so many words);
- repeals: laws another law's text repeals ("《X》…同时废止", "废止《X》", found here with our own
  pattern, independent of the engine's): the version dated before the repealing law must be 已废止
  with repealed_by naming the repealing law;
- false alarms: laws metadata.jsonl gives as in force (expired false) and newest of their name
  must stay 现行有效 or 尚未生效;
- interpretations: notices whose first line is a 解读 of a policy named in 《》 that is also in
  the corpus must be linked both ways.
usage: measure.py SHARED BASE_URL
"""

import json
import re
import sys
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

shared, base = Path(sys.argv[1]), sys.argv[2].rstrip("/")


def fetch(doc_id):
    url = f"{base}/api/documents/{urllib.parse.quote(doc_id, safe='/')}"
    with urllib.request.urlopen(url) as answer:
        return json.load(answer)


def key(title):
    return re.sub(r"[\s《》〈〉（）()、]", "", title).replace("中华人民共和国", "")


laws = [json.loads(line) for line in open(shared / "corpus/laws/metadata.jsonl", encoding="utf-8")]
views = {law["path"]: fetch(law["path"]) for law in laws}
by_name = defaultdict(list)
for law in laws:
    by_name[key(law["name"])].append(law)

# Versions. An older version is superseded (已修改) or, when the newer one says so, repealed.
NOT_IN_FORCE = ("已修改", "已废止", "失效")
chains = [
    sorted(group, key=lambda law: law["publish"])
    for group in by_name.values()
    if len(group) > 1
    and all(law["publish"] for law in group)
    and len({law["publish"] for law in group}) == len(group)
]
wrong = []
for chain in chains:
    ids = [law["path"] for law in chain]
    ok = True
    for at, law in enumerate(chain):
        view = views[law["path"]]
        listed = [version["id"] for version in view["versions"]]
        status = view["lifecycle"]["validity"]
        newest = at == len(chain) - 1
        if listed != ids:
            ok = False
        if newest and status not in ("现行有效", "尚未生效"):
            ok = False
        if not newest and status not in NOT_IN_FORCE:
            ok = False
    if not ok:
        wrong.append(ids)
right = len(chains) - len(wrong)
print(f"versions: {right}/{len(chains)} chains exactly right ({right / max(len(chains), 1):.1%})")
for ids in wrong[:5]:
    print("  wrong:", ids)

# Repeals, by our own pattern over the texts.
repeal = re.compile(
    r"《([^《》]{2,80})》(?:[（(][^（）()]{0,60}[)）])?(?:同时|一并|即行|予以)*(?:废止|失效)"
    r"|废止《([^《》]{2,80})》"
)
expected = []
for law in laws:
    text = (shared / "corpus/laws" / law["path"]).read_text(encoding="utf-8")
    body = text.split("<!-- INFO END -->", 1)[-1]
    targets = [key(found.group(1) or found.group(2)) for found in repeal.finditer(body)]
    # A list before 同时废止: every title of the sentence up to the verb.
    for sentence in re.split(r"[。；;\n]", body):
        if "同时废止" in sentence:
            head = sentence.split("同时废止")[0]
            targets += [key(title) for title in re.findall(r"《([^《》]{2,80})》", head)]
    for target in targets:
        if target == key(law["name"]) or target not in by_name:
            continue
        dated = [t for t in by_name[target] if t["publish"] and law["publish"] and t["publish"] <= law["publish"]]
        if not dated:
            dated = [t for t in by_name[target] if not t["publish"]]
        if dated:
            target_law = max(dated, key=lambda t: t["publish"] or "")
            expected.append((target_law["path"], law["path"]))
expected = sorted(set(expected))
found = 0
missed = []
for target, repealer in expected:
    view = views[target]
    by = [related["id"] for related in view["relations"]["repealed_by"]]
    if view["lifecycle"]["validity"] == "已废止" and repealer in by:
        found += 1
    else:
        missed.append((target, repealer, view["lifecycle"]["validity"]))
print(f"repeals: {found}/{len(expected)} repealed laws 已废止 by the repealing law ({found / max(len(expected), 1):.1%})")
for miss in missed[:5]:
    print("  missed:", miss)

# False alarms.
current = []
for group in by_name.values():
    dated = [law for law in group if law["publish"]]
    if len(group) > 1 and len(dated) < len(group):
        continue  # an undated version: which is newest is not known
    newest = max(group, key=lambda law: law["publish"] or "")
    if not newest["expired"]:
        current.append(newest["path"])
alarms = [
    (path, views[path]["lifecycle"]["validity"], views[path]["lifecycle"]["reason"])
    for path in current
    if views[path]["lifecycle"]["validity"] not in ("现行有效", "尚未生效")
]
kept = len(current) - len(alarms)
print(f"no false alarms: {kept}/{len(current)} newest laws in force stay in force ({kept / max(len(current), 1):.1%})")
# metadata.jsonl gives some laws as in force that another law of the corpus repeals in so many
# words: those are counted apart (the texts contradict the metadata).
stated_repeals = {target for target, _ in expected}
contradicted = [alarm for alarm in alarms if alarm[0] in stated_repeals]
unexplained = [alarm for alarm in alarms if alarm[0] not in stated_repeals]
fair = len(current) - len(contradicted)
print(
    f"  of which repealed by a law of the corpus in so many words: {len(contradicted)}; "
    f"without those: {fair - len(unexplained)}/{fair} ({(fair - len(unexplained)) / max(fair, 1):.1%})"
)
kinds = defaultdict(int)
level_of = {law["path"]: law["level"] for law in laws}
for alarm in unexplained:
    kinds[(alarm[1], level_of[alarm[0]])] += 1
print("  the others by (status, metadata level):", dict(kinds))
# 案例 (court cases) and 其他 are shelves of the collection, not laws: validity does not apply.
laws_only = [path for path in current if level_of[path] not in ("案例", "其他")]
alarmed = {alarm[0] for alarm in alarms}
kept_laws = sum(1 for path in laws_only if path not in alarmed)
fair_laws = [path for path in laws_only if path not in stated_repeals]
kept_fair = sum(1 for path in fair_laws if path not in alarmed)
print(
    f"  laws only (not 案例 or 其他): {kept_laws}/{len(laws_only)} ({kept_laws / max(len(laws_only), 1):.1%}); "
    f"and without those repealed in so many words: {kept_fair}/{len(fair_laws)} ({kept_fair / max(len(fair_laws), 1):.1%})"
)
for alarm in unexplained[:8]:
    print("  alarm:", alarm)

# Interpretations in the notices.
notices = [json.loads(line) for line in open(shared / "corpus/notices/notices.jsonl", encoding="utf-8")]
first_lines = {}
for notice in notices:
    head = notice["text"].strip().split("\n", 1)[0].split(" ", 1)[0]
    first_lines[notice["id"]] = head
pairs = []
for notice in notices:
    head = notice["text"].strip()[:200]
    match = re.match(r"\s*(?:关于)?《([^《》]{6,120})》(?:的)?(?:政策|文件)?解读|\s*解读《([^《》]{6,120})》", head)
    if not match:
        continue
    target = key(match.group(1) or match.group(2))
    policies = [other for other, line in first_lines.items() if other != notice["id"] and key(line).endswith(target)]
    for policy in policies:
        pairs.append((notice["id"], policy))
linked = 0
for interpretation, policy in pairs:
    forward = [related["id"] for related in fetch(interpretation)["relations"]["interprets"]]
    backward = [related["id"] for related in fetch(policy)["relations"]["interpreted_by"]]
    if policy in forward and interpretation in backward:
        linked += 1
    else:
        print("  not linked:", interpretation, policy)
print(f"interpretations: {linked}/{len(pairs)} 解读 linked both ways to their policy")

# 效力级别 recognised from issuer, type and number, against metadata.jsonl's `level` (for the
# levels the engine names; 案例 and 其他 are the collection's own shelves).
known = {"宪法", "法律", "行政法规", "地方性法规", "司法解释", "部门规章"}
judged = [law for law in laws if law["level"] in known]
same = sum(1 for law in judged if views[law["path"]]["document"].get("level") == law["level"])
print(f"level: {same}/{len(judged)} laws given the level metadata.jsonl gives ({same / max(len(judged), 1):.1%})")
misses = defaultdict(int)
for law in judged:
    got = views[law["path"]]["document"].get("level")
    if got != law["level"]:
        misses[(law["level"], got)] += 1
print("  misses (expected, got):", dict(sorted(misses.items(), key=lambda item: -item[1])[:8]))
