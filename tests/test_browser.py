"""The student's side in a real browser: `course.py lab` driven in Chromium through Playwright.

A person's first exercise, click by click: open week 2's numpy notebook, run down to basic_sigmoid,
type a wrong answer and read the check's diagnosis, type the right one and read "all checks
passed", run the check-everything cell and read the count, click nbgrader's Validate and read its
verdict. The lab serves a temporary copy of notebooks/, so the repo is never touched. Screenshots
of the key steps land in the test's tmp folder.
"""
import json
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

import course
from notebook_tools import served

CHROMIUM = Path("/usr/bin/chromium")  # Debian's chromium; Playwright cannot download a browser here
# Without the background-networking flags Chromium keeps dialling Google's hosts on a closed network.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NOTEBOOK = "week2/01_numpy_basics.ipynb"
EXERCISE = "basic_sigmoid"
WRONG = "def basic_sigmoid(x):\n    s = 1 / (1 + math.exp(x))\n    return s\n"
RIGHT = "def basic_sigmoid(x):\n    s = 1 / (1 + math.exp(-x))\n    return s\n"
TIMEOUT_MS = 30_000


def answer_cells(path):
    """grade ids of the notebook's answer cells, in order."""
    cells = json.loads(path.read_text())["cells"]
    return [c["metadata"]["nbgrader"]["grade_id"] for c in cells if c["metadata"].get("nbgrader", {}).get("solution")]


@pytest.fixture
def playwright():
    """Playwright's sync API, or a skip that says what is missing."""
    if not CHROMIUM.exists():
        pytest.skip(f"no browser: {CHROMIUM} is missing (as root `python3 course.py test` installs "
                    "Debian's chromium; or run `apt-get install chromium`)")
    api = pytest.importorskip("playwright.sync_api", reason="Playwright is missing: `python3 course.py test` installs requirements.txt")
    return api


@pytest.fixture
def lab(tmp_path):
    """`course.py lab`'s command line on a copy of notebooks/: yields (base url, token, copy)."""
    root = tmp_path / "notebooks"
    shutil.copytree(course.ROOT / "notebooks", root)
    # The user's own lab settings and open tabs neither steer this lab nor take what the test clicks.
    env = dict(course.course_env(), JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "lab-user-settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "lab-workspaces"))
    with served(course.lab_command([]), root, env, tmp_path / "lab.log") as (base, token):
        yield base, token, root


def test_a_student_does_the_first_exercise_in_chromium(playwright, lab, tmp_path):
    base, token, root = lab
    exercises = answer_cells(root / NOTEBOOK)
    assert exercises[0] == EXERCISE, f"{NOTEBOOK}'s first exercise is now {exercises[0]}"
    with browser_page(playwright, tmp_path) as (page, shots):
        page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={token}")
        first_exercise(page, playwright.expect, exercises, shots)


@contextmanager
def browser_page(playwright, tmp_path):
    """A page of headless Chromium, as a person's (a screen of 1400 x 900, JupyterLab's news toast
    answered "No" whenever it shows), and the folder for screenshots, printed; a failure leaves
    failure.png there. Yields (page, screenshots folder)."""
    shots = tmp_path / "screenshots"
    shots.mkdir()
    print(f"screenshots: {shots}")
    playwright.expect.set_options(timeout=TIMEOUT_MS)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            tmp_path / "chromium-profile", executable_path=str(CHROMIUM), headless=True,
            args=CHROMIUM_FLAGS, viewport={"width": 1400, "height": 900})
        page = browser.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        # JupyterLab's "get notified about news?" toast can cover the cells: answer it as a person would.
        news = page.locator(".Toastify__toast", has_text="official Jupyter news")
        page.add_locator_handler(news, lambda toast: toast.get_by_role("button", name="No", exact=True).click())
        try:
            yield page, shots
        except Exception:
            page.screenshot(path=shots / "failure.png")
            raise
        finally:
            browser.close()


def first_exercise(page, expect, exercises, shots):
    """What a person does in the notebook, with what they read at each step."""
    panel = page.locator(".jp-NotebookPanel", has_text="Python and numpy basics")
    cells = panel.locator(".jp-CodeCell")

    def code_cell(source):
        return cells.filter(has=page.locator(".jp-InputArea-editor", has_text=source))

    def run(cell):
        """Click into the cell and press Shift+Enter, the way a person runs one cell."""
        cell.locator(".cm-content").click()
        page.keyboard.press("Shift+Enter")

    def type_into(cell, text):
        """Replace the cell's source: click into CodeMirror, select all, type."""
        cell.locator(".cm-content").click()
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.insert_text(text)  # whole lines at once, so the editor adds no indentation of its own

    answer, check = code_cell(f"def {EXERCISE}(x)"), code_cell(f"check({EXERCISE})")
    expect(answer).to_have_count(1)
    expect(check).to_have_count(1)
    check_output = check.locator(".jp-OutputArea")

    # Cells run before the kernel is up are skipped: wait, as a person does, for the status bar's "Idle".
    expect(page.locator(".jp-StatusBar-TextItem", has_text=re.compile(r"\| Idle$"))).to_be_visible()

    # Everything above the exercise, from the Run menu (the check needs the import cell's `math`).
    answer.locator(".cm-content").click()
    page.keyboard.press("Escape")
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Above Selected Cell").click()

    type_into(answer, WRONG)
    run(answer)
    run(check)
    expect(check_output).to_contain_text("the exponent is -x")
    diagnosis = check_output.inner_text()
    assert "FAIL" in diagnosis and "all checks passed" not in diagnosis
    assert "Traceback" not in diagnosis
    answer.screenshot(path=shots / "1-wrong-answer.png")
    check.screenshot(path=shots / "1-wrong-answer-diagnosis.png")

    type_into(answer, RIGHT)
    run(answer)
    run(check)
    expect(check_output).to_contain_text("all checks passed")
    assert "FAIL" not in check_output.inner_text()
    check.screenshot(path=shots / "2-right-answer.png")

    # The check-everything cell closes the notebook: one line per exercise, then the count.
    expect(cells.last.locator(".jp-InputArea-editor"), "the notebook's last code cell should be the "
           "check-everything cell").to_contain_text("check_all(globals())", timeout=5_000)
    check_all = code_cell("check_all(globals())")
    run(check_all)  # Shift+Enter on the last cell adds an empty one below: hence found by its text
    count = re.compile(r"(\d+) of (\d+) exercises pass")
    table = check_all.locator(".jp-OutputArea")
    expect(table).to_contain_text(count)
    passing, total = map(int, count.search(table.inner_text()).groups())
    assert (passing, total) == (1, len(exercises))
    assert all(name in table.inner_text() for name in exercises), table.inner_text()
    check_all.screenshot(path=shots / "3-check-everything.png")

    # nbgrader's Validate saves the notebook, runs it from the top and lists each failing check.
    panel.locator(".jp-Toolbar").get_by_role("button", name="Validate").click()
    dialog = page.locator(".jp-Dialog", has_text="Validation Results")
    expect(dialog).to_be_visible(timeout=60_000)
    page.screenshot(path=shots / "4-validate.png")
    verdict = dialog.locator("#validation-message")
    expect(verdict).to_have_class(re.compile("validation-failed"))
    # Each failure is a "The following cell failed:" line, then the cell's source, then its error.
    failed_sources = verdict.locator(":scope > .jp-RenderedText").all_inner_texts()[0::2]
    expect(verdict.get_by_text("The following cell failed:")).to_have_count(len(failed_sources))
    assert len(failed_sources) == total - passing, failed_sources
    assert not any(f"check({EXERCISE})" in source for source in failed_sources)
    for name in exercises[1:]:
        assert any(f"check({name})" in source for source in failed_sources), f"Validate does not list {name}"
    dialog.get_by_role("button", name="Ok").click()
    expect(dialog).to_have_count(0)
