#!/usr/bin/env python3
"""Runs a checker on a planted violation and passes only if it fails for the planted reasons.

usage: expect_failure.py [--status N] --expect REGEX... [--forbid REGEX]... -- COMMAND...
Passes when COMMAND exits with status N (default 1), its output matches every --expect REGEX
and no --forbid REGEX.
"""
import argparse
import re
import subprocess
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--status", type=int, default=1)
    parser.add_argument("--expect", action="append", required=True)
    parser.add_argument("--forbid", action="append", default=[])
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    result = subprocess.run(command, capture_output=True, text=True)
    output = result.stdout + result.stderr
    print(output)
    ok = True
    if result.returncode != args.status:
        print(f"expected exit status {args.status}, got {result.returncode}")
        ok = False
    for pattern in args.expect:
        if not re.search(pattern, output, re.M):
            print(f"expected the output to report: {pattern}")
            ok = False
    for pattern in args.forbid:
        if re.search(pattern, output, re.M):
            print(f"expected the output not to report: {pattern}")
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
