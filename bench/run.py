#!/usr/bin/env python3
"""run.py: measure sipscope's cost side by side with plain tshark (and sngrep), in one run.

For each capture and configuration it runs the whole process REPS times and reports the median
and spread (min-max) of wall time, CPU time (user+sys) and peak RSS, plus ratios to plain tshark
and the extra memory per call. Every tshark configuration runs through tools/sipscope-tshark
(so all pay the same wrapper cost; the baseline uses --no-plugin).

  bench/run.py [--reps N] [--sig-reps N] [--so build/sipscope.so] [--calls-rtp N] [--calls-sig N] [--quick] [--readme]

--readme also writes the tables into README.md between the bench markers (what the README's
benchmark section shows is exactly the last such run).

Captures come from bench/make_captures.py (generated on demand into bench/out/).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WRAP = os.path.join(ROOT, "tools", "sipscope-tshark")
PROTOS = ["sipdialog", "sipauth", "stunverify", "mediabind"]


def measure(cmd):
    """Run cmd under GNU time; return (wall s, cpu s, maxrss KB, rc)."""
    t = ["/usr/bin/time", "-f", "%e %U %S %M"] + cmd
    p = subprocess.run(t, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    last = p.stderr.decode().strip().splitlines()[-1].split()
    wall, user, sys_, rss = float(last[0]), float(last[1]), float(last[2]), int(last[3])
    return wall, user + sys_, rss, p.returncode


def configs(so, have_taps):
    plain = [WRAP, "--no-plugin", "--"]
    plug = [WRAP, "--so", so, "--"]
    off = sum((["--disable-protocol", p] for p in PROTOS), [])
    c = [
        ("tshark -z sip,stat (no plugin)", plain + ["-q", "-z", "sip,stat"], True),
        ("plugin loaded, protocols disabled", plug + off + ["-q", "-z", "sip,stat"], True),
        ("plugin enabled, -z sip,stat", plug + ["-q", "-z", "sip,stat"], True),
        ("plugin -z sipladder", plug + ["-q", "-z", "sipladder"], "sipladder" in have_taps),
        ("plugin -z sipcdr", plug + ["-q", "-z", "sipcdr"], "sipcdr" in have_taps),
        ("tshark -2 -z sip,stat (no plugin)", plain + ["-2", "-q", "-z", "sip,stat"], True),
        ("plugin -2 -z sipladder", plug + ["-2", "-q", "-z", "sipladder"], "sipladder" in have_taps),
    ]
    if shutil.which("sngrep"):
        c.append(("sngrep -I X -N -q", ["sngrep", "-I", "{cap}", "-N", "-q", "-l", "1000000"], True))
    return c


def probe_taps(so):
    p = subprocess.run([WRAP, "--so", so, "-z", "help"], capture_output=True, stdin=subprocess.DEVNULL)
    text = (p.stdout + p.stderr).decode()
    return {t for t in ("sipladder", "sipcdr") if ("     " + t + "\n") in text}


def write_readme(report):
    """Replace the text between the bench markers of README.md with this run's tables."""
    path = os.path.join(ROOT, "README.md")
    text = open(path, encoding="utf-8").read()
    begin, end = "<!-- bench:begin (bench/run.py --readme) -->", "<!-- bench:end -->"
    if begin not in text or end not in text:
        sys.exit("run.py: README.md has no bench markers")
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    out = []
    for line in report:
        if line.startswith("# "):                 # run facts: one per line
            out.append(line[2:] + "  ")
        elif line.startswith("\n## "):           # a capture's heading
            out.append("\n**" + line.strip()[3:] + "**\n")
        else:
            out.append(line)
    body = "\n".join(out)
    with open(path, "w", encoding="utf-8") as f:
        f.write(head + begin + "\n" + body.strip("\n") + "\n" + end + tail)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--sig-reps", type=int, default=None,
                    help="repetitions on the signalling-only capture (default: --reps; its runs are long)")
    ap.add_argument("--so", default=os.path.join(ROOT, "build", "sipscope.so"))
    ap.add_argument("--calls-rtp", type=int, default=2000)
    ap.add_argument("--calls-sig", type=int, default=100000)
    ap.add_argument("--quick", action="store_true", help="small captures, 3 reps (smoke test)")
    ap.add_argument("--readme", action="store_true", help="write the tables into README.md")
    a = ap.parse_args()
    report = []

    def say(line=""):
        print(line)
        sys.stdout.flush()
        report.append(line)

    if a.quick:
        a.calls_rtp, a.calls_sig, a.reps = 200, 2000, 3
    out = os.path.join(HERE, "out")
    caps = []
    for kind, n in (("rtp", a.calls_rtp), ("sig", a.calls_sig)):
        if n <= 0:
            continue
        path = os.path.join(out, "calls-%s-%d.pcap" % (kind, n))
        if not os.path.exists(path):
            args = ["--rtp-calls", str(n) if kind == "rtp" else "0", "--sig-calls", str(n) if kind == "sig" else "0"]
            subprocess.run([sys.executable, os.path.join(HERE, "make_captures.py"), "--out", out] + args, check=True)
        os.chmod(path, 0o644)
        caps.append((path, n))
    os.chmod(out, 0o755)

    taps = probe_taps(a.so)
    say("# sipscope benchmark, %s, %s" % (time.strftime("%Y-%m-%d"), os.uname().nodename))
    say("# cpu: %s x %d; tshark %s" % (
        open("/proc/cpuinfo").read().split("model name")[1].split(":")[1].split("\n")[0].strip(),
        os.cpu_count(), subprocess.run(["tshark", "-v"], capture_output=True).stdout.decode().split("\n")[0]))
    say("# %s repetitions each; median [min-max]; ratios to the first row of each capture are the "
        "median of per-round ratios (round robin)" % (
            str(a.reps) if a.sig_reps in (None, a.reps) else "%d (signalling capture: %d)" % (a.reps, a.sig_reps)))
    for cap, ncalls in caps:
        npk = int(subprocess.run(["capinfos", "-c", "-M", cap], capture_output=True).stdout.decode()
                  .split("Number of packets:")[1].split()[0])
        say("\n## %s: %d calls, %d packets, %.0f MB\n" % (os.path.basename(cap), ncalls, npk,
                                                           os.path.getsize(cap) / 1e6))
        say("| configuration | wall s | cpu s | peak RSS MB | wall ratio | cpu ratio | extra KB/call |")
        say("|---|---|---|---|---|---|---|")
        todo = []
        for name, cmd, ok in configs(a.so, taps):
            cmd = [c.replace("{cap}", cap) for c in cmd]
            if cmd[0] == WRAP:
                cmd += ["-r", cap]
            todo.append((name, cmd, ok))
        measure(todo[0][1])                      # warm the page cache
        runs = {name: [] for name, _, _ in todo}
        reps = a.sig_reps if (a.sig_reps and "-sig-" in os.path.basename(cap)) else a.reps
        for _ in range(reps):                    # round robin: drift hits every row alike
            for name, cmd, ok in todo:
                if ok:
                    runs[name].append(measure(cmd))
        base = base_runs = None
        for name, cmd, ok in todo:
            if not ok:
                say("| %s | n/a (tap not registered) | | | | | |" % name)
                continue
            r = runs[name]
            if any(x[3] != 0 for x in r):
                say("| %s | FAILED (exit %d) | | | | | |" % (name, r[0][3]))
                continue
            wall, cpu, rss = [x[0] for x in r], [x[1] for x in r], [x[2] for x in r]
            med = (statistics.median(wall), statistics.median(cpu), statistics.median(rss))
            if base is None:
                base, base_runs = med, r
            # ratios are paired: each round's run against the baseline's run of the same round
            # (round robin), median over rounds, so drift of the machine cancels out
            wall_ratio = statistics.median(x[0] / b[0] for x, b in zip(r, base_runs))
            cpu_ratio = statistics.median(x[1] / b[1] for x, b in zip(r, base_runs))
            per_call = "%.2f" % ((med[2] - base[2]) / ncalls) if cmd[0] == WRAP else "-"
            say("| %s | %.2f [%.2f-%.2f] | %.2f [%.2f-%.2f] | %.0f [%.0f-%.0f] | %.2f | %.2f | %s |" % (
                name, med[0], min(wall), max(wall), med[1], min(cpu), max(cpu),
                med[2] / 1024, min(rss) / 1024, max(rss) / 1024,
                wall_ratio, cpu_ratio, per_call))
    if a.readme:
        write_readme(report)


if __name__ == "__main__":
    main()
