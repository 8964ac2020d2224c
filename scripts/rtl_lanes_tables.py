#!/usr/bin/env python3
"""Regenerates the symbol-lane tables of docs/rtl.md ("Symbol lanes") from real runs.

Throughput: for each scenario (config hw16: 16 symbols, seed 1, consumer always ready, no input
gaps) `twinmatch run --backend rtl` with one core (lanes=1), 4 lanes behind tm_lanes' merger
(lanes=4) and 4 lanes merged on the host side (lanes=4 merge=host); every run's events are
compared with the reference model's, byte for byte, before a figure is taken. Simulation figures.
Resources: rtl/syn/results/{sym16,lanes4}/summary.json (rtl/syn/synth.sh), as committed.

Usage: scripts/rtl_lanes_tables.py [--twinmatch build/bin/twinmatch] [--count 50000] [--check]
  --check: do not write; exit 1 if docs/rtl.md differs from what the runs give (ctest
  rtl/docs_lanes_tables).
"""
import argparse
import filecmp
import json
import pathlib
import subprocess
import sys
import tempfile

from generated_block import replace_block

SCENARIOS = ["normal", "volatile", "spread"]
VARIANTS = [("1 core", ["lanes=1"]), ("4 lanes, merger", ["lanes=4"]),
            ("4 lanes, host merge", ["lanes=4", "merge=host"])]
SYNTH = [("sym16", "tm_core, 16 symbols"), ("lanes4", "tm_lanes, 4 lanes x 4 symbols")]
ROOT = pathlib.Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "rtl.md"


def run(twinmatch, args):
    subprocess.run([twinmatch, *args], check=True, stdout=subprocess.DEVNULL)


def measure(twinmatch, scenario, count, work):
    cmds = work / f"{scenario}.cmds"
    run(twinmatch, ["gen", "--scenario", scenario, "--seed", "1", "--count", str(count),
                    "--config", "hw16", "-o", str(cmds)])
    want = work / f"{scenario}.ref.evts"
    run(twinmatch, ["run", "--backend", "ref", "--input", str(cmds), "--events", str(want)])
    results = []
    for index, (_, options) in enumerate(VARIANTS):
        events = work / f"{scenario}.{index}.evts"
        report = work / f"{scenario}.{index}.json"
        opts = [a for o in options for a in ("--opt", o)]
        run(twinmatch, ["run", "--backend", "rtl", "--input", str(cmds), "--events", str(events),
                        "--report", str(report), *opts])
        if not filecmp.cmp(events, want, shallow=False):
            sys.exit(f"{scenario} with {' '.join(options)}: the events differ from the reference")
        results.append(json.loads(report.read_text())["metrics"])
    return results


def throughput_table(measured):
    head = "| scenario | events/command |"
    rule = "|---|--:|"
    for name, _ in VARIANTS:
        head += f" {name}: cycles/command, commands/cycle, first-event p99 (cycles) |"
        rule += "--:|"
    lines = [head, rule]
    for scenario, results in measured.items():
        row = f"| {scenario} | {results[0]['events_per_command']:.2f} |"
        for m in results:
            row += (f" {m['cycles_per_command']:.2f}, **{m['commands_per_cycle']:.2f}**, "
                    f"{m['first_event_latency_p99_cycles']:.0f} |")
        lines.append(row)
    return "\n".join(lines)


def resources_table():
    lines = ["| build | LUTs | MUXF7 / F8 | flip-flops | RAMB36 / RAMB18 | LUT RAM | "
             "latest arrival, ns | Yosys run (UTC), wall time |",
             "|---|--:|--:|--:|--:|--:|--:|---|"]
    for config, name in SYNTH:
        path = ROOT / "rtl" / "syn" / "results" / config / "summary.json"
        if not path.exists():
            lines.append(f"| {name} (`{config}`) | not run | | | | | | |")
            continue
        s = json.loads(path.read_text())
        r, c = s["resources"], s["critical_path"]
        lines.append(f"| {name} (`{config}`) | {r['lut']:,} | {r['muxf7']:,} / {r['muxf8']:,} | "
                     f"{r['ff']:,} | {r['ramb36']} / {r['ramb18']} | {r['lutram']:,} | "
                     f"{c['arrival_ps'] / 1000:.2f} | {s['date_utc']}, {s['seconds']} s |")
    return "\n".join(lines)



def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--twinmatch", default=str(ROOT / "build" / "bin" / "twinmatch"))
    parser.add_argument("--count", type=int, default=50000)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="twinmatch_lanes_") as work:
        measured = {s: measure(args.twinmatch, s, args.count, pathlib.Path(work))
                    for s in SCENARIOS}
    text = DOC.read_text()
    new = replace_block(text, "rtl lanes throughput", throughput_table(measured), "scripts/rtl_lanes_tables.py")
    new = replace_block(new, "rtl lanes resources", resources_table(), "scripts/rtl_lanes_tables.py")
    if args.check:
        if new != text:
            sys.exit("docs/rtl.md: the symbol-lane tables are stale; run scripts/rtl_lanes_tables.py")
        print("docs/rtl.md: the symbol-lane tables match the runs")
        return
    DOC.write_text(new)
    print(f"docs/rtl.md: symbol-lane tables written from {args.count:,} commands per scenario")


if __name__ == "__main__":
    main()
