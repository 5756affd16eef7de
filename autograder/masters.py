"""The master notebooks, read once: the one source of the solutions, the exercises and their points.

A master (autograder/source/<assignment>/<NN_name>.ipynb) holds, per exercise, an answer cell
(nbgrader `solution`, grade_id = the function's name) with the solution between the BEGIN/END
SOLUTION markers, followed by its check cell (nbgrader `grade`, grade_id `<function>_check`, with
points). Its check modules are named after it: week4/02_deep_network_application ->
dnn_utils.exercises.week4_deep_network_application and autograder.hidden.week4_deep_network_application.

`references(module)` builds the reference implementations from the master itself: the import
statements of its other code cells, then its solution cells, run in a fresh namespace.
"""
import ast
import functools
import json
import linecache
import re
from dataclasses import dataclass
from pathlib import Path

COURSE = Path(__file__).resolve().parent
MAGIC = re.compile(r"^\s*[%!].*$", re.MULTILINE)  # IPython magics and shell escapes


@dataclass(frozen=True)
class Exercise:
    """One graded function of a master: `function` is defined in its answer cell, checked in `grade_id`."""

    assignment: str
    notebook: str
    function: str
    grade_id: str
    points: float

    @property
    def module(self):
        return module_name(self.assignment, self.notebook)


def paths(course=COURSE):
    """Every master of the course, sorted by assignment and notebook."""
    found = sorted(Path(course, "source").glob("*/*.ipynb"))
    if not found:
        raise ValueError(f"No master notebooks in {Path(course, 'source')}/<assignment>/: is this an nbgrader course folder?")
    return found


def read(path):
    """The parsed master notebook (cached while the file is unchanged)."""
    path = Path(path).resolve()
    return _read(str(path), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _read(path, mtime):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def module_name(assignment, notebook):
    """week4, 02_deep_network_application -> week4_deep_network_application."""
    return f"{assignment}_{notebook.split('_', 1)[1]}"


def path_of(module, course=COURSE):
    """The master whose check modules are named `module`."""
    for path in paths(course):
        if module_name(path.parent.name, path.stem) == module:
            return path
    raise ValueError(f"No master in {Path(course, 'source')} has the check module name {module!r}.")


def nbgrader(cell):
    """The cell's nbgrader metadata ({} when missing or malformed)."""
    metadata = cell.get("metadata")
    meta = metadata.get("nbgrader") if isinstance(metadata, dict) else None
    return meta if isinstance(meta, dict) else {}


def source(cell):
    text = cell.get("source", "")
    return text if isinstance(text, str) else "".join(text)


def exercises(path):
    """The master's exercises, in order: each answer cell with the check cell that follows it."""
    path = Path(path)
    found, answer = [], None
    for cell in read(path)["cells"]:
        meta = nbgrader(cell)
        if meta.get("solution") and not meta.get("grade"):
            answer = meta["grade_id"]
        elif meta.get("grade"):
            if answer is None or meta["grade_id"] != f"{answer}_check":
                raise ValueError(
                    f"{path}: the check cell {meta['grade_id']!r} must come right after the answer cell of its "
                    f"function and be named <function>_check (the answer cell before it is {answer!r})."
                )
            found.append(Exercise(path.parent.name, path.stem, answer, meta["grade_id"], float(meta.get("points", 0))))
            answer = None
    return found


def all_exercises(course=COURSE, assignment=None):
    """The exercises of every master (of one assignment when given), in the masters' order."""
    return [e for path in paths(course) if assignment in (None, path.parent.name) for e in exercises(path)]


def references(module, course=COURSE):
    """function name -> the master's own solution of it, for the master with check module `module`."""
    path = path_of(module, course).resolve()
    return _references(str(path), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _references(path, mtime):
    namespace = {"__name__": f"master:{Path(path).stem}"}
    cells = read(path)["cells"]
    imports = []
    for cell in cells:
        if cell.get("cell_type") == "code" and not nbgrader(cell):
            tree = ast.parse(MAGIC.sub("", source(cell)))
            imports += [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    exec(compile(ast.Module(body=imports, type_ignores=[]), f"{path} (imports)", "exec"), namespace)
    names = []
    for number, cell in enumerate(cells):
        meta = nbgrader(cell)
        if meta.get("solution") and not meta.get("grade"):
            filename = f"{path} (cell {number})"
            text = source(cell)
            linecache.cache[filename] = (len(text), None, text.splitlines(keepends=True), filename)
            exec(compile(text, filename, "exec"), namespace)
            names.append(meta["grade_id"])
    return {name: namespace[name] for name in names}
