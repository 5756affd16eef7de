"""nbgrader's Formgrader on a class graded by grade_class, driven in Chromium through Playwright.

An instructor's round, click by click: open the gradebook of week 2, then its first notebook's
submissions (Formgrader's Manual Grading table), show the names, open alice's submission and read
her code and the check's verdict on it, give her half a point by hand where the check gave none;
then alice is graded again (a hand-in with one more mistake) and the manual score is still there,
in Formgrader and in `nbgrader export`. The server is `course.py lab --instructor`'s, on a
temporary copy of the course. Screenshots of the key steps land in the test's tmp folder.
"""
import contextlib
import csv
import io
import json
import os
import re
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest
from nbgrader.api import Gradebook

import course as course_py
from autograder import cli
from autograder.grading import batch, gradebook
from notebook_tools import copy_course, served
from test_browser import browser_page, playwright  # noqa: F401 (a fixture)

ASSIGNMENT, NOTEBOOK = "week2", "01_numpy_basics"
WRONG_L1 = "import numpy as np\n\ndef L1(yhat, y):\n    return float(np.sum(y - yhat))\n"
WRONG_L2 = "import numpy as np\n\ndef L2(yhat, y):\n    return float(np.sum(y - yhat))\n"


def with_answers(master, target, answers):
    nb = nbformat.read(master, as_version=4)
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)


def grade(course, folder, **options):
    with ThreadPoolExecutor(2) as executor, contextlib.redirect_stdout(io.StringIO()):
        results = batch.grade_class(course, ASSIGNMENT, folder, executor=executor,
                                    settings=batch.Settings(isolated=False), **options)
    return {r.student: r for r in results}


@pytest.fixture
def graded(tmp_path):
    """A course copy where alice (the master, L1 wrong) and bob (the released notebook) were graded."""
    course = copy_course(tmp_path / "autograder")
    master = course / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    folder = tmp_path / "class"
    with_answers(master, folder / "alice" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", {"L1": WRONG_L1})
    nbformat.write(cli.student_version(master), folder / "bob.ipynb")
    results = grade(course, folder)
    assert results["alice"].graded and results["bob"].graded
    return course, folder, master, results


@pytest.fixture
def formgrader(graded, tmp_path):
    """`course.py lab --instructor` on the course copy (it runs in the course folder, whose
    nbgrader_config.py Formgrader reads): yields its base url and token."""
    env = {key: value for key, value in course_py.course_env().items() if key != "DNN_GRADEBOOK_URL"}
    with served(course_py.lab_command([], instructor=True), graded[0], env, tmp_path / "server.log") as server:
        yield server


def test_an_instructor_adjusts_a_grade_in_formgrader_and_it_survives_a_regrade(playwright, graded, formgrader, tmp_path):
    course, folder, master, results = graded
    base, token = formgrader
    with browser_page(playwright, tmp_path) as (page, shots):
        adjust_and_regrade(page, playwright.expect, base, token, graded, shots)
        autograde_button_refuses(base, token, course)


def adjust_and_regrade(page, expect, base, token, graded, shots):
    course, folder, master, results = graded
    first = results["alice"].total
    out_of = sum(e.max_points for e in results["alice"].exercises if e.notebook == NOTEBOOK)
    page.goto(f"{base}/formgrader?token={token}")  # Formgrader's front page, as its menu entry opens it
    page.get_by_role("link", name="Manual Grading", exact=True).click()
    page.get_by_role("link", name=ASSIGNMENT, exact=True).click()
    page.get_by_role("link", name=NOTEBOOK, exact=True).click()
    table = page.locator("table")
    expect(table.locator("tbody tr")).to_have_count(2)  # Manual Grading lists both graded hand-ins
    page.locator("#toggle_names").click()
    expect(table).to_contain_text(f"{first:g} / {out_of:g}")
    page.screenshot(path=shots / "1-gradebook.png", full_page=True)
    page.get_by_role("link", name="alice", exact=True).click()

    # alice's submission: her code, and the check's verdict on it, as the graded copy holds them
    l1_answer = page.locator(".nbgrader_cell", has=page.locator("#L1-comment"))
    expect(l1_answer).to_contain_text("return float(np.sum(y - yhat))")
    l1_check = page.locator(".code_cell", has=page.locator("input#L1_check"))  # its input and its output
    expect(l1_check).to_contain_text("Public checks of L1")
    expect(l1_check).to_contain_text("FAIL")
    expect(l1_answer.locator("textarea.comment")).to_have_attribute("placeholder", re.compile("Public checks of L1"))
    score = l1_check.locator("input#L1_check")
    expect(score).to_have_attribute("placeholder", "0")  # the auto score
    l1_check.scroll_into_view_if_needed()
    page.screenshot(path=shots / "2-submission.png")

    # half a point by hand: typed, then Tab, as a grader does; Formgrader saves it at once
    score.fill("0.5")
    with page.expect_response(lambda r: "/formgrader/api/grade/" in r.url and r.request.method == "PUT") as saved:
        score.press("Tab")
    assert saved.value.ok
    with Gradebook(gradebook.sqlalchemy_url(gradebook.default_db_url(course))) as gb:
        assert gb.find_grade("L1_check", NOTEBOOK, ASSIGNMENT, "alice").manual_score == 0.5
    l1_check.screenshot(path=shots / "3-manual-score.png")

    # alice hands in again, with L2 wrong too: graded again, her manual score stays
    with_answers(master, folder / "alice" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", {"L1": WRONG_L1, "L2": WRONG_L2})
    again = grade(course, folder, student="alice")["alice"]
    assert again.total == first - 1 + 0.5
    page.reload()
    expect(page.locator("input#L1_check")).to_have_value("0.5")
    expect(page.locator("input#L2_check")).to_have_attribute("placeholder", "0")  # the new auto score
    expect(page.locator(".nbgrader_cell", has=page.locator("#L2-comment"))).to_contain_text("return float(np.sum(y - yhat))")
    page.screenshot(path=shots / "4-after-regrade.png")
    page.goto(f"{base}/formgrader/gradebook/{ASSIGNMENT}/{NOTEBOOK}")
    expect(page.locator("table tbody tr")).to_have_count(2)
    page.locator("#toggle_names").click()
    row = page.locator("tbody tr", has=page.get_by_role("link", name="alice", exact=True))
    expect(row).to_contain_text(f"{again.total:g} / {out_of:g}")
    page.screenshot(path=shots / "5-gradebook-after-regrade.png", full_page=True)

    # nbgrader's own export reads the same grade
    exported = course / "nbgrader-export.csv"
    env = {key: value for key, value in os.environ.items() if key != "DNN_GRADEBOOK_URL"}
    done = subprocess.run([sys.executable, "-m", "nbgrader", "export", f"--to={exported}"], cwd=course, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    with open(exported, newline="", encoding="utf-8") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert float(rows["alice"]["score"]) == again.total


def autograde_button_refuses(base, token, course):
    """Formgrader's Autograde button posts here: nbgrader's own autograde refuses (nbgrader_config.py),
    and the stored hand-in, its graded copy and records stay as they are."""
    before = {p: p.read_bytes() for p in sorted(course.rglob("*")) if p.is_file() and "autograded" in p.parts}
    request = urllib.request.Request(f"{base}/formgrader/api/submission/{ASSIGNMENT}/alice/autograde", data=b"",
                                     method="POST", headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.loads(response.read())
    assert answer["success"] is False and "This course grades with `python3 course.py grade" in answer["error"] + answer.get("log", "")
    assert {p: p.read_bytes() for p in sorted(course.rglob("*")) if p.is_file() and "autograded" in p.parts} == before
