"""Graded hand-ins where nbgrader's autograde keeps them, so that Formgrader opens them and
`nbgrader generate_feedback` works on them:

    <course>/submitted/<student>/<assignment>/<notebook>.ipynb  -- the notebooks as handed in, and
        timestamp.txt, when they were handed in (nbgrader's format)
    <course>/autograded/<student>/<assignment>/<notebook>.ipynb -- the graded copy: the student's
        cells, each check cell as released with the judge's message as its output, and timestamp.txt

gradebook.store calls store_hand_in for each graded hand-in; the gradebook record is gradebook's.
"""
import copy
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

from ..masters import nbgrader, source
from . import gradebook, reports, submission

TIMESTAMP = "timestamp.txt"


def store_hand_in(course, result, files):
    """Store a graded hand-in where nbgrader's autograde keeps one: its notebooks, as handed in, in
    <course>/submitted/<student>/<assignment>/<notebook>.ipynb, and their graded copies
    (graded_notebook) in <course>/autograded/<student>/<assignment>/, each folder with a
    timestamp.txt of when it was handed in (none when that is not known). An earlier hand-in's
    notebooks of the assignment and time go; result.json, history.jsonl and any other file stay.
    Everything is read before anything is written, so a class graded from <course>/submitted/
    itself is stored too.
    A file that can no longer be read (changed since it was graded) leaves the folders as they
    were, with a warning."""
    all_masters = submission.course_masters(course)
    try:
        handed = {}
        for path in files:
            nb = submission.read_notebook(path)
            handed[submission.identify(Path(path).name, nb, all_masters, result.assignment)] = (Path(path).read_bytes(), nb)
    except (submission.NotGradable, OSError) as exc:
        print(f"warning: {result.student}: {exc} Their notebooks were not copied to submitted/ and autograded/.",
              file=sys.stderr)
        return
    released = Path(course) / "release" / result.assignment
    by_notebook = {}
    for exercise in result.exercises:
        by_notebook.setdefault(exercise.notebook, {})[exercise.grade_id] = exercise
    stamp = {TIMESTAMP: nbgrader_timestamp(result.submitted).encode()} if result.submitted else {}
    originals = {f"{name}.ipynb": data for name, (data, _) in handed.items()}
    graded = {f"{name}.ipynb": graded_text(nb, released / f"{name}.ipynb", by_notebook.get(name, {})).encode("utf-8")
              for name, (_, nb) in handed.items()}
    earlier = [f"{notebook}.ipynb" for a, notebook in all_masters if a == result.assignment] + [TIMESTAMP]
    replace_files(Path(course) / "submitted" / result.student / result.assignment, {**originals, **stamp}, earlier)
    replace_files(Path(course) / "autograded" / result.student / result.assignment, {**graded, **stamp}, earlier)


def nbgrader_timestamp(moment):
    """An ISO 8601 time as nbgrader writes timestamp.txt: "2026-12-01 23:59:00.000000 UTC"."""
    return datetime.fromisoformat(moment).astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f UTC")


def replace_files(folder, files, earlier):
    """Make `folder` hold `files` ({name: bytes}), each written whole at once, in place of the files
    named `earlier` (an earlier hand-in's); other files stay."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in earlier:
        if name not in files and (folder / name).is_file():
            (folder / name).unlink()
    for name, data in files.items():
        scratch = folder / f".{name}.{os.getpid()}.new"
        scratch.write_bytes(data)
        os.replace(scratch, folder / name)


def graded_text(nb, released_path, exercises):
    """graded_notebook as the text of an .ipynb file."""
    import nbformat

    if not released_path.is_file():
        raise gradebook.GradebookError(f"No released notebook {released_path} to build the graded copy from: run "
                             f"sync_assignment(course, {released_path.parent.name!r}, db_url) first (the grade command does).")
    released = nbformat.read(released_path, as_version=4)
    return nbformat.writes(graded_notebook(nb, released, exercises)) + "\n"


MISSING_CHECK = "# This check cell was missing from the hand-in; it is put back as released.\n"


def graded_notebook(nb, released, exercises):
    """The graded copy of one handed-in notebook, as nbgrader's autograde leaves it for Formgrader
    and generate_feedback: the student's cells in their order, outputs cleared; each check cell as
    released (a missing one put back after the cells that precede it), its output the judge's
    message for the student (reports.check_output); each answer cell with the student's code and
    the released nbgrader metadata, retyped to code if it was not; other cells the master locks as
    released. Of two cells with one grade id the last keeps it, as nbgrader's DeduplicateIds does,
    and a grade id the notebook does not have is dropped, so nbgrader meets only its own cells.

    nb        -- the handed-in notebook, as read (a dict)
    released  -- the student version (a NotebookNode), with the released metadata and check cells
    exercises -- {check cell grade id: ExerciseResult} of this notebook
    """
    import nbformat
    from nbformat.v4.nbbase import random_cell_id

    graded = nbformat.from_dict(copy.deepcopy(nb))
    for cell in graded.cells:
        cell["source"] = source(cell)  # one string, as nbformat reads it
    own = {grade_id(cell): cell for cell in released.cells if grade_id(cell)}
    last = {grade_id(cell): index for index, cell in enumerate(graded.cells)}
    cells = []
    for index, cell in enumerate(graded.cells):
        gid = grade_id(cell)
        if gid in own and last[gid] == index:
            cells.append(graded_cell(cell, own[gid], exercises.get(gid)))
        else:
            metadata = cell.get("metadata")
            cell["metadata"] = {key: value for key, value in metadata.items() if key != "nbgrader"} \
                if isinstance(metadata, dict) else {}
            cells.append(cleared(cell))
    for index, master in enumerate(released.cells):
        gid = grade_id(master)
        if nbgrader(master).get("grade") and gid not in map(grade_id, cells):
            before = {grade_id(c) for c in released.cells[:index]} - {""}
            at = next((i + 1 for i in range(len(cells) - 1, -1, -1) if grade_id(cells[i]) in before), len(cells))
            cell = graded_cell(nbformat.v4.new_code_cell(), master, exercises.get(gid))
            cell.source = MISSING_CHECK + cell.source
            cells.insert(at, cell)
    seen = set()
    for cell in cells:  # nbformat 4.5 wants one unique id per cell
        if not isinstance(cell.get("id"), str) or cell["id"] in seen:
            cell["id"] = random_cell_id()
        seen.add(cell["id"])
    graded.cells = cells
    graded.nbformat, graded.nbformat_minor = 4, max(5, int(graded.get("nbformat_minor") or 0))
    if "kernelspec" in released.metadata:
        graded.metadata["kernelspec"] = copy.deepcopy(released.metadata["kernelspec"])
    return graded


def graded_cell(cell, master, exercise):
    """One cell of the graded copy that the released notebook has (by grade id): see graded_notebook."""
    import nbformat

    meta = nbgrader(master)
    kept = source(cell) if meta.get("solution") and not meta.get("grade") else master.source
    make = {"code": nbformat.v4.new_code_cell, "markdown": nbformat.v4.new_markdown_cell}.get(master.cell_type,
                                                                                            nbformat.v4.new_raw_cell)
    new = make(kept)
    if meta.get("grade") or meta.get("locked"):
        new["metadata"] = copy.deepcopy(master.metadata)
    else:  # an answer cell: the student's own metadata (tags, ...), nbgrader's as released
        new["metadata"] = {**copy.deepcopy(cell.get("metadata") or {}), "nbgrader": copy.deepcopy(meta)}
    if isinstance(cell.get("id"), str):
        new["id"] = cell["id"]
    if meta.get("grade") and exercise is not None and master.cell_type == "code":
        new.outputs = [nbformat.v4.new_output("stream", name="stdout", text=reports.check_output(exercise))]
    return new


def cleared(cell):
    """A cell of the graded copy that nbgrader does not grade: as handed in, without outputs (the
    grader ran the notebook elsewhere, so the outputs saved in it are the student's own)."""
    if cell.get("cell_type") == "code":
        cell["outputs"], cell["execution_count"] = [], None
    return cell


def grade_id(cell):
    value = nbgrader(cell).get("grade_id")
    return value if isinstance(value, str) else ""
