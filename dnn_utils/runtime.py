"""Facts about where a notebook is running, for notebooks that may not import os themselves."""
import os


def under_autograder():
    """True while nbgrader executes the notebook (it sets NBGRADER_EXECUTION).

    Notebooks use it to shorten long demonstrations while grading; graded functions are still
    checked in full.
    """
    return bool(os.environ.get("NBGRADER_EXECUTION"))
