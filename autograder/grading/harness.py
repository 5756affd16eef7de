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

MAX_DEPTH = 32
MAX_STRING = 20_000
MAX_OUTPUT_CHARS = 1_000_000  # printed output kept per run; the rest is dropped
MAGIC = re.compile(r"^\s*[%!].*$", re.MULTILINE)  # IPython magics and shell escapes mean nothing here


class CodecError(ValueError):
    """Recorded data that is not in the expected format."""


class Opaque:
    """Stands for a value of a type that cannot be recorded (a function, a generator, ...)."""

    def __init__(self, type_name):
        self.type_name = type_name

    def __repr__(self):
        return f"<{self.type_name}>"


# ----------------------------------------------------------------------------- data format
def encode(value, arrays, depth=0):
    """A JSON-able tree for `value`; numpy arrays are appended to `arrays` and referenced by index."""
    if depth > MAX_DEPTH:
        raise CodecError(f"nested deeper than {MAX_DEPTH} levels")
    if value is None:
        return None
    if isinstance(value, (np.ndarray, np.generic)) and np.asarray(value).dtype.kind in "biufc":
        arrays.append(np.asarray(value))
        return {"t": "array" if isinstance(value, np.ndarray) else "scalar", "i": len(arrays) - 1}
    if isinstance(value, bool):
        return {"t": "bool", "v": value}
    if isinstance(value, int):
        return {"t": "int", "v": str(value)}
    if isinstance(value, float):
        return {"t": "float", "v": repr(value)}
    if isinstance(value, str):
        return {"t": "str", "v": value[:MAX_STRING]}
    if isinstance(value, (list, tuple)):
        return {"t": type(value).__name__, "v": [encode(v, arrays, depth + 1) for v in value]}
    if isinstance(value, dict):
        return {"t": "dict", "v": [[encode(k, arrays, depth + 1), encode(v, arrays, depth + 1)] for k, v in value.items()]}
    return {"t": "opaque", "v": type(value).__name__[:100]}


def decode(tree, arrays, depth=0):
    """The value that `encode` recorded; raises CodecError on anything malformed."""
    if depth > MAX_DEPTH:
        raise CodecError(f"nested deeper than {MAX_DEPTH} levels")
    if tree is None:
        return None
    if not isinstance(tree, dict) or not isinstance(tree.get("t"), str):
        raise CodecError(f"unexpected node {str(tree)[:80]!r}")
    kind, v = tree["t"], tree.get("v")
    if kind == "bool" and isinstance(v, bool):
        return v
    if kind == "int" and isinstance(v, str) and re.fullmatch(r"-?\d{1,4000}", v):
        return int(v)
    if kind == "float" and isinstance(v, str):
        try:
            return float(v)
        except ValueError:
            raise CodecError(f"not a float: {v[:40]!r}") from None
    if kind in ("str", "opaque") and isinstance(v, str):
        return v if kind == "str" else Opaque(v)
    if kind in ("array", "scalar"):
        index = tree.get("i")
        if not isinstance(index, int) or not 0 <= index < len(arrays):
            raise CodecError(f"array index {index!r} out of range")
        array = arrays[index]
        return array if kind == "array" else array[()]
    if kind in ("list", "tuple") and isinstance(v, list):
        items = [decode(item, arrays, depth + 1) for item in v]
        return items if kind == "list" else tuple(items)
    if kind == "dict" and isinstance(v, list) and all(isinstance(p, list) and len(p) == 2 for p in v):
        pairs = [(decode(k, arrays, depth + 1), decode(x, arrays, depth + 1)) for k, x in v]
        if not all(isinstance(k, (str, int, float, bool, tuple)) or k is None for k, _ in pairs):
            raise CodecError("a dict key of a type that cannot be a key")
        return dict(pairs)
    raise CodecError(f"unexpected node of kind {kind!r}")


def save(path, value):
    """Write `value` as path.json + path.npz."""
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
    """Make every probe call on `function`; return the recorded results, one per probe."""
    from dnn_utils.checks import LiveSubject  # the sandbox sees dnn_utils; judging happens outside

    subject = LiveSubject(function)
    results = []
    for kind, inputs in probes:
        try:
            with limit(seconds):
                result = _probe(subject, kind, inputs)
            encode(result, [])  # fails here, for this probe only, if the output cannot be recorded
            results.append(result)
        except CodecError as exc:
            results.append({"error": f"returned a value that cannot be recorded ({exc})"})
        except CellTimeout:
            results.append({"error": f"did not return within {seconds:g} s"})
        except BaseException as exc:  # a probe must never stop the others
            results.append({"error": f"could not be called: {error_text(exc)}"})
    return results


def _probe(subject, kind, inputs):
    if kind == "call":
        args, kwargs = inputs
        outcome = subject.call(tuple(args), dict(kwargs))
        return {"error": outcome.error, "value": outcome.value, "after": outcome.after}
    if kind == "lines":
        counts, sources, error = subject.count_lines(tuple(inputs))
        return {
            "error": error,
            "counts": [[file, line, n] for (file, line), n in counts.items()],
            "sources": [[file, line, text] for (file, line), text in sources.items()],
        }
    if kind == "forbidden":
        args, kwargs, names = inputs
        called, error = subject.forbidden_calls(tuple(args), dict(kwargs), [_resolve(n) for n in names])
        return {"error": error, "called": list(called)}
    raise ValueError(f"unknown probe kind {kind!r}")


def _resolve(dotted):
    """The function named "package.module.name"."""
    module, _, name = dotted.rpartition(".")
    __import__(module)
    return getattr(sys.modules[module], name)


def describe_value(value):
    from dnn_utils.checks import LiveSubject

    subject = LiveSubject(value)
    return {"callable": subject.is_callable(), "describe": subject.describe(), "parameters": subject.parameter_names()}


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
            record.update(describe_value(namespace[name]))
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
