#!/usr/bin/env python3
"""Writes the event-encoding table of docs/host.md: the link's saturation and card-to-host wire
bytes per command with full (64-byte) and compact events, from `twinmatch run --link dma` runs.

usage: scripts/doc_tables/dma_encoding.py TWINMATCH DOC [--check]
  Generates the normal scenario (seed 1, 20,000 commands) and runs it behind the DMA link on
  the sw and rtl cores, in four card set-ups (submit=ring and submit=pio at their defaults, then
  with the limit each meets first raised: command_fifo=128, pio_window=128), with events=full
  and events=compact, at saturation (everything offered at once, as loadcurve's capacity run)
  and at 1 M commands/s: 32 runs. Then a second table: `twinmatch loadcurve --backend rtl --link
  dma --opt submit=pio --opt pio_window=128` with events=full and events=compact, latency under
  load at fractions of each curve's own saturation. About 25 s of CPU in all. Writes both
  tables between this script's markers in DOC (scripts/doc_tables/marked_table.py). The link
  model and the cores are deterministic, so --check reruns them and fails, printing both, unless
  DOC holds exactly those tables.
"""
import csv
import io
import json
import pathlib
import subprocess
import tempfile

import marked_table

CORES = ("sw", "rtl")
SETUPS = (("ring", ["submit=ring"]),
          ("pio", ["submit=pio"]),
          ("ring, `command_fifo=128`", ["submit=ring", "command_fifo=128"]),
          ("pio, `pio_window=128`", ["submit=pio", "pio_window=128"]))
ENCODINGS = ("full", "compact")
CURVE_OPTIONS = ["submit=pio", "pio_window=128"]
FRACTIONS = ("0.100", "0.500", "0.800", "0.900", "1.000", "1.100")


def run(twinmatch, work, core, options, offered):
    report = work / "report.json"
    opts = []
    for option in options + ([f"offered_per_s={offered}"] if offered else []):
        opts += ["--opt", option]
    subprocess.run([twinmatch, "run", "--backend", core, "--link", "dma", "--input",
                    str(work / "normal.tmc"), "--events", str(work / "events.tme"), "--report",
                    str(report)] + opts, check=True, capture_output=True)
    return json.loads(report.read_text())["metrics"]


def loadcurve(twinmatch, encoding):
    opts = []
    for option in CURVE_OPTIONS + [f"events={encoding}"]:
        opts += ["--opt", option]
    out = subprocess.run(
        [twinmatch, "loadcurve", "--backend", "rtl", "--link", "dma", "--scenario", "normal",
         "--seed", "1", "--count", "20000"] + opts,
        check=True, capture_output=True, text=True).stdout
    rows = csv.DictReader(line for line in io.StringIO(out) if "," in line)
    return {row["offered_fraction"]: row for row in rows}


def curve_table(twinmatch):
    curves = {encoding: loadcurve(twinmatch, encoding) for encoding in ENCODINGS}
    out = ["| offered | full: throughput | full: p50 / p99 / p99.9 | compact: throughput | "
           "compact: p50 / p99 / p99.9 |",
           "|-----:|-----:|-----:|-----:|-----:|"]
    for f in FRACTIONS:
        cells = []
        for encoding in ENCODINGS:
            row = curves[encoding][f]
            cells.append(f"{float(row['throughput_per_s']) / 1e6:.3g} M/s")
            cells.append(f"{float(row['latency_p50_ns']):.1f} / {float(row['latency_p99_ns']):.0f}"
                         f" / {float(row['latency_p999_ns']):.0f}")
        shown = f.rstrip("0") + ("0" if f.rstrip("0").endswith(".") else "")
        out.append(f"| {shown} | " + " | ".join(cells) + " |")
    return "\n".join(out)


def table(twinmatch):
    return saturation_table(twinmatch) + "\n\n" + curve_table(twinmatch)


def saturation_table(twinmatch):
    out = ["| core | set-up | full: saturation | full: wire B / command | compact: saturation | "
           "compact: wire B / command | saturation x | p50 at 1 M/s, full / compact |",
           "|------|--------|-----:|-----:|-----:|-----:|-----:|-----:|"]
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        subprocess.run([twinmatch, "gen", "--scenario", "normal", "--seed", "1", "--count",
                        "20000", "-o", str(work / "normal.tmc")], check=True, capture_output=True)
        for core in CORES:
            for name, options in SETUPS:
                saturated, light = {}, {}
                for encoding in ENCODINGS:
                    with_encoding = options + [f"events={encoding}"]
                    saturated[encoding] = run(twinmatch, work, core, with_encoding, None)
                    light[encoding] = run(twinmatch, work, core, with_encoding, "1e6")
                full, compact = saturated["full"], saturated["compact"]
                out.append(
                    f"| {core} | {name} | {full['throughput_per_s'] / 1e6:.2f} M/s | "
                    f"{full['card_to_host_wire_bytes_per_command']:.1f} | "
                    f"{compact['throughput_per_s'] / 1e6:.2f} M/s | "
                    f"{compact['card_to_host_wire_bytes_per_command']:.1f} | "
                    f"{compact['throughput_per_s'] / full['throughput_per_s']:.2f} | "
                    f"{light['full']['latency_p50_ns']:.1f} / "
                    f"{light['compact']['latency_p50_ns']:.1f} |")
    return "\n".join(out)


if __name__ == "__main__":
    marked_table.main(__doc__, table)
