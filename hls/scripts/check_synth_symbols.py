#!/usr/bin/env python3
"""Proves, with nm, that object files compiled as the synthesis tool sees them reference no
allocation, exception, RTTI/virtual-dispatch or I/O symbol.

usage: check_synth_symbols.py [--require SYMBOL]... OBJECT...
Exit 0 when clean, 1 when a forbidden symbol (or a missing required one) is found, 2 on misuse.
--require names a symbol that must be defined, so an empty or wrong object cannot pass.
"""
import argparse
import re
import subprocess
import sys

FORBIDDEN = [
    ("allocation", r"^operator new"),
    ("allocation", r"^operator delete"),
    ("allocation", r"^(malloc|calloc|realloc|free|aligned_alloc|posix_memalign|memalign)$"),
    ("exceptions", r"^__cxa_(throw|allocate_exception|begin_catch|end_catch|rethrow|free_exception)"),
    ("exceptions", r"^__gxx_personality"),
    ("exceptions", r"^_Unwind_"),
    ("exceptions", r"^std::__throw_"),
    ("rtti", r"^typeinfo "),
    ("rtti", r"^__dynamic_cast$"),
    ("virtual", r"^vtable for "),
    ("io", r"^std::(cout|cerr|clog|cin)$"),
    ("io", r"std::basic_(ostream|istream|iostream|ios)"),
    ("io", r"^std::ios_base"),
    ("io", r"^(printf|fprintf|vprintf|vfprintf|sprintf|snprintf|puts|fputs|putchar|fputc|"
           r"fwrite|fread|fopen|fclose|fflush|perror|__printf_chk|__fprintf_chk)$"),
    ("process", r"^(abort|exit|_exit|__assert_fail)$"),
]


def symbols(path):
    try:
        out = subprocess.run(["nm", "-C", path], check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        print(f"{path}: nm failed: {error}", file=sys.stderr)
        sys.exit(2)
    for line in out.splitlines():
        parts = line.split(maxsplit=2) if not line.startswith(" ") else line.split(maxsplit=1)
        if len(parts) < 2:
            continue
        kind, name = (parts[0], parts[1]) if line.startswith(" ") else (parts[1], parts[2])
        yield kind, name


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--require", action="append", default=[])
    parser.add_argument("objects", nargs="+", help="object files; ';'-separated lists too")
    args = parser.parse_args()
    args.objects = [path for arg in args.objects for path in arg.split(";") if path]

    failed = False
    defined = set()
    for path in args.objects:
        for kind, name in symbols(path):
            if kind not in ("U", "w", "v"):
                defined.add(name)
            for rule, pattern in FORBIDDEN:
                if re.search(pattern, name):
                    print(f"FORBIDDEN [{rule}] {path}: {kind} {name}")
                    failed = True
    for required in args.require:
        if not any(name == required or name.startswith(required + "(") for name in defined):
            print(f"MISSING required symbol {required}")
            failed = True
    if not failed:
        print(f"clean: {len(args.objects)} object(s), no forbidden symbols")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
