"""Helpers for tests that execute notebooks or grade them."""
import contextlib
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
COURSE = REPO / "autograder"
MASTERS = sorted((COURSE / "source").glob("*/*.ipynb"))
WORKING_FOLDERS = ("release", "submitted", "autograded", "feedback", "gradebook.db", "__pycache__", "*.csv")


def kernel_env():
    """Environment of a notebook kernel in the tests: the repo importable, one BLAS thread."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    env["OPENBLAS_NUM_THREADS"] = "1"
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    return env


def execute(path, allow_errors=False, timeout=120):
    """Execute a notebook in its own folder; return the executed NotebookNode."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", allow_errors=allow_errors,
        resources={"metadata": {"path": str(Path(path).parent)}},
    )
    saved = dict(os.environ)
    os.environ.update(kernel_env())  # the kernel inherits this process's environment
    try:
        client.execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return nb


def cell_text(cell):
    """Everything a code cell printed or raised, as one string."""
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type == "error":
            parts.append("\n".join(out.traceback))
    return "".join(parts)


def grade_cells(nb):
    return [c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade")]


def fully_passed(cell):
    """Whether an executed check cell shows full marks: an exercise's public and hidden checks both
    passed, or every answer of the quiz right ("quiz: 8 of 8 answers right")."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", cell_text(cell))
    if cell.metadata.nbgrader.grade_id == "quiz_check":
        return re.search(r"^quiz: (\d+) of \1 answers right$", text, re.MULTILINE) is not None and "FAIL" not in text
    return text.count("all checks passed") == 2 and "FAIL" not in text


def copy_course(target):
    """A copy of the nbgrader course folder without any working folders or gradebook."""
    shutil.copytree(COURSE, target, ignore=shutil.ignore_patterns(*WORKING_FOLDERS))
    return target


def sandbox_skip_reason():
    """Why tests that grade in the sandbox must skip here, or None. As root the suite installs
    bubblewrap (course.py test), so a sandbox that does not work as root is a failure, not a skip."""
    from autograder.grading import sandbox

    try:
        sandbox.check_available()
    except sandbox.SandboxUnavailable as exc:
        return None if os.geteuid() == 0 else f"no grading sandbox here (sudo apt-get install bubblewrap): {exc}"
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served(command, root, env, log_path):
    """`course.py lab`'s `command`, serving `root` instead of its own folder and run there, on a free
    port with a token: yields (base url, token) once the server answers, and stops it after."""
    port, token = free_port(), "browser-test-token"
    folders = [i for i, arg in enumerate(command) if arg.startswith("--ServerApp.root_dir=")]
    assert len(folders) == 1, f"lab_command no longer names its folder with one --ServerApp.root_dir: {command}"
    command = list(command)
    command[folders[0]] = f"--ServerApp.root_dir={root}"
    command += ["--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}"]
    with open(log_path, "w") as log:
        # run where it serves, as course.py does: nbgrader reads the nbgrader_config.py of that folder
        server = subprocess.Popen(command, env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(120):
                try:
                    request = urllib.request.Request(f"{base}/api/status", headers={"Authorization": f"token {token}"})
                    urllib.request.urlopen(request, timeout=2)
                    break
                except (urllib.error.URLError, ConnectionError):
                    time.sleep(0.5)
            else:
                raise AssertionError(f"the server did not answer within 60 s; its log: {log_path}")
            yield base, token
        finally:
            server.terminate()
            server.wait(timeout=30)
