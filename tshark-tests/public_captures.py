#!/usr/bin/env python3
"""public_captures.py: where the public captures (../shared/captures/public) are.

One lookup for every test script: an explicit directory, then $SIPSCOPE_PUBLIC_CAPTURES, then
the directory next to the repository, then /work/shared/captures/public (a clone made elsewhere
on the project machine). Run as a program it prints the directory, or nothing and exit 1.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def public_dir(first=None):
    for c in (first, os.environ.get("SIPSCOPE_PUBLIC_CAPTURES"),
              os.path.join(ROOT, "..", "shared", "captures", "public"), "/work/shared/captures/public"):
        if c and os.path.isdir(c):
            return os.path.abspath(c)
    return None


if __name__ == "__main__":
    d = public_dir()
    if d:
        print(d)
    sys.exit(0 if d else 1)
