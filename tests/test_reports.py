"""The reports an instructor reads after grading: grade sheet, score plot, summary, feedback pages."""
import csv
import re
from dataclasses import replace

import pytest

from autograder.grading import reports
from autograder.grading.outcome import GRADED, ExerciseResult, SubmissionResult, not_graded

SCRIPT = "<script>alert('x')</script>"
HOSTILE = (  # what a student's exception text or output can carry into a reason or a message
    "\x1b[2J\x1b[1;31mred\x1b[0m \x1b]0;owned\x07title \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ "
    "\x9b2Kc1 \x07bell\x08\x7f \x1bcreset \u202eevil\u202c tab\tstop\r\nnext line\x00\x85"
)
HOSTILE_LINE = "red title link c1 bell reset evil tab stop next line"
HOSTILE_LINES = "red title link c1 bell reset evil tab    stop\nnext line"
HEADER = ["student", "01_numpy_basics:basic_sigmoid_check", "01_numpy_basics:L1_check",
          "02_logistic_regression:propagate_check", "total", "max_score", "status", "reason"]


def exercises(basic_sigmoid, L1, propagate, message="{0}: all checks passed"):
    earned = (("01_numpy_basics", "basic_sigmoid_check", basic_sigmoid, 1.0),
              ("01_numpy_basics", "L1_check", L1, 2.0),
              ("02_logistic_regression", "propagate_check", propagate, 1.5))
    return tuple(ExerciseResult(nb, gid, p, m, message.format(gid)) for nb, gid, p, m in earned)


@pytest.fixture
def results():
    """A small class: full marks, partly right, a zero, two not graded, a hostile student id."""
    return [
        SubmissionResult("zoe", "week2", GRADED, "", exercises(1.0, 2.0, 1.5)),
        SubmissionResult("bob", "week2", GRADED, "matched by cell ids", exercises(1.0, 0.0, 1.5)),
        SubmissionResult("carl", "week2", GRADED, "", exercises(0.0, 0.0, 0.0)),
        not_graded("alice", "week2", "not valid JSON: line 1 column 1"),
        not_graded("dave", "week2", "the notebook ran out of wall-time\n(in cell 3)"),
        SubmissionResult(SCRIPT, "week2", GRADED, "",
                         exercises(1.0, 2.0, 0.0, message="{0}: your output was <b>&nbsp;</b>")),
    ]


def read_sheet(path):
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, {row["student"]: row for row in reader}


def test_columns_follow_the_first_graded_result():
    later = SubmissionResult("b", "week2", GRADED, "", (ExerciseResult("03_extra", "x_check", 1, 1, ""),))
    first = SubmissionResult("c", "week2", GRADED, "", exercises(1, 1, 1))
    assert reports.columns([not_graded("a", "week2", "empty file"), first, later]) == HEADER[1:4] + ["03_extra:x_check"]
    assert reports.columns([not_graded("a", "week2", "empty file")]) == []


def test_grade_sheet_has_a_row_per_student_and_empty_cells_for_the_not_graded(results, tmp_path):
    header, rows = read_sheet(reports.write_grade_sheet(results, tmp_path / "out" / "grades.csv"))
    assert header == HEADER
    assert list(rows) == sorted(rows) == [SCRIPT, "alice", "bob", "carl", "dave", "zoe"]
    assert rows["bob"] == {"student": "bob", HEADER[1]: "1", HEADER[2]: "0", HEADER[3]: "1.5", "total": "2.5",
                           "max_score": "4.5", "status": "graded", "reason": "matched by cell ids"}
    assert rows["carl"]["total"] == "0"
    assert rows["alice"] == {"student": "alice", HEADER[1]: "", HEADER[2]: "", HEADER[3]: "", "total": "",
                             "max_score": "4.5", "status": "not graded", "reason": "not valid JSON: line 1 column 1"}
    assert rows["dave"]["reason"] == "the notebook ran out of wall-time (in cell 3)"
    assert rows[SCRIPT]["total"] == "3"


def test_grade_sheet_cells_are_never_spreadsheet_formulas(tmp_path):
    results = [not_graded("=HYPERLINK(\"http://evil\")", "week2", "-1+2 @cmd")]
    _, rows = read_sheet(reports.write_grade_sheet(results, tmp_path / "grades.csv"))
    assert rows == {"'=HYPERLINK(\"http://evil\")": {"student": "'=HYPERLINK(\"http://evil\")", "total": "",
                                                      "max_score": "", "status": "not graded", "reason": "'-1+2 @cmd"}}


def test_grade_sheet_without_graded_results_takes_its_columns_from_max_points(tmp_path):
    max_points = {"01_numpy_basics:basic_sigmoid_check": 1, "01_numpy_basics:L1_check": 2.5}
    path = reports.write_grade_sheet([not_graded("alice", "week2", "empty file")], tmp_path / "g.csv", max_points)
    header, rows = read_sheet(path)
    assert header == ["student", *max_points, "total", "max_score", "status", "reason"]
    assert rows["alice"]["max_score"] == "3.5" and rows["alice"]["01_numpy_basics:L1_check"] == ""


def test_reports_refuse_mixed_assignments_and_repeated_students(tmp_path):
    with pytest.raises(ValueError, match=r"mix assignments \(week2, week3\).*one assignment at a time"):
        reports.write_grade_sheet([not_graded("a", "week2", "x"), not_graded("b", "week3", "x")], tmp_path / "g.csv")
    with pytest.raises(ValueError, match="alice has more than one result for week2"):
        reports.summary([not_graded("alice", "week2", "x"), not_graded("alice", "week2", "y")])


def test_numbers_are_plain_decimals():
    assert [reports.number(x) for x in (2.0, 1.5, 0.0, -0.0, 1e-7, 1234567.0, 1 / 3)] == \
           ["2", "1.5", "0", "0", "0", "1234567", "0.333333"]


def test_summary_text(results):
    assert reports.summary(results) == "\n".join([
        "week2: 6 submissions, 4 graded, 2 not graded",
        "  not graded: alice (not valid JSON: line 1 column 1)",
        "  not graded: dave (the notebook ran out of wall-time (in cell 3))",
        "mean per exercise (graded submissions):",
        "  01_numpy_basics:basic_sigmoid_check      0.75 / 1     (75 %)",
        "  01_numpy_basics:L1_check                    1 / 2     (50 %)",
        "  02_logistic_regression:propagate_check   0.75 / 1.5   (50 %)",
        "mean total 2.5 / 4.5   (56 %)",
    ])


def test_summary_of_a_class_nobody_could_grade_and_of_no_class():
    long_reason = "x" * 500
    assert reports.summary([not_graded("alice\x1b[2J", "week3", long_reason)]) == "\n".join([
        "week3: 1 submissions, 0 graded, 1 not graded",
        f"  not graded: alice ({'x' * 157}...)",
        "no graded submissions: no means to show",
    ])
    assert reports.summary([]) == "no submissions"


def test_distribution_has_one_titled_chart_per_exercise_and_the_totals_beside_them(results, tmp_path):
    figure = reports.distribution_figure(results)
    assert [axes.get_title() for axes in figure.axes] == [
        "01_numpy_basics:basic_sigmoid_check\nmean 0.75 / 1",
        "01_numpy_basics:L1_check\nmean 1 / 2",
        "02_logistic_regression:propagate_check\nmean 0.75 / 1.5",
        "total\nmean 2.5 / 4.5",
    ]
    assert len({axes.get_subplotspec().get_geometry() for axes in figure.axes}) == 4
    L1, totals = figure.axes[1], figure.axes[-1]
    assert sorted((bar.get_x() + bar.get_width() / 2, bar.get_height()) for bar in L1.patches) == [(0, 2), (2, 2)]
    assert L1.get_xlim() == (-0.5, 2.5)
    counted = {(bar.get_x(), bar.get_x() + bar.get_width()): bar.get_height() for bar in totals.patches if bar.get_height()}
    assert counted == {(-0.5, 0.5): 1, (2.5, 3.5): 2, (4.5, 5.5): 1}  # totals 0, 2.5, 3, 4.5: a bin per point
    assert totals.get_xlabel() == "total points" and totals.get_xlim()[1] >= 4.5
    assert totals.get_subplotspec().colspan.start > max(a.get_subplotspec().colspan.start for a in figure.axes[:-1])
    assert figure.get_suptitle() == "week2: 4 graded, 2 not graded (not shown)"
    path = reports.plot_distribution(results, tmp_path / "plots" / "scores.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_distribution_without_graded_results_says_so(tmp_path):
    figure = reports.distribution_figure([not_graded("alice", "week2", "empty file")])
    assert figure.axes == [] and figure.get_suptitle() == "week2: 0 graded, 1 not graded (not shown), nothing to plot"
    assert reports.distribution_figure([]).get_suptitle() == "no submissions: 0 graded, nothing to plot"
    assert reports.plot_distribution([], tmp_path / "empty.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize("size", [0, 1, 3])
def test_the_title_is_never_clipped(size):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    graded = [SubmissionResult("zoe", "week2_with_a_rather_long_name", GRADED, "", exercises(1.0, 2.0, 1.5)[:size])]
    results = [not_graded(f"s{i}", "week2_with_a_rather_long_name", "x") for i in range(12)] + (graded if size else [])
    figure = reports.distribution_figure(results)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    title = figure._suptitle.get_window_extent(canvas.get_renderer())
    assert 0 <= title.x0 and title.x1 <= figure.bbox.x1 and title.y1 <= figure.bbox.y1, (title, figure.bbox)


def test_feedback_page_shows_points_and_messages_escaped(results):
    page = reports.feedback_html(results[-1])
    assert SCRIPT not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "Total: 3 / 4.5" in page
    assert re.findall(r"<h2>(.*?)</h2>\n<p class=\"\w+\">(.*?)</p>\n<p class=\"verdict\">.*\n<h3>.*\n<pre>(.*?)</pre>", page) == [
        (HEADER[1], "1 / 1", "basic_sigmoid_check: your output was &lt;b&gt;&amp;nbsp;&lt;/b&gt;"),
        (HEADER[2], "2 / 2", "L1_check: your output was &lt;b&gt;&amp;nbsp;&lt;/b&gt;"),
        (HEADER[3], "0 / 1.5", "propagate_check: your output was &lt;b&gt;&amp;nbsp;&lt;/b&gt;"),
    ]
    assert re.findall(r"<(\w+)", page) == ["html", "head", "meta", "title", "style", "body", "h1", "p", "p"] + \
        ["h2", "p", "p", "h3", "pre"] * 3


def test_feedback_page_of_a_not_graded_student_says_why():
    page = reports.feedback_html(not_graded("alice", "week2", "not valid JSON: <line 1>\x00"))
    assert "Status: not graded. not valid JSON: &lt;line 1&gt;</p>" in page
    assert "Total" not in page and "<pre>" not in page and "\x00" not in page


def test_write_feedback_writes_one_page_per_student_and_assignment(results, tmp_path):
    paths = reports.write_feedback(results[:2], tmp_path / "feedback")
    assert paths == [tmp_path / "feedback" / s / "week2" / "feedback.html" for s in ("zoe", "bob")]
    assert paths[1].read_text(encoding="utf-8") == reports.feedback_html(results[1])


@pytest.mark.parametrize("student", ["..", "a/../../b", "", "."])
def test_write_feedback_refuses_a_student_id_that_leaves_the_folder(student, tmp_path):
    with pytest.raises(ValueError, match="cannot be a folder name.*rename that hand-in"):
        reports.write_feedback([not_graded("fine", "week2", "x"), not_graded(student, "week2", "x")], tmp_path / "f")
    assert list(tmp_path.iterdir()) == []


def test_progress_yields_every_item_quietly_off_a_terminal(monkeypatch, capsys):
    monkeypatch.delenv("DNN_PROGRESS", raising=False)
    assert list(reports.progress(iter(range(5)), total=5, description="grading week2")) == [0, 1, 2, 3, 4]
    assert capsys.readouterr() == ("", "")


def test_progress_bar_can_be_forced_on_and_off(monkeypatch, capsys):
    monkeypatch.setenv("DNN_PROGRESS", "1")
    assert list(reports.progress(range(3), total=3, description="grading week2")) == [0, 1, 2]
    assert re.search(r"grading week2: 100%.*3/3.*submission", capsys.readouterr().err)
    monkeypatch.setenv("DNN_PROGRESS", "0")
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    assert list(reports.progress(range(3), total=3, description="grading week2")) == [0, 1, 2]
    assert capsys.readouterr().err == ""


def no_control_characters(text):
    return not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e]", text)


def test_grade_sheet_drops_terminal_escapes_and_control_characters(tmp_path):
    results = [not_graded("mallory", "week2", HOSTILE), not_graded("oscar", "week2", "\x1b[0m=HYPERLINK(1)\x1b[0m")]
    path = reports.write_grade_sheet(results, tmp_path / "grades.csv", {"01_numpy_basics:L1_check": 2.0})
    _, rows = read_sheet(path)
    assert rows["mallory"]["reason"] == HOSTILE_LINE
    assert rows["oscar"]["reason"] == "'=HYPERLINK(1)"
    assert no_control_characters(path.read_text(encoding="utf-8").replace("\r\n", ""))


def test_summary_drops_terminal_escapes_and_control_characters():
    summary = reports.summary([not_graded("mallory", "week2", HOSTILE)])
    assert f"  not graded: mallory ({HOSTILE_LINE})" in summary.splitlines()
    assert no_control_characters(summary.replace("\n", ""))


def test_feedback_keeps_the_lines_of_a_message_but_no_control_character():
    graded = SubmissionResult("mallory", "week2", GRADED, "", exercises(1.0, 0.0, 0.0, message=HOSTILE))
    page = reports.feedback_html(graded)
    assert page.count(f"<pre>{HOSTILE_LINES}</pre>") == 3
    assert no_control_characters(page.replace("\n", ""))
    page = reports.feedback_html(not_graded("mallory", "week2", HOSTILE))
    assert f"Status: not graded. {HOSTILE_LINES}</p>" in page and no_control_characters(page.replace("\n", ""))


# ---- feedback on a graded copy: the student's code, a verdict that says what failed, the notes

FAILED_VALUES = "\n".join([
    "Public checks of L1:",
    "  PASS  type      returns loss: float",
    "  FAIL  values    loss has wrong values: largest difference 0.6 (tolerance rtol=1e-06, atol=1e-08).",
    "                  You summed y - yhat without the absolute value: positive and negative errors cancel.",
    "L1: failed at the values check. Fix it and run this cell again.",
    "Hidden checks of L1:",
    "  FAIL  values    loss has wrong values: largest difference 1.75 (tolerance rtol=1e-06, atol=1e-08).",
    "L1: failed at the values check. Fix it and run this cell again.",
])
UNDEFINED = "\n".join([
    "Public checks of L2:",
    "  FAIL  call      L2 raised NameError",
    "                  at line 2: return undefined_name",
    "                  undefined_name is not defined: run the cell that defines it first.",
    "L2: failed at the call check. Fix it and run this cell again.",
])


def graded_copy():
    return SubmissionResult("alice", "week2", GRADED, "01_numpy_basics: 1 cell you added was run where it stands", (
        ExerciseResult("01_numpy_basics", "L1_check", 0.0, 1.0, FAILED_VALUES,
                       code="def L1(yhat, y):\n    return float(np.sum(y - yhat))  # <b>mine</b>\n"),
        ExerciseResult("01_numpy_basics", "L2_check", 0.0, 1.0, UNDEFINED, code="# YOUR CODE HERE\n",
                       added=("def L2(yhat, y):\n    return undefined_name\n",),
                       notes=("1 cell you added below your answer cell ran before this check (shown below)",)),
        ExerciseResult("02_logistic_regression", "sigmoid_check", 0.0, 1.0, "02_logistic_regression.ipynb was not handed in."),
        ExerciseResult("01_numpy_basics", "softmax_check", 2.0, 2.0, "Public checks of softmax:\n  PASS  values    ok\nsoftmax: all checks passed",
                       code="def softmax(x):\n    ...\n"),
    ))


def sections(page):
    """column -> the HTML of its section of a feedback page."""
    parts = re.split(r"<h2>(.*?)</h2>\n", page)[1:]
    return dict(zip(parts[::2], parts[1::2]))


def test_feedback_shows_the_students_code_escaped_with_the_cells_they_added():
    page = sections(reports.feedback_html(graded_copy()))
    assert '<h3>Your answer cell</h3>\n<pre class="code">def L1(yhat, y):\n    return float(np.sum(y - yhat))  # ' \
           '&lt;b&gt;mine&lt;/b&gt;\n</pre>' in page["01_numpy_basics:L1_check"]
    L2 = page["01_numpy_basics:L2_check"]
    assert '<pre class="code"># YOUR CODE HERE\n</pre>' in L2
    assert '<h3>A cell you added, run after it</h3>\n<pre class="code">def L2(yhat, y):\n    return undefined_name\n</pre>' in L2
    assert "<li>1 cell you added below your answer cell ran before this check (shown below)</li>" in L2


def test_feedback_says_what_failed_in_words_for_a_graded_copy():
    whole = reports.feedback_html(graded_copy())
    assert "run this cell again" not in whole and "run the cell that defines it first" not in whole
    page = sections(whole)
    assert '<p class="verdict">Failed at the values check of the public checks: loss has wrong values: largest ' \
           'difference 0.6 (tolerance rtol=1e-06, atol=1e-08).</p>' in page["01_numpy_basics:L1_check"]
    assert "L1: failed at the values check.\n" in page["01_numpy_basics:L1_check"]
    L2 = page["01_numpy_basics:L2_check"]
    assert '<p class="verdict">Failed at the call check of the public checks: L2 raised NameError</p>' in L2
    assert "undefined_name was not defined when this line ran: the graded copy runs your cells in the notebook&#x27;s " \
           "order, and none before it defines undefined_name." in L2
    assert '<p class="verdict">02_logistic_regression.ipynb was not handed in.</p>' in page["02_logistic_regression:sigmoid_check"]
    assert '<p class="verdict">Full points: all checks passed.</p>' in page["01_numpy_basics:softmax_check"]


def test_feedback_shows_the_notes_on_the_hand_in():
    page = reports.feedback_html(graded_copy())
    assert '<p class="notes">Notes on your hand-in: 01_numpy_basics: 1 cell you added was run where it stands</p>' in page
    assert "Notes on your hand-in" not in reports.feedback_html(replace(graded_copy(), reason=""))


@pytest.mark.parametrize("live, graded", [
    ("np is not defined: run the notebook's first code cell, which imports numpy as np.",
     "np was not defined when this line ran: the graded copy runs the notebook's first code cell, which imports "
     "numpy as np, first; did your code delete or replace np?"),
    ("sigmoid is not defined: run its answer cell (the cell with `def sigmoid`) first.",
     "sigmoid was not defined when this line ran: its answer cell did not define it."),
    ("L1: failed at the shape check. Fix it and run this cell again.", "L1: failed at the shape check."),
])
def test_live_notebook_wording_becomes_graded_copy_wording(live, graded):
    assert reports.graded_copy(live) == graded
