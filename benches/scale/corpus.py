#!/usr/bin/env python3
"""Writes a deterministic scale corpus of N documents as JSON Lines {id, title, text, ...} from the
real paragraphs of ../shared/corpus (laws and notices), mixed by a seeded generator.

usage: corpus.py SHARED_DIR N OUT.jsonl

Every document has a title built from a real title's subject ("{issuer}关于{subject}的{type}"), an
issuer, a document number, a published date between 1950 and 2024, one or two policy areas,
responsible departments and 2 to 12 real paragraphs (about 1.7 KB of UTF-8 on average). The
generator is seeded once, so the first N documents of a larger corpus are the smaller corpus."""
import json
import os
import random
import re
import sys

SEED = 15
PROVINCES = ["山东省", "河南省", "江苏省", "广东省", "四川省", "湖北省", "浙江省", "河北省", "云南省", "陕西省"]
CITIES = ["东营市", "南阳市", "苏州市", "佛山市", "绵阳市", "宜昌市", "温州市", "保定市", "曲靖市", "宝鸡市"]
BODIES = ["人民政府", "人民政府办公厅", "发展和改革委员会", "财政厅", "教育厅", "卫生健康委员会",
          "住房和城乡建设厅", "生态环境厅", "税务局", "市场监督管理局", "人力资源和社会保障厅", "农业农村厅"]
TYPES = ["通知", "意见", "办法", "规定", "决定", "公告", "通报", "批复", "实施方案", "细则"]
AREAS = ["财政、金融、审计", "教育", "卫生、体育", "城乡建设、环境保护", "劳动、人事、监察",
         "农业、林业、水利", "工业、交通", "商贸、海关、旅游", "科技", "民政、扶贫、救灾",
         "公安、安全、司法", "国土资源、能源", "文化、广电、新闻出版", "综合政务"]
DEPARTMENTS = ["市发展改革委", "市财政局", "市教育局", "市卫生健康委", "市住房城乡建设局",
               "市生态环境局", "市税务局", "市市场监管局", "市人力资源社会保障局", "市农业农村局",
               "市公安局", "市司法局", "市自然资源局", "市商务局", "市科技局", "市民政局"]
VALIDITY = ["有效", "有效", "有效", "已废止", "已修改"]


def real_text(shared):
    """Paragraphs and title subjects of the shared corpus, in a fixed order."""
    paragraphs, subjects = [], []
    laws = os.path.join(shared, "corpus", "laws")
    for folder, dirs, files in os.walk(laws):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(".md") or name == "SOURCE.md":
                continue
            body = False
            for line in open(os.path.join(folder, name), encoding="utf-8"):
                line = line.strip()
                if line.startswith("# "):
                    subjects.append(re.sub(r"^中华人民共和国|（.*?）|\(.*?\)", "", line[2:]))
                elif line.startswith("<!-- INFO END"):
                    body = True
                elif body and len(line) >= 20 and not line.startswith("#"):
                    paragraphs.append(line)
    notices = os.path.join(shared, "corpus", "notices", "notices.jsonl")
    for line in open(notices, encoding="utf-8"):
        record = json.loads(line)
        text = record.get("text", "")
        head, _, _ = text.partition(" ")
        match = re.search(r"关于(.{4,30}?)的(通知|意见|公告|决定|办法)", head)
        if match:
            subjects.append(match.group(1))
        paragraphs.extend(part for part in text.split(" ") if len(part) >= 20)
    return paragraphs, subjects


def documents(shared, count):
    paragraphs, subjects = real_text(shared)
    rng = random.Random(SEED)
    for number in range(count):
        year = rng.randint(1950, 2024)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        place = rng.choice(PROVINCES + CITIES)
        issuer = place + rng.choice(BODIES)
        doc_type = rng.choice(TYPES)
        subject = rng.choice(subjects)
        abbreviation = place[0] + rng.choice("政财教卫建环税监人农") + rng.choice(["发", "办发", "字"])
        doc_number = f"{abbreviation}〔{year}〕{rng.randint(1, 199)}号"
        body = [f"{issuer}关于{subject}的{doc_type}", doc_number]
        body += rng.sample(paragraphs, rng.randint(2, 12))
        body.append(f"{issuer}")
        body.append(f"{year}年{month}月{day}日")
        yield {
            "id": f"scale-{number:08d}",
            "title": f"{issuer}关于{subject}的{doc_type}",
            "text": "\n".join(body),
            "issuers": [issuer],
            "doc_type": doc_type,
            "doc_number": doc_number,
            "published": f"{year:04d}-{month:02d}-{day:02d}",
            "policy_areas": rng.sample(AREAS, rng.randint(1, 2)),
            "departments": rng.sample(DEPARTMENTS, rng.randint(0, 3)),
            "validity": rng.choice(VALIDITY),
        }


def main():
    shared, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(out, "w", encoding="utf-8") as sink:
        for document in documents(shared, count):
            sink.write(json.dumps(document, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
