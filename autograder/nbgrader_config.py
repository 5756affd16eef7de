"""nbgrader configuration of the course. This folder (autograder/) is the nbgrader course root."""
import os
import secrets

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "dnn-course"
# The gradebook: SQLite in this folder, unless the grade command names another database. It hands
# the URL over in the environment, not on the command line, where `ps` would show its password.
c.CourseDirectory.db_url = os.environ.get("DNN_GRADEBOOK_URL") or "sqlite:///" + c.CourseDirectory.root + "/gradebook.db"

# Execution while grading: generous enough for the longest demonstration cell on a 2-core machine,
# short enough that an endless loop costs one notebook a few minutes, not the batch an evening.
c.Execute.timeout = 300
c.Execute.interrupt_on_timeout = True
c.Execute.allow_errors = True
# nbclient skips cells tagged "skip-execution": a student could tag a test cell and dodge it.
# A tag nobody can guess, new at every run, closes that hole.
c.Execute.skip_cells_with_tag = "never-skip-" + secrets.token_hex(16)

# A student who deletes a test cell gets it back (and is graded on it).
c.OverwriteCells.add_missing_cells = True

# nbgrader zeroes a test cell that wrote to stderr; numpy's RuntimeWarnings must not cost a
# correct answer its points.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"RuntimeWarning"

# Feedback shows the student's work and the check messages, never the hidden tests.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
c.ClearHiddenTests.enforce_metadata = False
