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


class BoundedBytes(io.BufferedIOBase):
    """Keeps at most `limit` bytes: a program's real stdout or stderr as bytes (sys.stdout.buffer)."""

    def __init__(self, limit, name):
        super().__init__()
        self._parts = []
        self._size = 0
        self._limit = limit
        self.truncated = False
        self.name = name

    def writable(self):
        return True

    def isatty(self):
        return False

    def write(self, data):
        chunk = bytes(memoryview(data))
        room = self._limit - self._size
        if len(chunk) > room:
            if room > 0:
                self._parts.append(chunk[:room])
                self._size += room
            self.truncated = True
            raise OutputLimitExceeded(f"{self.name} exceeded {self._limit} bytes")
        self._parts.append(chunk)
        self._size += len(chunk)
        return len(chunk)

    def flush(self):
        pass

    def getvalue(self):
        return b"".join(self._parts)


def binary_streams(stdin, limit):
    """A program's stdin, stdout and stderr as Python gives them to a script: text over bytes (UTF-8, strict), with
    .buffer for raw bytes. Text goes to the bytes at once (write_through), so text and bytes keep their order."""
    out = BoundedBytes(limit, "stdout")
    err = BoundedBytes(limit, "stderr")
    text_out = io.TextIOWrapper(out, encoding="utf-8", errors="strict", newline="\n", write_through=True)
    text_err = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", newline="\n", write_through=True)
    text_in = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8", errors="strict")
    return text_in, text_out, text_err, out, err
