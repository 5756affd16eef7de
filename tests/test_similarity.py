"""The similarity report: answers compared as syntax trees. A copy with its names changed, reformatted
and commented is flagged; independent solutions are not; untouched stubs and what most of the class
wrote are no evidence; the instructor's page shows the pair side by side, escaped."""
import contextlib
import io
import json
import re
import textwrap

import pytest

from autograder import cli
from autograder.grading import similarity
from autograder.grading.outcome import GRADED, ExerciseResult, SubmissionResult
from notebook_tools import REPO, copy_course

ASSIGNMENT = "week3"
NOTEBOOK = "01_planar_data_classification"
RELEASE = REPO / "notebooks" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
STUB = "# YOUR CODE HERE\nraise NotImplementedError()"

ALICE = {
    "layer_sizes": """
        input_size = X.shape[0]
        hidden = 4
        output_size = Y.shape[0]
        n_x, n_h, n_y = input_size, hidden, output_size
    """,
    "forward_propagation": """
        linear1 = np.dot(W1, X) + b1
        Z1 = linear1
        A1 = np.tanh(Z1)
        Z2 = np.dot(W2, A1) + b2
        A2 = 1 / (1 + np.exp(-Z2))
    """,
    "compute_cost": """
        log_probs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)
        cost = - np.sum(log_probs) / m
        cost = float(np.squeeze(cost))
    """,
    "backward_propagation": """
        dZ2 = A2 - Y
        dW2 = (1 / m) * np.dot(dZ2, A1.T)
        db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)
        dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
        dW1 = (1 / m) * np.dot(dZ1, X.T)
        db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)
    """,
    "update_parameters": """
        lr = learning_rate
        W1 = W1 - lr * grads["dW1"]
        b1 = b1 - lr * grads["db1"]
        W2 = W2 - lr * grads["dW2"]
        b2 = b2 - lr * grads["db2"]
    """,
    "predict": """
        probabilities, _ = forward_propagation(X, parameters)
        predictions = (probabilities > 0.5).astype(float)
    """,
}
BOB = {  # alice's, names changed, reformatted, commented
    "layer_sizes": """
        nx = X.shape[ 0 ]   # rows of X
        size_hidden = 4
        ny = Y.shape[0]
        # the three sizes
        n_x, n_h, n_y = (nx, size_hidden, ny)
    """,
    "forward_propagation": """
        # first layer, <script>alert('x')</script>
        first = (np.dot(W1, X)
                 + b1)
        Z1 = first
        A1 = np.tanh( Z1 )
        Z2 = np.dot(W2, A1) + b2  # second layer
        A2 = 1/(1+np.exp(-Z2))
    """,
    "compute_cost": """
        \"\"\"my own cost\"\"\"
        lp = np.multiply(np.log(A2), Y) + np.multiply(np.log(1-A2), 1-Y)
        cost = -np.sum(lp)/m
        cost = float(np.squeeze(cost))
    """,
    "backward_propagation": """
        g2 = A2 - Y
        dW2 = (1/m) * np.dot(g2, A1.T)
        db2 = (1/m) * np.sum(g2, axis=1, keepdims=True)
        g1 = np.dot(W2.T, g2) * (1 - np.power(A1, 2))   # tanh'
        dW1 = (1/m) * np.dot(g1, X.T)
        db1 = (1/m) * np.sum(g1, axis=1, keepdims=True)
    """,
    "update_parameters": """
        alpha = learning_rate
        W1 = W1 - alpha*grads["dW1"]
        b1 = b1 - alpha*grads["db1"]
        W2 = W2 - alpha*grads["dW2"]
        b2 = b2 - alpha*grads["db2"]
    """,
    "predict": """
        p, _ = forward_propagation(X, parameters)   # probabilities
        predictions = (p > 0.5).astype(float)
    """,
}
CAROL = {  # her own
    "layer_sizes": """
        n_x, n_y = X.shape[0], Y.shape[0]
        n_h = 4
    """,
    "forward_propagation": """
        Z1 = W1 @ X + b1
        A1 = np.tanh(Z1)
        Z2 = W2 @ A1 + b2
        A2 = sigmoid(Z2)
    """,
    "compute_cost": """
        cost = -np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))
        cost = float(cost)
    """,
    "backward_propagation": """
        dZ2 = A2 - Y
        dW2 = dZ2 @ A1.T / m
        db2 = dZ2.sum(axis=1, keepdims=True) / m
        dZ1 = (W2.T @ dZ2) * (1 - A1 ** 2)
        dW1 = dZ1 @ X.T / m
        db1 = dZ1.sum(axis=1, keepdims=True) / m
    """,
    "update_parameters": """
        W1, b1 = W1 - learning_rate * grads["dW1"], b1 - learning_rate * grads["db1"]
        W2, b2 = W2 - learning_rate * grads["dW2"], b2 - learning_rate * grads["db2"]
    """,
    "predict": """
        A2, cache = forward_propagation(X, parameters)
        predictions = np.where(A2 > 0.5, 1.0, 0.0)
    """,
}


def hand_in(folder, student, answers):
    """The released notebook with `answers` written where the stubs say YOUR CODE HERE."""
    nb = json.loads(RELEASE.read_text())
    for cell in nb["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            stub = "".join(cell["source"])
            assert STUB.replace("\n", "\n    ") in stub
            cell["source"] = stub.replace("    " + STUB.replace("\n", "\n    "),
                                          textwrap.indent(textwrap.dedent(answers[grade_id]).strip(), "    "))
    (folder / f"{student}.ipynb").write_text(json.dumps(nb))


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return copy_course(tmp_path_factory.mktemp("course") / "autograder")  # no release/: stubs made from the masters


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    for student, answers in (("alice", ALICE), ("bob", BOB), ("carol", CAROL), ("dave", {}), ("erin", {})):
        hand_in(folder, student, answers)
    return folder


@pytest.fixture(scope="module")
def compared(course, folder):
    answers, notes = similarity.answers_from_folder(course, ASSIGNMENT, folder)
    stubs, known = similarity.released(course, ASSIGNMENT)
    pairs, flagged = similarity.compare(answers, stubs, known)
    return {"answers": answers, "notes": notes, "pairs": {(p.first, p.second): p for p in pairs}, "flagged": flagged}


def test_a_copy_renamed_reformatted_and_commented_is_flagged(compared):
    assert compared["flagged"] == {("alice", "bob")}
    copy = compared["pairs"][("alice", "bob")]
    assert copy.score == 1.0 and copy.common >= 20
    assert {m.exercise: m.ratio for m in copy.matches} == {
        f"{NOTEBOOK}:{f}_check": 1.0 for f in ("layer_sizes", "forward_propagation", "compute_cost",
                                               "backward_propagation", "update_parameters", "predict")}


def test_independent_solutions_are_not_flagged(compared):
    for other in ("alice", "bob"):
        assert compared["pairs"][(other, "carol")].score < 0.3


def test_untouched_stubs_are_not_counted(compared):
    assert compared["pairs"][("dave", "erin")].score == 0 and compared["pairs"][("dave", "erin")].matches == ()
    assert compared["pairs"][("alice", "dave")].score == 0
    untouched = compared["answers"]["dave"][f"{NOTEBOOK}:initialize_parameters_check"]
    assert "raise NotImplementedError()" in untouched


def test_names_layout_comments_and_docstrings_do_not_change_a_statement():
    known = {"np", "X", "f"}
    first = similarity.statements('def f(X):\n    """Doc."""\n    total = np.sum(X) + 1  # add one\n    return total\n', known)
    second = similarity.statements("def f(X):\n    s = (np.sum( X )\n         + 1)\n\n    return s", known)
    assert [s.key for s in first] == [s.key for s in second]
    assert [(s.first, s.last) for s in second] == [(1, 1), (2, 3), (5, 5)]
    changed = similarity.statements("def f(X):\n    s = np.sum(X) + 2\n    return s", known)
    assert [s.key for s in changed][1] != [s.key for s in first][1], "a constant is not a name"
    assert [s.key for s in similarity.statements("y = np.mean(X)", known)] != [s.key for s in similarity.statements(
        "y = np.sum(X)", known)], "an attribute is not a name"


def test_what_most_of_the_class_wrote_is_no_evidence(course):
    canonical = {f"{NOTEBOOK}:forward_propagation_check": "Z1 = W1 @ X + b1\nA1 = np.tanh(Z1)\nZ2 = W2 @ A1 + b2\n"
                                                           "A2 = sigmoid(Z2)\n"}
    answers = {student: dict(canonical) for student in "abcdef"}
    stubs, known = similarity.released(course, ASSIGNMENT)
    pairs, flagged = similarity.compare(answers, stubs, known)
    assert flagged == set() and all(p.score == 0 for p in pairs)
    pairs, flagged = similarity.compare({s: answers[s] for s in "ab"}, stubs, known, min_statements=4)
    assert flagged == {("a", "b")}, "two hand-ins alone: nothing is commonplace"


def test_answers_come_from_the_stored_results_too():
    exercise = ExerciseResult(NOTEBOOK, "predict_check", 1.0, 1.0, "m", code="def predict(): ...", added=("x = 1",))
    results = [SubmissionResult("alice", ASSIGNMENT, GRADED, "", (exercise,)),
               SubmissionResult("old", ASSIGNMENT, GRADED, "", (ExerciseResult(NOTEBOOK, "predict_check", 1.0, 1.0, "m"),))]
    answers, without = similarity.answers_from_results(results)
    assert answers == {"alice": {f"{NOTEBOOK}:predict_check": "def predict(): ..." + similarity.ADDED + "x = 1"}}
    assert without == ["old"]


def test_the_command_writes_a_side_by_side_page_for_the_instructor(course, folder):
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        cli.similarity(course, ASSIGNMENT, folder)
    page = (course / "reports" / ASSIGNMENT / "similarity.html").read_text(encoding="utf-8")
    assert re.search(r"similar hand-ins: 1 pair\(s\) of the 5 hand-ins at 80 % or more, alice and bob \(100 %\): .*"
                     r"similarity.html", printed.getvalue())
    assert '<h2 id="pair0">alice and bob: 100 %</h2>' in page
    assert "carol and" not in page.split("The closest pairs")[0]
    assert "<script>" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert '<span class="same">    lp = np.multiply(np.log(A2), Y) + np.multiply(np.log(1-A2), 1-Y)</span>' in page
    assert '<span class="same">    cost = -np.sum(lp)/m</span>' in page


def test_the_command_names_a_missing_folder_and_an_empty_class(course, tmp_path):
    with pytest.raises(cli.CommandError, match="is not a folder"):
        cli.similarity(course, ASSIGNMENT, tmp_path / "nothing")
    with pytest.raises(cli.CommandError, match="No answers of week3 to compare.*grade week3"):
        cli.similarity(copy_course(tmp_path / "fresh"), ASSIGNMENT)


def test_course_py_runs_the_similarity_command(course, folder, capsys):
    import course as course_py

    assert "similarity" in course_py.INSTRUCTOR_COMMANDS and "course.py similarity week2" in course_py.__doc__
    assert cli.main(["--course", str(course), "similarity", ASSIGNMENT, str(folder), "--threshold", "0.99"]) == 0
    assert "alice and bob (100 %)" in capsys.readouterr().out
