"""Bounded stand-ins for sys.stdout and sys.stderr."""

import io


class OutputLimitExceeded(BaseException):
    """The candidate wrote more than the output cap; raised from inside print()/write()."""


class _Bounded:
    """Keeps at most `limit` units (characters or bytes) of what is written; writing past it keeps what fits, marks the
    capture truncated and raises OutputLimitExceeded."""

    _unit = ""

    def _init_bounded(self, limit, name, empty):
        self._parts = []
        self._size = 0
        self._limit = limit
        self._empty = empty
        self.truncated = False
        self.name = name

    def _append(self, chunk):
        room = self._limit - self._size
        if len(chunk) > room:
            if room > 0:
                self._parts.append(chunk[:room])
                self._size += room
            self.truncated = True
            raise OutputLimitExceeded(f"{self.name} exceeded {self._limit} {self._unit}")
        self._parts.append(chunk)
        self._size += len(chunk)
        return len(chunk)

    def writable(self):
        return True

    def isatty(self):
        return False

    def flush(self):
        pass

    def getvalue(self):
        return self._empty.join(self._parts)


class BoundedText(_Bounded, io.TextIOBase):
    """Keeps at most `limit` characters: sys.stdout or sys.stderr for a function's tests."""

    _unit = "characters"

    def __init__(self, limit, name):
        io.TextIOBase.__init__(self)
        self._init_bounded(limit, name, "")

    @property
    def encoding(self):
        return "utf-8"

    def write(self, text):
        if type(text) is not str:
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        return self._append(text)


class BoundedBytes(_Bounded, io.BufferedIOBase):
    """Keeps at most `limit` bytes: a program's real stdout or stderr as bytes (sys.stdout.buffer)."""

    _unit = "bytes"

    def __init__(self, limit, name):
        io.BufferedIOBase.__init__(self)
        self._init_bounded(limit, name, b"")

    def write(self, data):
        return self._append(bytes(memoryview(data)))


def binary_streams(stdin, limit):
    """A program's stdin, stdout and stderr as Python gives them to a script: text over bytes (UTF-8, strict), with
    .buffer for raw bytes. Text goes to the bytes at once (write_through), so text and bytes keep their order."""
    out = BoundedBytes(limit, "stdout")
    err = BoundedBytes(limit, "stderr")
    text_out = io.TextIOWrapper(out, encoding="utf-8", errors="strict", newline="\n", write_through=True)
    text_err = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", newline="\n", write_through=True)
    text_in = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8", errors="strict")
    return text_in, text_out, text_err, out, err
