"""What an instructor reads after grading a class, computed from a list of SubmissionResults.

    write_grade_sheet -- the CSV an LMS imports: a row per student, a column per exercise
    write_history     -- every grade ever stored, one row each, with its time
    plot_distribution -- a PNG with one bar chart of scores per exercise and a histogram of totals
    summary           -- the text printed at the end of a run
    old_points        -- who was graded under points a master no longer gives
    feedback_html     -- one student's page on their graded copy: per exercise the points, the verdict,
                         the notes, their own code and the checks' lines they may see, nothing else
    check_output      -- the output of an exercise's check cell in nbgrader's graded copy
    exercise_comment  -- the comment on an answer cell in nbgrader's gradebook
    write_feedback    -- every student's page, in <folder>/<student>/<assignment>/feedback.html
    progress          -- a progress bar on stderr while a class is graded

An exercise is named by its column, "<notebook>:<grade_id>", e.g. "01_numpy_basics:L1_check".
Text a student may control (reasons, notes, messages) reaches none of them with a terminal escape
sequence or a control character in it (see `clean`).
"""
import csv
import html
import math
import textwrap
import os
import re
import sys
from collections import Counter
from pathlib import Path

from tqdm import tqdm

SHEET_START = ["student"]
SHEET_END = ["total", "max_score", "status", "reason"]
LATE_COLUMNS = ["submitted", "late_by", "penalty"]  # before total, on the sheet of a class with late work
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clearing the screen
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)"  # OSC, DCS...: titles, links
    r"|\x1b[ -/]*[0-~]"  # any other escape (a reset, a character set)
)
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")  # C0 but \n, C1, bidi
SUMMARY_REASON_LENGTH = 160
# The note on an exercise whose points were set by hand in nbgrader's gradebook (Formgrader): a
# manual score, or extra credit. gradebook.as_recorded adds it; the grade sheet and the summary flag it.
ADJUSTED = "manually adjusted in the gradebook"


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


def write_grade_sheet(results, path, max_points=None, names=None):
    """Write the grade sheet CSV (UTF-8) and return its path.

    One row per student, sorted by id: student, one column per exercise, total, max_score, status,
    reason. Points are plain decimals ("2", "1.5"). A student who was not graded has EMPTY exercise
    cells and total -- "0" is a real zero -- and the reason says why; max_score is still the
    assignment's, so the LMS knows what the grade is out of. Text cells are made one line, and a
    cell starting with = + - @ gets a leading ' so a spreadsheet does not run it as a formula.

    max_points -- column -> points as the masters give them now: the columns when no result is
                  graded; a result graded under other points says "graded under the old points
                  (...): regrade them" in its reason
    names      -- student id -> name (Unicode, as the LMS or the roster gives it): a "name" column
                  after "student" when any is given
    When any hand-in was late, columns submitted (ISO time), late_by ("2 h 5 min") and penalty
    (points off) come before total, which is after the penalty.
    """
    assignment_of(results)
    if any(r.graded for r in results) or not max_points:
        exercise_columns, points = columns(results), maxima(results)
    else:
        exercise_columns, points = list(max_points), dict(max_points)
    out_of = number(sum(points[c] for c in exercise_columns)) if exercise_columns else ""
    stale = old_points(results, max_points) if max_points else {}
    late = LATE_COLUMNS * any(r.late_seconds or r.penalty for r in results)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, SHEET_START + ["name"] * bool(names) + exercise_columns + late + SHEET_END)
        writer.writeheader()
        for result in sorted(results, key=lambda r: r.student):
            reason = "; ".join(filter(None, (stale_note(stale.get(result.student)), adjusted_note(result), result.reason)))
            row = {"student": sheet_text(result.student), "status": sheet_text(result.status),
                   "reason": sheet_text(reason)}
            if names:
                row["name"] = sheet_text(names.get(result.student, ""))
            if late:
                row.update(submitted=result.submitted, late_by=lateness(result.late_seconds) if result.late_seconds else "",
                           penalty=number(result.penalty))
            if result.graded:
                row.update({column(e): number(e.points) for e in result.exercises if column(e) in exercise_columns})
                row.update(total=number(result.total), max_score=number(result.max_score))
            else:
                row["max_score"] = out_of
            writer.writerow(row)
    return path


def lateness(seconds):
    """How late, in words: "3 d 2 h 5 min", "45 min", "30 s"."""
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    parts = zip((seconds // 86400, seconds % 86400 // 3600, seconds % 3600 // 60), ("d", "h", "min"))
    return " ".join(f"{amount} {unit}" for amount, unit in parts if amount)


def old_points(results, max_points):
    """{student: what changed} of the graded results whose exercises or points differ from
    `max_points` (column -> points now): "<column> was out of 2, now 3", "<column> is new",
    "<column> was removed"."""
    stale = {}
    for result in results:
        if not result.graded:
            continue
        had = {column(e): e.max_points for e in result.exercises}
        changes = [f"{c} was out of {number(had[c])}, now {number(max_points[c])}" if c in had else f"{c} is new"
                   for c in max_points if had.get(c) != max_points[c]]
        changes += [f"{c} was removed" for c in had if c not in max_points]
        if changes:
            stale[result.student] = "; ".join(changes)
    return stale


def stale_note(changes):
    return f"graded under the old points ({changes}): regrade them" if changes else ""


def adjusted(exercise):
    """Whether the exercise's points were set by hand in the gradebook (its ADJUSTED notes)."""
    return any(note.startswith(f"{ADJUSTED}: ") for note in exercise.notes)


def adjusted_note(result):
    """The grade sheet's and the summary's flag on a result with exercises adjusted by hand:
    "manually adjusted in the gradebook: 01_numpy_basics:L1_check 1 / 1 (the checks gave 0)", or ""."""
    found = [f"{column(e)} {note.removeprefix(f'{ADJUSTED}: ')}" for e in result.exercises for note in e.notes
             if note.startswith(f"{ADJUSTED}: ")]
    return f"{ADJUSTED}: {'; '.join(found)}" if found else ""


HISTORY_COLUMNS = ["student", "time", "status", "total", "max_score", "reason"]


def write_history(entries, path):
    """Write every stored grade (gradebook.history's entries) as CSV, one row each, oldest first per
    student; return the path. A grade stored before history was kept says so in its reason."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, HISTORY_COLUMNS)
        writer.writeheader()
        for entry in entries:
            score = {key: "" if entry.get(key) is None else number(entry[key]) for key in ("total", "max_score")}
            reason = "; ".join(filter(None, (entry.get("reason"), entry.get("note"))))
            writer.writerow({"student": sheet_text(entry["student"]), "time": sheet_text(entry["time"]),
                             "status": sheet_text(entry["status"]), **score, "reason": sheet_text(reason)})
    return path


def distribution_figure(results):
    """A matplotlib Figure (Agg, no display): one bar chart per exercise, how many graded students
    earned each score from 0 to the exercise's points, titled with its mean; beside them a
    histogram of the graded totals, a bin per point. The title wraps to the figure's width."""
    from matplotlib.figure import Figure  # imported here: grading workers never plot
    from matplotlib.ticker import MaxNLocator

    graded = [r for r in results if r.graded]
    names, points = columns(results), maxima(results)
    ncols = min(4, max(1, len(names)))
    nrows = max(1, math.ceil(len(names) / ncols))
    width = 3.4 * (ncols + 1)
    figure = Figure(figsize=(width, 2.6 * nrows + 0.6 if names else 1.0), layout="constrained")
    grid = figure.add_gridspec(nrows, ncols + 1)
    for position, name in enumerate(names):
        scores = [e.points for r in graded for e in r.exercises if column(e) == name]
        counts = Counter(scores)
        axes = figure.add_subplot(grid[position // ncols, position % ncols])
        xs = sorted(counts)
        axes.bar(xs, [counts[x] for x in xs], width=bar_width(xs + [0.0, points[name]]), color="tab:blue")
        axes.set_xlim(-0.5, points[name] + 0.5)
        label(axes, "points", MaxNLocator)
        mean = sum(scores) / len(scores)  # a column exists only if some graded result has it
        axes.set_title(f"{name}\nmean {number(mean, 2)} / {number(points[name])}", fontsize=8)
    if names:
        plot_totals(figure.add_subplot(grid[:, ncols]), graded, MaxNLocator)
    not_graded = len(results) - len(graded)
    notes = [f"{len(graded)} graded"]
    if not_graded:
        notes.append(f"{not_graded} not graded (not shown)")
    if not names:
        notes.append("nothing to plot")
    title = f"{assignment_of(results) or 'no submissions'}: {', '.join(notes)}"
    figure.suptitle(textwrap.fill(title, width=int(width * 10)), fontsize=10)  # about 12 characters an inch at 10 pt
    return figure


def plot_totals(axes, graded, locator):
    """A histogram of the graded totals, a bin per point (wider bins past 40 points), titled with the mean."""
    totals = [r.total for r in graded]
    out_of = max(r.max_score for r in graded)
    step = max(1, math.ceil((math.ceil(out_of) + 1) / 40))
    edges = [k * step - 0.5 for k in range(math.ceil((math.ceil(out_of) + 1) / step) + 1)]
    axes.hist(totals, bins=edges, color="tab:green", edgecolor="white")
    axes.set_xlim(edges[0], edges[-1])
    label(axes, "total points", locator)
    axes.set_title(f"total\nmean {number(sum(totals) / len(totals), 2)} / {number(out_of)}", fontsize=8)


def label(axes, what, locator):
    axes.xaxis.set_major_locator(locator(integer=True, min_n_ticks=1))
    axes.yaxis.set_major_locator(locator(integer=True, min_n_ticks=1))
    axes.set_xlabel(what, fontsize=8)
    axes.set_ylabel("students", fontsize=8)
    axes.tick_params(labelsize=8)


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


def summary(results, max_points=None):
    """The text printed at the end of a run: counts, who was not graded and why, who was graded
    under points other than `max_points` (column -> points now, when given), mean per exercise and
    mean total over the graded submissions. Reasons are cut to one line of at most
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
    for student, changes in sorted(old_points(results, max_points).items() if max_points else []):
        lines.append(f"  graded under the old points: {shorten(student)} ({shorten(changes)}): regrade them")
    for result in sorted(results, key=lambda r: r.student):
        if adjusted_note(result):
            lines.append(f"  {shorten(result.student)}: {shorten(adjusted_note(result))}")
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


def run_summary(results, kept=()):
    """The line on what this run graded (the summary covers the class): how many hand-ins, whose
    (up to 10 named), graded or not; then each not graded whose earlier grade stands (`kept`)."""
    names = ", ".join(shorten(r.student) for r in results[:10]) + (", ..." if len(results) > 10 else "")
    graded = sum(r.graded for r in results)
    counts = [f"{graded} graded"] + [f"{len(results) - graded} not graded"] * (graded < len(results))
    lines = [f"this run: {len(results)} hand-in{'' if len(results) == 1 else 's'} ({names}): {', '.join(counts)}"]
    lines += [f"  not graded, the earlier grade stands: {shorten(r.student)} ({shorten(r.reason)})"
              for r in results if r.student in kept]
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
pre.code {{ background: #eef3fb; }} .verdict {{ font-weight: bold; }}
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


# The check engine words its messages for a live notebook; a feedback page is a graded copy.
LIVE_WORDING = [
    (re.compile(r"(failed at the [\w ]+ check)\. Fix it and run this cell again\."), r"\1."),
    (re.compile(r"(\w+) is not defined: run the notebook's first code cell, which imports ([\w. ]+)\."),
     r"\1 was not defined when this line ran: the graded copy runs the notebook's first code cell, which imports "
     r"\2, first; did your code delete or replace \1?"),
    (re.compile(r"(\w+) is not defined: run its answer cell \(the cell with `def \w+`\) first\."),
     r"\1 was not defined when this line ran: its answer cell did not define it."),
    (re.compile(r"(\w+) is not defined: run the cell that defines it first\."),
     r"\1 was not defined when this line ran: the graded copy runs your cells in the notebook's order, and none "
     r"before it defines \1."),
    (re.compile(r" *Fix it and run this cell again\.?"), ""),
]
FAIL_LINE = re.compile(r"^\s*FAIL\s+(\w+)\s+(.*)$")


def graded_copy(message):
    """A check's message in words for a graded copy: what failed, not what to run again."""
    for pattern, replacement in LIVE_WORDING:
        message = pattern.sub(replacement, message)
    return message


def verdict(exercise):
    """One sentence on an exercise: full points, or the first check that failed and how (public or
    hidden), or the message's first line (not defined, not handed in, never reached)."""
    if exercise.points >= exercise.max_points and not adjusted(exercise):
        return "Full points: all checks passed."
    checks = "the checks"
    for line in exercise.message.splitlines():
        if line.startswith(("Public checks", "Hidden checks")):
            checks = f"the {line.split()[0].lower()} checks"
        failed = FAIL_LINE.match(line)
        if failed:
            return f"Failed at the {failed[1]} check of {checks}: {graded_copy(failed[2])}"
    if adjusted(exercise) and exercise.message.rstrip().endswith("all checks passed"):
        return "All checks passed."  # its points were set by hand: extra credit
    return graded_copy(exercise.message.strip().split("\n", 1)[0])


def check_output(exercise):
    """What the exercise's check cell shows in nbgrader's graded copy of the notebook: the checks'
    lines the student may see, worded for a graded copy (as on the feedback page)."""
    return clean(graded_copy(exercise.message), lines=True).rstrip() + "\n"


def exercise_comment(exercise):
    """The comment on the exercise's answer cell in nbgrader's gradebook (Formgrader shows it, nbgrader's
    feedback too): the checks' lines, then the notes that concern the exercise."""
    return check_output(exercise) + "".join(f"Note: {clean(note)}\n" for note in exercise.notes)


def feedback_html(result):
    """One student's self-contained feedback page on their graded copy: assignment, status (and why,
    if not graded), total and the notes on the hand-in; then per exercise its points, the verdict,
    the notes that concern it, the student's own answer cell and the cells they added after it, and
    the checks' lines. No hidden tests: only what the records say the student may see, worded for
    a graded copy, all of it HTML-escaped."""
    title = text(f"{result.assignment}: {result.student}")
    body = [f"<h1>{text(result.assignment)}: feedback for {text(result.student)}</h1>"]
    if not result.graded:
        body.append(f"<p>Status: not graded. {text(result.reason)}</p>")
        return PAGE.format(title=title, body="\n".join(body))
    body.append("<p>Status: graded.</p>")
    body.append(f"<p>Total: {number(result.total)} / {number(result.max_score)}</p>")
    if result.late_seconds:
        off = f"{number(result.penalty)} points were taken off" if result.penalty else "no points were taken off"
        body.append(f'<p class="late">Handed in {text(lateness(result.late_seconds))} late '
                    f"(at {text(result.submitted)}): {off}.</p>")
    if result.reason:
        body.append(f'<p class="notes">Notes on your hand-in: {text(result.reason)}</p>')
    for exercise in result.exercises:
        body.extend(exercise_section(exercise))
    return PAGE.format(title=title, body="\n".join(body))


def exercise_section(exercise):
    """The HTML lines of one exercise on a feedback page."""
    points = "full" if exercise.points >= exercise.max_points else "lost"
    lines = [f"<h2>{text(column(exercise))}</h2>",
             f'<p class="{points}">{number(exercise.points)} / {number(exercise.max_points)}</p>',
             f'<p class="verdict">{text(verdict(exercise))}</p>']
    if exercise.notes:
        lines.append('<ul class="notes">' + "".join(f"<li>{text(note)}</li>" for note in exercise.notes) + "</ul>")
    if exercise.code or exercise.added:
        lines += ["<h3>Your answer cell</h3>", f'<pre class="code">{text(exercise.code)}</pre>']
    for added in exercise.added:
        lines += ["<h3>A cell you added, run after it</h3>", f'<pre class="code">{text(added)}</pre>']
    lines += ["<h3>The checks</h3>", f"<pre>{text(graded_copy(exercise.message))}</pre>"]
    return lines


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
