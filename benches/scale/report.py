#!/usr/bin/env python3
"""Prints the table of a benches/scale run and draws latency and throughput against corpus size,
gongbao beside the Lucene peer.

usage: report.py RESULTS.jsonl [OUT.png] [--run RUN_ID]   (default: the latest run of each size)
Plotting needs matplotlib (`pip install matplotlib`); without it only the table is printed."""
import json
import sys


def load(path, run):
    rows = {}
    for line in open(path, encoding="utf-8"):
        row = json.loads(line)
        if run is None or row["run"] == run:
            rows[row["documents"]] = row  # the latest row of each size wins
    return [rows[size] for size in sorted(rows)]


def ms(us):
    return f"{us / 1000:.1f}"


def table(rows):
    out = []
    out.append("| documents | corpus | tool | ingest s | MB/s | docs/s | peak RSS | index | "
               "stard p50/p95/p99 ms | notices p50/p95/p99 ms |")
    out.append("|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        mb = row["corpus_bytes"] / 1e6
        for tool in ("gongbao", "lucene"):
            r = row[tool]
            seconds = r["seconds"]
            modes = [("", "")] if tool == "lucene" else [("", ""), ("_facets", " facets"),
                                                         ("_passages", " passages")]
            for suffix, label in modes:
                lat = r["latency"]
                cells = [" / ".join(ms(lat[s + suffix][p]) for p in ("p50_us", "p95_us", "p99_us"))
                         for s in ("stard", "notices")]
                first = not suffix
                out.append("| " + " | ".join([
                    f"{row['documents']:,}" if first else "",
                    f"{mb:.0f} MB" if first else "",
                    tool + label,
                    f"{seconds:.1f}" if first else "",
                    f"{mb / seconds:.1f}" if first else "",
                    f"{row['documents'] / seconds:,.0f}" if first else "",
                    f"{r['peak_rss_kb'] / 1024:.0f} MB" if first else "",
                    f"{r['index_bytes'] / 1e6:.0f} MB" if first else "",
                    *cells]) + " |")
        g, l = row["gongbao"], row["lucene"]
        out.append(f"| | | gongbao / lucene | {g['seconds'] / l['seconds']:.2f}x time | | | "
                   f"{g['peak_rss_kb'] / l['peak_rss_kb']:.2f}x | "
                   f"{g['index_bytes'] / l['index_bytes']:.2f}x | "
                   + " | ".join(f"p50 {g['latency'][s]['p50_us'] / l['latency'][s]['p50_us']:.2f}x, "
                                f"p99 {g['latency'][s]['p99_us'] / l['latency'][s]['p99_us']:.2f}x"
                                for s in ("stard", "notices")) + " |")
    return "\n".join(out)


def plot(rows, out):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: no plot", file=sys.stderr)
        return
    sizes = [row["documents"] for row in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5))
    for tool, style in (("gongbao", "-o"), ("lucene", "--s")):
        for s in ("stard", "notices"):
            for p in ("p50_us", "p99_us"):
                left.plot(sizes, [row[tool]["latency"][s][p] / 1000 for row in rows], style,
                          label=f"{tool} {s} {p[:3]}")
        right.plot(sizes, [row["documents"] / row[tool]["seconds"] for row in rows], style,
                   label=tool)
    left.plot(sizes, [row["gongbao"]["latency"]["stard_facets"]["p50_us"] / 1000 for row in rows],
              "-^", label="gongbao stard p50 facets")
    for axis, title, unit in ((left, "top-10 search latency", "ms"),
                              (right, "ingest throughput", "documents/s")):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("documents")
        axis.set_ylabel(unit)
        axis.set_title(title)
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    print(f"plot: {out}")


def main():
    args = sys.argv[1:]
    run = None
    if "--run" in args:
        at = args.index("--run")
        run = args[at + 1]
        del args[at:at + 2]
    rows = load(args[0], run)
    print(table(rows))
    if len(args) > 1:
        plot(rows, args[1])


if __name__ == "__main__":
    main()
