"""Every master notebook: well formed for nbgrader, and runs top to bottom with every check passing,
public and hidden. (Each master is executed here once; the per-week tests do not execute it again.)"""
import re
import time

import pytest

from notebook_tools import MASTERS, cell_text, execute, fully_passed, grade_cells

CHECK_CELL = re.compile(
    r"from dnn_utils\.exercises\.(?P<module>\w+) import check\n"
    r"check\((?P<name>\w+)\)\n"
    r"### BEGIN HIDDEN TESTS\n"
    r"from autograder\.hidden\.(?P=module) import check_hidden\n"
    r"check_hidden\((?P=name)\)\n"
    r"### END HIDDEN TESTS\s*$"
)
QUIZ_CHECK_CELL = re.compile(r"from dnn_utils\.exercises\.(?P<module>\w+) import check\ncheck\((?P<name>quiz)\)\s*$")
ids = lambda p: f"{p.parent.name}/{p.name}"  # noqa: E731


def module_name(path):
    """Name of a master's check modules: week4/02_deep_network_application -> week4_deep_network_application."""
    return f"{path.parent.name}_{path.stem.split('_', 1)[1]}"


@pytest.mark.parametrize("path", MASTERS, ids=ids)
def test_every_solution_cell_is_followed_by_its_check_cell(path):
    import nbformat

    nb = nbformat.read(path, as_version=4)
    graded = [c for c in nb.cells if c.get("metadata", {}).get("nbgrader")]
    solutions = [c.metadata.nbgrader.grade_id for c in graded if c.metadata.nbgrader.get("solution")]
    checks = [c for c in graded if c.metadata.nbgrader.get("grade")]
    assert solutions, f"{path.name} has no graded exercises"
    assert [c.metadata.nbgrader.grade_id for c in checks] == [f"{name}_check" for name in solutions]
    for name, cell in zip(solutions, checks):
        match = (QUIZ_CHECK_CELL if name == "quiz" else CHECK_CELL).match(cell.source)  # a quiz has no hidden check
        assert match, f"{name}_check is not the standard check cell:\n{cell.source}"
        assert (match["module"], match["name"]) == (module_name(path), name)
        assert cell.metadata.nbgrader.locked and cell.metadata.nbgrader.points > 0
    answers = [c.source for c in graded if c.metadata.nbgrader.get("solution") and c.metadata.nbgrader.grade_id != "quiz"]
    assert all("(approx. " in source for source in answers), "every answer cell gives an (approx. N lines) hint"
    assert all(not c.get("outputs") and not c.get("execution_count") for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("path", MASTERS, ids=ids)
def test_the_last_cell_checks_everything(path):
    """A plain cell (no nbgrader metadata: not graded, not locked) under a "Check everything" heading."""
    import nbformat

    *_, heading, last = nbformat.read(path, as_version=4).cells
    assert heading.cell_type == "markdown" and heading.source.startswith("## Check everything\n\n")
    assert last.cell_type == "code" and not last.metadata.get("nbgrader")
    assert last.source == f"from dnn_utils.exercises.{module_name(path)} import check_all\ncheck_all(globals())"


@pytest.mark.parametrize("path", MASTERS, ids=ids)
def test_master_executes_with_all_checks_passing(path):
    started = time.perf_counter()
    nb = execute(path)
    seconds = time.perf_counter() - started
    for cell in grade_cells(nb):
        assert fully_passed(cell), f"{cell.metadata.nbgrader.grade_id}: every check should pass:\n{cell_text(cell)}"
    exercises = len(grade_cells(nb))
    assert cell_text(nb.cells[-1]).rstrip().endswith(f": {exercises} of {exercises} exercises pass"), cell_text(nb.cells[-1])
    errors = [c.source[:80] for c in nb.cells if any(o.output_type == "error" for o in c.get("outputs", []))]
    assert not errors, f"cells raised errors in {path.name}: {errors}"
    print(f"{path.name}: {seconds:.1f} s")
