#!/usr/bin/env python3
"""Regenerates the measured cycle tables of docs/rtl.md from real runs of the rtl backend.

For each generator scenario (seed 1, consumer always ready, no input gaps) it runs
`twinmatch run --backend rtl --opt cycles=...` and writes, between the markers in docs/rtl.md,
the per-scenario table (cycles/command, latencies, ...) and the per-opcode table (cycles from a
command's accept to its last event: count, mean, p50, p99, max). Simulation figures, ns at the
nominal clock the run reports (kNominalClockMhz).

Usage: scripts/rtl_cycle_tables.py [--twinmatch build/bin/twinmatch] [--count 100000] [--check]
  --check: do not write; exit 1 if docs/rtl.md differs from what the runs give (ctest
  rtl/docs_cycle_tables runs this, so a change to the core's cycles fails until the tables are
  regenerated).
"""
import argparse
import csv
import json
import pathlib
import subprocess
import sys
import tempfile

from generated_block import replace_block

SCENARIOS = ["quiet", "normal", "volatile", "adversarial", "banded"]
OPCODES = ["NewOrder", "Cancel", "Modify", "MassCancel", "Snapshot", "SetBand"]
ROOT = pathlib.Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "rtl.md"


def run_scenario(twinmatch, scenario, count, work):
    cmds = work / f"{scenario}.cmds"
    subprocess.run([twinmatch, "gen", "--scenario", scenario, "--seed", "1", "--count", str(count),
                    "-o", str(cmds)], check=True, stdout=subprocess.DEVNULL)
    report = work / f"{scenario}.json"
    cycles = work / f"{scenario}.csv"
    subprocess.run([twinmatch, "run", "--backend", "rtl", "--input", str(cmds),
                    "--events", str(work / f"{scenario}.evts"), "--report", str(report),
                    "--opt", f"cycles={cycles}"], check=True, stdout=subprocess.DEVNULL)
    metrics = json.loads(report.read_text())["metrics"]
    with cycles.open() as log:
        rows = sum(1 for _ in csv.DictReader(log))
    if rows != count:
        sys.exit(f"{scenario}: the cycle log has {rows} rows for {count} commands")
    return metrics


def number(value, digits=0):
    return f"{value:,.{digits}f}"


def scenario_table(results):
    lines = ["| scenario    | cycles/command | events/command | sweep cycles/fill | "
             "first-event latency p50 / p99 / max, cycles (ns) | total cycles |",
             "|-------------|---------------:|---------------:|------------------:|"
             "--------------------------------------------------|-------------:|"]
    for scenario, m in results.items():
        ns = 1000.0 / m["nominal_clock_mhz"]
        p50, p99, mx = (m[f"first_event_latency_{p}_cycles"] for p in ("p50", "p99", "max"))
        lines.append(
            f"| {scenario:<11} | {m['cycles_per_command']:.2f} | {m['events_per_command']:.2f} | "
            f"{m['sweep_cycles_per_fill']:.2f} | {number(p50)} / {number(p99)} / {number(mx)} "
            f"({number(p50 * ns)} / {number(p99 * ns)} / {number(mx * ns)}) | "
            f"{number(m['total_cycles'])} |")
    return "\n".join(lines)


def opcode_table(results):
    lines = ["| scenario | opcode | commands | cycles mean | p50 | p99 | max |",
             "|----------|--------|---------:|------------:|----:|----:|----:|"]
    for scenario, m in results.items():
        for opcode in OPCODES:
            key = f"cycles_{opcode}_"
            if key + "count" not in m:
                continue
            lines.append(f"| {scenario} | {opcode} | {number(m[key + 'count'])} | "
                         f"{m[key + 'mean']:.2f} | {number(m[key + 'p50'])} | "
                         f"{number(m[key + 'p99'])} | {number(m[key + 'max'])} |")
    return "\n".join(lines)



def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--twinmatch", default=str(ROOT / "build" / "bin" / "twinmatch"))
    parser.add_argument("--count", type=int, default=100000)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    twinmatch = args.twinmatch
    with tempfile.TemporaryDirectory(prefix="twinmatch_cycles_") as work:
        results = {s: run_scenario(twinmatch, s, args.count, pathlib.Path(work)) for s in SCENARIOS}
    text = DOC.read_text()
    new = replace_block(text, "rtl scenario cycles", scenario_table(results), "scripts/rtl_cycle_tables.py")
    new = replace_block(new, "rtl opcode cycles", opcode_table(results), "scripts/rtl_cycle_tables.py")
    if args.check:
        if new != text:
            sys.exit("docs/rtl.md: the cycle tables are stale; run scripts/rtl_cycle_tables.py")
        print("docs/rtl.md: the cycle tables match the runs")
        return
    DOC.write_text(new)
    print(f"docs/rtl.md: cycle tables written from {args.count:,} commands per scenario")


if __name__ == "__main__":
    main()
