_VAULT = {
    "sample-key": "sample-value",
    "HIDDEN-ARG-91c2": "HIDDEN-EXPECTED-7f3a",
    "HIDDEN-ARG-5d0e": "HIDDEN-EXPECTED-c41b",
    "HIDDEN-ARG-a7b4": ["HIDDEN-EXPECTED-list-e29d", 8675309421],
    "HIDDEN-ARG-3e6f": 5550123987,
    "sample-key-2": "sample-value-2",
}


def lookup(key):
    return _VAULT[key]
