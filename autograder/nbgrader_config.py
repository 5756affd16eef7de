"""nbgrader configuration of the course. This folder (autograder/) is the nbgrader course root.

Grading is autograder.grading's (sandboxed, judged outside the student's process); nbgrader
generates the student versions (`generate_assignment`, also before grading, so the gradebook knows
the assignment's cells and points) and keeps the record: each graded hand-in is stored in its
layout (submitted/, autograded/) and gradebook, so Formgrader, `nbgrader generate_feedback` and
`nbgrader export` work on it. What is set here for them:

- `nbgrader export` writes the grades with our plugin (autograder.grading.exports.CsvExport):
  nbgrader's columns and numbers, but a student who could not be graded is "not graded", never 0.
- `nbgrader generate_feedback` (Formgrader's Generate Feedback) writes every graded student's
  feedback from the gradebook, also where there is some already, and our feedback page,
  feedback.html, again beside nbgrader's, with the gradebook's numbers (nbgrader empties the folder).
- The grader's records beside the graded notebooks (result.json, history.jsonl, not_graded.json)
  are not copied into the students' feedback folders.
- nbgrader's own autograde (`nbgrader autograde`, Formgrader's Autograde button) refuses to run: it
  would run the students' code outside the sandbox, without the hidden checks, and replace
  autograded/<student>/<assignment>/, the records included. It says to grade with course.py grade.
  (DNN_PLAIN_NBGRADER_AUTOGRADE=1 lets it run: benchmarks/grading.py times it on a scratch copy.)
Both plugins are imported from this repository, which is put on the path for them.
"""
import os
import sys

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "dnn-course"
# The gradebook: SQLite in this folder, unless the grade command names another database. It hands
# the URL over in the environment, not on the command line, where `ps` would show its password.
c.CourseDirectory.db_url = os.environ.get("DNN_GRADEBOOK_URL") or "sqlite:///" + c.CourseDirectory.root + "/gradebook.db"
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback",
                            "result.json", "history.jsonl", "not_graded.json"]

REPO = os.path.dirname(c.CourseDirectory.root)
if REPO not in sys.path:  # `nbgrader ...` run in this folder, or a Jupyter server started here
    sys.path.append(REPO)

c.ExportApp.plugin_class = "autograder.grading.exports.CsvExport"


GRADEBOOK = c.CourseDirectory.db_url


def write_our_feedback(assignment, student, notebooks):
    """After nbgrader wrote a student's feedback (`notebooks`: their graded notebooks), ours again."""
    from autograder.grading.gradebook import rewrite_feedback

    rewrite_feedback(notebooks, GRADEBOOK)


c.GenerateFeedback.post_convert_hook = write_our_feedback
# Feedback is made from the gradebook, so it is always made again: our feedback.html is in every
# graded student's feedback folder, which nbgrader would otherwise take for its feedback, made already.
c.GenerateFeedback.force = True


AUTOGRADE_REFUSED = (
    "This course grades with `python3 course.py grade <assignment> <folder>` (sandboxed, with the hidden "
    "checks, keeping every grade's history). nbgrader's own autograde would run the students' code "
    "outside the sandbox and replace autograded/<student>/<assignment>/: nothing was run or changed."
)


def refuse_autograde(converter):
    from nbgrader.converters.base import NbGraderException

    converter.log.error(AUTOGRADE_REFUSED)
    raise NbGraderException(AUTOGRADE_REFUSED)


if os.environ.get("DNN_PLAIN_NBGRADER_AUTOGRADE") != "1":
    from nbgrader.converters import Autograde

    Autograde.start = refuse_autograde  # before it finds or removes anything
