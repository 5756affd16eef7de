"""`course.py progress [FOLDER]`: the whole course's state, from the student's saved notebooks.

    week 2 · numpy basics  6/8
      ✗ softmax  not written yet
      ✗ L1       loss has wrong values: largest difference 0.6 (tolerance rtol=1e-06, atol=1e-08).

For every notebook in FOLDER (default notebooks/), matched to its master by its nbgrader cell ids,
a program is built the way grading builds one, without the lessons: the import statements of the
master's code cells, the student's answer cells in the master's order with the cells the student
added where they stand (as `course.py grade` runs them), then every exercise's public check, each
verdict worded as the notebook's check-everything cell words it (the same code gives both). The
master's demonstrations (data loading, training, plots) never run, so the whole course takes
seconds. Each notebook runs in its own Python process, offline, with a time limit; the notebooks
run in parallel.
"""
import ast
import contextlib
import importlib
import json
import linecache
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from dnn_utils.checks.overview import Verdict, title_of

from . import masters
from .grading import submission
from .masters import nbgrader
from .masters import source as source_of

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK_SECONDS = 60
MAGIC = re.compile(r"^\s*[%!].*$", re.MULTILINE)  # IPython magics and shell escapes mean nothing here


@dataclass(frozen=True)
class Progress:
    """One saved notebook: its title, where it is, and a Verdict per exercise (or, as a sentence, why there are none)."""

    title: str
    path: Path
    verdicts: tuple = ()
    problem: str = ""

    @property
    def passed(self):
        return sum(v.passed for v in self.verdicts)

    def lines(self, colour=True):
        if self.problem:
            return [self.problem]
        width = max((len(v.name) for v in self.verdicts if not v.passed), default=0)
        head = f"{self.title}  {self.passed}/{len(self.verdicts)}"
        return [head, *(f"  {v.line(width, colour)}" for v in self.verdicts if not v.passed)]


# ----------------------------------------------------------------------------- the program of one notebook
def program(master, nb):
    """(label, source) of the code progress runs for notebook `nb` of `master`: the imports of the
    master's code cells, then the student's answers in the master's order and the cells the student
    added where they stand; never the master's other cells."""
    answers, _ = submission.student_answers(master, nb)
    _, anchored = submission.added_cells(master, nb)
    cells = [("the notebook's imports", imports_of(master))]
    cells += [("a cell you added", source_of(c)) for c in anchored.get(None, [])]
    for cell in master["cells"]:
        if cell.get("cell_type") != "code":
            continue
        meta = nbgrader(cell)
        if meta.get("solution") and not meta.get("grade"):
            cells.append((f"answer {meta['grade_id']}", answers.get(meta["grade_id"], "")))
        for key in submission.master_keys(cell):
            cells.extend(("a cell you added", source_of(c)) for c in anchored.pop(key, []))
    return cells


def imports_of(master):
    """The import statements of the master's code cells other than answers and checks, as code
    (what the answers may use: np, math, the dnn_utils helpers), as masters.references runs them."""
    found = []
    for cell in master["cells"]:
        if cell.get("cell_type") == "code" and not nbgrader(cell):
            tree = ast.parse(MAGIC.sub("", source_of(cell)))
            found += [ast.unparse(node) for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    return "\n".join(dict.fromkeys(found))


def which_master(nb, all_masters):
    """(assignment, notebook stem) of the master whose answer and check ids `nb` shares most, or None."""
    ids = {submission.grade_id(c) for c in nb["cells"]} - {""}
    scores = {key: Fraction(len(ids & submission.graded_ids(m)), len(ids | submission.graded_ids(m)) or 1)
              for key, m in all_masters.items()}
    best = max(scores.values(), default=0)
    winners = [key for key, score in scores.items() if score == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


# ----------------------------------------------------------------------------- running it
def run_notebook(path, key, master, nb, seconds=NOTEBOOK_SECONDS):
    """The Progress of one notebook: its program run in a fresh Python process, at most `seconds`."""
    module = masters.module_name(*key)
    names = [nbgrader(c)["grade_id"] for c in master["cells"] if nbgrader(c).get("solution") and not nbgrader(c).get("grade")]
    with tempfile.TemporaryDirectory(prefix="dnn-progress-") as scratch:
        job, results = Path(scratch, "job.json"), Path(scratch, "verdicts.jsonl")
        job.write_text(json.dumps({"module": module, "cells": program(master, nb)}), encoding="utf-8")
        env = dict(os.environ, MPLBACKEND="Agg", OPENBLAS_NUM_THREADS="1", PYTHONDONTWRITEBYTECODE="1")
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
        command = [sys.executable, "-m", "autograder.progress", str(job), str(results)]
        try:
            done = subprocess.run(command, cwd=path.parent, env=env, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=seconds)
            why = done.stderr.decode(errors="replace").strip().splitlines()[-1:] if done.returncode else []
            missing = f"no verdict: its run ended early (exit code {done.returncode}{': ' + why[0] if why else ''})"
        except subprocess.TimeoutExpired:
            missing = (f"no verdict: its cells and checks ran longer than {seconds} s "
                       "(a loop that never ends, or a cell you added that trains a model?)")
        found = [Verdict(**json.loads(line)) for line in results.read_text(encoding="utf-8").splitlines()] if results.exists() else []
    found += [Verdict(name, False, missing) for name in names[len(found):]]
    return Progress(title_of(module), path, tuple(found))


def run_program(job_path, results_path):
    """In the notebook's own process: run the cells, then write each exercise's Verdict as a JSON line."""
    job = json.loads(Path(job_path).read_text(encoding="utf-8"))
    check_all = importlib.import_module(f"dnn_utils.exercises.{job['module']}").check_all
    namespace = {"__name__": "__main__"}
    with open(results_path, "w", encoding="utf-8") as results, open(os.devnull, "w") as quiet:
        with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):  # what the cells print is not progress
            for number, (label, text) in enumerate(job["cells"]):
                filename = f"<{label} ({number})>"  # "<...>": the student's code, for the checks' messages
                linecache.cache[filename] = (len(text), None, text.splitlines(keepends=True), filename)
                try:
                    exec(compile(MAGIC.sub("", text), filename, "exec"), namespace)
                except BaseException:  # a failed cell leaves its function undefined or wrong: the checks say so
                    pass
        for verdict in check_all.verdicts(namespace):
            results.write(json.dumps(verdict.__dict__) + "\n")
            results.flush()


# ----------------------------------------------------------------------------- the course
def saved_notebooks(folder):
    """Every .ipynb under `folder`, sorted; hidden folders (.ipynb_checkpoints) are skipped."""
    return sorted(p for p in Path(folder).rglob("*.ipynb")
                  if not any(part.startswith(".") for part in p.relative_to(folder).parts))


def progress(course, folder, seconds=NOTEBOOK_SECONDS, workers=None):
    """The Progress of every notebook in `folder` in the course's order (for a notebook of the course
    with no saved file, a Progress that says so), then of the files that are no notebook of it.

    Raises ValueError if `folder` is not a folder.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"{folder} is not a folder: give the folder that holds your notebooks (default: notebooks/).")
    all_masters = submission.course_masters(course)
    jobs, unreadable = [], []
    for path in saved_notebooks(folder):
        try:
            nb = submission.read_notebook(path)
        except submission.NotGradable as exc:
            unreadable.append(Progress("", path, problem=str(exc)))
            continue
        key = which_master(nb, all_masters)
        if key is None:
            unreadable.append(Progress("", path, problem=f"{path.relative_to(folder)} is not a notebook of the course: "
                                                         "none of its nbgrader cell ids is one of the course's"))
        else:
            jobs.append((path, key, all_masters[key], nb))
    with ThreadPoolExecutor(max_workers=workers or max(1, os.cpu_count() or 1)) as pool:
        done = list(pool.map(lambda job: run_notebook(*job, seconds=seconds), jobs))
    ordered = []
    for key in all_masters:
        title = title_of(masters.module_name(*key))
        ordered += [item for job, item in zip(jobs, done) if job[1] == key] or [
            Progress(title, None, problem=f"{title}  no saved notebook in {folder}")]
    return ordered + unreadable


def show(course, folder, seconds=NOTEBOOK_SECONDS, colour=None):
    """Print the course's progress from the notebooks saved in `folder`; return the Progress list."""
    folder = Path(folder).resolve()
    colour = sys.stdout.isatty() if colour is None else colour
    print(f"Progress of the notebooks saved in {folder} (save a notebook to count its latest changes):", flush=True)
    found = progress(course, folder, seconds)
    for item in found:
        print("\n".join(item.lines(colour)))
    checked = [v for item in found for v in item.verdicts]
    print(f"course: {sum(v.passed for v in checked)} of {len(checked)} exercises pass")
    return found


if __name__ == "__main__":
    run_program(*sys.argv[1:3])
