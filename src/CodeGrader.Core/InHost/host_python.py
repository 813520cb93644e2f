"""The host's own Python (CodeGrader.Core/InHost/HostPython.cs): Python's parser over text, nothing else.

Candidate source is only ever given to ast.parse here, never compiled to code or run. Answers are JSON texts
so the C# side reads them without pythonnet's conversions. Positions are 0-based lines and UTF-16 columns.
"""

import ast
import json
import re
import threading
import unicodedata

# CPython 3.11 keeps the AST converters' recursion depth in state shared by every thread: two threads turning a parse
# into AST objects at once (one paused part-way, say by a garbage collection that runs Python code) fail with
# "SystemError: AST constructor recursion depth mismatch". Every ast.parse, ast.literal_eval and compile of a tree in
# the host's Python holds this lock (python_tests.py gets it as _ast_lock).
AST_LOCK = threading.Lock()

_LINE_END = re.compile(r"\r\n|\r|\n")
_IDENTIFIER = re.compile(r"\w+")
_TOO_DEEP = (RecursionError, MemoryError)


class _Lines:
    """ast's positions (1-based line, UTF-8 byte column) as 0-based line and UTF-16 column."""

    def __init__(self, text):
        self.lines = _LINE_END.split(text)
        self.encoded = [line.encode("utf-8") for line in self.lines]

    def column(self, line, byte_column):
        prefix = self.encoded[line - 1][:byte_column].decode("utf-8", "replace")
        return len(prefix.encode("utf-16-le")) // 2

    def span(self, line, column, end_line, end_column):
        return [line - 1, self.column(line, column), end_line - 1, self.column(end_line, end_column)]

    def node(self, node):
        return self.span(node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)

    def identifiers(self, line, column, end_line, end_column):
        """(name as Python reads it, span) of each identifier-like word between two ast positions."""
        for number in range(line, end_line + 1):
            raw = self.encoded[number - 1]
            start = column if number == line else 0
            stop = end_column if number == end_line else len(raw)
            text = raw[start:stop].decode("utf-8", "replace")
            for match in _IDENTIFIER.finditer(text):
                before = len(text[:match.start()].encode("utf-8"))
                after = len(text[:match.end()].encode("utf-8"))
                yield unicodedata.normalize("NFKC", match.group()), self.span(number, start + before, number, start + after)


def _words(lines, node, end=None):
    end = end or node
    return list(lines.identifiers(node.lineno, node.col_offset, end.end_lineno, end.end_col_offset))


def _dotted_span(lines, alias, parts):
    """The span of the dotted module name an import alias starts with (without its 'as' part)."""
    words = _words(lines, alias)[:parts]
    if len(words) < parts:
        return lines.node(alias)
    return words[0][1][:2] + words[-1][1][2:]


def _within(imported, module):
    return imported == module or imported.startswith(module + ".")


def _forbidden(module, name, forbidden):
    for candidate in forbidden:
        if _within(module, candidate):
            return candidate
        if name is not None and name != "*" and _within(module + "." + name, candidate):
            return candidate
    return None


def _importers(tree):
    """Names that call an importer: __import__, importlib.import_module, and what the source binds to them."""
    modules = {"importlib": "importlib", "builtins": "builtins"}
    callables = {"__import__": "__import__"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in ("importlib", "builtins"):
                    modules[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in ("importlib", "builtins"):
            for alias in node.names:
                if alias.name in ("import_module", "__import__"):
                    callables[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if (name := _importer(node.value, modules, callables)) is not None:
                callables[node.targets[0].id] = name
    return modules, callables


def _importer(func, modules, callables):
    if isinstance(func, ast.Name):
        return callables.get(func.id)
    if (isinstance(func, ast.Attribute) and func.attr in ("import_module", "__import__")
            and isinstance(func.value, ast.Name) and func.value.id in modules):
        return f"{modules[func.value.id]}.{func.attr}"
    return None


def _name_spans(lines, node):
    """(name, span) for every name the node binds or reads that is not a node of its own (a Name)."""
    if isinstance(node, ast.Name):
        yield node.id, lines.node(node)
    elif isinstance(node, ast.Attribute):
        words = [w for w in _words(lines, node) if w[0] == node.attr]
        if words:
            yield node.attr, words[-1][1]
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        words = [w for w in lines.identifiers(node.lineno, node.col_offset, node.lineno, len(lines.encoded[node.lineno - 1])) if w[0] == node.name]
        if words:
            yield node.name, words[0][1]
    elif isinstance(node, (ast.arg, ast.keyword)) and (name := node.arg) is not None:
        words = [w for w in _words(lines, node) if w[0] == name]
        if words:
            yield name, words[0][1]
    elif isinstance(node, ast.alias):
        for word, span in _words(lines, node):
            if word in node.name.split(".") or word == node.asname:
                yield word, span
    elif isinstance(node, ast.ImportFrom) and node.module:
        parts = node.module.split(".")
        for word, span in _words(lines, node, node.names[0])[: len(parts) + 1]:
            if word in parts:
                yield word, span
    elif isinstance(node, (ast.Global, ast.Nonlocal)):
        for word, span in _words(lines, node):
            if word in node.names:
                yield word, span
    elif isinstance(node, ast.ExceptHandler) and node.name:
        end = node.body[0]
        words = [w for w in lines.identifiers(node.lineno, node.col_offset, end.lineno, end.col_offset) if w[0] == node.name]
        if words:
            yield node.name, words[-1][1]
    elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
        words = [w for w in _words(lines, node) if w[0] == node.name]
        if words:
            yield node.name, words[-1][1]
    elif isinstance(node, ast.MatchMapping) and node.rest:
        words = [w for w in _words(lines, node) if w[0] == node.rest]
        if words:
            yield node.rest, words[-1][1]
    elif isinstance(node, ast.MatchClass):
        for word, span in _words(lines, node):
            if word in node.kwd_attrs:
                yield word, span
    elif type(node).__name__ in ("TypeVar", "ParamSpec", "TypeVarTuple"):
        words = [w for w in _words(lines, node) if w[0] == node.name]
        if words:
            yield node.name, words[0][1]


def restrictions(text, forbid_imports, forbid_names):
    """Forbidden imports and names in a candidate's source, parsed (never run).

    JSON list of ["import", what, module, span], ["name", name, span], ["too_deep", why]; [] when the
    source does not parse (the worker reports its SyntaxError exactly as Python words it).
    """
    forbid_imports = list(forbid_imports)
    forbid_names = set(forbid_names)
    try:
        with AST_LOCK:
            tree = ast.parse(text, "<submission>", "exec")
        nodes = list(ast.walk(tree))
    except (SyntaxError, ValueError):
        # Syntax errors and null bytes: the worker reports them exactly as Python words them.
        return "[]"
    except _TOO_DEEP as error:
        return json.dumps([["too_deep", f"{type(error).__name__}: {error}".rstrip(": ")]])
    lines = _Lines(text)
    found = []
    if forbid_imports:
        modules, callables = _importers(tree)
        for node in nodes:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if (module := _forbidden(alias.name, None, forbid_imports)) is not None:
                        span = _dotted_span(lines, alias, len(alias.name.split(".")))
                        found.append(["import", f"import {alias.name}", module, span])
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                start = _dotted_span(lines, node, 1 + len(node.module.split(".")))
                for alias in node.names:
                    if (module := _forbidden(node.module, alias.name, forbid_imports)) is not None:
                        end = _dotted_span(lines, alias, 1) if alias.name != "*" else lines.node(alias)
                        what = f"from {node.module} import {alias.name}"
                        found.append(["import", what, module, _after_keyword(lines, node, start)[:2] + end[2:]])
            elif isinstance(node, ast.Call) and node.args and (importer := _importer(node.func, modules, callables)):
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str) and not first.value.startswith("."):
                    fromlist = _fromlist(node)
                    for name in fromlist or [None]:
                        if (module := _forbidden(first.value, name, forbid_imports)) is not None:
                            found.append(["import", f"{importer}({first.value!r})", module, lines.node(node)])
                            break
    if forbid_names:
        for node in nodes:
            for name, span in _name_spans(lines, node):
                if name in forbid_names:
                    found.append(["name", name, span])
    return json.dumps(found)


def _after_keyword(lines, node, span):
    """The span of 'from <module>' without the keyword: the module's first word."""
    words = _words(lines, node)
    return words[1][1] if len(words) > 1 and words[0][0] == "from" else span


def _fromlist(call):
    """The names of __import__(m, g, l, fromlist) when they are literal strings."""
    candidates = [k.value for k in call.keywords if k.arg == "fromlist"]
    if len(call.args) >= 4:
        candidates.append(call.args[3])
    for value in candidates:
        if isinstance(value, (ast.List, ast.Tuple)):
            return [e.value for e in value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return []


# --- The exercise author's test code, checked at load (compiled to check it, never run) -------------------------

_canonical = None  # the worker's own canonical encoder (sandbox/harness/_cg_canonical.py), set by HostPython


def compile_all(items):
    """[[code, mode], ...] -> JSON: for each null, or {"message", "line", "column"} of its SyntaxError, and "callee"
    (the name a call expression calls, or null)."""
    results = []
    for code, mode in items:
        answer = {"error": None, "callee": None}
        try:
            compile(code, "<test>", mode, dont_inherit=True)
            if mode == "eval":
                with AST_LOCK:
                    body = ast.parse(code, "<test>", "eval").body
                if isinstance(body, ast.Call) and isinstance(body.func, ast.Name):
                    answer["callee"] = body.func.id
        except SyntaxError as error:
            answer["error"] = {"message": str(error.msg), "line": error.lineno, "column": error.offset}
        except (ValueError, TypeError) as error:
            answer["error"] = {"message": str(error), "line": None, "column": None}
        except _TOO_DEEP as error:
            answer["error"] = {"message": f"nested too deeply ({type(error).__name__})", "line": None, "column": None}
        results.append(answer)
    return json.dumps(results)


def literals(texts):
    """[text, ...] -> JSON: for each {"value": canonical value} as ast.literal_eval reads it, or {"problem": why}."""
    results = []
    limits = _canonical.Limits()
    for text in texts:
        try:
            with AST_LOCK:
                value = ast.literal_eval(text)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError) as error:
            results.append({"problem": f"{type(error).__name__}: {error}"})
            continue
        encoded = _canonical.canonical(value, limits)
        if type(encoded) is dict and encoded.get("t") == "too_large":
            results.append({"problem": f"too large: {encoded.get('reason')}"})
        else:
            results.append({"value": encoded})
    return json.dumps(results)
