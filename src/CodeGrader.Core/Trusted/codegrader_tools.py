"""Trusted helpers the host loads as the module of a trusted worker (CodeGrader.Core/Trusted/TrustedTools.cs).

Never loaded next to a candidate's code: these workers hold only the exercise author's code (the
checker) and what the host asks them to evaluate (the checker's calls).
"""

import ast
import builtins

_check = None


def load_checker(source, filename):
    """Runs the checker's module code and keeps its check(input, expected, actual)."""
    global _check
    namespace = {"__name__": "checker", "__file__": filename, "__builtins__": builtins}
    exec(compile(source, filename, "exec", dont_inherit=True), namespace)
    check = namespace.get("check")
    if not callable(check):
        raise TypeError(f"{filename} does not define a function check(input, expected, actual)")
    _check = check
    return True


def _evaluate(node):
    return eval(compile(ast.Expression(body=node), "<argument>", "eval"), {"__builtins__": builtins})


def call_input(call, take):
    """The checker's input for a function test: the call, and its arguments when they need only builtins."""
    result = {"call": call}
    try:
        node = ast.parse(call, mode="eval").body
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and not any(isinstance(a, ast.Starred) for a in node.args)
                and all(k.arg is not None for k in node.keywords)):
            args = tuple(_evaluate(a) for a in node.args)
            kwargs = {k.arg: _evaluate(k.value) for k in node.keywords}
            result["args"] = args
            result["kwargs"] = kwargs
    except Exception:  # noqa: BLE001 - arguments that need more than builtins are simply not given
        pass
    if take is not None:
        result["take"] = take
    return result


def run_check(input, expected, actual):
    """[passed, message or None]; any other result of check() is the exercise's fault."""
    verdict = _check(input, expected, actual)
    if verdict is True or verdict is False:
        return [verdict, None]
    if type(verdict) is tuple and len(verdict) == 2 and type(verdict[0]) is bool and type(verdict[1]) is str:
        return [verdict[0], verdict[1]]
    raise TypeError(f"check() must return True, False or a (bool, str) tuple, not {type(verdict).__name__}: {verdict!r:.200}")
