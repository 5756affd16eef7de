"""The program that runs a student's notebook INSIDE the sandbox, and the data format it writes.

    python harness.py JOB_FOLDER

JOB_FOLDER (the sandbox's scratch folder) holds `job.json`: the notebook as a list of cells (code
to run, or a probe where a check cell was) and, per graded function, `probes/<function>.json/.npz`:
the calls the judge wants made (made by the judge running the checks on the master's solution).
The harness reads every probe and deletes their files before any student code runs, then runs the
code cells in order in one namespace; at a probe it makes each call on the student's function and
keeps what came back. At the end, with every other process of the sandbox ended, it writes the
records, as data, to `results/<function>.json/.npz` (a results folder that student code made, or
a thread it left running, is tampering: every function is then recorded as tampered). It judges nothing: the judge, outside the sandbox,
compares those outputs with the master's, and words every message itself (no text of the
student's process reaches the feedback). If student code changes the check engine or this
harness (a Guard compares them with a snapshot after every cell), every function checked from then
on is recorded as tampered and earns nothing; printing "all checks passed" or exiting changes at
most the data handed over, never the verdict on it.

This file is copied into the sandbox and run there, where the autograder package is invisible: it
imports only the standard library, numpy and dnn_utils. The judge imports it for `encode`/`decode`.
Data format: a JSON tree whose arrays live in a .npz beside it (np.load with allow_pickle=False, so
reading a student's results can never run code).
"""
import io
import json
import math
import os
import re
import shutil
import signal
import stat
import struct
import sys
import traceback
import zipfile
from pathlib import Path

import numpy as np

from dnn_utils.checks.codec import MAX_DEPTH, CodecError, decode, encode
from dnn_utils.checks.integrity import changed, engine_modules, snapshot
from dnn_utils.checks.replay import answer, describe_function
from dnn_utils.checks.subject import LiveSubject

MAX_OUTPUT_CHARS = 1_000_000  # printed output kept per run; the rest is dropped
MAGIC = re.compile(r"^\s*[%!].*$", re.MULTILINE)  # IPython magics and shell escapes mean nothing here


# ----------------------------------------------------------------------------- data files
MAX_ARRAYS = 10_000  # arrays in one .npz: a record of the course's functions holds under 200
MAX_JSON_BYTES = 8_000_000  # a record of the course's functions is under 50 kB
MAX_JSON_DEPTH = 4 * (MAX_DEPTH + 2)  # a codec level takes at most 3 JSON levels (dict -> pairs -> pair)
ZIP_END = struct.Struct("<4s4H2LH")  # the zip's end-of-central-directory record
ZIP_ENTRY_BYTES = 256  # a directory entry: 46 bytes, the name "arr_<i>.npy" and room for extras
NPY_HEADERS = {(1, 0): np.lib.format.read_array_header_1_0, (2, 0): np.lib.format.read_array_header_2_0}
JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
JSON_OPEN, JSON_CLOSE = np.frombuffer(b"[{", dtype=np.uint8), np.frombuffer(b"]}", dtype=np.uint8)


def save(path, value):
    """Write `value` as path.json + path.npz (dnn_utils.checks.codec, arrays in the .npz)."""
    arrays = []
    tree = encode(value, arrays)
    np.savez(str(path) + ".npz", *arrays)
    Path(str(path) + ".json").write_text(json.dumps(tree), encoding="utf-8")


def load(path, max_bytes=200_000_000):
    """Read what `save` wrote, or a student's process forged: raises CodecError when malformed.

    Bounded: everything is checked before anything is loaded. path.json must be UTF-8 JSON of at
    most MAX_JSON_BYTES nesting at most MAX_JSON_DEPTH deep. path.npz must be a plain zip (no
    ZIP64) of at most MAX_ARRAYS uncompressed members named arr_0.npy .. arr_<n-1>.npy, each a
    numeric .npy (no objects, so nothing to unpickle) whose header's shape x itemsize is exactly the
    bytes that follow it; together within max_bytes and within the file. Neither file may be a link
    or sit in a linked folder. Never runs code.
    """
    tree = _read_tree(Path(str(path) + ".json"))
    arrays = _read_arrays(Path(str(path) + ".npz"), max_bytes)
    try:
        return decode(tree, arrays)
    except RecursionError:
        raise CodecError("the recording nests too deep") from None


def _read_file(path, max_bytes):
    """The bytes of `path`, a regular file (not a link, nor a FIFO) of at most max_bytes."""
    if path.parent.is_symlink():
        raise CodecError(f"{path.parent.name}/ is a link")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        raise CodecError(f"{path.name} is missing or a link") from None
    with open(fd, "rb") as handle:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise CodecError(f"{path.name} is not a regular file")
        if status.st_size > max_bytes:
            raise CodecError(f"{path.name} is larger than {max_bytes} bytes")
        data = handle.read(status.st_size + 1)  # more than fstat said: it grew while we read
    if len(data) != status.st_size:
        raise CodecError(f"{path.name} changed while it was read")
    return data


def _read_tree(path):
    """The JSON tree of path.json, its size and depth checked before it is parsed."""
    data = _read_file(path, MAX_JSON_BYTES)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise CodecError(f"{path.name} is not UTF-8") from None
    depth = _json_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise CodecError(f"{path.name} nests {depth} levels deep, more than {MAX_JSON_DEPTH}")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise CodecError(f"{path.name} is not JSON: {str(exc)[:200]}") from None


def _json_depth(text):
    """How deep the brackets of a JSON text nest; brackets inside strings do not count."""
    bare = np.frombuffer(JSON_STRING.sub("", text).encode("utf-8"), dtype=np.uint8)
    steps = np.isin(bare, JSON_OPEN).astype(np.int64) - np.isin(bare, JSON_CLOSE)
    return int(np.cumsum(steps).max(initial=0))


def _read_arrays(path, max_bytes):
    """The arrays of path.npz in order, each member validated (see load) before any is read."""
    data = _read_file(path, max_bytes)
    _check_zip_directory(path.name, data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as npz:
            members = npz.infolist()
            names = [member.filename for member in members]
            if sorted(names) != sorted(f"arr_{i}.npy" for i in range(len(names))):
                raise CodecError(f"{path.name} holds members other than arr_0.npy .. arr_{len(names) - 1}.npy")
            total = 0
            for member in members:
                total += _declared_bytes(npz, member, len(data))
                if total > min(max_bytes, len(data)):
                    raise CodecError(f"the arrays of {path.name} declare more bytes than the budget of "
                                     f"{max_bytes} bytes or the file's {len(data)}")
            arrays = []
            for i in range(len(members)):
                with npz.open(f"arr_{i}.npy") as member:
                    arrays.append(np.lib.format.read_array(member, allow_pickle=False))
            return arrays
    except (CodecError, MemoryError):
        raise
    except Exception as exc:  # whatever a forged zip makes zipfile or numpy raise, it is malformed
        raise CodecError(f"{path.name} is unreadable: {type(exc).__name__}: {str(exc)[:200]}") from None


def _check_zip_directory(name, data):
    """The zip's end record, read as zipfile will read it, must announce a small plain directory:
    zipfile parses the whole directory when it opens the file."""
    at = len(data) - ZIP_END.size
    if not (at >= 0 and data[at:at + 4] == b"PK\x05\x06" and data[-2:] == b"\0\0"):
        at = data.rfind(b"PK\x05\x06", max(0, len(data) - ZIP_END.size - 65_535))
    if at < 0 or at + ZIP_END.size > len(data):
        raise CodecError(f"{name} is not a zip file")
    _, disk, directory_disk, here, count, directory_bytes, _, _ = ZIP_END.unpack_from(data, at)
    if count > MAX_ARRAYS:
        raise CodecError(f"{name} holds {count} arrays, more than {MAX_ARRAYS}")
    if (disk, directory_disk) != (0, 0) or here != count or data[max(0, at - 20):at].startswith(b"PK\x06\x07"):
        raise CodecError(f"{name} is a multi-disk or ZIP64 zip")
    if directory_bytes > count * ZIP_ENTRY_BYTES:
        raise CodecError(f"{name} announces a directory of {directory_bytes} bytes for {count} arrays")


def _declared_bytes(npz, member, file_bytes):
    """The bytes one member's .npy header declares; CodecError unless stored, numeric and exact."""
    if member.compress_type != zipfile.ZIP_STORED or member.compress_size != member.file_size:
        raise CodecError(f"{member.filename} is compressed; arrays must be stored as they are")
    if member.header_offset + member.file_size > file_bytes:
        raise CodecError(f"{member.filename} lies outside the file")
    with npz.open(member) as npy:
        version = np.lib.format.read_magic(npy)
        if version not in NPY_HEADERS:
            raise CodecError(f"{member.filename} is .npy format {version}")
        shape, _, dtype = NPY_HEADERS[version](npy)
        start = npy.tell()
    if dtype.kind not in "biufc" or dtype.hasobject or dtype.fields or dtype.subdtype:
        raise CodecError(f"{member.filename} holds dtype {dtype}; only numbers and booleans are recorded")
    size = math.prod(shape) * dtype.itemsize
    if start + size != member.file_size:
        raise CodecError(f"{member.filename} declares shape {shape} of {dtype} ({size} bytes) "
                         f"but holds {member.file_size - start} bytes")
    return size


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


def error_of(exc, path):
    """What the judge needs to word a cell's error: its class, and its line in the cell (0: elsewhere)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == str(path)]
    return {"type": type(exc).__name__[:60], "line": frames[-1].lineno if frames else 0}


def run_cell(index, cell, namespace, folder, seconds):
    """Run one code cell; return None, or {"type", "line"} of the error it raised ({"timeout": s})."""
    path = folder / "cells" / f"cell_{index:03d}.py"
    path.write_text(MAGIC.sub("", cell["source"]), encoding="utf-8")
    try:
        code = compile(path.read_text(encoding="utf-8"), str(path), "exec")
        with limit(seconds):
            exec(code, namespace)
    except CellTimeout:
        return {"timeout": seconds}
    except BaseException as exc:  # SystemExit, KeyboardInterrupt and the rest: the cell failed, we go on
        return error_of(exc, path)
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
        except CodecError:
            results.append({"harness": "unrecordable"})
        except CellTimeout:
            results.append({"harness": "timeout"})
        except BaseException:  # a probe must never stop the others
            results.append({"harness": "failed"})
    return results


class Guard:
    """Watches the grader's own code (the check engine and this harness) while student code runs."""

    def __init__(self):
        self.modules = (*engine_modules(), sys.modules[__name__])
        self.before = snapshot(*self.modules)
        self.tampered = None

    def check(self, where):
        """After student code ran at `where`: note the first change to the grader's code."""
        if self.tampered is None and changed(self.before, *self.modules):
            self.tampered = where
        return self.tampered


def only_process_left(isolated):
    """End every other process of the sandbox (isolated: its own pid namespace, whose pid 1 is the
    sandbox's init); True if this process has a single thread left."""
    me = os.getpid()
    try:
        inside = isolated and Path("/proc/1/comm").read_text().strip() == "bwrap"  # never the host's processes
    except OSError:
        inside = False
    for entry in os.listdir("/proc") if inside else ():
        if entry.isdigit() and int(entry) not in (1, me):
            try:
                os.kill(int(entry), signal.SIGKILL)
            except OSError:
                pass
    try:
        return len(os.listdir(f"/proc/{me}/task")) == 1
    except OSError:
        return False


def main(folder):
    folder = Path(folder)
    job = json.loads((folder / "job.json").read_text(encoding="utf-8"))
    (folder / "job.json").unlink()  # its exit code tells the grader the harness, not student code, ended the run
    # The probes (hidden inputs among them) are read before any student code runs, and their files
    # removed: student code never finds them on disk.
    probes = {cell["function"]: load(folder / "probes" / cell["function"]) for cell in job["cells"] if cell["kind"] == "probe"}
    shutil.rmtree(folder / "probes")
    guard = Guard()
    (folder / "cells").mkdir(exist_ok=True)
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a full output file fails the write, not the run
    sys.stdout, sys.stderr = CappedWriter(sys.stdout), CappedWriter(sys.stderr)
    namespace = {"__name__": "__main__"}
    records = {}
    log = open(folder / "progress.jsonl", "a", encoding="utf-8")
    for index, cell in enumerate(job["cells"]):
        log.write(json.dumps({"cell": index, "label": cell["label"]}) + "\n")
        log.flush()
        if cell["kind"] == "code":
            error = run_cell(index, cell, namespace, folder, job["cell_seconds"])
            guard.check(cell["label"])
            if error:
                log.write(json.dumps({"cell": index, "error": error}) + "\n")
            continue
        name = cell["function"]
        record = {"defined": name in namespace}
        if record["defined"] and not guard.tampered:
            record.update(describe_function(namespace[name]))
            record["results"] = make_probes(namespace[name], probes[name], job["call_seconds"])
        if guard.check(cell["label"]):
            record = {"defined": True, "tampered": True}
        records[name] = record
        log.write(json.dumps({"cell": index, "probed": name}) + "\n")
        log.flush()
    results = folder / "results"
    if not only_process_left(job["isolated"]) or results.exists():  # student code left threads, or wrote results
        records = {name: {"defined": True, "tampered": True} for name in records}
        shutil.rmtree(results, ignore_errors=True)
    results.mkdir()
    for name, record in records.items():
        save(folder / "results" / name, record)
    log.write(json.dumps({"done": True}) + "\n")
    log.close()
    os._exit(job["exit_code"])  # no atexit handler or finaliser of student code runs after the work is recorded


if __name__ == "__main__":
    main(sys.argv[1])
