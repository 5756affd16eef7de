"""Student notebooks with work in them, made from the committed student versions: answers taken
from the masters' solutions (markers removed), or given as code."""
import re
from pathlib import Path

import nbformat

from notebook_tools import COURSE, REPO

MARKERS = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n", re.MULTILINE)
# A right L1 and a wrong one (no absolute value) that both emit a numpy RuntimeWarning when called.
WARNING = "    np.log(np.zeros(1))  # an unused log(0): numpy warns 'divide by zero'\n"
RIGHT_L1_WARNS = "import numpy as np\n\ndef L1(yhat, y):\n" + WARNING + "    return float(np.sum(np.abs(y - yhat)))\n"
WRONG_L1_WARNS = "import numpy as np\n\ndef L1(yhat, y):\n" + WARNING + "    return float(np.sum(y - yhat))\n"


def solutions(assignment, stem):
    """grade_id -> the master's answer cell as a student would write it (without the markers)."""
    master = nbformat.read(COURSE / "source" / assignment / f"{stem}.ipynb", as_version=4)
    return {c.metadata.nbgrader.grade_id: MARKERS.sub("", c.source)
            for c in master.cells if c.get("metadata", {}).get("nbgrader", {}).get("solution")}


def student_notebook(target, assignment, stem, solved=(), answers=None):
    """Write the student version of `assignment`/`stem` to `target`, with the master's solution in the
    answer cells named in `solved` ("all": every one) and the code of `answers` {grade_id: source}."""
    nb = nbformat.read(REPO / "notebooks" / assignment / f"{stem}.ipynb", as_version=4)
    known = solutions(assignment, stem)
    chosen = {gid: known[gid] for gid in (known if solved == "all" else solved)}
    chosen.update(answers or {})
    for cell in nb.cells:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid in chosen:
            cell.source = chosen[gid]
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    return Path(target)
