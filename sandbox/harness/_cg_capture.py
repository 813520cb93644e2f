"""Bounded stand-ins for sys.stdout and sys.stderr."""

import io


class OutputLimitExceeded(BaseException):
    """The candidate wrote more than the output cap; raised from inside print()/write()."""


class BoundedText(io.TextIOBase):
    """Keeps at most `limit` characters; writing past it raises OutputLimitExceeded once recorded."""

    def __init__(self, limit, name):
        super().__init__()
        self._parts = []
        self._size = 0
        self._limit = limit
        self.truncated = False
        self.name = name

    def writable(self):
        return True

    @property
    def encoding(self):
        return "utf-8"

    def isatty(self):
        return False

    def write(self, text):
        if type(text) is not str:
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        room = self._limit - self._size
        if len(text) > room:
            if room > 0:
                self._parts.append(text[:room])
                self._size += room
            self.truncated = True
            raise OutputLimitExceeded(f"{self.name} exceeded {self._limit} characters")
        self._parts.append(text)
        self._size += len(text)
        return len(text)

    def flush(self):
        pass

    def getvalue(self):
        return "".join(self._parts)
