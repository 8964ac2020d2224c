#!/usr/bin/env python3
"""Writes the synthesis tables of docs/rtl.md from rtl/syn/synth.sh summaries.

usage: rtl/syn/doc_tables.py RESULTS_DIR DOC [--check]
  RESULTS_DIR/<config>/summary.json for config in small, default, venue (missing ones are
  listed as not run); the tables go between this script's markers in DOC
  (scripts/doc_tables/marked_table.py). With --check DOC is left alone and the command fails,
  printing both, unless DOC already holds exactly these tables: the committed summaries and the
  committed doc agree (Yosys is not rerun).
"""
import json
import pathlib
import sys

# The command line shared with the other table generators of the docs.
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "scripts" / "doc_tables"))
import marked_table  # noqa: E402

CONFIGS = ("small", "default", "venue")


def number(n):
    return f"{n:,}"


def tables(results):
    summaries = {}
    for config in CONFIGS:
        path = results / config / "summary.json"
        if path.exists():
            summaries[config] = json.loads(path.read_text())
    out = ["| configuration | symbols × band × handles, max qty | LUTs | MUXF7 / F8 | CARRY4 | "
           "flip-flops | RAMB36 / RAMB18 | LUT RAM | Yosys run (UTC), wall time |",
           "|---|---|--:|--:|--:|--:|--:|--:|---|"]
    for config in CONFIGS:
        if config not in summaries:
            out.append(f"| {config} | | no summary | | | | | | |")
            continue
        s = summaries[config]
        p, r = s["parameters"], s["resources"]
        out.append(
            f"| {config} | {number(p['NumSymbols'])} × {number(p['NumLevels'])} × "
            f"{number(p['NumHandles'])}, {number(p['MaxQty'])} | {number(r['lut'])} | "
            f"{number(r['muxf7'])} / {number(r['muxf8'])} | {number(r['carry4'])} | "
            f"{number(r['ff'])} | {number(r['ramb36'])} / {number(r['ramb18'])} | "
            f"{number(r['lutram'])} | {s['date_utc']}, {s['seconds']} s |")
    out += ["", "| configuration | latest arrival, ns | launch (arrival at its output, ns) | logic after "
            "launch, ns | logic cells | cell types | endpoint | named signals on the path |",
            "|---|--:|---|--:|--:|---|---|---|"]
    for config in CONFIGS:
        if config not in summaries:
            continue
        c = summaries[config]["critical_path"]
        types = ", ".join(f"{t} {n}" for t, n in c["logic_cell_types"].items())
        signals = ", ".join(f"`{name}`" for name in c["named_signals"])
        out.append(
            f"| {config} | {c['arrival_ps'] / 1000:.2f} | {c['launch']} ({c['launch_ps'] / 1000:.2f}) "
            f"| {c['logic_ps'] / 1000:.2f} | {c['logic_cells']} | {types} | {c['endpoint']} "
            f"| {signals} |")
    return "\n".join(out)


if __name__ == "__main__":
    marked_table.main(__doc__, lambda results: tables(pathlib.Path(results)))
