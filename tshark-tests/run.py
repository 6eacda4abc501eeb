#!/usr/bin/env python3
"""tshark-tests runner: drives the real tshark with the just-built sipscope.so.

A case is a file `cases/<group>/<name>.case` of `key: value` lines:

    # what the case checks (comment lines start with #)
    capture: testdata/captures/rec-call-auth.pcap   # repo-relative, or public:<file>
    args: -Y sip -T fields -e frame.number -e sipdialog.call
    two_pass: yes        # add -2 (default no)
    compare: stdout      # stdout (default) | none
    stderr: empty        # empty (default) | ignore | compare (stderr appended to the compared text)
    exit: 0              # expected exit status (default 0)
    absent: secret       # text that must not appear in stdout or stderr (repeatable)
    present: regex       # a regular expression that must match stdout (repeatable)
    config: testdata/credentials.csv   # copied into the private profile dir (repeatable)
    timeout: 120

The expected output lives next to the case as `<name>.expected`. After a deliberate change,
regenerate it with `tshark-tests/run.py --update CASE...` (or `--update --all`), then read the
diff line by line before committing it.

Exit status: 0 pass, 1 fail, 77 skipped (e.g. the public captures are not available).
"""
import argparse
import difflib
import os
import re
import shlex
import subprocess
import sys

from public_captures import public_dir

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SKIP = 77


def parse_case(path):
    case = {"args": "", "two_pass": "no", "compare": "stdout", "stderr": "empty", "exit": "0",
            "absent": [], "present": [], "config": [], "timeout": "300", "capture": None}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if ":" not in line:
                raise SystemExit(f"{path}:{n}: expected 'key: value'")
            key, val = line.split(":", 1)
            key, val = key.strip(), val.strip()
            if key not in case:
                raise SystemExit(f"{path}:{n}: unknown key {key!r}")
            if isinstance(case[key], list):
                case[key].append(val)
            else:
                case[key] = val
    return case


def resolve_capture(spec):
    if spec.startswith("public:"):
        d = public_dir()
        if not d:
            return None, "public captures not found (set SIPSCOPE_PUBLIC_CAPTURES)"
        p = os.path.join(d, spec[len("public:"):])
    else:
        p = os.path.join(ROOT, spec)
    if not os.path.exists(p):
        return None, f"capture {spec} not found at {p}"
    return p, None


def run_case(path, so, update=False, verbose=False):
    case = parse_case(path)
    name = os.path.relpath(path, os.path.join(HERE, "cases"))[:-len(".case")]
    expected_path = path[:-len(".case")] + ".expected"
    cmd = [os.path.join(ROOT, "tools", "sipscope-tshark"), "--so", so, "--"]
    if case["capture"]:
        cap, err = resolve_capture(case["capture"])
        if err:
            print(f"SKIP {name}: {err}")
            return SKIP
        cmd += ["-r", cap]
    if case["two_pass"].lower() in ("yes", "true", "1"):
        cmd.append("-2")
    cmd += shlex.split(case["args"])
    env = dict(os.environ)
    if case["config"]:
        env["SIPSCOPE_CONFIG_FILES"] = " ".join(os.path.join(ROOT, c) for c in case["config"])
    if verbose:
        print("+ " + " ".join(shlex.quote(c) for c in cmd))
    try:
        p = subprocess.run(cmd, capture_output=True, env=env, timeout=int(case["timeout"]))
    except subprocess.TimeoutExpired:
        print(f"FAIL {name}: timed out after {case['timeout']} s")
        return 1
    out = p.stdout.decode("utf-8", "replace")
    err = p.stderr.decode("utf-8", "replace")
    failures = []
    if p.returncode != int(case["exit"]):
        failures.append(f"exit status {p.returncode}, expected {case['exit']}")
    if case["stderr"] == "empty" and err.strip():
        failures.append("unexpected stderr:\n" + err)
    for a in case["absent"]:
        if a in out or a in err:
            failures.append(f"forbidden text {a!r} appears in the output")
    for r in case["present"]:
        if not re.search(r, out, re.M):
            failures.append(f"no match for /{r}/ in stdout")
    if any(k in err for k in ("AddressSanitizer", "runtime error:", "LeakSanitizer", "Dissector bug")):
        failures.append("sanitizer or dissector-bug report:\n" + err)

    compared = None
    if case["compare"] == "stdout":
        compared = out
        if case["stderr"] == "compare":
            compared += "--- stderr ---\n" + err
    if compared is not None:
        if update:
            with open(expected_path, "w", encoding="utf-8") as f:
                f.write(compared)
            print(f"UPDATED {name} ({len(compared.splitlines())} lines)")
        elif not os.path.exists(expected_path):
            failures.append(f"no expected file {os.path.relpath(expected_path, ROOT)} "
                            f"(create it with run.py --update and review it)")
        else:
            with open(expected_path, encoding="utf-8") as f:
                want = f.read()
            if want != compared:
                diff = difflib.unified_diff(want.splitlines(True), compared.splitlines(True),
                                            "expected", "actual")
                failures.append("output differs from " + os.path.relpath(expected_path, ROOT) +
                                ":\n" + "".join(diff))
    if failures and not update:
        print(f"FAIL {name}")
        print("  command: " + " ".join(shlex.quote(c) for c in cmd))
        for f_ in failures:
            print("  " + f_.replace("\n", "\n  "))
        return 1
    if not update:
        print(f"PASS {name}")
    return 0


def all_cases():
    out = []
    for d, _, files in os.walk(os.path.join(HERE, "cases")):
        out += [os.path.join(d, f) for f in files if f.endswith(".case")]
    return sorted(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cases", nargs="*", help="case files (default: all with --all)")
    ap.add_argument("--all", action="store_true", help="run every case")
    ap.add_argument("--so", default=os.environ.get("SIPSCOPE_SO", os.path.join(ROOT, "build", "sipscope.so")))
    ap.add_argument("--update", action="store_true", help="rewrite the expected files")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    cases = all_cases() if a.all or not a.cases else [os.path.abspath(c) for c in a.cases]
    rc = 0
    results = [run_case(c, a.so, a.update, a.verbose) for c in cases]
    if any(r == 1 for r in results):
        rc = 1
    elif results and all(r == SKIP for r in results):
        rc = SKIP
    return rc


if __name__ == "__main__":
    sys.exit(main())
