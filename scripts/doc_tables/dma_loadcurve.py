#!/usr/bin/env python3
"""Writes the latency-under-load table of docs/host.md from `twinmatch loadcurve` runs.

usage: scripts/doc_tables/dma_loadcurve.py TWINMATCH DOC [--check]
  Runs `TWINMATCH loadcurve --backend ref --link dma` on the normal scenario (seed 1, 20,000
  commands) with submit=ring and submit=pio, and writes the table between this script's markers
  in DOC (scripts/doc_tables/marked_table.py). The link model is deterministic, so --check
  reruns it and fails, printing both, unless DOC holds exactly that table. About 2 s of CPU.
"""
import csv
import io
import subprocess

import marked_table

# The offered loads shown, as fractions of each mode's own saturated rate.
FRACTIONS = ("0.100", "0.500", "0.800", "0.900", "0.950", "1.000", "1.100", "1.250")


def loadcurve(twinmatch, submit):
    out = subprocess.run(
        [twinmatch, "loadcurve", "--backend", "ref", "--link", "dma", "--scenario", "normal",
         "--seed", "1", "--count", "20000", "--opt", f"submit={submit}"],
        check=True, capture_output=True, text=True).stdout
    rows = csv.DictReader(line for line in io.StringIO(out) if "," in line)
    return {row["offered_fraction"]: row for row in rows}


def rate(per_s):
    return f"{float(per_s) / 1e6:.3g} M/s"


def latencies(row):
    # p50 to a tenth of a ns (it is compared with the floor), the tail to the ns.
    return (f"{float(row['latency_p50_ns']):.1f} / {float(row['latency_p99_ns']):.0f} / "
            f"{float(row['latency_p999_ns']):.0f}")


def table(twinmatch):
    ring, pio = loadcurve(twinmatch, "ring"), loadcurve(twinmatch, "pio")
    out = ["| offered | ring: throughput | ring: p50 / p99 / p99.9 | pio: throughput | "
           "pio: p50 / p99 / p99.9 |",
           "|-----:|-----:|-----:|-----:|-----:|"]
    for f in FRACTIONS:
        shown = f.rstrip("0") + ("0" if f.rstrip("0").endswith(".") else "")
        out.append(f"| {shown} | {rate(ring[f]['throughput_per_s'])} | {latencies(ring[f])} "
                   f"| {rate(pio[f]['throughput_per_s'])} | {latencies(pio[f])} |")
    return "\n".join(out)


if __name__ == "__main__":
    marked_table.main(__doc__, table)
