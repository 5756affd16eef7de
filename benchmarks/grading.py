"""Grading speed: a class of 40 generated hand-ins, plain nbgrader (serial) against our command.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/grading.py [--students 40] [--workers 2]

The class: hand-ins of week2/01_numpy_basics (solutions, untouched releases and solutions with one
wrong exercise, in turn), each in a temporary copy of the course. Prints both wall times and the
ratio (target: ours at least 1.8x faster on 2 workers). Prints figures, asserts nothing.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

import bad_class  # noqa: E402
from autograder import cli  # noqa: E402
from autograder.grading import batch  # noqa: E402
from notebook_tools import copy_course  # noqa: E402


def hand_in(i):
    """The i-th student's notebook: right, untouched, or one exercise wrong."""
    kind = ("solver", "blank", "onewrong")[i % 3]
    if kind == "blank":
        return json.loads(bad_class.RELEASE.read_text())
    return bad_class.master() if kind == "solver" else bad_class.with_cell("L1", bad_class.WRONG_L1)


def plain_nbgrader(students, root):
    course = copy_course(root / "plain" / "autograder")
    cli.generate(course, "week2")
    for i in range(students):
        target = course / "submitted" / f"student{i:02d}" / "week2" / "01_numpy_basics.ipynb"
        target.parent.mkdir(parents=True)
        target.write_text(json.dumps(hand_in(i)))
    # the baseline: nbgrader's own autograde, which the course's nbgrader_config.py refuses otherwise
    env = dict(os.environ, PYTHONPATH=str(REPO), OPENBLAS_NUM_THREADS="1", DNN_PLAIN_NBGRADER_AUTOGRADE="1")
    env["PATH"] = os.pathsep.join((os.path.dirname(sys.executable), env["PATH"]))
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "nbgrader", "autograde", "week2", "--log-level=ERROR"], cwd=course, env=env, check=True)
    return time.perf_counter() - started


def ours(students, workers, root):
    course = copy_course(root / "ours" / "autograder")
    folder = root / "hand-ins"
    folder.mkdir()
    for i in range(students):
        (folder / f"student{i:02d}.ipynb").write_text(json.dumps(hand_in(i)))
    cli.generate(course, "week2")
    started = time.perf_counter()
    batch.grade_class(course, "week2", folder, workers=workers)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="grading-benchmark-"))
    try:
        serial = plain_nbgrader(args.students, root)
        parallel = ours(args.students, args.workers, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"\n{args.students} hand-ins of week2/01_numpy_basics")
    print(f"  plain nbgrader autograde, serial:         {serial:7.1f} s  ({serial / args.students:.2f} s each)")
    print(f"  python3 course.py grade, {args.workers} workers, sandboxed: {parallel:7.1f} s  ({parallel / args.students:.2f} s each)")
    print(f"  ratio: {serial / parallel:.2f}x (target >= 1.8x)")


if __name__ == "__main__":
    main()
