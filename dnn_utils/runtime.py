"""How long a notebook trains: in full for a learner, shorter while nbgrader grades it.

nbgrader sets the environment variable NBGRADER_EXECUTION ("autograde" or "validate") in the
kernels it starts. Graded functions are checked by their check cells on fixed inputs, so shortening
the notebook's own demonstration runs never changes a grade.
"""
import os


def grading():
    """True while nbgrader executes the notebook (NBGRADER_EXECUTION is set)."""
    return bool(os.environ.get("NBGRADER_EXECUTION"))


def iterations(full, graded):
    """`full` gradient-descent iterations for a learner; `graded` while nbgrader grades the notebook.

    full, graded -- positive ints, graded <= full
    """
    if not 0 < graded <= full:
        raise ValueError(f"iterations(full={full}, graded={graded}): expected 0 < graded <= full.")
    return graded if grading() else full
