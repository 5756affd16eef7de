"""The committed student notebooks, untouched, fail cleanly: every check cell says what to do in
one line, with no traceback, and nothing of the hidden checks or solutions is shown."""
import pytest

from notebook_tools import REPO, cell_text, execute, grade_cells

STUDENT_NOTEBOOKS = sorted((REPO / "notebooks").glob("*/*.ipynb"))


@pytest.mark.parametrize("path", STUDENT_NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_untouched_student_notebook_fails_each_check_in_one_line(path):
    nb = execute(path, allow_errors=True)
    checks = grade_cells(nb)
    assert checks
    for cell in checks:
        name = cell.metadata.nbgrader.grade_id
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert len(errors) == 1, f"{name} should fail"
        assert errors[0].ename == "CheckFailed"
        assert len(errors[0].traceback) == 1, f"{name} shows a traceback: {errors[0].traceback}"
        assert "failed at the call check" in errors[0].traceback[0]
        text = cell_text(cell)
        assert "is not written yet: replace `raise NotImplementedError()` with your code." in text
        assert "check_hidden" not in text and "File \"" not in text
