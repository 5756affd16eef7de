"""The records a grading run produces: one SubmissionResult per student, one ExerciseResult per exercise.

Plain frozen dataclasses of str/float/tuple only, so they pickle across processes (and dask workers)
and turn into JSON with dataclasses.asdict.
"""
from dataclasses import dataclass

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
    """

    notebook: str
    grade_id: str
    points: float
    max_points: float
    message: str


@dataclass(frozen=True)
class SubmissionResult:
    """The outcome for one student and one assignment.

    status    -- GRADED, or NOT_GRADED when the submission could not be graded at all
    reason    -- for NOT_GRADED, why, in words an instructor can act on ("not valid JSON: ...");
                 for GRADED, notes about what was graded ("" when there is nothing to say)
    exercises -- one ExerciseResult per exercise of the assignment, in the masters' order
                 (empty when NOT_GRADED)
    seconds   -- wall time spent grading it
    """

    student: str
    assignment: str
    status: str
    reason: str
    exercises: tuple = ()
    seconds: float = 0.0

    @property
    def graded(self):
        return self.status == GRADED

    @property
    def total(self):
        return sum(e.points for e in self.exercises)

    @property
    def max_score(self):
        return sum(e.max_points for e in self.exercises)


def not_graded(student, assignment, reason, seconds=0.0):
    return SubmissionResult(student, assignment, NOT_GRADED, reason, (), seconds)
