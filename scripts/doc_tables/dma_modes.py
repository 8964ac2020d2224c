#!/usr/bin/env python3
"""Writes the per-mode-and-core table of docs/host.md from `twinmatch run --link dma` runs.

usage: scripts/doc_tables/dma_modes.py TWINMATCH DOC [--check]
  Generates the normal scenario (seed 1, 20,000 commands) and runs it behind the DMA link on
  the ref, rtl and hls cores with submit=ring and submit=pio, at 1 M commands/s offered and at
  saturation (everything offered at once): twelve runs, about 2 s of CPU. Writes the table
  between this script's markers in DOC (scripts/doc_tables/marked_table.py). The link model and
  the cores are deterministic, so --check reruns them and fails, printing both, unless DOC holds
  exactly that table.
"""
import json
import pathlib
import subprocess
import tempfile

import marked_table

CORES = ("ref", "rtl", "hls")
MODES = ("ring", "pio")


def run(twinmatch, work, core, submit, offered):
    report = work / f"{core}-{submit}-{offered or 'saturation'}.json"
    opts = ["--opt", f"submit={submit}"] + (["--opt", f"offered_per_s={offered}"] if offered else [])
    subprocess.run([twinmatch, "run", "--backend", core, "--link", "dma", "--input",
                    str(work / "normal.tmc"), "--events", str(work / "events.tme"), "--report",
                    str(report)] + opts, check=True, capture_output=True)
    return json.loads(report.read_text())["metrics"]


def table(twinmatch):
    out = ["| core | submit | p50 / p99 / p99.9 at 1 M/s | floor | p50 / floor | saturation |",
           "|------|--------|---------------------------:|------:|------------:|-----------:|"]
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        subprocess.run([twinmatch, "gen", "--scenario", "normal", "--seed", "1", "--count",
                        "20000", "-o", str(work / "normal.tmc")], check=True, capture_output=True)
        for core in CORES:
            for submit in MODES:
                light = run(twinmatch, work, core, submit, "1e6")
                saturated = run(twinmatch, work, core, submit, None)
                out.append(
                    f"| {core} | {submit} | {light['latency_p50_ns']:.1f} / "
                    f"{light['latency_p99_ns']:.0f} / {light['latency_p999_ns']:.0f} | "
                    f"{light['latency_floor_ns']:.1f} | {light['latency_p50_over_floor']:.3f} | "
                    f"{saturated['throughput_per_s'] / 1e6:.2f} M/s |")
    return "\n".join(out)


if __name__ == "__main__":
    marked_table.main(__doc__, table)
