#!/usr/bin/env python3
"""Checks the generated tables of the docs: markers, scripts and table shape.

usage: scripts/doc_tables/check_markers.py REPO_ROOT
  In every REPO_ROOT/docs/*.md and REPO_ROOT/README.md, each `<!-- SCRIPT: begin -->` needs its
  `<!-- SCRIPT: end -->`; SCRIPT (a path from REPO_ROOT) must exist, be executable, answer
  `--help` with status 0, and be named in docs/figures.md (the inventory); the text between the
  markers must be one or more Markdown tables whose rows all have the header's column count.
  Whether a table's figures are current is each generator's own --check (docs/figures.md).
"""
import pathlib
import re
import subprocess
import sys

MARKER = re.compile(r"^<!-- (\S+): (begin|end) -->$")


def cells(row):
    # Split on | outside backticks (a code span may hold one).
    return len(re.sub(r"`[^`]*`", "", row).strip().strip("|").split("|"))


def table_errors(lines):
    errors, tables, i = [], 0, 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        block = []
        while i < len(lines) and lines[i].strip():
            block.append(lines[i])
            i += 1
        if not all(row.startswith("|") for row in block) or len(block) < 3 or \
                not re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", block[1].replace(" ", "")):
            errors.append(f"not a Markdown table with a header, a separator and rows: {block[0]!r}")
            continue
        tables += 1
        width = cells(block[0])
        errors += [f"{cells(row)} columns where the header has {width}: {row!r}"
                   for row in block[1:] if cells(row) != width]
    return errors if tables else errors + ["no table between the markers"]


def check(root, doc, inventory):
    errors, open_script, body, count = [], None, [], 0
    for number, line in enumerate(doc.read_text().splitlines(), 1):
        marker = MARKER.match(line.strip())
        if not marker:
            if open_script:
                body.append(line)
            continue
        script, kind = marker.groups()
        where = f"{doc.relative_to(root)}:{number}"
        if kind == "begin":
            if open_script:
                errors.append(f"{where}: begin of {script} inside {open_script}'s block")
            open_script, body = script, []
            continue
        if script != open_script:
            errors.append(f"{where}: end of {script} without its begin")
            continue
        count += 1
        errors += [f"{where}: {script}: {e}" for e in table_errors(body)]
        path = root / script
        if not path.is_file() or not path.stat().st_mode & 0o111:
            errors.append(f"{where}: {script} is not an executable file")
        elif subprocess.run([path, "--help"], capture_output=True).returncode != 0:
            errors.append(f"{where}: {script} --help failed")
        if f"`{script}`" not in inventory:
            errors.append(f"{where}: {script} is not listed in docs/figures.md")
        open_script = None
    if open_script:
        errors.append(f"{doc.relative_to(root)}: {open_script}'s block has no end marker")
    return errors, count


def main():
    if len(sys.argv) != 2 or sys.argv[1] in ("--help", "-h"):
        print(__doc__)
        sys.exit(0 if len(sys.argv) == 2 else 1)
    root = pathlib.Path(sys.argv[1]).resolve()
    inventory = (root / "docs" / "figures.md").read_text()
    errors, total = [], 0
    for doc in sorted((root / "docs").glob("*.md")) + [root / "README.md"]:
        doc_errors, count = check(root, doc, inventory)
        errors += doc_errors
        total += count
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        sys.exit(1)
    print(f"{total} generated tables: markers paired, scripts present, tables well formed")


if __name__ == "__main__":
    main()
