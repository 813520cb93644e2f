def status_class(code: int) -> str:
    """Return "informational", "success", "redirection", "client error" or "server error"."""
    raise NotImplementedError
