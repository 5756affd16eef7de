"""Week 3's lesson: the quiz (the master's answers pass, a wrong answer gets its hint and never the
answer, every number and shape follows from the course's own code), the lectures (each has its
demonstration, none prints a graded answer before its exercise, the numbers the prose quotes are
the ones the code computes) and the reading (every exercise opens with its goal and a formula,
the optional section sits at the end before the quiz, no word about grading in the lesson text)."""
import re

import nbformat
import numpy as np
import pytest

from autograder import masters
from dnn_utils import explore
from dnn_utils.activations import relu_backward, sigmoid
from dnn_utils.checks import run_check
from dnn_utils.checks.quiz import Choice
from dnn_utils.data import load_planar_dataset
from dnn_utils.exercises.week3_planar_data_classification import QUIZ, check
from notebook_tools import REPO

MASTER = REPO / "autograder" / "source" / "week3" / "01_planar_data_classification.ipynb"
MODULE = "week3_planar_data_classification"
# A likely wrong answer per question, of the right kind: the shape of W1, the biases forgotten,
# the 1/m as a step size, tanh' written 1 - a, g'(0) = 0.5 added, "enough units bend it", "each
# example breaks the symmetry", overfitting blamed for a rising training cost.
WRONG = {1: (4, 2), 2: 15, 3: "a", 4: 0.4, 5: "abcd", 6: "a", 7: "a", 8: "b"}
X, Y = load_planar_dataset()


def cells():
    return nbformat.read(MASTER, as_version=4).cells


def ref():
    return masters.references(MODULE)


def quiz_lines(answers):
    return run_check(check.specs["quiz"], lambda: dict(answers)).lines(colour=False)


def markdown_with(text):
    (cell,) = [c for c in cells() if c.cell_type == "markdown" and text in c.source]
    return cell


def code_index(text):
    (at,) = [i for i, c in enumerate(cells()) if c.cell_type == "code" and text in c.source]
    return at


def grade_index(grade_id):
    (at,) = [i for i, c in enumerate(cells()) if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]
    return at


# ----------------------------------------------------------------------------- the quiz
def test_the_quiz_has_5_to_8_questions_one_point_each_between_going_further_and_check_everything():
    nb = cells()
    (at,) = [i for i, c in enumerate(nb) if c.cell_type == "markdown" and c.source.startswith("## Quiz\n")]
    answer, quiz_check = nb[at + 1], nb[at + 2]
    assert 5 <= len(QUIZ.questions) <= 8
    assert answer.metadata.nbgrader.grade_id == "quiz" and quiz_check.metadata.nbgrader.grade_id == "quiz_check"
    assert quiz_check.metadata.nbgrader.points == len(QUIZ.questions)
    assert "### BEGIN HIDDEN TESTS" not in quiz_check.source
    assert nb[at + 3].source.startswith("## Check everything\n")
    numbered = re.findall(r"^(\d+)\. ", nb[at].source, flags=re.M)
    assert [int(n) for n in numbered] == [q.number for q in QUIZ.questions]


def test_the_masters_answers_are_all_right():
    result = run_check(check.specs["quiz"], ref()["quiz"])
    assert result.passed and result.score == (len(QUIZ.questions), len(QUIZ.questions))


def test_the_student_version_asks_without_answering():
    released = nbformat.read(REPO / "notebooks" / "week3" / MASTER.name, as_version=4)
    (answer,) = [c for c in released.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "quiz"]
    assert "answers = {1: None, 2: None, 3: None, 4: None, 5: None, 6: None, 7: None, 8: None}" in answer.source
    assert "### BEGIN SOLUTION" not in answer.source and '"abd"' not in answer.source
    namespace = {}
    exec(answer.source, namespace)
    assert run_check(check.specs["quiz"], namespace["quiz"]).failure.message.startswith("quiz is not written yet")


@pytest.mark.parametrize("number", sorted(WRONG))
def test_a_wrong_answer_shows_its_hint_and_never_the_answer(number):
    right = ref()["quiz"]()
    question = next(q for q in QUIZ.questions if q.number == number)
    lines = quiz_lines({**right, number: WRONG[number]})
    assert f"  FAIL  answer    question {number}: not right. {question.hint}" in lines
    assert lines[-1] == f"quiz: {len(QUIZ.questions) - 1} of {len(QUIZ.questions)} answers right"
    normal = question.normal(right[number])[0]
    spelled = [f"({letter})" for letter in normal] + [repr(normal)] if isinstance(question, Choice) else [normal]
    assert question.hint and not [answer for answer in spelled if answer in "\n".join(lines)]
    assert sum("not right" in line for line in lines) == 1


def test_the_numbers_and_shapes_of_the_quiz_follow_from_the_course():
    right, functions = ref()["quiz"](), ref()
    parameters = functions["initialize_parameters"](2, 4, 1)
    _, cache = functions["forward_propagation"](X, parameters)
    assert right[1] == cache["Z1"].shape == (4, X.shape[1])  # dZ1 has the shape of Z1
    assert right[2] == sum(value.size for value in functions["initialize_parameters"](2, 5, 1).values())
    z, eps = np.arctanh(0.6), 1e-6
    assert right[4] == round((np.tanh(z + eps) - np.tanh(z - eps)) / (2 * eps), 2)


def test_the_choices_of_the_quiz_are_what_the_course_computes():
    right, functions = ref()["quiz"](), ref()
    # 5: ReLU's slopes are 1 and 0 on its pieces, the course takes 0 at 0, and the centred difference there is 0.5
    z = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    assert np.array_equal(relu_backward(np.ones_like(z), z), [0, 0, 0, 1, 1])
    assert (max(1e-4, 0) - max(-1e-4, 0)) / 2e-4 == 0.5
    assert right[5] == "abd"
    # 6: an identity hidden layer of 50 units is the linear model sigma(W' x + b'): a straight boundary
    run = explore.train(X, Y, n_h=50, activation="identity", num_iterations=300)
    p = run.parameters
    np.testing.assert_allclose(explore.forward(p, X, "identity"), sigmoid(p["W2"] @ p["W1"] @ X + p["W2"] @ p["b1"] + p["b2"]))
    assert right[6] == "b"
    # 7: from all 0.5 the rows of W1 move, and stay equal
    start = {"W1": np.full((4, 2), 0.5), "b1": np.zeros((4, 1)), "W2": np.full((1, 4), 0.5), "b2": np.zeros((1, 1))}
    parameters = start
    for _ in range(200):
        A2, cache = functions["forward_propagation"](X, parameters)
        parameters = functions["update_parameters"](parameters, functions["backward_propagation"](parameters, cache, X, Y))
    assert not np.allclose(parameters["W1"], 0.5) and np.allclose(parameters["W1"], parameters["W1"][0])
    assert right[7] == "d"
    # 8: the cost nn_model records falls at every step up to iteration 6000 and is higher at 7000
    parameters, costs = functions["initialize_parameters"](2, 4, 1, seed=3), []
    for _ in range(7001):
        A2, cache = functions["forward_propagation"](X, parameters)
        costs.append(functions["compute_cost"](A2, Y))
        parameters = functions["update_parameters"](parameters, functions["backward_propagation"](parameters, cache, X, Y))
    assert np.all(np.diff(costs[:6001]) < 0) and costs[7000] > costs[6000]
    assert f"{costs[6000]:f} to {costs[7000]:f}" in markdown_with("## Quiz").source.replace("\n   ", " ")
    assert right[8] == "a"


# ----------------------------------------------------------------------------- the lectures
def test_the_backprop_demonstration_comes_after_the_exercise_and_uses_the_students_function():
    at = code_index("def one_example_gradients(")
    assert at > grade_index("backward_propagation_check")
    assert "backward_propagation(demo_parameters" in cells()[at].source
    derivation = [i for i, c in enumerate(cells()) if c.source.startswith("### Backpropagation on one example")]
    assert derivation and derivation[0] < grade_index("backward_propagation")


def test_the_loop_over_examples_matches_the_vectorised_gradients():
    """The demonstration cell itself, run with the master's functions."""
    printed = []
    namespace = {"np": np, "sigmoid": sigmoid, "X": X, "Y": Y, **ref(),
                 "print": lambda *values: printed.append(" ".join(map(str, values)))}
    exec(cells()[code_index("def one_example_gradients(")].source, namespace)
    assert len(printed) == 4 and all(line.endswith(": True") for line in printed), printed


def test_the_derivatives_lecture_quotes_the_gap_it_measures():
    z, epsilon = np.linspace(-3, 3, 13), 1e-4
    gap = np.max(np.abs(1 - np.tanh(z) ** 2 - (np.tanh(z + epsilon) - np.tanh(z - epsilon)) / (2 * epsilon)))
    text = markdown_with("For $\\tanh$ the formula and the measurements").source
    assert f"agree to {gap:.1e}, the error" in text
    relu = lambda z: np.maximum(0, z)
    away = z[z != 0]
    relu_gap = np.max(np.abs((away > 0) - (relu(away + epsilon) - relu(away - epsilon)) / (2 * epsilon)))
    assert f"the gap away from $0$ is {relu_gap:.1e}, rounding alone" in text
    figure_cell = cells()[code_index("plot_derivative_check(")]
    assert "kinks=[0]" in figure_cell.source and cells()[code_index("plot_derivative_check(") - 1].cell_type == "markdown"


def test_the_identity_network_lecture_quotes_the_accuracy_it_measures():
    run = explore.train(X, Y, n_h=4, activation="identity", num_iterations=5000)
    assert "num_iterations_demo = 5000" in cells()[code_index("num_iterations_demo =")].source
    text = markdown_with("The two models agree").source
    assert f"the accuracy is {100 * explore.accuracy(run, X, Y):.1f} %" in text.replace("\n", " ")
    assert "W' = W2 W1" in cells()[code_index('activation="identity"')].source


def test_the_sliders_have_their_section_and_their_cell():
    at = code_index("explore.explorer(X, Y")
    assert cells()[at - 1].source.startswith("## 11. Explore the network yourself")


# ----------------------------------------------------------------------------- reading
GRADING_WORDS = re.compile(r"nbgrader|\bgrad(e|ed|es|ing|er)\b|test machine|our machines|\bCI\b|\bearns?\b", re.I)


def test_the_lesson_text_says_nothing_of_grading():
    said = [line for c in cells() if c.cell_type == "markdown" for line in c.source.splitlines()
            if GRADING_WORDS.search(line)]
    assert not said


def test_every_exercise_opens_with_its_goal_and_a_formula_and_its_cell_says_how_long():
    nb = cells()
    exercises = 0
    for before, cell in zip(nb, nb[1:]):
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and meta["grade_id"] != "quiz":
            exercises += 1
            exercise = before.source[before.source.index("### Exercise"):]
            assert f"`{meta['grade_id']}`" in exercise.splitlines()[0]
            assert exercise.splitlines()[2].startswith("**Goal:**") and "$$" in exercise, meta["grade_id"]
            assert re.search(r"\(approx\. \d+ lines? of code\)", cell.source), meta["grade_id"]
    assert exercises == 8


def test_the_notebook_ends_with_summary_going_further_quiz_and_check_everything():
    headings = [line for c in cells() if c.cell_type == "markdown" for line in c.source.splitlines()
                if line.startswith("## ")]
    assert headings[-4:] == ["## 12. Summary", "## Going further (optional)", "## Quiz", "## Check everything"]
    numbered = [int(h.split(".")[0][3:]) for h in headings if re.match(r"## \d+\. ", h)]
    assert numbered == list(range(1, 13))
