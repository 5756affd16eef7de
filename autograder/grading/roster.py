"""Who is who: the class roster, and each hand-in's student found in it.

A roster is a CSV file with a header row and the columns `id`, `name`, `email`, `sis_id`, `section`
(any order; `id` and `name` must be there, and every `id` filled; other columns are ignored), as
an LMS's class list saved as CSV gives it:

    id,name,email,sis_id,section
    1001,Alice Smith,alice@uni.example,S-0001,Lab A
    12345,José Núñez,jose@uni.example,S-0002,Lab B

`id` is the student's id in the records: best the LMS's own (Canvas's user id, Moodle's participant
id), so that its download and its grade import need nothing else. A hand-in is the roster's student
whose `id` is its LMS id or its id, else whose `sis_id` or `email` is its id, else whose name is its
name (accents, case, spaces and word order aside: Canvas writes "Alice Smith" as `smithalice`).
Names and ids stay in Unicode; an id must also be usable as a folder name.
"""
import csv
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

COLUMNS = ("id", "name", "email", "sis_id", "section")
SAFE_ID = re.compile(r"[\w.@+-]+")  # \w: letters and digits of any script, and _


@dataclass(frozen=True)
class Student:
    """A student as the records name them.

    id      -- the id in the gradebook, the result records and the folders (a safe folder name)
    name    -- the full name, in Unicode ("" when nobody said it)
    lms_id  -- the LMS's id of the student (Canvas user id, Moodle participant id), as its
               grade import wants it ("" when not known)
    """

    id: str
    name: str = ""
    email: str = ""
    sis_id: str = ""
    section: str = ""
    lms_id: str = ""
    submitted_at: str = ""  # the roster's `submitted_at` column: when the LMS says they handed in


def safe_id(raw):
    """`raw` made one harmless folder name: NFC, runs of anything but letters, digits (any script),
    `_ . @ + -` become `_`, no leading `.` `_` `-`, no trailing `_`; "" when nothing is left."""
    text = unicodedata.normalize("NFC", str(raw))
    return "_".join(SAFE_ID.findall(text)).lstrip("._-").rstrip("_")


def plain_text(raw):
    """`raw` as a name for the records: NFC, control and direction characters dropped, spaces collapsed."""
    text = unicodedata.normalize("NFC", str(raw))
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf"))
    return " ".join(text.split())


def name_key(name):
    """A name for matching: letters and digits only, accents dropped, case folded ("José Núñez" -> "josenunez")."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c)).casefold()


def name_keys(name):
    """The keys a name is known by: as written, and family name first as Canvas writes it."""
    words = name.split()
    keys = {name_key(name)}
    if len(words) > 1:
        keys.add(name_key(" ".join([words[-1], *words[:-1]])))
    return keys - {""}


def read(path):
    """The students of the roster CSV `path`, in its order; ValueError naming the line of any problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ValueError(f"Cannot read the roster {path}: {exc.strerror}.") from None
    except UnicodeDecodeError:
        raise ValueError(f"The roster {path} is not UTF-8 text: save it as CSV UTF-8 and try again.") from None
    rows = csv.DictReader(text.splitlines())
    header = [plain_text(h).casefold() for h in rows.fieldnames or []]
    missing = [c for c in ("id", "name") if c not in header]
    if missing:
        raise ValueError(f"The roster {path} has no column {' or '.join(missing)}: its first line must name the "
                         f"columns {', '.join(COLUMNS)} (found: {', '.join(header) or 'nothing'}).")
    rows.fieldnames = header
    students, seen = [], {}
    for line, row in enumerate(rows, start=2):
        fields = {c: plain_text(row.get(c) or "") for c in COLUMNS}
        where = f"The roster {path}, line {line}"
        if not fields["id"]:
            raise ValueError(f"{where}: no id; give every student an id (e.g. the LMS's user id).")
        if safe_id(fields["id"]) != fields["id"]:
            raise ValueError(f"{where}: the id {fields['id']!r} cannot be a folder name; use letters, digits, "
                             f"'_', '.', '@', '+' or '-' (e.g. {safe_id(fields['id']) or 'the LMS user id'!r}).")
        if fields["id"] in seen:
            raise ValueError(f"{where}: the id {fields['id']!r} is also on line {seen[fields['id']]}; "
                             "ids must be unique.")
        seen[fields["id"]] = line
        students.append(Student(**fields, submitted_at=plain_text(row.get("submitted_at") or "")))
    return students


def find(roster, student):
    """The roster's Student that `student` (a Student made from a hand-in) is, or None; ValueError when
    its name fits several students of the roster and nothing else tells them apart."""
    def having(field, value):
        return next((s for s in roster if value and getattr(s, field) == value), None)

    match = (having("id", student.lms_id) or having("id", student.id) or having("sis_id", student.id)
             or having("email", student.id))
    if match:
        return match
    keys = name_keys(student.name or student.id)
    found = [s for s in roster if name_keys(s.name) & keys]
    if len(found) > 1:
        raise ValueError(f"the roster's {' and '.join(repr(s.id) for s in found)} all have its name")
    return found[0] if found else None


def place(roster, students):
    """Where the roster puts each hand-in's student (a Student made from the hand-in):

    placed   -- {hand-in id: the roster's Student, with the hand-in's LMS id}
    unknown  -- {hand-in id: note} of the hand-ins the roster does not know (they keep their own id)
    left_out -- {hand-in id: note} of hand-ins that are the same student of the roster: none of them
                is graded, so that neither replaces the other's grade
    """
    placed, unknown, claimed = {}, {}, defaultdict(list)
    for student in students:
        named = f" ({student.name})" if student.name else ""
        try:
            match = find(roster, student)
        except ValueError as exc:
            unknown[student.id] = f"{exc}; graded as {student.id!r}: add {student.id!r}{named} to the roster"
            continue
        if match is None:
            unknown[student.id] = f"not in the roster; graded as {student.id!r}: add {student.id!r}{named} to the roster"
        else:
            claimed[match.id].append(student.id)
            placed[student.id] = replace(match, lms_id=student.lms_id or match.lms_id)
    left_out = {}
    for roster_id, ids in claimed.items():
        if len(ids) > 1:
            note = (f"{' and '.join(map(repr, ids))} are all the roster's {roster_id!r}; none of them was graded: "
                    "keep one hand-in per student in the folder")
            left_out.update(dict.fromkeys(ids, note))
    return {i: s for i, s in placed.items() if i not in left_out}, unknown, left_out
