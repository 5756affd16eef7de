"""The committed student notebooks, untouched, fail cleanly: every check cell says what to do in
one line, with no traceback, and nothing of the hidden checks or solutions is shown. In the
student's kernel a failed check does not stop Run All, and the check-everything cell counts 0;
under nbgrader's Validate each check cell fails."""
import re
import subprocess
import sys

import nbformat
import pytest

import course
from notebook_tools import REPO, cell_text, execute, grade_cells

STUDENT_NOTEBOOKS = sorted((REPO / "notebooks").glob("*/*.ipynb"))
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize("path", STUDENT_NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_untouched_student_notebook_fails_each_check_in_one_line(path):
    nb = execute(path, allow_errors=True)
    checks = grade_cells(nb)
    assert checks
    for cell in checks:
        name = cell.metadata.nbgrader.grade_id
        assert not [o for o in cell.outputs if o.output_type == "error"], f"{name} raised: Run All would stop there"
        text = ANSI.sub("", cell_text(cell))
        function = name.removesuffix("_check")
        assert text.rstrip().splitlines()[-1] == f"{function}: failed at the call check. Fix it and run this cell again."
        assert text.count("failed at the call check") == 1
        assert "is not written yet: replace `raise NotImplementedError()` with your code." in text
        assert "check_hidden" not in text and "File \"" not in text and "Traceback" not in text
    overview = ANSI.sub("", cell_text(nb.cells[-1])).strip().splitlines()
    assert re.fullmatch(rf"week \d · [a-z ]+: 0 of {len(checks)} exercises pass", overview[-1]), overview
    assert len(overview) == len(checks) + 1
    assert all(line.startswith("✗ ") and "not written yet" in line for line in overview[:-1]), overview


def test_under_validate_each_untouched_check_fails_its_cell_in_one_line():
    path = REPO / "notebooks" / "week2" / "01_numpy_basics.ipynb"
    checks = len(grade_cells(nbformat.read(path, as_version=4)))
    done = subprocess.run([sys.executable, "-m", "nbgrader", "validate", str(path)], cwd=course.NOTEBOOKS,
                          env=course.course_env(), capture_output=True, text=True, timeout=300)
    assert f"VALIDATION FAILED ON {checks} CELL(S)!" in done.stdout, done.stdout
    assert done.stdout.count("failed at the call check. Fix it and run this cell again.") == checks
    assert "Traceback" not in done.stdout and "check_hidden" not in done.stdout
