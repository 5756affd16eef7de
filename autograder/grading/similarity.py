"""Which hand-ins of an assignment are near-identical: their answers compared as syntax trees, not text.

An answer is an answer cell with the cells the student added after it, before its check. It is
parsed, and every statement becomes a key of tokens: node types, constants, attributes and keyword
names, and names. A name the released notebook already gives (`W1`, `parameters`, `np`) or a builtin
stays itself; a name the student chose becomes a placeholder numbered by first use in its statement
(`v0 = v1 @ X`). Comments never reach the tree, and docstrings and `pass` are dropped. So renaming,
reformatting and commenting change no key.

What is no evidence is set aside before comparing: the statements of the released template (the stub
of the answer cell: its signature and the given lines around `# YOUR CODE HERE`), so an untouched stub
has nothing left; and the statements more than half of the class share (in at least 4 hand-ins), as
MOSS ignores passages that many programs have.

Two hand-ins are compared exercise by exercise: the statements left, in order, matched whole
(difflib); an exercise's ratio is 2 * tokens matched / tokens of both, a pair's score the same over all
exercises. A pair at or above `threshold` with at least `min_statements` statements in common is
flagged, and shown side by side in reports/<assignment>/similarity.html, the common lines marked.
"""
import ast
import builtins
import difflib
import html
import itertools
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .. import masters
from . import reports

THRESHOLD = 0.8
MIN_STATEMENTS = 5
ADDED = "\n# (a cell you added, run after it)\n"
BODIES = ("body", "orelse", "finalbody", "handlers", "cases")  # statement lists: their statements are keys of their own
RENAMED = {"Name": "id", "arg": "arg", "FunctionDef": "name", "AsyncFunctionDef": "name", "ClassDef": "name",
           "ExceptHandler": "name", "alias": "asname", "Global": "names", "Nonlocal": "names",
           "MatchAs": "name", "MatchStar": "name"}  # the fields holding a name the student may choose


@dataclass(frozen=True)
class Statement:
    """One statement of an answer: its key (tokens), its size (how many) and its lines in the answer."""

    key: tuple
    first: int
    last: int

    @property
    def size(self):
        return len(self.key)


@dataclass(frozen=True)
class Match:
    """Two hand-ins' answers to one exercise: the ratio and the lines each has in common with the other."""

    exercise: str
    ratio: float
    common: int
    first_lines: frozenset
    second_lines: frozenset


@dataclass(frozen=True)
class Pair:
    """Two hand-ins compared: score (0..1), statements in common, and the exercises that had anything."""

    first: str
    second: str
    score: float
    common: int
    matches: tuple


# ----------------------------------------------------------------------------- answers and what was given
def code_of(exercise):
    """The text compared and shown for an ExerciseResult: its answer cell, then the cells added after it."""
    return ADDED.join((exercise.code, *exercise.added))


def answers_from_results(results):
    """{student: {exercise column: code}} of the stored results that hold the students' code, and
    the students whose records hold none (graded before the code was kept, or not graded)."""
    answers, without = {}, []
    for result in results:
        code = {reports.column(e): code_of(e) for e in result.exercises if e.code or e.added}
        if code:
            answers[result.student] = code
        else:
            without.append(result.student)
    return answers, without


def answers_from_folder(course, assignment, folder, roster=None):
    """{student: {exercise column: code}} read from the hand-ins in `folder` (nothing is run), and
    notes on the hand-ins that could not be read."""
    from . import submission
    from .batch import answer_cells

    hand_ins, notes = submission.find_hand_ins(folder, assignment, roster)
    answers = {}
    for hand_in in hand_ins:
        try:
            jobs = submission.prepare(hand_in, course, assignment)
        except submission.NotGradable as exc:
            notes.append(f"{hand_in.student}: {exc}")
            continue
        answers[hand_in.student] = {f"{job.notebook}:{cell.grade_id}": job_code(job, *answer_cells(job, cell.function))
                                    for job in jobs for cell in job.cells if cell.kind == "probe"}
    return answers, notes


def job_code(job, answer, added):
    """The text compared for one exercise of a Job, as code_of gives it for a stored result."""
    return ADDED.join(job.cells[i].source for i in ([] if answer is None else [answer]) + added)


def released(course, assignment):
    """What the students were given, per exercise column: the released stub of its answer cell, and
    the names that stay themselves in its answers (Python's builtins, what the cells above it define,
    every name of the stub). From <course>/release/<assignment>/ when it is there, else made from the
    masters by nbgrader's ClearSolutions, as release does."""
    stubs, known = {}, {}
    for path in masters.paths(course):
        if path.parent.name != assignment:
            continue
        above = set(dir(builtins))
        for cell in released_cells(course, assignment, path):
            meta, code = masters.nbgrader(cell), masters.source(cell)
            if cell.get("cell_type") != "code" or meta.get("grade"):
                continue
            if meta.get("solution"):
                column = f"{path.stem}:{meta['grade_id']}_check"
                stubs[column], known[column] = code, above | all_names(code)
            above = above | top_level_names(code)
    return stubs, known


def released_cells(course, assignment, master):
    release = Path(course) / "release" / assignment / master.name
    if release.is_file():
        return json.loads(release.read_text(encoding="utf-8"))["cells"]
    import nbformat
    from nbgrader.preprocessors import ClearSolutions

    notebook, _ = ClearSolutions().preprocess(nbformat.read(master, as_version=4), {})
    return notebook.cells


def top_level_names(code):
    """The names a cell defines for the cells after it: imports, assignments, functions and classes."""
    tree = parse(code)
    found = set()
    for node in tree.body if tree else []:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found |= {alias.asname or alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found |= {n.id for target in targets for n in ast.walk(target) if isinstance(n, ast.Name)}
    return found


def all_names(code):
    """Every name in `code` (a stub: its function, arguments and the variables it gives)."""
    tree = parse(code)
    if tree is None:
        return set()
    found = set()
    for node in ast.walk(tree):
        field = RENAMED.get(type(node).__name__)
        value = getattr(node, field, None) if field else None
        found |= set(value) if isinstance(value, list) else {value} if isinstance(value, str) else set()
        if isinstance(node, ast.alias) and not node.asname:
            found.add(node.name.split(".")[0])
    return found


# ----------------------------------------------------------------------------- statements as keys
def parse(code):
    try:
        return ast.parse(masters.MAGIC.sub("", code))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def statements(code, known):
    """The Statements of an answer, in order; a line-by-line fallback for code that does not parse."""
    tree = parse(code)
    if tree is None:
        return [Statement(("Line", " ".join(line.split("#")[0].split())), n, n)
                for n, line in enumerate(code.splitlines(), 1) if line.split("#")[0].strip()]
    return list(flatten(tree.body, known))


def flatten(nodes, known):
    for node in nodes:
        if isinstance(node, ast.Pass) or (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            continue  # docstrings, strings and `...` used as comments, pass
        bodies = [value for field in BODIES if isinstance(value := getattr(node, field, None), list) and value]
        first = line_of(node)
        inner = [line_of(n) for body in bodies for n in body]
        last = min(inner) - 1 if inner else getattr(node, "end_lineno", None) or first
        yield Statement(tuple(tokens(node, known)), first, max(first, last))
        for body in bodies:
            yield from flatten(body, known)


def line_of(node):
    """A statement's first line (a match statement's case: its pattern's)."""
    return getattr(node, "lineno", None) or getattr(getattr(node, "pattern", None), "lineno", 1)


def tokens(node, known):
    """The tokens of one statement (its own statement lists left out), student-chosen names numbered."""
    out, placeholders = [], {}

    def name(value):
        if value is None or value in known:
            return str(value)
        return placeholders.setdefault(value, f"v{len(placeholders)}")

    def walk(item, top=False):
        if isinstance(item, ast.AST):
            out.append(type(item).__name__)
            for field, value in ast.iter_fields(item):
                if field in ("ctx", "type_comment", "kind") or (top and field in BODIES and isinstance(value, list)):
                    continue
                if RENAMED.get(type(item).__name__) == field:
                    out.extend(name(v) for v in (value if isinstance(value, list) else [value]))
                else:
                    walk(value)
        elif isinstance(item, list):
            out.append(f"[{len(item)}")
            for value in item:
                walk(value)
        else:  # a constant, an attribute's or a keyword's name, an operator's flag
            out.append(f"{type(item).__name__}:{item!r}"[:80])

    walk(node, top=True)
    return out


# ----------------------------------------------------------------------------- comparing a class
def compare(answers, stubs, known, threshold=THRESHOLD, min_statements=MIN_STATEMENTS):
    """Every pair of hand-ins compared: Pairs, highest score first, and the set of pairs flagged.

    answers -- {student: {exercise column: code}}; stubs -- {exercise column: released stub};
    known   -- {exercise column: the names that stay themselves} (builtins only for an exercise not in it)
    """
    known = {exercise: known.get(exercise, set(dir(builtins))) for exercise in {e for a in answers.values() for e in a}}
    given = {exercise: {s.key for s in statements(stubs.get(exercise, ""), names)} for exercise, names in known.items()}
    mine = {student: {exercise: [s for s in statements(code, known[exercise]) if s.key not in given[exercise]]
                      for exercise, code in code_by_exercise.items()}
            for student, code_by_exercise in answers.items()}
    common = commonplace(mine)
    kept = {student: {exercise: [s for s in found if (exercise, s.key) not in common] for exercise, found in own.items()}
            for student, own in mine.items()}
    pairs = [pair(first, second, kept[first], kept[second]) for first, second in itertools.combinations(sorted(kept), 2)]
    pairs.sort(key=lambda p: (-p.score, p.first, p.second))
    flagged = {(p.first, p.second) for p in pairs if p.score >= threshold and p.common >= min_statements}
    return pairs, flagged


def commonplace(mine):
    """{(exercise, key)} of the statements that more than half of the hand-ins, and at least 4, have."""
    counts = Counter((exercise, key) for own in mine.values() for exercise, found in own.items()
                     for key in {s.key for s in found})
    floor = max(3, len(mine) // 2)
    return {item for item, n in counts.items() if n > floor}


def pair(first, second, mine, theirs):
    matches, matched, total = [], 0, 0
    for exercise in sorted(set(mine) | set(theirs)):
        a, b = mine.get(exercise, []), theirs.get(exercise, [])
        size = sum(s.size for s in a) + sum(s.size for s in b)
        if not size:
            continue
        blocks = difflib.SequenceMatcher(None, [s.key for s in a], [s.key for s in b], autojunk=False).get_matching_blocks()
        same = [(i + k, j + k) for i, j, n in blocks for k in range(n)]
        tokens = 2 * sum(a[i].size for i, _ in same)
        matches.append(Match(exercise, tokens / size, len(same), lines(a, (i for i, _ in same)), lines(b, (j for _, j in same))))
        matched, total = matched + tokens, total + size
    return Pair(first, second, matched / total if total else 0.0, sum(m.common for m in matches), tuple(matches))


def lines(found, indices):
    return frozenset(n for i in indices for n in range(found[i].first, found[i].last + 1))


# ----------------------------------------------------------------------------- the instructor's page
PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: sans-serif; margin: 2em; }}
table.side {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
table.side td, table.side th {{ vertical-align: top; border: 1px solid #ddd; padding: 0.3em; text-align: left; }}
pre {{ margin: 0; white-space: pre-wrap; }} .same {{ background: #ffe08a; }}
table.pairs td, table.pairs th {{ padding: 0.2em 0.8em; text-align: left; }}
</style>
</head>
<body>
{body}
</body>
</html>
"""


def write_report(path, assignment, answers, pairs, flagged, threshold=THRESHOLD, notes=()):
    """reports/<assignment>/similarity.html: the flagged pairs, the closest others, each flagged pair
    side by side per exercise with the common lines marked. Everything from hand-ins is escaped."""
    shown = [p for p in pairs if (p.first, p.second) in flagged]
    closest = [p for p in pairs if (p.first, p.second) not in flagged and p.score > 0][:10]
    body = [f"<h1>{text(assignment)}: similar hand-ins</h1>",
            f"<p>{len(answers)} hand-ins compared, {len(pairs)} pairs; flagged: a score of {percent(threshold)} or "
            f"more with at least {MIN_STATEMENTS} statements in common. Answers are compared as syntax trees (names "
            "the student chose, layout, comments and docstrings set aside); the released template and what most "
            "of the class wrote do not count.</p>"]
    body += [f"<p>{text(note)}</p>" for note in notes]
    body.append(f"<h2>Flagged pairs: {len(shown)}</h2>")
    body.append(pair_table(shown, link=True) if shown else "<p>None.</p>")
    body.append("<h2>The closest pairs below the threshold</h2>")
    body.append(pair_table(closest) if closest else "<p>None.</p>")
    for number, found in enumerate(shown):
        body.append(f'<h2 id="pair{number}">{text(found.first)} and {text(found.second)}: {percent(found.score)}</h2>')
        for match in found.matches:
            first = answers[found.first].get(match.exercise, "")
            second = answers[found.second].get(match.exercise, "")
            body.append(f"<h3>{text(match.exercise)}: {percent(match.ratio)}</h3>")
            body.append(f'<table class="side"><tr><th>{text(found.first)}</th><th>{text(found.second)}</th></tr>'
                        f"<tr><td>{marked(first, match.first_lines)}</td><td>{marked(second, match.second_lines)}</td>"
                        "</tr></table>")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAGE.format(title=text(f"{assignment}: similar hand-ins"), body="\n".join(body)), encoding="utf-8")
    return path


def pair_table(pairs, link=False):
    rows = "".join(
        f"<tr><td>{text(p.first)}</td><td>{text(p.second)}</td><td>{percent(p.score)}</td><td>{p.common}</td>"
        + (f'<td><a href="#pair{n}">side by side</a></td>' if link else "") + "</tr>"
        for n, p in enumerate(pairs))
    return f'<table class="pairs"><tr><th>hand-in</th><th>hand-in</th><th>score</th><th>statements in common</th></tr>{rows}</table>'


def marked(code, common):
    """The code as HTML, one line after another, the lines in `common` marked."""
    return "<pre>" + "\n".join(f'<span class="same">{text(line)}</span>' if n in common else text(line)
                               for n, line in enumerate(code.splitlines(), 1)) + "</pre>"


def text(value):
    return html.escape(reports.clean(value, lines=True), quote=True)


def percent(share):
    return f"{round(100 * share)} %"


# ----------------------------------------------------------------------------- one call
def report(course, assignment, answers, threshold=THRESHOLD, notes=()):
    """Compare the answers of a class, write reports/<assignment>/similarity.html, return (the
    flagged Pairs, the page's path)."""
    stubs, known = released(course, assignment)
    pairs, flagged = compare(answers, stubs, known, threshold)
    path = write_report(Path(course) / "reports" / assignment / "similarity.html", assignment, answers, pairs, flagged,
                        threshold, notes)
    return [p for p in pairs if (p.first, p.second) in flagged], path


def said(flagged, count, path, threshold=THRESHOLD):
    """The line printed about a similarity report."""
    if not flagged:
        return f"similar hand-ins: no pair of the {count} hand-ins at {percent(threshold)} or more: {path}"
    names = ", ".join(f"{p.first} and {p.second} ({percent(p.score)})" for p in flagged[:5])
    more = f" and {len(flagged) - 5} more" if len(flagged) > 5 else ""
    return f"similar hand-ins: {len(flagged)} pair(s) of the {count} hand-ins at {percent(threshold)} or more, {names}{more}: {path}"
