"""nbgrader configuration of the course. This folder (autograder/) is the nbgrader course root.

nbgrader runs one command here: `generate_assignment`, for `course.py release` (student versions)
and before grading (the gradebook learns the assignment's cells and points). Grading itself is
autograder.grading's (sandboxed, judged outside the student's process), so nbgrader's execution,
autograde and feedback settings would configure nothing and are not set.
"""
import os

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "dnn-course"
# The gradebook: SQLite in this folder, unless the grade command names another database. It hands
# the URL over in the environment, not on the command line, where `ps` would show its password.
c.CourseDirectory.db_url = os.environ.get("DNN_GRADEBOOK_URL") or "sqlite:///" + c.CourseDirectory.root + "/gradebook.db"
