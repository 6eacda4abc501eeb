#!/usr/bin/env python3
"""ladder_bench.py: the cost of -z sipladder against plain tshark (SPEC "Performance budget").

On a capture of N calls with RTP (default 2,000; made by bench/make_captures.py), runs each
configuration REPS times (interleaved, so load changes hit all of them alike) and reports the
median whole-process wall time, CPU time (user+sys) and peak RSS:

  base      tshark -r X -q -z sip,stat            without the plugin
  ladder    tshark -r X -q -z sipladder           with the plugin (output to /dev/null)
  sipstat   tshark -r X -q -z sip,stat            with the plugin (the parts' own cost)
  cdr       tshark -r X -q -z sipcdr              with the plugin
  ladder2   tshark -r X -2 -q -z sipladder        with the plugin, two passes

then the ratios to base (budget: ladder/base wall <= 1.25, goal 1.10) and the extra peak
memory per call ((ladder RSS - base RSS) / N; budget 4 KB).

  bench/ladder_bench.py [--so build/sipscope.so] [--calls N] [--reps N] [--only base,ladder]
"""
import argparse
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WRAP = os.path.join(ROOT, "tools", "sipscope-tshark")


def run(cmd):
    t = ["/usr/bin/time", "-f", "%e %U %S %M"] + cmd
    p = subprocess.run(t, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise SystemExit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr.decode()[-2000:]}")
    wall, user, sys_, rss = p.stderr.decode().strip().splitlines()[-1].split()
    return float(wall), float(user) + float(sys_), int(rss)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--so", default=os.path.join(ROOT, "build", "sipscope.so"))
    ap.add_argument("--calls", type=int, default=2000)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--only", default="base,ladder,sipstat,cdr,ladder2")
    a = ap.parse_args()

    out = os.path.join(HERE, "out")
    cap = os.path.join(out, f"calls-rtp-{a.calls}.pcap")
    if not os.path.exists(cap):
        subprocess.run([sys.executable, os.path.join(HERE, "make_captures.py"), "--out", out,
                        "--rtp-calls", str(a.calls), "--sig-calls", "0"], check=True)
    os.chmod(out, 0o755)
    os.chmod(cap, 0o644)

    plain = [WRAP, "--no-plugin", "--", "-r", cap]
    plug = [WRAP, "--so", a.so, "--", "-r", cap]
    configs = {
        "base": plain + ["-q", "-z", "sip,stat"],
        "ladder": plug + ["-q", "-z", "sipladder"],
        "sipstat": plug + ["-q", "-z", "sip,stat"],
        "cdr": plug + ["-q", "-z", "sipcdr"],
        "ladder2": plug + ["-2", "-q", "-z", "sipladder"],
    }
    names = [n for n in a.only.split(",") if n in configs]
    res = {n: [] for n in names}
    for rep in range(a.reps):
        for n in names:
            res[n].append(run(configs[n]))
            print(f"  rep {rep + 1}/{a.reps} {n:8s} wall {res[n][-1][0]:7.2f} s  cpu {res[n][-1][1]:7.2f} s  "
                  f"rss {res[n][-1][2] / 1024:7.1f} MB", file=sys.stderr)

    size = os.path.getsize(cap)
    print(f"capture: {os.path.basename(cap)} ({a.calls} calls with RTP, {size / 1e6:.1f} MB), "
          f"{a.reps} runs each, medians")
    print(f"{'config':10s} {'wall s':>8s} {'(min-max)':>15s} {'cpu s':>8s} {'peak RSS MB':>12s} "
          f"{'wall/base':>10s} {'cpu/base':>9s} {'extra KB/call':>14s}")
    med = {n: tuple(statistics.median(r[i] for r in res[n]) for i in range(3)) for n in names}
    for n in names:
        w, c, m = med[n]
        lo, hi = min(r[0] for r in res[n]), max(r[0] for r in res[n])
        line = f"{n:10s} {w:8.2f} {f'({lo:.2f}-{hi:.2f})':>15s} {c:8.2f} {m / 1024:12.1f}"
        if "base" in med and n != "base":
            bw, bc, bm = med["base"]
            line += f" {w / bw:10.2f} {c / bc:9.2f} {(m - bm) / a.calls:14.2f}"
        print(line)
    if "base" in med and "ladder" in med:
        r = med["ladder"][0] / med["base"][0]
        kb = (med["ladder"][2] - med["base"][2]) / a.calls
        print(f"-z sipladder vs -z sip,stat without the plugin: {r:.2f}x wall (budget 1.25x, goal 1.10x), "
              f"{med['ladder'][1] / med['base'][1]:.2f}x CPU, {kb:+.2f} KB peak RSS per call (budget 4 KB)")


if __name__ == "__main__":
    main()
