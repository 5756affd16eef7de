"""Week 2's lessons: the quiz (right answers computed here pass, a wrong one gets its hint and never
the answer), the lectures' demonstrations print the numbers their prose quotes, the lectures come
before the exercise that uses them, and the reading: every exercise states its goal, formula and
size, heavy asides sit in an optional "Going further" section, no lesson text speaks of grading."""
import contextlib
import io
import re

import nbformat
import numpy as np
import pytest

from dnn_utils.checks import run_check
from dnn_utils.exercises import week2_logistic_regression as public
from check_tools import course_checks
from notebook_tools import COURSE

MODULE = "week2_logistic_regression"
_, ref, PUBLIC, _ = course_checks(MODULE)
MASTERS = {stem: COURSE / "source" / "week2" / f"{stem}.ipynb"
           for stem in ("01_numpy_basics", "02_logistic_regression")}
LOGREG = nbformat.read(MASTERS["02_logistic_regression"], as_version=4)


def cell(notebook, cell_id):
    (found,) = [c for c in notebook.cells if c.get("id") == cell_id]
    return found


def index(notebook, predicate):
    """The index of the first cell for which predicate(cell) holds."""
    return next(i for i, c in enumerate(notebook.cells) if predicate(c))


def printed(*cell_ids):
    """What the master's code cells cell_ids print, run one after the other in one namespace."""
    namespace, out = {"np": np}, io.StringIO()
    with contextlib.redirect_stdout(out):
        for cell_id in cell_ids:
            exec(cell(LOGREG, cell_id).source, namespace)
    return out.getvalue()


def spelled(answer):
    """How a hint would give the answer away: "(b)" for a choice, "-0.20" for a number, "(784, 1)" for a shape."""
    if isinstance(answer, str):
        return f"({answer})"
    return f"{answer:.2f}" if isinstance(answer, float) else str(tuple(answer))


def answers_of(quiz):
    def quiz_function():
        return dict(quiz)

    quiz_function.__name__ = "quiz"
    return quiz_function


# ----------------------------------------------------------------------------- the quiz
def computed_answers():
    """Each number and shape of the quiz computed here from its question, independently of the master."""
    a, b, c = 1.0, -2.0, 4.0
    eps = 1e-6
    dJ_dc = (3 * (a + b * (c + eps)) - 3 * (a + b * (c - eps))) / (2 * eps)
    w, X, Y = np.zeros((784, 1)), np.random.default_rng(0).random((784, 500)), np.ones((1, 500))
    return {
        1: "b",  # (7.005 - 7) / (3.001 - 3)
        2: dJ_dc,
        3: 0.8 - 1,  # dz = a - y
        4: float(-np.log(0.5)),  # every example gets 0.5
        5: "abd",
        6: ref.propagate(w, 0.0, X, Y)[0]["dw"].shape,
        7: (np.zeros((5, 1)) + np.zeros(5)).shape,
        8: "b",
    }


def test_the_quiz_has_its_questions_in_the_notebook_and_a_point_each():
    (questions,) = [c.source for c in LOGREG.cells if c.cell_type == "markdown" and c.source.startswith("## Quiz\n")]
    numbered = [int(n) for n in re.findall(r"^(\d+)\. ", questions, flags=re.M)]
    assert numbered == [q.number for q in public.QUIZ.questions] == list(range(1, 9))
    check_cell = next(c for c in LOGREG.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "quiz_check")
    assert check_cell.metadata.nbgrader.points == len(public.QUIZ.questions)
    assert check_cell.source == "from dnn_utils.exercises.week2_logistic_regression import check\ncheck(quiz)"


def test_answers_computed_from_the_questions_pass_the_quiz():
    report = run_check(PUBLIC["quiz"], answers_of(computed_answers()))
    assert report.passed, report.lines(colour=False)
    assert report.lines(colour=False)[-1] == "quiz: 8 of 8 answers right"


def test_the_masters_answers_pass_the_quiz():
    assert run_check(PUBLIC["quiz"], ref.quiz).passed


@pytest.mark.parametrize("number, wrong", [
    (1, "a"), (2, 6.0), (3, 0.2), (4, 0.5), (5, "abcd"), (6, (1, 784)), (7, (5, 1)), (8, "c"),
])
def test_a_wrong_answer_gets_its_hint_and_never_the_answer(number, wrong):
    right = computed_answers()
    lines = run_check(PUBLIC["quiz"], answers_of({**right, number: wrong})).lines(colour=False)
    (question,) = public.QUIZ.questions[number - 1:number]
    assert lines[number - 1] == f"  FAIL  answer    question {number}: not right. {question.hint}"
    assert lines[-1] == "quiz: 7 of 8 answers right"
    assert spelled(right[number]) not in question.hint


# ----------------------------------------------------------------------------- the lectures' numbers
def test_the_nudges_print_what_the_prose_quotes():
    out = printed("7a41c3d8")
    # each row: f (7 characters wide, "log a" has a space), then a, f(a), f(a + h), the measured ratio, the rule
    rows = {(line[:7].strip(), line[7:].split()[0]): line[7:].split()[1:] for line in out.splitlines()[1:]}
    assert rows["3a", "2"] == ["6.0000", "6.003000", "3.000000", "3.0000"]
    assert rows["a^2", "2"] == ["4.0000", "4.004001", "4.001000", "4.0000"]
    assert rows["a^2", "5"][2:] == ["10.001000", "10.0000"]
    for name, f, rule in [("a^3", lambda a: a**3, lambda a: 3 * a**2), ("log a", np.log, lambda a: 1 / a)]:
        for a in (2.0, 5.0):
            measured, derivative = (float(x) for x in rows[name, f"{a:.0f}"][-2:])
            assert derivative == pytest.approx(rule(a), abs=1e-4)
            assert measured == pytest.approx((f(a + 1e-3) - f(a)) / 1e-3, abs=1e-6)
    prose = cell(LOGREG, "36b42e55").source + cell(LOGREG, "b86f2e07").source
    for quoted in ("from $6$ to $6.003$", "from $4$ to $4.004001$", "4.001000 and 10.001000"):
        assert quoted in prose


def test_the_graph_derivatives_agree_with_their_nudges_as_the_prose_says():
    out = printed("7a41c3d8", "8d2c4f90")
    assert "forward:  u = bc = 6,  v = a + u = 11,  J = 3v = 33" in out
    table = {line.split()[0]: line.split()[-2:] for line in out.splitlines() if re.match(r"d[vuabc] ", line)}
    assert {name: float(value) for name, (value, _) in table.items()} == {"dv": 3, "du": 3, "da": 3, "db": 6, "dc": 9}
    assert all(value == f"{float(measured):g}" and measured.endswith(".0000") for value, measured in table.values())
    prose = cell(LOGREG, "b86f2e07").source
    for quoted in ("$u = 6$, $v = 11$ and $J = 33$", "$dv = 3$", "$du = dv \\cdot 1 = 3$",
                   "$db = du \\cdot c = 3c = 6$", "$dc = du \\cdot b = 3b = 9$"):
        assert quoted in prose
    assert "agree with the chain rule's products to the fourth decimal" in cell(LOGREG, "5a8e3b71").source


def test_the_likelihood_demo_prints_what_the_prose_quotes():
    out = printed("0c5e8d19")
    assert "P(y | x) of each example: [0.9 0.8 0.7 0.4 0.9]" in out
    five, copies = [line for line in out.splitlines() if line.startswith("m = ")]
    assert five == "m =    5: likelihood 0.18144, its log -1.7068, sum of log P(y | x) -1.7068, -m J -1.7068, J 0.3414"
    assert copies == "m = 2500: likelihood 0, its log -inf, sum of log P(y | x) -853.4151, -m J -853.4151, J 0.3414"
    prose = cell(LOGREG, "e2a9f6b4").source
    for quoted in ("= 0.18144$", "$-1.7068$", "($m = 2500$)", "comes\nout as 0, and its logarithm as $-\\infty$",
                   "$-853.4151$", "$J$ is $0.3414$ in both cases"):
        assert quoted in prose
    assert 500 * np.log10(0.18144) == pytest.approx(-371, abs=0.5) and 0.18144**500 == 0.0  # "about 10^-371"


def test_the_lectures_come_before_the_exercise_that_uses_them():
    propagate = index(LOGREG, lambda c: c.metadata.get("nbgrader", {}).get("grade_id") == "propagate")
    for lecture in ("### Where the cost comes from: maximum likelihood", "### What a derivative measures: nudges",
                    "### The chain rule on a computation graph", "### The computation graph of logistic regression"):
        assert index(LOGREG, lambda c, heading=lecture: c.cell_type == "markdown" and heading in c.source) < propagate
    figure = index(LOGREG, lambda c: c.cell_type == "code" and "plot_chain_rule_graph(" in c.source)
    assert figure < propagate and LOGREG.cells[figure - 1].cell_type == "markdown"


# ----------------------------------------------------------------------------- reading
@pytest.mark.parametrize("stem", sorted(MASTERS))
def test_every_exercise_states_goal_formula_and_size_before_its_answer_cell(stem):
    nb = nbformat.read(MASTERS[stem], as_version=4)
    for i, answer in enumerate(nb.cells):
        meta = answer.metadata.get("nbgrader", {})
        if not meta.get("solution") or meta.get("grade_id") == "quiz":
            continue
        text = nb.cells[i - 1].source
        assert nb.cells[i - 1].cell_type == "markdown", meta["grade_id"]
        assert re.search(rf"^### Exercise \d - `{meta['grade_id']}`$", text, flags=re.M), meta["grade_id"]
        assert "**Goal:**" in text and "**Formula:**" in text, meta["grade_id"]
        assert "$" in text.split("**Formula:**")[1].split("**Hint**")[0], meta["grade_id"]  # the formula in LaTeX
        size = re.search(r"\*\*Hint\*\* \(approx\. (\d+) lines? of code", text)
        assert size and f"(approx. {size[1]} line" in answer.source, meta["grade_id"]  # the same size as the cell's


@pytest.mark.parametrize("stem", sorted(MASTERS))
def test_no_lesson_text_speaks_of_grading(stem):
    nb = nbformat.read(MASTERS[stem], as_version=4)
    words = re.compile(r"\b(nbgrader|grad(e|ed|er|ers|ing)|test machines?|our machines|CI)\b", re.I)
    spoken = [found[0] for c in nb.cells if c.cell_type == "markdown" and (found := words.search(c.source))]
    assert not spoken, spoken


def test_heavy_asides_sit_in_going_further_between_the_summary_and_the_quiz():
    headings = [(i, c.source.splitlines()[0]) for i, c in enumerate(LOGREG.cells)
                if c.cell_type == "markdown" and c.source.startswith("## ")]
    order = [heading for _, heading in headings]
    assert order[-4:] == ["## 13. Summary", "## Going further (optional)", "## Quiz", "## Check everything"]
    start, end = (i for i, heading in headings if heading in ("## Going further (optional)", "## Quiz"))
    aside = [c.source for c in LOGREG.cells[start:end]]
    assert any("scipy.optimize.minimize(" in source for source in aside)  # L-BFGS-B
    assert any("### Try your own picture" in source for source in aside)
    for call in ("scipy.optimize.minimize(", "plt.imread("):
        assert all(start < i < end for i, c in enumerate(LOGREG.cells) if call in c.source), call
