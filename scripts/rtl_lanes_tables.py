#!/usr/bin/env python3
"""Regenerates the symbol-lane tables of docs/rtl.md ("Symbol lanes") from real runs.

Throughput: for each scenario (config hw16: 16 symbols, seed 1, consumer always ready, no input
gaps) `twinmatch run --backend rtl` with one core (lanes=1), and N lanes behind tm_lanes' merger
(lanes=N) and merged on the host side (lanes=N merge=host) for N = 2 and 4; on the generator's
stream (one LIFO free list of handles) and on the stream of a host that keeps a handle pool per
lane (`gen --handle-lanes N`, made for each N; for one core that is the one free list). Every
run's events are compared with the reference model's, byte for byte, before a figure is taken.
Simulation figures. The 8-lane table: the same for N = 8, only when twinmatch was built with the
CMake option TWINMATCH_RTL_LANES8 (else left as it is, and not checked).
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
# Handles: the generator's one free list, or a pool per lane; spread keeps a pool per symbol.
STREAMS = [("one free list", False), ("a pool per lane", True)]
SYNTH = [("sym16", "tm_core, 16 symbols"), ("lanes4", "tm_lanes, 4 lanes x 4 symbols")]
ROOT = pathlib.Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "rtl.md"


def variants(lane_counts):
    """(column name, lanes, run options) for one core and each lane count, both merges."""
    columns = [("1 core", 1, ["lanes=1"])] if 1 in lane_counts else []
    for lanes in (n for n in lane_counts if n > 1):
        columns.append((f"{lanes} lanes, merger", lanes, [f"lanes={lanes}"]))
        columns.append((f"{lanes} lanes, host merge", lanes, [f"lanes={lanes}", "merge=host"]))
    return columns


def run(twinmatch, args):
    subprocess.run([twinmatch, *args], check=True, stdout=subprocess.DEVNULL)


def lanes_built(twinmatch, cmds, lanes, work):
    """Whether this twinmatch has a model of `lanes` lanes (the rtl backend refuses others)."""
    probe = subprocess.run([twinmatch, "run", "--backend", "rtl", "--input", str(cmds), "--events",
                            str(work / "probe.evts"), "--opt", f"lanes={lanes}"],
                           capture_output=True, text=True)
    return probe.returncode == 0


class Streams:
    """Each (scenario, handle lanes) stream and its reference events, made once."""

    def __init__(self, twinmatch, count, work):
        self.twinmatch, self.count, self.work, self.made = twinmatch, count, work, {}

    def get(self, scenario, handle_lanes):
        key = (scenario, handle_lanes)
        if key not in self.made:
            cmds = self.work / f"{scenario}.{handle_lanes}.cmds"
            run(self.twinmatch, ["gen", "--scenario", scenario, "--seed", "1", "--count",
                                 str(self.count), "--config", "hw16", "--handle-lanes",
                                 str(handle_lanes), "-o", str(cmds)])
            want = self.work / f"{scenario}.{handle_lanes}.ref.evts"
            run(self.twinmatch, ["run", "--backend", "ref", "--input", str(cmds), "--events",
                                 str(want)])
            self.made[key] = (cmds, want)
        return self.made[key]


def measure(twinmatch, streams, scenario, pools, columns, work):
    results = []
    for name, lanes, options in columns:
        cmds, want = streams.get(scenario, lanes if pools else 1)
        events = work / "run.evts"
        report = work / "run.json"
        opts = [a for o in options for a in ("--opt", o)]
        run(twinmatch, ["run", "--backend", "rtl", "--input", str(cmds), "--events", str(events),
                        "--report", str(report), *opts])
        if not filecmp.cmp(events, want, shallow=False):
            sys.exit(f"{scenario} ({name}, pools {pools}): the events differ from the reference")
        results.append(json.loads(report.read_text())["metrics"])
    return results


def throughput_table(twinmatch, streams, columns, work):
    head = "| scenario | handles | events/command |"
    rule = "|---|---|--:|"
    for name, _, _ in columns:
        head += f" {name}: cycles/command, commands/cycle, first-event p99 (cycles) |"
        rule += "--:|"
    lines = [head, rule]
    for scenario in SCENARIOS:
        for handles, pools in STREAMS:
            if scenario == "spread" and pools:
                continue
            label = "a pool per symbol" if scenario == "spread" else handles
            results = measure(twinmatch, streams, scenario, pools, columns, work)
            row = f"| {scenario} | {label} | {results[0]['events_per_command']:.2f} |"
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
    text = DOC.read_text()
    with tempfile.TemporaryDirectory(prefix="twinmatch_lanes_") as work:
        work = pathlib.Path(work)
        streams = Streams(args.twinmatch, args.count, work)
        eight = lanes_built(args.twinmatch, streams.get("normal", 1)[0], 8, work)
        new = replace_block(text, "rtl lanes throughput",
                            throughput_table(args.twinmatch, streams, variants([1, 2, 4]), work),
                            "scripts/rtl_lanes_tables.py")
        if eight:
            new = replace_block(new, "rtl lanes eight",
                                throughput_table(args.twinmatch, streams, variants([8]), work),
                                "scripts/rtl_lanes_tables.py")
    new = replace_block(new, "rtl lanes resources", resources_table(), "scripts/rtl_lanes_tables.py")
    if args.check:
        if new != text:
            sys.exit("docs/rtl.md: the symbol-lane tables are stale; run scripts/rtl_lanes_tables.py")
        print("docs/rtl.md: the symbol-lane tables match the runs"
              + ("" if eight else " (the 8-lane table not checked: no lanes=8 model built)"))
        return
    DOC.write_text(new)
    print(f"docs/rtl.md: symbol-lane tables written from {args.count:,} commands per scenario"
          + ("" if eight else " (the 8-lane table left as it is: no lanes=8 model built)"))


if __name__ == "__main__":
    main()
