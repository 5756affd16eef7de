"""Every master notebook runs top to bottom with every check passing, public and hidden."""
import time

import pytest

from notebook_tools import MASTERS, cell_text, execute, grade_cells


@pytest.mark.parametrize("path", MASTERS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_master_executes_with_all_checks_passing(path):
    started = time.perf_counter()
    nb = execute(path)
    seconds = time.perf_counter() - started
    checks = grade_cells(nb)
    assert checks, f"{path.name} has no graded check cells"
    for cell in checks:
        text = cell_text(cell)
        name = cell.metadata.nbgrader.grade_id
        assert text.count("all checks passed") == 2, f"{name}: public and hidden checks should both pass:\n{text}"
        assert "FAIL" not in text, f"{name}:\n{text}"
    errors = [c for c in nb.cells if any(o.output_type == "error" for o in c.get("outputs", []))]
    assert not errors, f"cells raised errors in {path.name}"
    print(f"{path.name}: {seconds:.1f} s")
