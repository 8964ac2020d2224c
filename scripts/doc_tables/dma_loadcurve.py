#!/usr/bin/env python3
"""Writes the latency-under-load table of docs/host.md from `twinmatch loadcurve` runs.

usage: scripts/doc_tables/dma_loadcurve.py TWINMATCH DOC [--check]
  Runs `TWINMATCH loadcurve --backend ref --link dma` on the normal scenario (seed 1, 20,000
  commands) with submit=ring and submit=pio, and replaces DOC's text between the markers below
  with the table. The link model is deterministic, so --check regenerates the table and fails,
  printing both, if DOC holds anything else. Takes about two seconds.
"""
import csv
import io
import pathlib
import subprocess
import sys

BEGIN = "<!-- scripts/doc_tables/dma_loadcurve.py: begin -->"
END = "<!-- scripts/doc_tables/dma_loadcurve.py: end -->"
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


def main():
    args = sys.argv[1:]
    if args in (["--help"], ["-h"]):
        print(__doc__)
        return
    check = "--check" in args
    args = [a for a in args if a != "--check"]
    if len(args) != 2:
        sys.exit(__doc__)
    twinmatch, doc = args[0], pathlib.Path(args[1])
    text = doc.read_text()
    head, begin, rest = text.partition(BEGIN)
    current, end, tail = rest.partition(END)
    if not begin or not end:
        sys.exit(f"{doc}: the markers {BEGIN} and {END} are missing")
    generated = table(twinmatch)
    if check:
        if current.strip() != generated:
            sys.exit(f"{doc}: the table differs from {sys.argv[0]}'s output; rerun it without "
                     f"--check.\n--- in {doc}:\n{current.strip()}\n--- generated:\n{generated}")
        print(f"{doc}: the load-curve table matches a fresh run")
        return
    doc.write_text(f"{head}{BEGIN}\n{generated}\n{END}{tail}")


if __name__ == "__main__":
    main()
