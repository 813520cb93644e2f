def run_length_encode(text):
    """Return the runs of text as (character, count) tuples."""
    raise NotImplementedError
