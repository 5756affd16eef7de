"""The weekly quiz: answers in normal form, a verdict per question with its hint and never the
answer, digests in the store instead of answers, and a quiz graded like an exercise: each right
answer earns its share of the points (a scratch copy of the course with a quiz added)."""
import json
import shutil

import nbformat
import pytest

from dnn_utils.checks import overview, report, run_check, store
from dnn_utils.checks.behaviour import share_kept
from dnn_utils.checks.quiz import Choice, Number, Quiz, Shape
from notebook_tools import REPO, WORKING_FOLDERS
from test_recipe import nbgrader_cell, run

QUESTIONS = (
    Choice(1, "abcd", hint="W[l] has one row per unit of layer l."),
    Choice(2, "abcde", several=True, hint="Which of them change when the input changes?"),
    Number(3, decimals=2, hint="Count the examples in the mean."),
    Shape(4, hint="One column per example."),
)
ANSWERS = {1: "b", 2: "ac", 3: 0.25, 4: (4, 1)}
QUIZ = Quiz("quiz", QUESTIONS).with_answers(ANSWERS)


def quiz_of(answers):
    def quiz():
        return dict(answers)

    return quiz


def lines(answers):
    return [line for line in run_check(QUIZ, quiz_of(answers)).lines(colour=False)]


def test_right_answers_in_any_normal_form_pass():
    spelled = {1: " B ", 2: "c, a", 3: 0.2500004, 4: [4, 1]}
    result = run_check(QUIZ, quiz_of(spelled))
    assert result.passed and result.score == (4, 4) and share_kept(result) == 1.0
    assert result.lines(colour=False)[-1] == "quiz: 4 of 4 answers right"


def test_a_wrong_answer_gets_its_hint_and_never_the_answer():
    got = lines({**ANSWERS, 1: "c", 3: 0.3})
    assert got[0] == "  FAIL  answer    question 1: not right. W[l] has one row per unit of layer l."
    assert got[2] == "  FAIL  answer    question 3: not right. Count the examples in the mean."
    assert got[-1] == "quiz: 2 of 4 answers right"
    assert "'b'" not in "\n".join(got) and "0.25" not in "\n".join(got)


def test_answers_of_the_wrong_kind_say_what_kind_is_wanted():
    got = lines({1: None, 2: "az", 3: "0.25", 4: (4.0, 1)})
    assert got[:4] == [
        "  FAIL  answer    question 1: not answered yet",
        "  FAIL  answer    question 2: answer with letters of a, b, c, d, e.",
        "  FAIL  answer    question 3: answer with a number, e.g. 0.25; got a str.",
        "  FAIL  answer    question 4: answer with a shape, a tuple of ints such as (3, 1); got a tuple of 2 values.",
    ]


def test_one_letter_where_one_is_asked():
    assert lines({**ANSWERS, 1: "ab"})[0] == "  FAIL  answer    question 1: choose one letter of a, b, c, d."


def test_each_right_answer_earns_its_share():
    assert share_kept(run_check(QUIZ, quiz_of({**ANSWERS, 2: "a"}))) == 0.75
    assert share_kept(run_check(QUIZ, quiz_of({}))) == 0.0


def test_an_unwritten_quiz_or_no_dict_fails_before_the_questions():
    def quiz():
        raise NotImplementedError()

    assert run_check(QUIZ, quiz).failure.message.startswith("quiz is not written yet")
    assert run_check(QUIZ, 42).failure.message == "quiz is an int (42), not a function."
    assert run_check(QUIZ, lambda: [1, 2]).failure.message == "quiz() should return a dict {question number: answer}, got a list of 2 values."


def test_the_check_everything_line_counts_right_answers():
    verdict = overview.verdict(QUIZ, {"quiz": quiz_of({**ANSWERS, 4: (1, 4)})}, report)
    assert (verdict.passed, verdict.reason) == (False, "3 of 4 answers right")


def test_the_store_holds_digests_not_answers():
    declared = Quiz("quiz", QUESTIONS)
    entries = store.entries(declared, quiz_of(ANSWERS), {})
    assert set(entries[0]["answers"]) == {"1", "2", "3", "4"}
    assert not {"b", "ac", "0.25", "(4, 1)"} & set(json.dumps(entries).replace('"', " ").split())
    completed = store._complete(declared, entries)
    assert run_check(completed, quiz_of(ANSWERS)).passed
    more = Quiz("quiz", QUESTIONS + (Number(5),))  # a question added, the script not run again
    assert store._complete(more, entries) is None
    with pytest.raises(ValueError, match="course.py expected"):
        run_check(more, quiz_of(ANSWERS))


def test_a_master_answer_of_the_wrong_kind_is_refused():
    with pytest.raises(ValueError, match="question 4 of quiz"):
        Quiz("quiz", QUESTIONS).with_answers({**ANSWERS, 4: "(4, 1)"})


# ----------------------------------------------------------------------------- graded
MASTER = "autograder/source/week2/01_numpy_basics.ipynb"
PUBLIC = "dnn_utils/exercises/week2_numpy_basics.py"
ANSWER_CELL = '''def quiz():
    """Your answers: question number -> answer."""
    answers = {1: None, 2: None, 3: None}
    ### BEGIN SOLUTION
    answers = {1: "d", 2: 0.5, 3: (2, 3)}
    ### END SOLUTION
    return answers
'''
DECLARATION = '''
from dnn_utils.checks.quiz import Choice, Number, Shape, Quiz
QUIZ = Quiz("quiz", (Choice(1, "abcd", hint="Think of the rows."), Number(2, hint="Half of it."), Shape(3, hint="Rows first.")))
'''


@pytest.fixture(scope="module")
def course_with_quiz(tmp_path_factory):
    """A scratch copy of the course whose week-2 numpy notebook ends with a three-question quiz
    (3 points), stored and released; or the repo's own quiz there, if it has one already."""
    copy = tmp_path_factory.mktemp("quiz")
    ignore = shutil.ignore_patterns(*WORKING_FOLDERS, ".ipynb_checkpoints")
    for folder in ("autograder", "dnn_utils", "notebooks"):
        shutil.copytree(REPO / folder, copy / folder, ignore=ignore)
    (copy / "data").symlink_to(REPO / "data")
    master = nbformat.read(copy / MASTER, as_version=4)
    master.cells = [c for c in master.cells if c.metadata.get("nbgrader", {}).get("grade_id") not in ("quiz", "quiz_check")]
    master.cells += [
        nbformat.v4.new_markdown_cell("## Quiz\n\n1. Which? (a) (b) (c) (d)\n2. How much?\n3. What shape?"),
        nbgrader_cell(ANSWER_CELL, "quiz", grade=False, locked=False, solution=True),
        nbgrader_cell("from dnn_utils.exercises.week2_numpy_basics import check\ncheck(quiz)", "quiz_check",
                      grade=True, locked=True, points=3, solution=False),
    ]
    nbformat.write(master, copy / MASTER)
    public = (copy / PUBLIC).read_text()
    if "QUIZ" not in public:
        public = public.replace("\ncheck = exercises(__name__, ", DECLARATION + "check = exercises(__name__, QUIZ, ")
    else:
        public = public.replace("\ncheck = exercises(__name__, ", DECLARATION + "check = exercises(__name__, ")
    (copy / PUBLIC).write_text(public)
    for command in (["expected", "week2_numpy_basics"], ["release", "week2"]):
        run(copy, *command)
    return copy


def test_the_release_and_the_store_do_not_spell_the_answers(course_with_quiz):
    released = nbformat.read(course_with_quiz / "notebooks/week2/01_numpy_basics.ipynb", as_version=4)
    cell = next(c for c in released.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "quiz")
    assert "answers = {1: None, 2: None, 3: None}" in cell.source and '"d"' not in cell.source
    stored = (course_with_quiz / "dnn_utils/exercises/expected/week2_numpy_basics.json").read_text()
    assert "(2, 3)" not in stored and '"quiz"' in stored


def test_the_quiz_is_graded_a_point_per_right_answer(course_with_quiz, tmp_path):
    master = nbformat.read(course_with_quiz / MASTER, as_version=4)
    partial = nbformat.read(course_with_quiz / MASTER, as_version=4)
    for cell in partial.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "quiz":
            cell.source = 'def quiz():\n    return {1: "d", 2: 0.25, 3: (2, 3)}\n'
    hand_ins = {"solver": master, "partial": partial,
                "blank": nbformat.read(course_with_quiz / "notebooks/week2/01_numpy_basics.ipynb", as_version=4)}
    for student, notebook in hand_ins.items():
        target = tmp_path / student / "week2" / "01_numpy_basics.ipynb"
        target.parent.mkdir(parents=True)
        nbformat.write(notebook, target)
    isolation = [] if shutil.which("bwrap") else ["--no-sandbox"]
    run(course_with_quiz, "grade", "week2", str(tmp_path), "--workers", "2", *isolation)
    graded = {}
    for student in hand_ins:
        result = json.loads((course_with_quiz / "autograder/autograded" / student / "week2/result.json").read_text())
        graded[student] = next(e for e in result["exercises"] if e["grade_id"] == "quiz_check")
    assert {s: (e["points"], e["max_points"]) for s, e in graded.items()} == {
        "solver": (3.0, 3.0), "partial": (2.0, 3.0), "blank": (0.0, 3.0)}
    message = graded["partial"]["message"]
    assert "question 2: not right. Half of it." in message and "2 of 3 answers right" in message
    assert "0.5" not in message and "Hidden checks" not in message
