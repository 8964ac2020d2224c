#!/usr/bin/env python3
"""Flags constructs outside the Vitis-HLS-synthesizable subset in the HLS core's sources.

usage: lint_hls_sources.py SOURCE...
Comments, string literals and `#ifndef __SYNTHESIS__` blocks (host-only code) are ignored.
Rules: heap (new, delete, malloc, ...), exceptions (throw, try, catch), virtual / RTTI,
containers (std::vector, std::map, std::string, ...), host headers (iostream, vector, ...),
unbounded-loop (while, do, goto, a for loop whose bound is not a constant), tripcount (a
pipelined loop without LOOP_TRIPCOUNT), recursion (a function that calls itself by name;
mutual recursion is not detected). Exit 0 when clean, 1 on findings.
"""
import re
import sys

CONTAINERS = ("vector|map|multimap|set|multiset|unordered_map|unordered_set|list|forward_list|"
              "deque|queue|stack|priority_queue|string|basic_string|string_view|function|"
              "shared_ptr|unique_ptr|any|valarray")
HOST_HEADERS = ("iostream|ostream|istream|sstream|fstream|cstdio|stdio.h|cstdlib|stdlib.h|"
                "vector|map|set|unordered_map|unordered_set|list|deque|queue|stack|string|"
                "memory|functional|thread|mutex|exception|stdexcept|typeinfo|any")

TOKEN_RULES = [
    ("heap", r"\bnew\b"),
    ("heap", r"\bdelete\b"),
    ("heap", r"\b(malloc|calloc|realloc|free|aligned_alloc)\s*\("),
    ("exceptions", r"\bthrow\b"),
    ("exceptions", r"\btry\b"),
    ("exceptions", r"\bcatch\s*\("),
    ("virtual", r"\bvirtual\b"),
    ("rtti", r"\b(typeid|dynamic_cast)\b"),
    ("container", r"\bstd::(" + CONTAINERS + r")\b"),
    ("host-header", r"#\s*include\s*<(" + HOST_HEADERS + r")>"),
    ("io", r"\b(printf|fprintf|puts|std::cout|std::cerr)\b"),
    ("unbounded-loop", r"\bwhile\s*\("),
    ("unbounded-loop", r"\bdo\s*\{"),
    ("unbounded-loop", r"\bgoto\b"),
]

# A for loop is bounded when its condition compares against a constant: a literal or a kName.
BOUNDED_FOR = re.compile(r"\bfor\s*\([^;]*;\s*\w+\s*(<|<=|!=|>|>=)\s*((\w+::)*k[A-Z]\w*|\d+)\s*;")
FOR_LOOP = re.compile(r"\bfor\s*\(")
FUNCTION_DEF = re.compile(r"\b([A-Za-z_]\w*)\s*\(([^()]|\([^()]*\))*\)\s*(const\s*)?\{")
NOT_FUNCTIONS = {"if", "for", "while", "switch", "catch", "return", "sizeof", "alignof"}


def strip(text):
    """Blanks comments, string/char literals and #ifndef __SYNTHESIS__ blocks, keeping lines."""
    def blank(match):
        return re.sub(r"[^\n]", " ", match.group(0))
    text = re.sub(r"//[^\n]*", blank, text)
    text = re.sub(r"/\*.*?\*/", blank, text, flags=re.S)
    text = re.sub(r'"(\\.|[^"\\\n])*"', blank, text)
    text = re.sub(r"'(\\.|[^'\\\n])+'", blank, text)

    out, depth, skipping = [], 0, 0
    for line in text.split("\n"):
        directive = line.strip()
        if skipping:
            if re.match(r"#\s*(if|ifdef|ifndef)\b", directive):
                depth += 1
            elif re.match(r"#\s*endif\b", directive):
                depth -= 1
                if depth == 0:
                    skipping = 0
            elif re.match(r"#\s*else\b", directive) and depth == 1:
                skipping = 0  # the #else branch is what synthesis sees
                depth = 0
            out.append("")
            continue
        if re.match(r"#\s*ifndef\s+__SYNTHESIS__\b", directive):
            skipping, depth = 1, 1
            out.append("")
            continue
        out.append(line)
    return "\n".join(out)


def matching_brace(text, open_index):
    depth = 0
    for index in range(open_index, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    return len(text)


def lint(path):
    with open(path, encoding="utf-8") as source:
        text = strip(source.read())
    lines = text.split("\n")
    findings = []

    def report(rule, offset, what):
        line = text.count("\n", 0, offset) + 1
        findings.append(f"{path}:{line}: [{rule}] {what}")

    for rule, pattern in TOKEN_RULES:
        for match in re.finditer(pattern, text):
            report(rule, match.start(), match.group(0).strip())

    for match in FOR_LOOP.finditer(text):
        if not BOUNDED_FOR.match(text, match.start()):
            report("unbounded-loop", match.start(), "for loop without a constant bound")
        line = text.count("\n", 0, match.start())
        body_head = "\n".join(lines[line:line + 5])
        if "PIPELINE" in body_head and "LOOP_TRIPCOUNT" not in body_head:
            report("tripcount", match.start(), "pipelined loop without LOOP_TRIPCOUNT")

    for match in FUNCTION_DEF.finditer(text):
        name = match.group(1)
        if name in NOT_FUNCTIONS:
            continue
        body_start = match.end() - 1
        body = text[body_start + 1:matching_brace(text, body_start)]
        call = re.search(r"(?<![\w.>:])" + re.escape(name) + r"\s*\(", body)
        if call:
            report("recursion", body_start + 1 + call.start(), f"{name} calls itself")
    return findings


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    findings = []
    for path in sys.argv[1:]:
        findings += lint(path)
    for finding in findings:
        print(finding)
    if not findings:
        print(f"clean: {len(sys.argv) - 1} file(s) in the synthesizable subset")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
