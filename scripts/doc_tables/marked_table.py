"""The command line every table generator of the docs shares (inventory: docs/figures.md).

GENERATOR INPUT DOC [--check] replaces DOC's text between `<!-- SCRIPT: begin -->` and
`<!-- SCRIPT: end -->`, SCRIPT being the generator's path from the repository root, with the
table the generator makes from INPUT; with --check DOC is left alone and the command fails,
printing both, unless DOC already holds exactly that table. --help prints the generator's usage.
"""
import pathlib
import sys

REPO = pathlib.Path(__file__).resolve().parents[2]


def main(usage, make_table):
    args = sys.argv[1:]
    if args in (["--help"], ["-h"]):
        print(usage)
        return
    check = "--check" in args
    args = [a for a in args if a != "--check"]
    if len(args) != 2:
        sys.exit(usage)
    script = pathlib.Path(sys.argv[0]).resolve().relative_to(REPO)
    begin, end = f"<!-- {script}: begin -->", f"<!-- {script}: end -->"
    doc = pathlib.Path(args[1])
    head, found_begin, rest = doc.read_text().partition(begin)
    current, found_end, tail = rest.partition(end)
    if not found_begin or not found_end:
        sys.exit(f"{doc}: the markers {begin} and {end} are missing")
    generated = make_table(args[0])
    if not check:
        doc.write_text(f"{head}{begin}\n{generated}\n{end}{tail}")
    elif current.strip() != generated:
        sys.exit(f"{doc}: the table between the {script} markers differs from its output; rerun "
                 f"it without --check.\n--- in {doc}:\n{current.strip()}\n--- generated:\n{generated}")
    else:
        print(f"{doc}: the {script} table matches its output")
