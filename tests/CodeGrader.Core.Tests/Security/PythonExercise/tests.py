import unittest

import codegrader
from vault import lookup

# The test's own constants: they never leave the host.
HIDDEN_TABLE = {"HIDDEN-ARG-5d0e": "HIDDEN-EXPECTED-c41b"}


@codegrader.sample
def test_sample_first():
    assert lookup("sample-key") == "sample-value"


def test_hidden_string():
    assert lookup("HIDDEN-ARG-91c2") == "HIDDEN-EXPECTED-7f3a"


def test_hidden_table():
    for key, value in HIDDEN_TABLE.items():
        assert lookup(key) == value


class HiddenValues(unittest.TestCase):
    def test_hidden_list(self):
        self.assertEqual(lookup("HIDDEN-ARG-a7b4"), ["HIDDEN-EXPECTED-list-e29d", 8675309421])

    def test_hidden_int(self):
        expected = 5550123987
        assert lookup("HIDDEN-ARG-3e6f") == expected


@codegrader.sample
def test_sample_last():
    assert lookup("sample-key-2") == "sample-value-2"
