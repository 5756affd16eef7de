"""Running nbgrader's own commands on the course folder (release, and the gradebook sync of grading)."""
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


class NbgraderFailed(RuntimeError):
    """An nbgrader command exited with an error; its own messages were printed above."""


def run_nbgrader(course, *args, db_url=None):
    """Run `nbgrader ARGS` in the course folder, with the repo importable by the kernels.

    db_url (an SQLAlchemy URL) replaces the course's SQLite gradebook; it travels in the environment
    (nbgrader_config.py reads DNN_GRADEBOOK_URL), so no password shows in the process list.
    Raises NbgraderFailed when the command fails.
    """
    env = dict(os.environ)
    if db_url:
        env["DNN_GRADEBOOK_URL"] = db_url
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    # nbgrader runs `alembic` to create a gradebook: it must find the one beside this Python.
    env["PATH"] = os.pathsep.join((os.path.dirname(sys.executable), env.get("PATH", "")))
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args, "--log-level=WARN"], cwd=course, env=env)
    if done.returncode != 0:
        raise NbgraderFailed(f"nbgrader {' '.join(args)} failed (exit {done.returncode}); its messages are above.")
