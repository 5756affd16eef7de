"""What an instructor reads after grading a class, computed from a list of SubmissionResults.

    write_grade_sheet -- the CSV an LMS imports: a row per student, a column per exercise
    plot_distribution -- a PNG with one bar chart of scores per exercise
    summary           -- the text printed at the end of a run
    feedback_html     -- one student's page: points and the messages they may see, nothing else
    write_feedback    -- every student's page, in <folder>/<student>/<assignment>/feedback.html
    progress          -- a progress bar on stderr while a class is graded

An exercise is named by its column, "<notebook>:<grade_id>", e.g. "01_numpy_basics:L1_check".
Text a student may control (reasons, notes, messages) reaches none of them with a terminal escape
sequence or a control character in it (see `clean`).
"""
import csv
import html
import math
import os
import re
import sys
from collections import Counter
from pathlib import Path

from tqdm import tqdm

SHEET_START = ["student"]
SHEET_END = ["total", "max_score", "status", "reason"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clearing the screen
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)"  # OSC, DCS...: titles, links
    r"|\x1b[ -/]*[0-~]"  # any other escape (a reset, a character set)
)
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")  # C0 but \n, C1, bidi
SUMMARY_REASON_LENGTH = 160


def column(exercise):
    """The grade sheet column of an ExerciseResult: "<notebook>:<grade_id>"."""
    return f"{exercise.notebook}:{exercise.grade_id}"


def columns(results):
    """The exercise columns, in the masters' order: the first graded result's order, then any
    column only later graded results have (they all have the same ones after a normal run)."""
    seen = {}
    for result in results:
        if result.graded:
            for exercise in result.exercises:
                seen.setdefault(column(exercise), None)
    return list(seen)


def maxima(results):
    """column -> the exercise's points, from the graded results."""
    points = {}
    for result in results:
        if result.graded:
            for exercise in result.exercises:
                points[column(exercise)] = max(points.get(column(exercise), 0.0), exercise.max_points)
    return points


def number(value, decimals=6):
    """A plain decimal, no exponent and no trailing zeros: 2.0 -> "2", 1.5 -> "1.5", 0.0 -> "0"."""
    text = f"{round(value, decimals) + 0.0:.{decimals}f}"  # + 0.0 turns -0.0 into 0.0
    return text.rstrip("0").rstrip(".") if "." in text else text


def assignment_of(results):
    """The one assignment all results belong to; ValueError if they mix assignments or repeat a student."""
    assignments = sorted({r.assignment for r in results})
    if len(assignments) > 1:
        raise ValueError(f"The results mix assignments ({', '.join(assignments)}); a report covers one: "
                         "pass the results of one assignment at a time.")
    repeated = sorted(s for s, n in Counter(r.student for r in results).items() if n > 1)
    if repeated:
        raise ValueError(f"{', '.join(repeated)} {'has' if len(repeated) == 1 else 'have'} more than one result "
                         f"for {assignments[0]}; keep one result per student.")
    return assignments[0] if assignments else ""


def clean(text, lines=False):
    """Text a student may control, safe for a terminal, a spreadsheet or a page: escape sequences
    and control characters (C0, C1, and the bidi controls that reorder a line) dropped, tabs made
    spaces; newlines kept if `lines`, else made spaces."""
    text = CONTROL.sub("", ESCAPE_SEQUENCE.sub("", str(text)).replace("\t", "    "))
    return text if lines else text.replace("\n", " ")


def sheet_text(text):
    """A text cell safe to open in a spreadsheet: one line, no control characters, never read as a formula."""
    text = " ".join(clean(text).split())
    return "'" + text if text.startswith(FORMULA_START) else text


def write_grade_sheet(results, path, max_points=None):
    """Write the grade sheet CSV (UTF-8) and return its path.

    One row per student, sorted by id: student, one column per exercise, total, max_score, status,
    reason. Points are plain decimals ("2", "1.5"). A student who was not graded has EMPTY exercise
    cells and total -- "0" is a real zero -- and the reason says why; max_score is still the
    assignment's, so the LMS knows what the grade is out of. Text cells are made one line, and a
    cell starting with = + - @ gets a leading ' so a spreadsheet does not run it as a formula.

    max_points -- column -> points, used for the columns when no result is graded
    """
    assignment_of(results)
    if any(r.graded for r in results) or not max_points:
        exercise_columns, points = columns(results), maxima(results)
    else:
        exercise_columns, points = list(max_points), dict(max_points)
    out_of = number(sum(points[c] for c in exercise_columns)) if exercise_columns else ""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, SHEET_START + exercise_columns + SHEET_END)
        writer.writeheader()
        for result in sorted(results, key=lambda r: r.student):
            row = {"student": sheet_text(result.student), "status": sheet_text(result.status),
                   "reason": sheet_text(result.reason)}
            if result.graded:
                row.update({column(e): number(e.points) for e in result.exercises if column(e) in exercise_columns})
                row.update(total=number(result.total), max_score=number(result.max_score))
            else:
                row["max_score"] = out_of
            writer.writerow(row)
    return path


def distribution_figure(results):
    """A matplotlib Figure (Agg, no display) with one bar chart per exercise: how many graded
    students earned each score, from 0 to the exercise's points, titled with its mean."""
    from matplotlib.figure import Figure  # imported here: grading workers never plot
    from matplotlib.ticker import MaxNLocator

    graded = [r for r in results if r.graded]
    names, points = columns(results), maxima(results)
    ncols = min(4, max(1, len(names)))
    nrows = max(1, math.ceil(len(names) / ncols))
    figure = Figure(figsize=(3.4 * ncols, 2.6 * nrows + 0.6), layout="constrained")
    for position, name in enumerate(names, start=1):
        scores = [e.points for r in graded for e in r.exercises if column(e) == name]
        counts = Counter(scores)
        axes = figure.add_subplot(nrows, ncols, position)
        xs = sorted(counts)
        axes.bar(xs, [counts[x] for x in xs], width=bar_width(xs + [0.0, points[name]]), color="tab:blue")
        axes.set_xlim(-0.5, points[name] + 0.5)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
        axes.yaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
        axes.set_xlabel("points", fontsize=8)
        axes.set_ylabel("students", fontsize=8)
        axes.tick_params(labelsize=8)
        mean = sum(scores) / len(scores)  # a column exists only if some graded result has it
        axes.set_title(f"{name}\nmean {number(mean, 2)} / {number(points[name])}", fontsize=8)
    not_graded = len(results) - len(graded)
    notes = [f"{len(graded)} graded"]
    if not_graded:
        notes.append(f"{not_graded} not graded (not shown)")
    if not names:
        notes.append("nothing to plot")
    figure.suptitle(f"{assignment_of(results) or 'no submissions'}: {', '.join(notes)}", fontsize=10)
    return figure


def bar_width(xs):
    """Bars as wide as the scores allow without touching: 0.6 of the smallest gap, at most 0.6."""
    values = sorted(set(xs))
    gaps = [b - a for a, b in zip(values, values[1:])]
    return 0.6 * min([1.0] + gaps)


def plot_distribution(results, path):
    """Save distribution_figure(results) as a PNG and return its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    distribution_figure(results).savefig(path, format="png", dpi=100)
    return path


def summary(results):
    """The text printed at the end of a run: counts, who was not graded and why, mean per exercise
    and mean total over the graded submissions. Reasons are cut to one line of at most
    SUMMARY_REASON_LENGTH characters without escape sequences or control characters (the grade sheet
    has them whole)."""
    if not results:
        return "no submissions"
    graded = [r for r in results if r.graded]
    lines = [f"{assignment_of(results)}: {len(results)} submissions, {len(graded)} graded, "
             f"{len(results) - len(graded)} not graded"]
    for result in sorted(results, key=lambda r: r.student):
        if not result.graded:
            lines.append(f"  not graded: {shorten(result.student)} ({shorten(result.reason)})")
    if not graded:
        lines.append("no graded submissions: no means to show")
        return "\n".join(lines)
    names, points = columns(results), maxima(results)
    width = max((len(name) for name in names), default=0)
    out_width = max((len(number(points[name])) for name in names), default=0)
    lines.append("mean per exercise (graded submissions):")
    for name in names:
        scores = [e.points for r in graded for e in r.exercises if column(e) == name]
        mean = sum(scores) / len(scores)
        lines.append(f"  {name:<{width}}  {number(mean, 2):>5} / {number(points[name]):<{out_width}}"
                     f"{percent(mean, points[name])}")
    mean_total = sum(r.total for r in graded) / len(graded)
    out_of = max(r.max_score for r in graded)
    lines.append(f"mean total {number(mean_total, 2)} / {number(out_of)}{percent(mean_total, out_of)}")
    return "\n".join(lines)


def shorten(text):
    """One line for a terminal: escape sequences and control characters dropped, cut if long."""
    text = " ".join(clean(text).split())
    return text if len(text) <= SUMMARY_REASON_LENGTH else text[:SUMMARY_REASON_LENGTH - 3] + "..."


def percent(value, out_of):
    return f"   ({round(100 * value / out_of)} %)" if out_of else ""


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: sans-serif; max-width: 50em; margin: 2em auto; padding: 0 1em; }}
pre {{ background: #f4f4f4; padding: 0.6em; white-space: pre-wrap; }}
.full {{ color: #1a7f37; }} .lost {{ color: #b42318; }}
</style>
</head>
<body>
{body}
</body>
</html>
"""


def text(value):
    """Text the student may control, safe inside HTML: escaped, its lines kept, control characters dropped."""
    return html.escape(clean(value, lines=True), quote=True)


def feedback_html(result):
    """One student's self-contained feedback page: assignment, status (and why, if not graded),
    total, then each exercise's points and message. No code, no hidden tests: only what the
    ExerciseResults say the student may see, all of it HTML-escaped."""
    body = [f"<h1>{text(result.assignment)}: feedback for {text(result.student)}</h1>"]
    if not result.graded:
        body.append(f"<p>Status: not graded. {text(result.reason)}</p>")
        return PAGE.format(title=text(f"{result.assignment}: {result.student}"), body="\n".join(body))
    body.append("<p>Status: graded.</p>")
    body.append(f"<p>Total: {number(result.total)} / {number(result.max_score)}</p>")
    for exercise in result.exercises:
        verdict = "full" if exercise.points >= exercise.max_points else "lost"
        body.append(f"<h2>{text(column(exercise))}</h2>")
        body.append(f'<p class="{verdict}">{number(exercise.points)} / {number(exercise.max_points)}</p>')
        body.append(f"<pre>{text(exercise.message)}</pre>")
    return PAGE.format(title=text(f"{result.assignment}: {result.student}"), body="\n".join(body))


def safe_component(name, what):
    """`name` as one path component, or ValueError: a student id must not lead out of the folder."""
    if not name or name in (".", "..") or any(c in name for c in "/\\\0"):
        raise ValueError(f"The {what} {name!r} cannot be a folder name (it is empty, '.', '..' or contains "
                         f"/, \\ or NUL); rename that hand-in and grade it again.")
    return name


def write_feedback(results, folder):
    """Write folder/<student>/<assignment>/feedback.html for every result; return the paths.

    Every student id and assignment is checked to be a plain folder name before anything is
    written, so one bad id stops the run without writing half the class or outside `folder`.
    """
    folder = Path(folder)
    targets = [folder / safe_component(r.student, "student id") / safe_component(r.assignment, "assignment")
               for r in results]
    paths = []
    for result, target in zip(results, targets):
        target.mkdir(parents=True, exist_ok=True)
        path = target / "feedback.html"
        path.write_text(feedback_html(result), encoding="utf-8")
        paths.append(path)
    return paths


def progress(iterable, total, description):
    """Iterate over `iterable`, drawing a tqdm bar on stderr ("grading week2: 12/40 submission ...").

    The bar is drawn when stderr is a terminal, so an instructor sees it and CI logs are not
    flooded. DNN_PROGRESS=1 forces it on, DNN_PROGRESS=0 off. When off, the items pass through
    and nothing is printed.
    """
    setting = os.environ.get("DNN_PROGRESS", "")
    shown = setting == "1" or (setting != "0" and sys.stderr.isatty())
    return iter(tqdm(iterable, total=total, desc=description, unit="submission", file=sys.stderr, disable=not shown))
