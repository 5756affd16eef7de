"""Handed-in files -> per-student grading jobs, or the exact reason a hand-in cannot be graded.

Pure data work (json, pathlib): nothing here executes a notebook. A Job is the program the sandbox
runs: code cells in order, and "probes" where the graded functions are called and recorded.

Policy
------
The graded program is built from the MASTER, never from the student's non-answer cells. For each
code cell of the master, in order:
  - an answer cell (nbgrader `solution`) is replaced by the student's cell with the same grade_id;
  - a check cell (nbgrader `grade`) becomes a probe (Cell kind "probe", with its points);
  - every other code cell is kept as the master has it (imports, data loading, demonstrations).
Markdown is dropped. So edited, emptied, deleted, re-tagged (`skip-execution`) or reordered check
and read-only cells change nothing (silently: such edits are not noted). Cells the student added
(non-empty code cells without an nbgrader grade_id that are not the master's own, by cell id or
source) run where they stand: right after the master cell that precedes them in the student's
notebook (a cell of the master found by grade_id, cell id or source), so an answer written in a
new cell below its stub counts; a note says how many ran.

Answers, by grade_id:
  - missing (deleted, or its grade_id renamed): the answer is empty, so the function stays
    undefined and that exercise scores 0; noted;
  - duplicated (same grade_id twice): the last one is used; noted;
  - retyped to markdown or raw: its source is still run as code; noted;
  - reordered: answers go into the master's order by id; nothing to note.

Identification: a file is the master notebook (over ALL assignments of the course) whose
answer/check grade ids it shares most by Jaccard similarity of the id sets. Notebooks share
exercises (week2's two share `sigmoid`; week3 and week4 share `initialize_parameters`,
`compute_cost`, `update_parameters`), so counting shared ids alone would mislead.
A tie, or no shared id at all, identifies nothing.

Not gradable (NotGradable; the student gets status "not graded" with its text as the reason), and
one bad file makes the whole hand-in of that student not gradable, so the instructor looks at it:
an empty file; a file larger than `max_bytes`; not valid JSON (with line and column); JSON that is
not a notebook; nbformat other than 4; a notebook none of whose cells belong to the assignment; a
notebook of another assignment; two files that are the same notebook.

Folder layouts (find_hand_ins): nbgrader's `<folder>/<student>/<assignment>/<notebook>.ipynb`; a plain
folder `<folder>/<student>.ipynb` or `<folder>/<student>__<anything>.ipynb`; a Canvas download,
`<name>[_LATE]_<user id>_<submission id>_<file>[-N].ipynb`, grouped per user id, of the copies of one
file the latest kept (highest N, then submission id), LATE noted; a Moodle download,
`<Full Name>_<id>_assignsubmission_file_/<files>` (or those files flat, the folder name before
their own). Other files, and hidden ones (`.ipynb_checkpoints`, ...), are ignored. Ids and names
keep their Unicode; the id is made one harmless folder name (roster.safe_id: "José Núñez" ->
`José_Núñez`, the name kept beside it); a file whose id comes out empty, whose id collides with
another student's, or that is a link or not a regular file, is skipped with a note. With a roster
(roster.py), each hand-in takes its student's id and name from it.
"""
import json
import re
from datetime import datetime, timezone
from collections import Counter, defaultdict
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from dnn_utils.checks.text import article

from .. import masters
from ..masters import nbgrader
from ..masters import source as source_of
from . import roster as rosters

MAX_BYTES = 20_000_000
CANVAS = re.compile(r"(?P<name>[^_]+?)(?P<late>_late)?_(?P<user>\d+)_(?P<submission>\d+)_(?P<file>.+?)(?:-(?P<copy>\d+))?\.ipynb",
                    re.IGNORECASE)
MOODLE = re.compile(r"(?P<name>.+)_(?P<user>\d+)_assignsubmission_[a-z]+_(?P<file>.*)", re.IGNORECASE)
RESAVE = "open it in JupyterLab 4, save it, and hand it in again"


class NotGradable(Exception):
    """A hand-in that cannot be graded; str(exc) is the reason shown to the instructor."""


class OtherAssignment(NotGradable):
    """A notebook of another assignment of the course: `assignment`'s `notebook`."""

    def __init__(self, reason, assignment, notebook):
        super().__init__(reason)
        self.assignment, self.notebook = assignment, notebook


@dataclass(frozen=True)
class Cell:
    """One step of a Job: run code, or call the graded function `function` and record it (probe)."""

    kind: str
    source: str
    label: str
    function: str = ""
    grade_id: str = ""
    points: float = 0


@dataclass(frozen=True)
class Job:
    """One notebook of one student, ready to run: `notebook` is the master's stem."""

    notebook: str
    cells: tuple
    notes: tuple


@dataclass(frozen=True)
class HandIn:
    """What one student handed in for one assignment.

    student -- the student's id: a safe folder name, the id of the gradebook and the records
    who     -- the student as the LMS or the roster names them (roster.Student), or None when the id says all
    late    -- the LMS marked it late (Canvas's LATE)
    notes   -- what finding it noted, for its result (handed in late, not in the roster)
    """

    student: str
    files: tuple
    who: rosters.Student | None = None
    late: bool = False
    notes: tuple = ()


@dataclass(frozen=True)
class Found:
    """A notebook file of a submissions folder, and whose its name says it is.

    raw      -- the student as the file or folder names them: an LMS user id, else a name or id
    name     -- the name an LMS writes beside its user id ("" for the other layouts)
    late     -- Canvas marked it LATE
    version  -- Canvas: (copy number N, submission id), so the latest copy of a file sorts last
    original -- Canvas: the file's name as the student uploaded it, without the copy number
    """

    path: Path
    raw: str
    name: str = ""
    late: bool = False
    version: tuple = ()
    original: str = ""


# ----------------------------------------------------------------------------- when it was handed in
def parse_time(text):
    """A time as nbgrader writes it ("2026-12-01 23:59:00.123456 UTC") or ISO 8601, as an aware
    datetime (no zone: UTC); None when `text` is not a time."""
    text = " ".join(str(text).split()).removesuffix(" UTC").removesuffix("Z")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def handed_in_at(hand_in):
    """When `hand_in` was handed in, and where that was read: nbgrader's timestamp.txt beside its
    notebooks, the roster's submitted_at, else the newest file's modification time. (None, why) when
    the LMS marks it LATE but gives no time: its files' times are those of the download."""
    for folder in dict.fromkeys(Path(f).parent for f in hand_in.files):
        stamp = folder / "timestamp.txt"
        if stamp.is_file():
            moment = parse_time(stamp.read_text(encoding="utf-8", errors="replace").strip())
            if moment is not None:
                return moment, "timestamp.txt"
    if hand_in.who is not None and hand_in.who.submitted_at:
        moment = parse_time(hand_in.who.submitted_at)
        if moment is not None:
            return moment, "the roster's submitted_at"
    if hand_in.late:
        return None, "the LMS marks it LATE but gives no time: no late penalty was applied; take one off by hand"
    newest = max(Path(f).stat().st_mtime for f in hand_in.files)
    return datetime.fromtimestamp(newest, timezone.utc), "the file's modification time"


# ----------------------------------------------------------------------------- finding hand-ins
def find_hand_ins(folder, assignment, roster=None):
    """The hand-ins of `assignment` in `folder`, sorted by student, and notes on skipped files.

    roster -- the class (a list of roster.Student): hand-ins take their ids and names from it
    Raises ValueError if the folder does not exist or holds no hand-in of the assignment.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"{folder} is not a folder: give the folder that holds the submissions.")
    by_student, raw_ids, skipped = defaultdict(list), defaultdict(set), []
    for found in candidates(folder, assignment):
        where = str(found.path.relative_to(folder))
        student = student_id(found.raw)
        if linked(folder, found.path) or not found.path.is_file():
            skipped.append(f"{where!r}: not a regular file (a link, folder or device); not graded")
        elif not student:
            skipped.append(f"{where!r}: no student id in {found.raw!r} (it needs a letter or a digit); "
                           "rename it and grade again")
        else:
            by_student[student].append(found)
            raw_ids[student].add(found.raw)
    hand_ins = []
    for student, files in sorted(by_student.items()):
        if len(raw_ids[student]) > 1:
            names = " and ".join(repr(r) for r in sorted(raw_ids[student]))
            skipped.append(f"{names} both become student id {student!r}; rename one of them and grade again")
        else:
            hand_ins.append(hand_in_of(student, files, skipped))
    if roster is not None:
        hand_ins = placed_in(roster, hand_ins, skipped)
    if not hand_ins:
        why = "; ".join(skipped) or (
            f"expected <student>/{assignment}/<notebook>.ipynb (nbgrader), <student>.ipynb / "
            "<student>__<anything>.ipynb, or a Canvas or Moodle download")
        raise ValueError(f"No hand-ins of {assignment} in {folder}: {why}.")
    return hand_ins, skipped


def hand_in_of(student, files, skipped):
    """The HandIn of one student's files: of the copies of one Canvas file the latest (the others
    noted in `skipped`), the name and the LATE mark its LMS wrote."""
    latest = {}
    for found in sorted(files, key=lambda f: f.version):
        key = found.original.casefold() if found.version else found.path
        if key in latest:
            skipped.append(f"{latest[key].path.name!r}: an earlier copy of {found.path.name!r}, which replaces it; "
                           "not graded")
        latest[key] = found
    kept = sorted(latest.values(), key=lambda f: f.path)
    name = next((rosters.plain_text(f.name) for f in kept if f.name), "")
    if not name and rosters.plain_text(kept[0].raw) != student:
        name = rosters.plain_text(kept[0].raw)  # the file's own name, when the id had to change it
    who = rosters.Student(student, name, lms_id=student if kept[0].name else "") if name else None
    late = [f.path.name for f in kept if f.late]
    notes = (f"handed in late (the LMS marks {', '.join(late)} LATE)",) if late else ()
    return HandIn(student, tuple(f.path for f in kept), who, bool(late), notes)


def placed_in(roster, hand_ins, skipped):
    """The hand-ins under their roster ids and names; those the roster cannot tell apart left out."""
    placed, unknown, left_out = rosters.place(roster, [h.who or rosters.Student(h.student) for h in hand_ins])
    skipped.extend(dict.fromkeys(left_out.values()))
    result = []
    for hand_in in hand_ins:
        if hand_in.student in placed:
            who = placed[hand_in.student]
            result.append(HandIn(who.id, hand_in.files, who, hand_in.late, hand_in.notes))
        elif hand_in.student in unknown:
            result.append(HandIn(hand_in.student, hand_in.files, hand_in.who, hand_in.late,
                                 (*hand_in.notes, unknown[hand_in.student])))
    return sorted(result, key=lambda h: h.student)


def candidates(folder, assignment):
    """Every notebook file of `folder` in any of the layouts, as Found; hidden names are ignored."""
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.suffix == ".ipynb" and not entry.is_dir():
            yield file_found(entry)
        elif entry.is_dir() and (entry / assignment).is_dir():
            for path in sorted((entry / assignment).glob("*.ipynb")):
                if not path.name.startswith("."):
                    yield Found(path, entry.name)
        elif entry.is_dir() and (moodle := MOODLE.fullmatch(entry.name)):
            for path in sorted(entry.rglob("*.ipynb")):
                if not any(part.startswith(".") for part in path.relative_to(entry).parts):
                    yield Found(path, moodle["user"], moodle["name"])


def file_found(path):
    """A notebook file lying in the folder itself: a Canvas, a Moodle or a plain LMS file name."""
    if canvas := CANVAS.fullmatch(path.name):
        version = (int(canvas["copy"] or 0), int(canvas["submission"]))
        return Found(path, canvas["user"], canvas["name"], bool(canvas["late"]), version, canvas["file"])
    if moodle := MOODLE.fullmatch(path.name):
        return Found(path, moodle["user"], moodle["name"])
    return Found(path, path.stem.split("__", 1)[0])


def linked(folder, path):
    """Whether `path` or a folder on its way down from `folder` is a symbolic link."""
    relative = path.relative_to(folder)
    return any((folder / part).is_symlink() for part in (relative, *relative.parents[:-1]))


def student_id(raw):
    """`raw` as a student id: one harmless folder name, Unicode letters and digits kept (roster.safe_id)."""
    return rosters.safe_id(raw)


# ----------------------------------------------------------------------------- reading notebooks
def course_masters(course):
    """(assignment, notebook stem) -> parsed master notebook, for every master of the course."""
    return {(p.parent.name, p.stem): masters.read(p) for p in masters.paths(course)}


def read_notebook(path, max_bytes=MAX_BYTES):
    """The notebook in `path` as a dict, checked to be nbformat 4 with text sources; else NotGradable."""
    path = Path(path)
    if path.is_symlink() or not path.is_file():
        raise NotGradable(f"{path.name} is not a regular file (a link, folder or device).")
    try:
        with path.open("rb") as file:
            data = file.read(max_bytes + 1)
    except OSError as exc:
        raise NotGradable(f"{path.name} cannot be read ({exc.strerror}); make it readable and grade again.") from None
    if len(data) > max_bytes:
        raise NotGradable(
            f"{path.name} is {path.stat().st_size / 1e6:.1f} MB, larger than the {max_bytes / 1e6:g} MB a "
            "notebook may be; clear its outputs (Edit > Clear Outputs of All Cells), save, and hand it in again.")
    if not data.strip():
        raise NotGradable(f"{path.name} is an empty file ({len(data)} bytes); hand in the saved notebook.")
    nb = parse_json(path.name, data)
    check_notebook(path.name, nb)
    return nb


def parse_json(name, data):
    """The JSON value in `data` (bytes of the file `name`); NotGradable if it is not JSON."""
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise NotGradable(f"{name} is not valid JSON: byte {exc.start} is not UTF-8 text; {RESAVE}.") from None
    except json.JSONDecodeError as exc:
        raise NotGradable(f"{name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno} "
                          f"(cut short, or edited outside Jupyter?); {RESAVE}.") from None
    except RecursionError:
        raise NotGradable(f"{name} is not a notebook: its JSON is nested too deeply to read; {RESAVE}.") from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise NotGradable(f"{name} is not a notebook: {str(exc)[:200]}; {RESAVE}.") from None


def check_notebook(name, nb):
    """Raise NotGradable unless `nb` is an nbformat 4 notebook whose cells are dicts with text sources."""
    if not isinstance(nb, dict):
        raise NotGradable(f"{name} is not a notebook: its JSON is {article(type(nb).__name__)}, not an object with "
                          f"\"cells\"; {RESAVE}.")
    if "nbformat" in nb and nb["nbformat"] != 4:
        raise NotGradable(f"{name} is in nbformat {shown(nb['nbformat'])}; nbformat 4 is expected: {RESAVE}.")
    if not isinstance(nb.get("cells"), list):
        raise NotGradable(f"{name} is not a notebook: its JSON has no \"cells\" list; {RESAVE}.")
    if "nbformat" not in nb:
        raise NotGradable(f"{name} is not a notebook: it has no nbformat version (4 is expected); {RESAVE}.")
    for number, cell in enumerate(nb["cells"], 1):
        if not isinstance(cell, dict):
            raise NotGradable(f"{name} is not a notebook: cell {number} is {article(type(cell).__name__)}, not an "
                              f"object; {RESAVE}.")
        source = cell.get("source")
        if not (isinstance(source, str) or isinstance(source, list) and all(isinstance(s, str) for s in source)):
            raise NotGradable(f"{name} is not a notebook: cell {number} has no text source; {RESAVE}.")


def shown(value):
    """A JSON value from a hand-in, short enough for a message."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def cell_id(cell):
    """The cell's nbformat id, or "" when it has none."""
    value = cell.get("id")
    return value if isinstance(value, str) else ""


def grade_id(cell):
    """The cell's nbgrader grade_id, or "" when it has none."""
    value = nbgrader(cell).get("grade_id")
    return value if isinstance(value, str) else ""


# ----------------------------------------------------------------------------- identification
def graded_ids(master):
    """The grade ids of a master's answer and check cells."""
    return {grade_id(c) for c in master["cells"] if nbgrader(c).get("solution") or nbgrader(c).get("grade")} - {""}


def identify(name, nb, all_masters, assignment):
    """The stem of the `assignment` notebook that `nb` is; NotGradable if it is none or another's."""
    ids = {grade_id(c) for c in nb["cells"]} - {""}
    scores = {}
    for key, master in all_masters.items():
        own = graded_ids(master)
        scores[key] = Fraction(len(ids & own), len(ids | own))
    best = max(scores.values(), default=Fraction(0))
    winners = sorted(key for key, score in scores.items() if score == best)
    if best == 0:
        raise NotGradable(
            f"{name}: none of its cells belong to {assignment} (it has no nbgrader id of any notebook of the "
            f"course); hand in the {assignment} notebooks from notebooks/{assignment}/ without copying their "
            "cells into a new notebook.")
    if len(winners) > 1:
        tied = " and ".join(f"{a}'s {n}" for a, n in winners)
        raise NotGradable(f"{name}: cannot tell which notebook it is: its nbgrader ids match {tied} equally "
                          "well; hand in each notebook as its own file.")
    (found, notebook), = winners
    if found != assignment:
        raise OtherAssignment(f"{name}: this is {found}'s {notebook}, not a {assignment} notebook; "
                              f"hand in the {assignment} notebooks.", found, notebook)
    return notebook


def set_aside_other_assignments(hand_ins, course, assignment, folder="", max_bytes=MAX_BYTES):
    """The hand-ins to grade, without their notebooks of other assignments (each set aside with a
    note), and [(hand-in, reason)] of those refused whole: made only of other assignments' notebooks,
    they are not graded and their student's grade of `assignment`, if any, must stay as it is. Files
    that cannot be read stay in, for grading to say why. Raises ValueError, before anything is graded
    or recorded, when more than half of the hand-ins are refused: the folder is most likely another
    assignment's.
    """
    all_masters = course_masters(course)
    kept, refused, looks_like = [], [], Counter()
    for hand_in in hand_ins:
        own, others = [], []
        for path in hand_in.files:
            try:
                identify(path.name, read_notebook(path, max_bytes), all_masters, assignment)
                own.append(path)
            except OtherAssignment as exc:
                others.append((path, exc))
            except NotGradable:
                own.append(path)
        if not own:
            looks_like.update(exc.assignment for _, exc in others)
            refused.append((hand_in, f"{' '.join(str(exc) for _, exc in others)} Refused: {hand_in.student}'s "
                                     f"{assignment} grade, if any, is untouched."))
        elif others:
            notes = [f"{path.name} is {exc.assignment}'s {exc.notebook}, set aside" for path, exc in others]
            kept.append(HandIn(hand_in.student, tuple(own), hand_in.who, hand_in.late, (*hand_in.notes, *notes)))
        else:
            kept.append(hand_in)
    if len(refused) * 2 > len(hand_ins):
        (other, _), = looks_like.most_common(1)
        raise ValueError(
            f"{len(refused)} of the {len(hand_ins)} hand-ins in {folder or 'the folder'} are not {assignment}'s: "
            f"these look like {other}: grade them as {other}? (python3 course.py grade {other} {folder or 'FOLDER'}) "
            "Nothing was graded or recorded.")
    return kept, refused


# ----------------------------------------------------------------------------- building jobs
def prepare(hand_in, course, assignment, max_bytes=MAX_BYTES):
    """One Job per master notebook of `assignment` that the student handed in, in the masters' order.

    Raises NotGradable if any file of the hand-in is unreadable, not a notebook of the assignment,
    or the same notebook as another of its files.
    """
    all_masters = course_masters(course)
    if not any(a == assignment for a, _ in all_masters):
        raise ValueError(f"No masters of {assignment} in {Path(course, 'source', assignment)}: "
                         f"assignments are {sorted({a for a, _ in all_masters})}.")
    handed = {}
    for path in hand_in.files:
        nb = read_notebook(path, max_bytes)
        notebook = identify(path.name, nb, all_masters, assignment)
        if notebook in handed:
            raise NotGradable(f"{handed[notebook][0].name} and {path.name} are both {assignment}'s {notebook}; "
                              "keep one of them and grade again.")
        handed[notebook] = (path, nb)
    return [build_job(notebook, all_masters[(assignment, notebook)], handed[notebook][1])
            for a, notebook in all_masters if a == assignment and notebook in handed]


def build_job(notebook, master, nb):
    """The master's code cells, with the student's answers in, the cells the student added where
    they stand, and probes where the checks were."""
    answers, notes = student_answers(master, nb)
    added, anchored = added_cells(master, nb)
    cells = [Cell("code", source_of(c), "a cell you added, before the notebook's first cell") for c in anchored.get(None, [])]
    for number, cell in enumerate(master["cells"], 1):
        if cell.get("cell_type") != "code":
            continue
        meta, gid = nbgrader(cell), grade_id(cell)
        if meta.get("solution"):
            cells.append(Cell("code", answers.get(gid, ""), f"answer `{gid}`"))
        elif meta.get("grade"):
            cells.append(probe(notebook, gid, meta))
        else:
            cells.append(Cell("code", source_of(cell), f"cell {number} of the master"))
        label = cells[-1].label
        for key in master_keys(cell):
            cells.extend(Cell("code", source_of(c), f"a cell you added, after {label}") for c in anchored.pop(key, []))
    if added:
        notes.append(f"{plural(len(added), 'cell')} you added {'was' if len(added) == 1 else 'were'} run where "
                     f"{'it stands' if len(added) == 1 else 'they stand'} in your notebook")
    return Job(notebook, tuple(cells), tuple(notes))


def master_keys(cell):
    """How a cell of the master is recognised in a student's notebook: by grade_id for graded cells,
    else by its cell id or its exact source."""
    if grade_id(cell):
        return [("grade_id", grade_id(cell))]
    return [("id", cell_id(cell)), ("source", source_of(cell))] if cell_id(cell) else [("source", source_of(cell))]


def added_cells(master, nb):
    """The code cells the student added (non-empty, no grade_id, not the master's own by cell id or
    source), and {key of the master cell they follow (None: none): [cells]}."""
    own = {key for cell in master["cells"] if cell.get("cell_type") == "code" for key in master_keys(cell)}
    own |= {("grade_id", grade_id(c)) for c in master["cells"] if grade_id(c)}
    added, anchored, anchor = [], defaultdict(list), None
    for cell in nb["cells"]:
        keys = [key for key in master_keys(cell) if key in own]
        if keys:
            anchor = keys[0]
        elif cell.get("cell_type") == "code" and source_of(cell).strip():
            added.append(cell)
            anchored[anchor].append(cell)
    return added, anchored


def plural(n, word):
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def probe(notebook, gid, meta):
    """The probe that stands where the master's check cell `gid` was."""
    if not gid.endswith("_check"):
        raise ValueError(f"Master {notebook}: the check cell {gid!r} must be named <function>_check.")
    return Cell("probe", "", f"check `{gid}`", gid.removesuffix("_check"), gid, float(meta.get("points", 0)))


def student_answers(master, nb):
    """grade_id -> the source of the student's answer, and notes on missing, duplicated, retyped ones."""
    wanted = [grade_id(c) for c in master["cells"] if c.get("cell_type") == "code" and nbgrader(c).get("solution")]
    found = defaultdict(list)
    for cell in nb["cells"]:
        if grade_id(cell) in wanted:
            found[grade_id(cell)].append(cell)
    answers, notes = {}, []
    for gid in wanted:
        if not found[gid]:
            notes.append(f"no answer cell for `{gid}` (deleted, or its nbgrader id changed)")
            continue
        if len(found[gid]) > 1:
            notes.append(f"{len(found[gid])} answer cells for `{gid}`; the last one was used")
        last = found[gid][-1]
        if last.get("cell_type") != "code":
            kind = last.get("cell_type") if last.get("cell_type") in ("markdown", "raw") else "non-code"
            notes.append(f"the answer cell for `{gid}` is a {kind} cell; it was run as code")
        answers[gid] = source_of(last)
    return answers, notes
