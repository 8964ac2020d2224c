#!/usr/bin/env python3
"""Summarises one rtl/syn/synth.sh run (stat.txt, sta.txt) as JSON on stdout."""
import argparse
import datetime
import json
import pathlib
import re

# Cells that start a timing path: their output is a clock-to-out arc, not logic.
SEQUENTIAL = re.compile(r"^(FD[A-Z]*|RAMB\w+|RAM\d+[A-Z]*|SRL\w+|DSP\w+)$")
PATH_CELL = re.compile(r"^\s*(\d+) (\S+) \((\w+)\.(\w+)->(\w+)\)$")
PATH_END = re.compile(r"^\s*(\d+) (\S+) \((\w+)\.(\w+)\)$")
PATH_INPUT = re.compile(r"^\s*(\d+)\s+\\(\S+) \(<primary input>\)$")
NAMED_NET = re.compile(r"^\s+\\([A-Za-z_][\w.]*)")

CONFIG_PARAMS = {
    "small": {"NumSymbols": 2, "NumLevels": 64, "NumHandles": 64, "MaxQty": 1000},
    "default": {"NumSymbols": 4, "NumLevels": 256, "NumHandles": 4096, "MaxQty": 1000000},
    "venue": {"NumSymbols": 256, "NumLevels": 4096, "NumHandles": 65536, "MaxQty": 4294967295},
    # Symbol lanes (docs/rtl.md, "Symbol lanes"): tm_core with 16 symbols, tm_lanes of 4 x 4.
    "sym16": {"NumSymbols": 16, "NumLevels": 256, "NumHandles": 4096, "MaxQty": 1000000},
    "lanes4": {"Lanes": 4, "NumSymbols": 16, "NumLevels": 256, "NumHandles": 4096,
               "MaxQty": 1000000},
}


def cell_counts(stat_text):
    counts = {}
    in_cells = False
    for line in stat_text.splitlines():
        if "Number of cells:" in line:
            in_cells = True
            counts = {}  # the last module's statistics: the flattened top
            continue
        match = re.match(r"^\s+(\w+)\s+(\d+)$", line)
        if in_cells and match:
            counts[match.group(1)] = int(match.group(2))
        elif in_cells and line.strip() == "":
            in_cells = bool(not counts)
    return counts


def resources(cells):
    def total(pattern):
        return sum(n for cell, n in cells.items() if re.fullmatch(pattern, cell))
    return {
        "lut": total(r"LUT[1-6]"),
        "muxf7": total("MUXF7"),
        "muxf8": total("MUXF8"),
        "carry4": total("CARRY4"),
        "ff": total(r"FD\w+"),
        "ramb36": total(r"RAMB36\w*"),
        "ramb18": total(r"RAMB18\w*"),
        "lutram": total(r"RAM(32|64|128|256)\w+"),
        "srl": total(r"SRL\w+"),
        "dsp": total(r"DSP\w+"),
        "inv": total("INV"),
    }


def critical_path(sta_text):
    lines = sta_text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Latest arrival time"))
    arrival = int(re.search(r"is (\d+)", lines[start]).group(1))
    steps = []  # from the endpoint back to the path's origin
    endpoint = None
    for line in lines[start + 1:]:
        if not line.strip():
            break
        if match := PATH_END.match(line):
            endpoint = f"{match.group(3)}.{match.group(4)}"
        elif match := PATH_CELL.match(line):
            steps.append({"ps": int(match.group(1)), "cell": match.group(3),
                          "arc": f"{match.group(4)}->{match.group(5)}", "nets": []})
        elif match := PATH_INPUT.match(line):
            steps.append({"ps": 0, "cell": "input", "arc": match.group(2), "nets": []})
        elif (match := NAMED_NET.match(line)) and steps:
            steps[-1]["nets"].append(match.group(1))
    steps.reverse()  # origin first
    # A LUT RAM's read (RAM64M ADDRC->DOC) is asynchronous: a combinational arc, not a launch.
    launch = max((i for i, s in enumerate(steps)
                  if SEQUENTIAL.match(s["cell"]) and not s["arc"].startswith("ADDR")), default=0)
    logic = steps[launch + 1:]
    signals = []
    for step in steps[launch:]:
        for net in step["nets"]:
            if net not in signals and not net.endswith("clk_i"):
                signals.append(net)
    return {
        "arrival_ps": arrival,
        "launch": f"{steps[launch]['cell']}.{steps[launch]['arc']}",
        "launch_ps": steps[launch]["ps"],
        "logic_ps": arrival - steps[launch]["ps"],
        "logic_cells": len(logic),
        "logic_cell_types": {t: sum(1 for s in logic if s["cell"] == t)
                             for t in sorted({s["cell"] for s in logic})},
        "endpoint": endpoint or "output",
        "named_signals": signals,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", required=True, choices=sorted(CONFIG_PARAMS))
    parser.add_argument("--seconds", type=int, required=True)
    parser.add_argument("--yosys", required=True)
    parser.add_argument("directory", type=pathlib.Path)
    args = parser.parse_args()
    cells = cell_counts((args.directory / "stat.txt").read_text())
    summary = {
        "config": args.config,
        "parameters": CONFIG_PARAMS[args.config],
        "date_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M"),
        "yosys": args.yosys,
        "flow": "synth_xilinx -flatten -noiopad; sta on cells_sim.v specify delays",
        "seconds": args.seconds,
        "resources": resources(cells),
        "cells": cells,
        "critical_path": critical_path((args.directory / "sta.txt").read_text()),
    }
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
