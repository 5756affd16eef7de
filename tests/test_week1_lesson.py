"""Week 1's lesson after issue 12: exercise 3 needs only what week 1 teaches (loops over rows, no
matrix product) and its check names the mistakes such loops make; the quiz's answers follow from
the lesson and a wrong answer gets its hint, never the answer; the lesson reads in short paragraphs,
each exercise in its rhythm, with no word about grading."""
import math
import re

import nbformat
import numpy as np
import pytest
from check_tools import course_checks, failure
from notebook_tools import REPO

from autograder import masters
from autograder.hidden import week1_what_is_a_neural_network as hidden_module
from dnn_utils.checks import run_check
from dnn_utils.checks.quiz import Choice, Number, Shape
from dnn_utils.exercises import week1_what_is_a_neural_network as public

MODULE = "week1_what_is_a_neural_network"
NAMES, ref, PUBLIC, HIDDEN = course_checks(MODULE)
MASTER = masters.path_of(MODULE)
STUDENT = REPO / "notebooks" / "week1" / MASTER.name


def relu(Z):
    return np.maximum(0, Z)


def markdown(path):
    return [cell.source for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "markdown"]


# ----------------------------------------------------------------------------- exercise 3, reposed
def test_the_solution_of_stacked_prices_needs_no_matrix_product():
    """Week 2 teaches np.dot and broadcasting: week 1's solution loops over units and features."""
    (cell,) = [c for c in masters.read(MASTER)["cells"] if masters.nbgrader(c).get("grade_id") == "stacked_prices"]
    solution = masters.source(cell).split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
    assert not re.search(r"@|np\.dot|matmul|\.T\b|np\.sum", solution), solution
    assert "for j in range(n_h)" in solution and "for k in range(n_x)" in solution


def loop_prices(hidden_relu=True, output_relu=True, b1=True, b2=True, add_features=True, add_units=True,
                relu_in_loop=False, row=lambda X, k: X[k:k + 1], start=lambda b2: b2[0, 0]):
    """A week-1 student's stacked_prices, loops over hidden units and features, with the options
    of the mistakes such loops make (the defaults give the right answer)."""

    def stacked_prices(X, parameters):
        W1, W2 = parameters["W1"], parameters["W2"]
        n_h, n_x = W1.shape
        z2 = start(parameters["b2"]) if b2 else 0.0
        for j in range(n_h):
            z1 = parameters["b1"][j, 0] if b1 else 0.0
            for k in range(n_x):
                term = W1[j, k] * row(X, k)
                z1 = z1 + term if add_features else parameters["b1"][j, 0] + term
            a = relu(z1) if hidden_relu else z1
            z2 = z2 + W2[0, j] * a if add_units else start(parameters["b2"]) + W2[0, j] * a
            z2 = relu(z2) if relu_in_loop else z2
        return relu(z2) if output_relu and not relu_in_loop else z2

    return stacked_prices


@pytest.mark.parametrize("options, hint", [
    ({"hidden_relu": False}, public.NO_HIDDEN_RELU_HINT),
    ({"output_relu": False}, public.NO_OUTPUT_RELU_HINT),
    ({"b1": False}, public.NO_B1_HINT),
    ({"b2": False}, public.NO_B2_HINT),
    ({"add_features": False}, public.LAST_FEATURE_HINT),
    ({"add_units": False}, public.LAST_UNIT_HINT),
    ({"relu_in_loop": True}, public.RELU_IN_LOOP_HINT),
], ids=["no hidden relu", "no output relu", "no b1", "no b2", "z1 replaced", "z2 replaced", "relu in the loop"])
def test_the_mistakes_of_loops_get_their_hint(options, hint):
    stacked_prices = loop_prices(**options)
    result = failure(PUBLIC["stacked_prices"], stacked_prices)
    assert result.rung == "values" and result.message.endswith(hint)
    assert not run_check(HIDDEN["stacked_prices"], stacked_prices, reveal=False).passed


def test_rows_taken_as_1d_arrays_get_the_slice_hint():
    result = failure(PUBLIC["stacked_prices"], loop_prices(row=lambda X, k: X[k]))
    assert result.rung == "shape" and result.message.startswith("price has shape (5,), expected (1, 5).")
    assert result.message.endswith(public.ROW_HINT)


def test_swapped_weight_indices_fail_at_the_line_that_indexes():
    def stacked_prices(X, parameters):
        W1, b1, W2, b2 = (parameters[key] for key in ("W1", "b1", "W2", "b2"))
        n_h, n_x = W1.shape
        z2 = b2[0, 0]
        for j in range(n_h):
            z1 = b1[j, 0]
            for k in range(n_x):
                z1 = z1 + W1[k, j] * X[k:k + 1]
            z2 = z2 + W2[0, j] * relu(z1)
        return relu(z2)

    result = failure(PUBLIC["stacked_prices"], stacked_prices)
    assert result.rung == "call" and "IndexError: index 3 is out of bounds for axis 0 with size 3" in result.message
    assert "z1 = z1 + W1[k, j] * X[k:k + 1]" in result.message


@pytest.mark.parametrize("stacked_prices", [
    ref.stacked_prices,
    loop_prices(row=lambda X, k: X[k], start=lambda b2: b2),  # 1-D rows, made (1, m) by the (1, 1) bias
    lambda X, p: relu(p["W2"] @ relu(p["W1"] @ X + p["b1"]) + p["b2"]),  # the matrix form of week 2
], ids=["master", "1-D rows with a (1, 1) start", "matrix products"])
def test_right_answers_pass_public_and_hidden(stacked_prices):
    for spec, reveal in ((PUBLIC["stacked_prices"], True), (HIDDEN["stacked_prices"], False)):
        report = run_check(spec, stacked_prices, reveal=reveal)
        assert report.passed, report.lines(colour=False)


def test_a_loop_over_houses_one_number_at_a_time_passes():
    def stacked_prices(X, parameters):
        W1, b1, W2, b2 = (parameters[key] for key in ("W1", "b1", "W2", "b2"))
        price = np.zeros((1, X.shape[1]))
        for i in range(X.shape[1]):
            z2 = b2[0, 0]
            for j in range(W1.shape[0]):
                z1 = b1[j, 0] + sum(W1[j, k] * X[k, i] for k in range(W1.shape[1]))
                z2 += W2[0, j] * max(0.0, z1)
            price[0, i] = max(0.0, z2)
        return price

    assert run_check(PUBLIC["stacked_prices"], stacked_prices).passed
    assert run_check(HIDDEN["stacked_prices"], stacked_prices, reveal=False).passed


def test_every_declared_mistake_is_reachable_and_unambiguous():
    """On the public case each mistake's value differs from the right prices and from every other
    mistake's, so each hint shows exactly when its mistake is made."""
    case = PUBLIC["stacked_prices"].cases[0]
    values = [np.asarray(m.value) for m in case.mistakes]
    assert len(values) == 8
    for i, value in enumerate(values):
        assert value.shape != case.expected.shape or not np.allclose(value, case.expected)
        for other in values[i + 1:]:
            assert value.shape != other.shape or not np.allclose(value, other)


def test_hidden_networks_vary_their_shapes_and_show_a_relu_inside_the_loop():
    shapes = [case.args[1]["W1"].shape for case in HIDDEN["stacked_prices"].cases]
    assert any(n_x > n_h for n_h, n_x in shapes) and any(n_x < n_h for n_h, n_x in shapes)
    assert any(n_h == 1 for n_h, _ in shapes)
    in_loop = hidden_module.FORMULAS["output_relu_in_loop"]
    for case in HIDDEN["stacked_prices"].cases:
        if case.args[1]["W1"].shape[0] > 1:
            assert not np.allclose(in_loop(*case.args), case.expected)


# ----------------------------------------------------------------------------- the quiz
QUIZ = PUBLIC["quiz"]


def test_the_masters_answers_are_all_right():
    report = run_check(QUIZ, ref.quiz)
    assert report.passed and report.score == (8, 8), report.lines(colour=False)


def test_the_answers_follow_from_the_lesson():
    answers = ref.quiz()
    assert answers[2] == ref.housing_neuron(np.array([[25.0]]), 3.0, -90.0)[0, 0]  # ReLU(3 * 25 - 90)
    assert answers[3] == public.PARAMETERS["W1"].shape  # the 4-feature, 3-unit network of the check
    assert answers[4] == sum(value.size for value in public.PARAMETERS.values())  # its weights and biases
    assert answers[7] == round(100 * math.sqrt(0.9 * 0.1 / 100), 1)


def wrong(question, right):
    """A wrong answer of the question's kind."""
    if isinstance(question, Choice):
        return next(letter for letter in question.options if letter not in right)
    if isinstance(question, Number):
        return right + 1
    return tuple(reversed(right))


@pytest.mark.parametrize("question", QUIZ.questions, ids=lambda q: f"question {q.number}")
def test_a_wrong_answer_gets_its_hint_and_not_the_answer(question):
    answers = ref.quiz()
    right = answers[question.number]
    answers[question.number] = wrong(question, right)
    report = run_check(QUIZ, lambda: answers)
    assert report.score == (7, 8)
    (result,) = [r for r in report.results if not r.passed]
    assert result.message == f"question {question.number}: not right. {question.hint}"
    shown = {Choice: f"({right})", Number: question.normal(right)[0], Shape: str(right)}[type(question)]
    assert not re.search(rf"(?<![\w.]){re.escape(shown)}(?![\w.])", question.hint), "the hint gives the answer"


def test_the_student_versions_unanswered_quiz_says_so():
    report = run_check(QUIZ, lambda: {number: None for number in range(1, 9)})
    assert report.score == (0, 8)
    assert [r.message for r in report.results] == [f"question {n}: not answered yet" for n in range(1, 9)]


def test_answers_in_other_plain_forms_count():
    answers = {**ref.quiz(), 2: 0, 3: [3, 4], 4: 19.0, 5: "A, C, D", 7: 3.04}
    assert run_check(QUIZ, lambda: answers).score == (8, 8)


# ----------------------------------------------------------------------------- the lesson text
@pytest.mark.parametrize("path", [MASTER, STUDENT], ids=["master", "student version"])
def test_the_lesson_says_nothing_of_grading(path):
    text = "\n".join(markdown(path))
    found = re.findall(r"nbgrader|grader|graded|grading|test machine|our machines|\bCI\b", text, re.IGNORECASE)
    assert not found, found


def test_the_student_version_is_released_from_this_master():
    assert markdown(STUDENT) == markdown(MASTER)


def units(text):
    """The prose paragraphs and list items of a markdown text; tables and display maths left out."""
    for block in re.split(r"\n\s*\n", text):
        if not block.lstrip().startswith(("|", "$$")):
            yield from re.split(r"\n(?=\s*(?:- |\d+\. ))", block)


def test_paragraphs_are_short_and_cells_are_split():
    cells = markdown(MASTER)
    long_units = [u[:60] for text in cells for u in units(text) if len(u.split()) > 80]
    assert not long_units, long_units
    long_cells = [text[:60] for text in cells if len(text.split()) > 260 and not text.startswith("## Quiz")]
    assert not long_cells, long_cells


def test_each_exercise_states_its_goal_and_formula_then_its_answer_and_check_cells():
    cells = nbformat.read(MASTER, as_version=4).cells
    since_last = []
    number = 0
    for i, cell in enumerate(cells):
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and meta["grade_id"] != "quiz":
            number += 1
            lesson = "\n".join(c.source for c in since_last if c.cell_type == "markdown")
            assert f"### Exercise {number} - `{meta['grade_id']}`" in lesson
            assert "Goal:" in lesson.split(f"### Exercise {number}")[1] and "$$" in lesson
            assert "(approx. " in cell.source
            assert cells[i + 1].metadata.nbgrader.grade_id == f"{meta['grade_id']}_check"
        since_last = [] if meta.get("grade") else since_last + [cell]
    assert number == 4


def test_going_further_comes_after_the_summary_and_before_the_quiz():
    headings = [line for text in markdown(MASTER) for line in text.splitlines() if line.startswith("## ")]
    order = ["## 7. Summary", "## Going further (optional)", "## Quiz", "## Check everything"]
    assert [h for h in headings if h in order] == order
    assert headings[-len(order) + 1:] == order[1:]
