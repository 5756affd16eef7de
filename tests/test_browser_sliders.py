"""Week 3's explorer in a real browser: a change of its controls retrains and redraws, once.

Its callbacks run only with a live kernel and a widget manager on the page, which a headless run of
the notebook has neither of. So: open week 3's notebook in `course.py lab` (its copy of notebooks/,
the answer cells filled with the master's solutions so that everything above the explorer runs),
run down to the explorer, wait for its figure, pick another hidden activation, and wait for the
figure to be replaced by one new figure. Screenshots before and after land in the test's tmp folder.
"""
import re

import nbformat

from dnn_utils import explore
from notebook_tools import COURSE
from test_browser import browser_page, lab, playwright  # noqa: F401 (fixtures)

NOTEBOOK = "week3/01_planar_data_classification.ipynb"
EXPLORER = "explore.explorer("
ACTIVATION = "relu"  # another hidden activation than the explorer's first


def with_solutions(path, master):
    """Put the master's solution into every answer cell of the student notebook at `path`."""
    solutions = {c.metadata.nbgrader.grade_id: c.source for c in nbformat.read(master, as_version=4).cells
                 if c.metadata.get("nbgrader", {}).get("solution")}
    nb = nbformat.read(path, as_version=4)
    answers = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    unknown = [c.metadata.nbgrader.grade_id for c in answers if c.metadata.nbgrader.grade_id not in solutions]
    assert not unknown, f"answer cells {unknown} of {path} are not in {master}: run `course.py release week3`"
    for cell in answers:
        cell.source = solutions[cell.metadata.nbgrader.grade_id]
    nbformat.write(nb, path)


def test_the_week3_explorer_redraws_once_when_a_control_changes(playwright, lab, tmp_path):
    base, token, root = lab
    assert ACTIVATION in explore.ACTIVATIONS and ACTIVATION != explore.DEFAULTS["activation"]
    with_solutions(root / NOTEBOOK, COURSE / "source" / NOTEBOOK)
    with browser_page(playwright, tmp_path) as (page, shots):
        page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={token}")
        change_the_activation(page, playwright.expect, shots)


def change_the_activation(page, expect, shots):
    """Run down to the explorer, then pick ACTIVATION in its dropdown, as a person does."""
    panel = page.locator(".jp-NotebookPanel", has_text=EXPLORER)
    cell = panel.locator(".jp-CodeCell").filter(has=page.locator(".jp-InputArea-editor", has_text=EXPLORER))
    expect(cell).to_have_count(1)
    idle = page.locator(".jp-StatusBar-TextItem", has_text=re.compile(r"\| Idle$"))
    expect(idle).to_be_visible()  # cells run before the kernel is up are skipped

    # Everything above the explorer from the Run menu, then the explorer with Shift+Enter.
    cell.locator(".cm-content").click()
    page.keyboard.press("Escape")
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Above Selected Cell").click()
    cell.locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")

    figures = cell.locator(".widget-output img")
    try:
        expect(figures).to_have_count(1, timeout=60_000)  # the cells above take a few seconds
    except AssertionError:
        # textContent, not innerText: the cells scrolled out of view render no text
        errors = panel.locator("[data-mime-type='application/vnd.jupyter.stderr']").all_text_contents()
        last_lines = [text.strip().splitlines()[-1] for text in errors if text.strip()]
        raise AssertionError(f"the explorer showed no figure; the notebook's errors: {last_lines}") from None
    expect(idle).to_be_visible()
    first = figures.get_attribute("src")
    cell.screenshot(path=shots / "1-explorer-tanh.png")

    cell.locator(".widget-dropdown", has_text="hidden activation").locator("select").select_option(ACTIVATION)
    expect(figures.last).not_to_have_attribute("src", first)
    expect(idle).to_be_visible()  # every output of the redraw has arrived
    expect(figures).to_have_count(1)
    cell.screenshot(path=shots / f"2-explorer-{ACTIVATION}.png")
