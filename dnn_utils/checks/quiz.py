"""A week's quiz, checked and graded like an exercise.

The student answers in a graded cell, `def quiz(): ... return answers`, a dict {question number:
answer}; the check cell runs `check(quiz)`, which says at once, per question, right or not (with a
hint that makes one think again, never the answer), and the count. Graded, each right answer earns
its share of the quiz's points.

A quiz is declared in the notebook's public check module beside the exercises' specs:

    QUIZ = Quiz("quiz", (Choice(1, "abcd", hint="..."), Number(2, decimals=2, hint="..."), Shape(3, hint="...")))
    check = exercises(__name__, ..., QUIZ)

The answers come from the master's own `quiz()` (its solution cell), through `python3 course.py
expected`, which stores each as a salted SHA-256 digest of its normal form: the file a student
installs does not spell the answers out. (A question can still be answered by trying every choice:
the quiz is there to make the lesson stick, and the immediate feedback is the point.)
"""
import hashlib
import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from .results import Report, Result
from .spec import MISSING
from .subject import NOTHING, LiveSubject, Subject
from .text import describe_kind

READY = True


@dataclass(frozen=True)
class Choice:
    """A multiple-choice question: one letter of `options`, or with several=True any set of them
    ("all that apply", answered as a string of letters such as "ac")."""

    number: int
    options: str
    hint: str = ""
    several: bool = False

    def normal(self, value):
        """(the answer's normal form, or None and what is wrong with it)."""
        if not isinstance(value, str):
            return None, f"answer with a letter as a string, e.g. {self.options[0]!r}; got {describe_kind(value)}"
        letters = [c for c in value.lower() if not c.isspace() and c != ","]
        stray = sorted(set(letters) - set(self.options))
        if stray or not letters:
            return None, f"answer with {'letters' if self.several else 'one letter'} of {', '.join(self.options)}"
        if not self.several and len(letters) > 1:
            return None, f"choose one letter of {', '.join(self.options)}"
        return "".join(sorted(set(letters))), None


@dataclass(frozen=True)
class Number:
    """A question answered by a number, compared after rounding to `decimals` places."""

    number: int
    decimals: int = 2
    hint: str = ""

    def normal(self, value):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
            return None, f"answer with a number, e.g. 0.25; got {describe_kind(value)}"
        if not math.isfinite(float(value)):
            return None, "answer with a finite number"
        rounded = round(float(value), self.decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
        return f"{rounded:.{self.decimals}f}", None


@dataclass(frozen=True)
class Shape:
    """A question answered by an array's shape, a tuple of ints such as (3, 1)."""

    number: int
    hint: str = ""

    def normal(self, value):
        if not isinstance(value, (tuple, list)) or not all(
            isinstance(n, (int, np.integer)) and not isinstance(n, (bool, np.bool_)) for n in value
        ):
            return None, f"answer with a shape, a tuple of ints such as (3, 1); got {describe_kind(value)}"
        return str(tuple(int(n) for n in value)), None


@dataclass(frozen=True)
class Quiz:
    """A quiz: its graded function's name, its questions, and the digests of the right answers
    ({number: digest}), filled in from the store."""

    name: str
    questions: tuple
    answers: Any = MISSING
    quiet: bool = field(default=False, init=False)

    def __post_init__(self):
        numbers = [q.number for q in self.questions]
        if len(set(numbers)) != len(numbers) or not numbers:
            raise ValueError(f"Quiz {self.name!r}: give one question per number; got numbers {numbers}.")

    @property
    def complete(self):
        return self.answers is not MISSING and set(self.answers) == {q.number for q in self.questions}

    def digest(self, question, normal):
        """The stored form of a right answer: a SHA-256 of the quiz, the question and the normal form."""
        return hashlib.sha256(f"{self.name}|{question.number}|{normal}".encode()).hexdigest()

    def key_of(self, answers):
        """{number: digest} of the master's answers (a dict {number: answer}); ValueError if one is
        missing or is not an answer of its question's kind."""
        key = {}
        for question in self.questions:
            normal, problem = question.normal(answers.get(question.number) if isinstance(answers, dict) else None)
            if problem:
                raise ValueError(f"The master's answer to question {question.number} of {self.name}: {problem}.")
            key[question.number] = self.digest(question, normal)
        return key

    def with_answers(self, answers):
        """This quiz with the right answers given in full ({number: answer}), as the grader has them."""
        return replace(self, answers=self.key_of(answers))


def run_quiz(quiz, function):
    """The Report of `quiz` on the student's quiz function (or a Subject standing for it): the call,
    the returned dict, then one result per question (kind "question"), right or with its hint."""
    subject = function if isinstance(function, Subject) else LiveSubject(function)
    if not subject.is_callable():
        return Report(quiz.name, (Result("call", False, f"{quiz.name} is {subject.describe()}, not a function."),))
    outcome = subject.call((), {}, NOTHING)
    if outcome.error is not None:
        return Report(quiz.name, (Result("call", False, outcome.error),))
    if outcome.tampered:
        return Report(quiz.name, (Result("behaviour", False, f"{outcome.tampered}: the quiz earns nothing.", "tampering"),))
    answers = outcome.value
    if not isinstance(answers, dict):
        return Report(quiz.name, (Result("type", False, f"{quiz.name}() should return a dict {{question number: answer}}, "
                                                        f"got {describe_kind(answers)}."),))
    return Report(quiz.name, tuple(_question(quiz, q, answers.get(q.number)) for q in quiz.questions))


def _question(quiz, question, value):
    if value is None:
        return Result("answer", False, f"question {question.number}: not answered yet", "question")
    normal, problem = question.normal(value)
    if problem:
        return Result("answer", False, f"question {question.number}: {problem}.", "question")
    if quiz.digest(question, normal) == quiz.answers[question.number]:
        return Result("answer", True, f"question {question.number}: right", "question")
    hint = f" {question.hint}" if question.hint else ""
    return Result("answer", False, f"question {question.number}: not right.{hint}", "question")
