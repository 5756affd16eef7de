"""The program that runs a student's notebook INSIDE the sandbox, and the data format it writes.

    python harness.py JOB_FOLDER

JOB_FOLDER (the sandbox's scratch folder) holds `job.json`: the notebook as a list of cells (code
to run, or a probe where a check cell was) and, per graded function, `probes/<function>.json/.npz`:
the calls the judge wants made (made by the judge running the checks on the reference). The harness
runs the code cells in order in one namespace; at a probe it makes each call on the student's
function and writes what came back, as data, to `results/<function>.json/.npz`. It judges nothing:
the judge, outside the sandbox, compares those outputs with the reference. Whatever student code
does in here (monkeypatching numpy or the check engine, printing "all checks passed", exiting)
changes at most the data it hands over, never the verdict on it.

This file is copied into the sandbox and run there, where the autograder package is invisible: it
imports only the standard library, numpy and dnn_utils. The judge imports it for `encode`/`decode`.
Data format: a JSON tree whose arrays live in a .npz beside it (np.load with allow_pickle=False, so
reading a student's results can never run code).
"""
import json
import os
import re
import signal
import sys
import traceback
from pathlib import Path

import numpy as np

from dnn_utils.checks.codec import CodecError, decode, encode
from dnn_utils.checks.replay import answer, describe_function
from dnn_utils.checks.subject import LiveSubject

MAX_OUTPUT_CHARS = 1_000_000  # printed output kept per run; the rest is dropped
MAGIC = re.compile(r"^\s*[%!].*$", re.MULTILINE)  # IPython magics and shell escapes mean nothing here


# ----------------------------------------------------------------------------- data files
def save(path, value):
    """Write `value` as path.json + path.npz (dnn_utils.checks.codec, arrays in the .npz)."""
    arrays = []
    tree = encode(value, arrays)
    np.savez(str(path) + ".npz", *arrays)
    Path(str(path) + ".json").write_text(json.dumps(tree), encoding="utf-8")


def load(path, max_bytes=500_000_000):
    """Read what `save` wrote (or a student forged): never runs code, raises CodecError when malformed."""
    json_path, npz_path = Path(str(path) + ".json"), Path(str(path) + ".npz")
    for p in (json_path, npz_path):
        if not p.is_file():
            raise CodecError(f"{p.name} is missing")
        if p.stat().st_size > max_bytes:
            raise CodecError(f"{p.name} is larger than {max_bytes} bytes")
    try:
        tree = json.loads(json_path.read_text(encoding="utf-8"))
        with np.load(npz_path, allow_pickle=False) as npz:
            arrays = [npz[f"arr_{i}"] for i in range(len(npz.files))]
    except (OSError, ValueError, KeyError) as exc:
        raise CodecError(f"unreadable recording: {exc}") from None
    return decode(tree, arrays)


# ----------------------------------------------------------------------------- running a notebook
class CellTimeout(BaseException):
    """Raised in student code when a cell or a call runs longer than its limit."""


class CappedWriter:
    """sys.stdout / sys.stderr replacement that keeps the first MAX_OUTPUT_CHARS characters."""

    def __init__(self, stream):
        self.stream, self.left = stream, MAX_OUTPUT_CHARS

    def write(self, text):
        if self.left > 0:
            kept = text[: self.left]
            self.left -= len(kept)
            try:
                self.stream.write(kept)
            except (OSError, ValueError):
                self.left = 0
        return len(text)

    def flush(self):
        try:
            self.stream.flush()
        except (OSError, ValueError):
            pass


def _on_alarm(signum, frame):
    raise CellTimeout()


class limit:
    """Context manager: raise CellTimeout in the running code after `seconds` of wall time."""

    def __init__(self, seconds):
        self.seconds = seconds

    def __enter__(self):
        signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc):
        signal.setitimer(signal.ITIMER_REAL, 0)
        return False


def error_text(exc):
    """One line for the feedback: the exception and the innermost line of student code it came from."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/cells/" in f.filename]
    where = f" (line {frames[-1].lineno}: {(frames[-1].line or '').strip()})" if frames else ""
    return f"{type(exc).__name__}: {str(exc)[:500]}{where}"


def run_cell(index, cell, namespace, folder, seconds):
    """Run one code cell; return None, or a one-line description of the error it raised."""
    path = folder / "cells" / f"cell_{index:03d}.py"
    path.write_text(MAGIC.sub("", cell["source"]), encoding="utf-8")
    try:
        code = compile(path.read_text(encoding="utf-8"), str(path), "exec")
        with limit(seconds):
            exec(code, namespace)
    except CellTimeout:
        return f"ran longer than {seconds:g} s and was interrupted"
    except BaseException as exc:  # SystemExit, KeyboardInterrupt and the rest: the cell failed, we go on
        return error_text(exc)
    finally:
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")
    return None


def make_probes(function, probes, seconds):
    """Make every probe on `function`; return the recorded results, one per probe."""
    subject = LiveSubject(function)
    results = []
    for probe in probes:
        try:
            with limit(seconds):
                result = answer(subject, probe)
            encode(result, [])  # fails here, for this probe only, if the output cannot be recorded
            results.append(result)
        except CodecError as exc:
            results.append({"error": f"returned a value that cannot be recorded ({exc})"})
        except CellTimeout:
            results.append({"error": f"did not return within {seconds:g} s"})
        except BaseException as exc:  # a probe must never stop the others
            results.append({"error": f"could not be called: {error_text(exc)}"})
    return results


def main(folder):
    folder = Path(folder)
    job = json.loads((folder / "job.json").read_text(encoding="utf-8"))
    (folder / "cells").mkdir(exist_ok=True)
    (folder / "results").mkdir(exist_ok=True)
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a full output file fails the write, not the run
    sys.stdout, sys.stderr = CappedWriter(sys.stdout), CappedWriter(sys.stderr)
    namespace = {"__name__": "__main__"}
    log = open(folder / "progress.jsonl", "a", encoding="utf-8")
    for index, cell in enumerate(job["cells"]):
        log.write(json.dumps({"cell": index, "label": cell["label"]}) + "\n")
        log.flush()
        if cell["kind"] == "code":
            error = run_cell(index, cell, namespace, folder, job["cell_seconds"])
            if error:
                log.write(json.dumps({"cell": index, "error": error}) + "\n")
            continue
        name = cell["function"]
        record = {"defined": name in namespace}
        if record["defined"]:
            record.update(describe_function(namespace[name]))
            probes = load(folder / "probes" / name)
            record["results"] = make_probes(namespace[name], probes, job["call_seconds"])
        save(folder / "results" / name, record)
        log.write(json.dumps({"cell": index, "probed": name}) + "\n")
        log.flush()
    log.write(json.dumps({"done": True}) + "\n")
    log.close()
    os._exit(0)  # no atexit handler or finaliser of student code runs after the work is recorded


if __name__ == "__main__":
    main(sys.argv[1])
