"""Tests for run_length_encode, in Python. They run in the grading host: only the arguments of each call reach the
candidate's worker, and only plain values come back."""
import unittest

import codegrader

from run_length import run_length_encode


@codegrader.sample
def test_example():
    assert run_length_encode("aaabcc") == [("a", 3), ("b", 1), ("c", 2)]


@codegrader.sample
def test_empty():
    assert run_length_encode("") == []


def test_single_runs():
    assert run_length_encode("abc") == [("a", 1), ("b", 1), ("c", 1)]


def test_runs_are_tuples():
    runs = run_length_encode("zz")
    assert type(runs) is list and all(type(run) is tuple for run in runs)


def test_unicode():
    assert run_length_encode("ééé🙂🙂") == [("é", 3), ("🙂", 2)]


def test_rejects_non_strings():
    for bad in (None, 42, ["a", "a"]):
        with codegrader.raises(TypeError):
            run_length_encode(bad)


def _expand(runs):
    return "".join(character * count for character, count in runs)


@codegrader.weight(2)
def test_round_trip():
    for text in ("a", "ab" * 50, "x" * 1000 + "y", "mississippi"):
        assert _expand(run_length_encode(text)) == text


class LongInputs(unittest.TestCase):
    def test_one_long_run(self):
        self.assertEqual(run_length_encode("q" * 200_000), [("q", 200_000)])

    @codegrader.weight(2)
    def test_many_short_runs(self):
        text = "ab" * 10_000
        runs = run_length_encode(text)
        self.assertEqual(len(runs), 20_000)
        self.assertEqual(runs[:2], [("a", 1), ("b", 1)])
