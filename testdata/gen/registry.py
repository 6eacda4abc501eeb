"""Capture registry and MANIFEST rendering.

A capture generator is a function decorated with `@capture(file, part)`; it
returns a `Doc` (capture + its documentation).  Documentation strings may
refer to labelled packets as `{label}`; they are replaced by the final frame
numbers, so the manifest can never disagree with the pcap.
"""

import string


REGISTRY = []


class Doc:
    def __init__(self, cap, scenario, frames=(), expect=(), notes=()):
        self.cap = cap
        self.scenario = scenario
        self.frames = list(frames)        # [(label or "label-label", text)]
        self.expect = list(expect)
        self.notes = list(notes)


def capture(filename, part):
    def deco(fn):
        REGISTRY.append((filename, part, fn))
        return fn
    return deco


class _Labels(dict):
    def __missing__(self, key):
        raise KeyError("unknown frame label {%s}" % key)


class _Delta:
    """`{dt:a:b}` in documentation: time from packet a to packet b in ms."""

    def __init__(self, cap):
        self.cap = cap

    def __format__(self, spec):
        a, b = spec.split(":")
        d = self.cap.time_of(b) - self.cap.time_of(a)
        return ("%.3f" % d).rstrip("0").rstrip(".") + " ms"


def _labels(cap):
    labels = _Labels(cap.labels())
    labels["dt"] = _Delta(cap)
    return labels


def _fmt(text, labels):
    return string.Formatter().vformat(text, (), labels)


def render_frames(doc, labels):
    rows = []
    for lab, text in doc.frames:
        if "-" in lab and lab.split("-", 1)[0] in labels:
            a, b = lab.split("-", 1)
            num = "%d-%d" % (labels[a], labels[b])
        else:
            num = str(labels[lab])
        rows.append("| %s | %s |" % (num, _fmt(text, labels)))
    return rows


def render(filename, part, doc):
    labels = _labels(doc.cap)
    out = ["### `%s` (%s)" % (filename, part), ""]
    out.append("%s (%d frames)" % (_fmt(doc.scenario, labels).strip(), len(doc.cap)))
    out.append("")
    if doc.frames:
        out += ["| frame | packet |", "|---|---|"]
        out += render_frames(doc, labels)
        out.append("")
    if doc.expect:
        out.append("Expected:")
        out += ["- " + _fmt(e, labels) for e in doc.expect]
        out.append("")
    if doc.notes:
        out.append("Notes:")
        out += ["- " + _fmt(n, labels) for n in doc.notes]
        out.append("")
    return "\n".join(out)
