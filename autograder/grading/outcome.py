"""The records a grading run produces: one SubmissionResult per student, one ExerciseResult per exercise.

Plain frozen dataclasses of str/float/tuple only, so they pickle across processes (and dask workers)
and turn into JSON with dataclasses.asdict; `from_json` reads that JSON back, also a record written
before a field was added (the field takes its default).
"""
from dataclasses import dataclass, fields

GRADED = "graded"
NOT_GRADED = "not graded"


@dataclass(frozen=True)
class ExerciseResult:
    """One graded exercise of one student.

    notebook   -- the master notebook's stem, e.g. "02_logistic_regression"
    grade_id   -- the check cell's nbgrader grade id, e.g. "propagate_check"
    points     -- points earned (0 <= points <= max_points)
    max_points -- the check cell's points
    message    -- what the student may see: the check's lines, with no hidden inputs, expected
                  values, test source or grader traceback
    code       -- the student's answer cell as handed in ("" when there was none)
    added      -- the cells the student added that ran between that answer cell and the check
    notes      -- what the grader noted about this exercise, for the student (a missing answer
                  cell, a cell they added that failed, ...)
    """

    notebook: str
    grade_id: str
    points: float
    max_points: float
    message: str
    code: str = ""
    added: tuple = ()
    notes: tuple = ()


@dataclass(frozen=True)
class SubmissionResult:
    """The outcome for one student and one assignment.

    status    -- GRADED, or NOT_GRADED when the submission could not be graded at all
    reason    -- for NOT_GRADED, why, in words an instructor can act on ("not valid JSON: ...");
                 for GRADED, notes about what was graded ("" when there is nothing to say)
    exercises -- one ExerciseResult per exercise of the assignment, in the masters' order
                 (empty when NOT_GRADED)
    seconds   -- wall time spent grading it
    submitted -- when it was handed in, ISO 8601 ("" when not known)
    late_seconds -- how late it was handed in after the due date (0: on time, or no due date)
    penalty   -- points taken off for lateness; `total` is the points earned less it, never below 0
    """

    student: str
    assignment: str
    status: str
    reason: str
    exercises: tuple = ()
    seconds: float = 0.0
    submitted: str = ""
    late_seconds: float = 0.0
    penalty: float = 0.0

    @property
    def graded(self):
        return self.status == GRADED

    @property
    def total(self):
        return max(0.0, sum(e.points for e in self.exercises) - self.penalty)

    @property
    def max_score(self):
        return sum(e.max_points for e in self.exercises)


def not_graded(student, assignment, reason, seconds=0.0):
    return SubmissionResult(student, assignment, NOT_GRADED, reason, (), seconds)


def from_json(record):
    """The SubmissionResult of a dict that dataclasses.asdict made (JSON lists become tuples again).
    Raises TypeError, KeyError or AttributeError when it is not such a dict."""
    record = dict(record)
    exercises = tuple(_record(ExerciseResult, exercise) for exercise in record.pop("exercises"))
    return _record(SubmissionResult, {**record, "exercises": exercises})


def _record(kind, values):
    tuples = {f.name for f in fields(kind) if f.type is tuple}
    return kind(**{key: tuple(value) if key in tuples and isinstance(value, list) else value for key, value in values.items()})
