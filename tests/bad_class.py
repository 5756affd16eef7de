"""A generated class of broken and cheating hand-ins of week2/01_numpy_basics, each with the outcome
it must get. Used by tests/test_bad_class.py and benchmarks/grading.py.

Every hand-in is a plain LMS file `<student>.ipynb` (only 01_numpy_basics, so 02's exercises score 0
as "not handed in"). Points of 01_numpy_basics: 9 in all, L1 and L2 1 each.
"""
import copy
import json
import os

from notebook_tools import COURSE, REPO

MASTER = COURSE / "source" / "week2" / "01_numpy_basics.ipynb"
RELEASE = REPO / "notebooks" / "week2" / "01_numpy_basics.ipynb"
FULL = 9
WRONG_L1 = "import numpy as np\n\ndef L1(yhat, y):\n    return float(np.sum(y - yhat))\n"


def master():
    return json.loads(MASTER.read_text())


def cell_of(nb, grade_id):
    return next(c for c in nb["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id)


def with_cell(grade_id, source, nb=None):
    """The master with one cell's source replaced."""
    nb = nb or master()
    cell_of(nb, grade_id)["source"] = source
    return nb


def wrong_l1_and(extra):
    """The master with a wrong L1 whose answer cell also runs `extra` (the cheat) first."""
    return with_cell("L1", extra + "\n" + WRONG_L1)


def after_l2(extra):
    """The master whose L2 answer cell runs `extra` after defining L2."""
    nb = master()
    cell = cell_of(nb, "L2")
    cell["source"] = "".join(cell["source"]) + "\n" + extra
    return nb


def without(grade_id):
    nb = master()
    nb["cells"].remove(cell_of(nb, grade_id))
    return nb


def duplicated_answer():
    nb = master()
    good = cell_of(nb, "L1")
    bad = copy.deepcopy(good)
    bad["source"] = WRONG_L1
    nb["cells"].insert(nb["cells"].index(good), bad)  # the wrong copy first, the right one last
    return nb


def reordered():
    nb = master()
    nb["cells"].reverse()
    return nb


def retyped(grade_id, cell_type="markdown"):
    nb = master()
    cell = cell_of(nb, grade_id)
    cell["cell_type"] = cell_type
    cell.pop("outputs", None)
    cell.pop("execution_count", None)
    return nb


def renamed(grade_id, new_id):
    nb = master()
    cell_of(nb, grade_id)["metadata"]["nbgrader"]["grade_id"] = new_id
    return nb


def skip_tagged():
    nb = with_cell("L1", WRONG_L1)
    cell_of(nb, "L1_check")["metadata"]["tags"] = ["skip-execution"]
    return nb


def nbformat3():
    nb = master()
    nb["nbformat"] = 3
    return nb


def huge():
    nb = master()
    nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "x" * 21_000_000})
    return nb


def week3_notebook():
    return json.loads((COURSE / "source" / "week3" / "01_planar_data_classification.ipynb").read_text())


PATCH_NUMPY = """import numpy as np
np.allclose = lambda *a, **k: True
np.isclose = lambda a, b, *x, **k: np.ones(np.broadcast(a, b).shape, dtype=bool)
np.testing.assert_allclose = lambda *a, **k: None
np.array_equal = lambda *a, **k: True"""
PATCH_ENGINE = """import dnn_utils.checks as engine
engine.run_check = lambda spec, f, reveal=True: engine.Report(spec.name, ())
engine._numeric_problem = lambda *a, **k: None
engine._compare_values = lambda *a, **k: None"""
TRANSFORMER = """try:
    get_ipython().input_transformers_cleanup.append(lambda lines: ["pass\\n"])
except NameError:
    pass"""
HANDLERS = """import sys
sys.excepthook = lambda *a: print("all checks passed")
try:
    get_ipython().set_custom_exc((Exception,), lambda *a, **k: None)
except NameError:
    pass"""
FAKE_PASS = 'print("L1: all checks passed")\nprint("all checks passed")'
EXIT = "import sys\nsys.exit(0)"
INFINITE = "while True:\n    pass"
STUBBORN = """import signal, time
for s in (signal.SIGINT, signal.SIGTERM, signal.SIGALRM):
    signal.signal(s, signal.SIG_IGN)
while True:
    try:
        time.sleep(0.1)
    except BaseException:
        pass"""
DIE = "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"
MEMORY = "hog = []\nwhile True:\n    hog.append(bytearray(50_000_000))"
FORKS = """import os, time
for _ in range(10_000):
    if os.fork() == 0:
        time.sleep(60)
        os._exit(0)"""
OUTPUT = 'for _ in range(60):\n    print("x" * 1_000_000)'
TERMINAL = """import os, sys
sys.stderr.write("\\x1b[2J\\x1b]0;owned\\x07\\x9b31m\\x1b[5m\\x07\\x08boom\\x1b[0m\\n")
sys.stderr.flush()
os._exit(3)"""
DISK_FILLER = """import itertools
chunk = b"x" * 1_000_000
try:
    for i in itertools.count():
        with open(f"fill-{i}", "wb") as f:
            f.write(chunk)
except OSError:
    pass"""
FILE_FILLER = """import itertools
try:
    for i in itertools.count():
        open(f"f{i}", "w").close()
except OSError:
    pass"""
DEEP_TREE = """import os
start = os.getcwd()
for _ in range(1100):
    os.mkdir("d")
    os.chdir("d")
os.symlink("/etc/passwd", "results.json")
os.chdir(start)"""
VANDAL = """import os, pathlib, shutil
for target in {targets!r}:
    for action in (lambda p: p.unlink(), lambda p: p.write_text("owned"), lambda p: shutil.rmtree(p)):
        try:
            action(pathlib.Path(target))
        except Exception:
            pass"""
SNOOP = """import pathlib
leaked = ""
for target in {targets!r}:
    try:
        leaked += pathlib.Path(target).read_text()[:100]
    except Exception:
        pass
if leaked:
    del L2  # reading a secret would cost this exercise: the expected outcome proves it did not happen"""
NETWORK = """import socket
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=2).sendall(b"escaped")
    del L2
except OSError:
    pass"""
FORGE = """import json, os
with open("progress.jsonl", "a") as log:
    log.write(json.dumps({"done": True}) + "\\n")
os._exit(0)"""


def cases(course, port):
    """student -> (notebook JSON or raw bytes, expected): expected is ("graded", points of 01) or
    ("not graded", words the reason must contain)."""
    secrets = [
        str(course / "source" / "week2" / "01_numpy_basics.ipynb"),
        str(course / "gradebook.db"),
        str(REPO / "autograder" / "source" / "week2" / "01_numpy_basics.ipynb"),
        str(REPO / "autograder" / "hidden" / "week2_numpy_basics.py"),
    ]
    return {
        "solver": (master(), ("graded", FULL)),
        "blank": (json.loads(RELEASE.read_text()), ("graded", 0)),
        "corrupt_json": (b'{"cells": [', ("not graded", "not valid JSON")),
        "empty_file": (b"", ("not graded", "empty")),
        "not_a_notebook": (b"[1, 2, 3]", ("not graded", "not a notebook")),
        "wrong_nbformat": (nbformat3(), ("not graded", "nbformat")),
        "huge_file": (huge(), ("not graded", "larger")),
        "wrong_assignment": (week3_notebook(), ("not graded", "week3")),
        "deleted_test_cell": (without("L1_check"), ("graded", FULL)),
        "emptied_test_cell": (with_cell("L1_check", ""), ("graded", FULL)),
        "edited_test_cell": (with_cell("L1_check", 'print("all checks passed")', with_cell("L1", WRONG_L1)), ("graded", FULL - 1)),
        "retyped_test_cell": (retyped("L1_check"), ("graded", FULL)),
        "deleted_answer": (without("L1"), ("graded", FULL - 1)),
        "renamed_grade_id": (renamed("L1", "L1_mine"), ("graded", FULL)),  # the cell runs where it stands
        "duplicated_answer": (duplicated_answer(), ("graded", FULL)),
        "retyped_answer": (retyped("L1"), ("graded", FULL)),
        "reordered_cells": (reordered(), ("graded", FULL)),
        "skip_tag": (skip_tagged(), ("graded", FULL - 1)),
        "patched_numpy": (wrong_l1_and(PATCH_NUMPY), ("graded", FULL - 1)),
        "patched_engine": (wrong_l1_and(PATCH_ENGINE), ("graded", FULL - 2)),  # tampering: L1 and L2 earn nothing
        "input_transformer": (wrong_l1_and(TRANSFORMER), ("graded", FULL - 1)),
        "exception_handlers": (wrong_l1_and(HANDLERS), ("graded", FULL - 1)),
        "fake_passed": (wrong_l1_and(FAKE_PASS), ("graded", FULL - 1)),
        "sys_exit": (wrong_l1_and(EXIT), ("graded", FULL - 1)),
        "forged_done": (after_l2(FORGE), ("not graded", "ended itself")),
        "infinite_loop": (after_l2(INFINITE), ("graded", FULL)),
        "interrupt_ignoring_loop": (after_l2(STUBBORN), ("not graded", "wall-time")),
        "dying_kernel": (after_l2(DIE), ("not graded", "signal 9")),
        "memory_hog": (after_l2(MEMORY), ("graded", FULL)),
        "fork_storm": (after_l2(FORKS), ("graded", FULL)),
        "megabytes_of_output": (after_l2(OUTPUT), ("graded", FULL)),
        "terminal_escapes": (after_l2(TERMINAL), ("not graded", "exited with status 3")),
        "deep_tree": (after_l2(DEEP_TREE), ("graded", FULL)),
        **({  # only root gets a disk cap (a tmpfs): elsewhere a filler would fill the host's disk
            "disk_filler": (after_l2(DISK_FILLER), ("not graded", "filled its disk")),
            "file_filler": (after_l2(FILE_FILLER), ("not graded", "filled its disk")),
        } if os.geteuid() == 0 else {}),
        "vandal": (after_l2(VANDAL.format(targets=secrets + [str(course), str(REPO / "README.md")])), ("graded", FULL)),
        "snoop": (after_l2(SNOOP.format(targets=secrets)), ("graded", FULL)),
        "network": (after_l2(NETWORK.format(port=port)), ("graded", FULL)),
    }


def write(folder, student, content):
    path = folder / f"{student}.ipynb"
    path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
    return path
