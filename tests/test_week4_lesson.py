"""Week 4's lessons: the quiz of 4a (the master's answers pass, a wrong answer gets its hint and
never the answer, every number and shape follows from the course's own code), the exploration of
4b (the widget's cell runs without a browser, draws once with its first settings and again when a
control moves), and the reading (every exercise opens with its goal and a formula, the optional
section sits at the end, no word about grading in the lesson text)."""
import re

import matplotlib
import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest

from autograder import masters
from dnn_utils import network, plots
from dnn_utils.checks import run_check
from dnn_utils.checks.quiz import Choice
from dnn_utils.exercises.week4_deep_network_step_by_step import QUIZ, check
from notebook_tools import REPO

matplotlib.use("Agg")
SOURCE = REPO / "autograder" / "source" / "week4"
STEP_BY_STEP = SOURCE / "01_deep_network_step_by_step.ipynb"
APPLICATION = SOURCE / "02_deep_network_application.ipynb"
MODULE = "week4_deep_network_step_by_step"
# A likely wrong answer per question, of the right kind: W transposed, the biases forgotten, the
# examples in the rows, the cache as precomputed gradients, the forward order, the weights counted
# as hyperparameters, 0.01 times n instead of times sqrt(n).
WRONG = {1: (32, 10), 2: 20.0, 3: (64, 6), 4: "a", 5: "a", 6: "abce", 7: 4.0}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def cells(path):
    return nbformat.read(path, as_version=4).cells


def master_answers():
    return masters.references(MODULE)["quiz"]()


def quiz_lines(answers):
    return run_check(check.specs["quiz"], lambda: dict(answers)).lines(colour=False)


# ----------------------------------------------------------------------------- the quiz
def test_the_quiz_has_5_to_8_questions_one_point_each_after_the_summary():
    nb = cells(STEP_BY_STEP)
    ids = [c.id for c in nb]
    (questions,) = [c for c in nb if c.cell_type == "markdown" and c.source.startswith("## Quiz\n")]
    answer, quiz_check = nb[ids.index(questions.id) + 1], nb[ids.index(questions.id) + 2]
    assert 5 <= len(QUIZ.questions) <= 8
    assert answer.metadata.nbgrader.grade_id == "quiz" and quiz_check.metadata.nbgrader.grade_id == "quiz_check"
    assert quiz_check.metadata.nbgrader.points == len(QUIZ.questions)
    assert nb[ids.index(questions.id) + 3].source.startswith("## Check everything\n")
    numbered = re.findall(r"^(\d+)\. ", questions.source, flags=re.M)
    assert [int(n) for n in numbered] == [q.number for q in QUIZ.questions]


def test_the_masters_answers_are_all_right():
    result = run_check(check.specs["quiz"], masters.references(MODULE)["quiz"])
    assert result.passed and result.score == (len(QUIZ.questions), len(QUIZ.questions))


@pytest.mark.parametrize("number", sorted(WRONG))
def test_a_wrong_answer_shows_its_hint_and_never_the_answer(number):
    right = master_answers()
    question = next(q for q in QUIZ.questions if q.number == number)
    lines = quiz_lines({**right, number: WRONG[number]})
    assert f"  FAIL  answer    question {number}: not right. {question.hint}" in lines
    assert lines[-1] == f"quiz: {len(QUIZ.questions) - 1} of {len(QUIZ.questions)} answers right"
    normal = question.normal(right[number])[0]
    spelled = [f"({letter})" for letter in normal] + [repr(normal)] if isinstance(question, Choice) else [normal]
    assert question.hint and not [answer for answer in spelled if answer in "\n".join(lines)]
    assert sum("not right" in line for line in lines) == 1


def test_the_numbers_and_shapes_of_the_quiz_follow_from_the_course():
    right = master_answers()
    assert right[1] == network.initialize_parameters_deep([784, 64, 32, 10, 1])["W3"].shape
    assert right[2] == sum(value.size for value in network.initialize_parameters_deep([4, 3, 2, 1]).values())
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((10, 64)), (rng.random((1, 64)) > 0.5).astype(float)
    AL, caches = network.L_model_forward(X, network.initialize_parameters_deep([10, 6, 4, 1]))
    assert right[3] == network.L_model_backward(AL, Y, caches)["dA1"].shape
    A = rng.standard_normal((400, 2000))
    W = 0.01 * rng.standard_normal((300, 400))
    measured = np.sqrt(np.mean((W @ A) ** 2)) / np.sqrt(np.mean(A ** 2))
    assert round(measured, 1) == right[7]  # 0.01 sqrt(400), measured to a tenth


# ----------------------------------------------------------------------------- the exploration of 4b
def explorer_cell():
    (cell,) = [c for c in cells(APPLICATION) if c.cell_type == "code" and "widgets.interactive(" in c.source]
    return cell


def run_explorer():
    """The explorer cell run as a script on a small stand-in for the training pictures: its namespace."""
    from ipywidgets import widgets

    from dnn_utils.experiments import initial_activations

    train_x = np.random.default_rng(3).random((48, 30))
    shown = []  # the figures show_now would display, in order
    namespace = {"widgets": widgets, "initial_activations": initial_activations, "np": np, "shown": shown,
                 "plot_layer_histograms": plots.plot_layer_histograms, "train_x": train_x, "n_x": 48,
                 "show_now": shown.append}
    exec(explorer_cell().source, namespace)
    return namespace


def figure_title(figure):
    return figure._suptitle.get_text()


def test_the_explorer_draws_once_with_its_first_settings():
    namespace = run_explorer()
    (figure,) = namespace["shown"]  # shown at once: a slider's callback runs no cell
    assert len(figure.axes) == len(namespace["explore_dims"])  # a histogram per layer, and the sizes
    assert figure_title(figure) == "W[l] = scale * randn / sqrt(n[l-1]), scale 1, relu"
    scale, weights, activation = namespace["explorer"].kwargs_widgets
    assert (type(scale).__name__, scale.base, scale.min, scale.max, scale.value) == ("FloatLogSlider", 10, -3, 1, 1.0)
    assert scale.continuous_update is False
    assert list(weights.options) == ["scale * randn / sqrt(n[l-1])", "scale * randn"]
    assert list(activation.options) == ["relu", "tanh"]


def test_the_explorer_redraws_when_a_control_moves():
    namespace = run_explorer()
    scale, weights, activation = namespace["explorer"].kwargs_widgets
    scale.value = 0.01
    weights.value = "scale * randn"
    activation.value = "tanh"
    assert len(namespace["shown"]) == 4, "drawn once, then once per change"
    assert figure_title(namespace["shown"][-1]) == "W[l] = scale * randn, scale 0.01, tanh"
    drawn = namespace["shown"][-1].axes[-1].lines[0].get_ydata()
    want = namespace["initial_activations"](namespace["train_x"], namespace["explore_dims"], 0.01, "tanh", fan_in=False)
    np.testing.assert_allclose(drawn, [np.sqrt(np.mean(A ** 2)) for A in want])


def test_the_explorer_is_introduced_by_what_its_colours_and_controls_mean():
    nb = cells(APPLICATION)
    at = [c.id for c in nb].index(explorer_cell().id)
    text = nb[at - 1].source
    assert nb[at - 1].cell_type == "markdown" and text.startswith("### Explore:")
    assert plots.BEYOND == "tab:orange" and "orange bar" in text
    assert all(f"`{option}`" in text for option in ("scale * randn / sqrt(n[l-1])", "scale * randn"))
    assert "0.001 to 10" in text  # the slider's range, 10**-3 to 10**1


# ----------------------------------------------------------------------------- reading
GRADING_WORDS = re.compile(r"nbgrader|\bgrad(e|ed|es|ing|er)\b|test machine|our machines|\bCI\b|\bearns?\b", re.I)


@pytest.mark.parametrize("path", [STEP_BY_STEP, APPLICATION], ids=lambda p: p.stem)
def test_the_lesson_text_says_nothing_of_grading(path):
    said = [line for c in cells(path) if c.cell_type == "markdown" for line in c.source.splitlines()
            if GRADING_WORDS.search(line)]
    assert not said


@pytest.mark.parametrize("path", [STEP_BY_STEP, APPLICATION], ids=lambda p: p.stem)
def test_every_exercise_opens_with_its_goal_and_a_formula(path):
    nb = cells(path)
    for before, cell in zip(nb, nb[1:]):
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and meta["grade_id"] != "quiz":
            exercise = before.source[before.source.index("### Exercise"):]  # the formula may come just above
            assert before.cell_type == "markdown" and f"`{meta['grade_id']}`" in exercise.splitlines()[0]
            assert "**Goal:**" in exercise and "$$" in before.source, meta["grade_id"]
            assert "(approx. " in cell.source


def test_4b_ends_with_the_optional_section_and_4a_with_the_quiz():
    headings = [line for c in cells(APPLICATION) if c.cell_type == "markdown"
                for line in c.source.splitlines() if line.startswith("## ")]
    assert headings[-3:] == ["## 11. Summary", "## Going further (optional)", "## Check everything"]
    headings = [line for c in cells(STEP_BY_STEP) if c.cell_type == "markdown"
                for line in c.source.splitlines() if line.startswith("## ")]
    assert headings[-3:] == ["## 10. Summary", "## Quiz", "## Check everything"]
