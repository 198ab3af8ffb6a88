"""Benchmarks are opt-in (issue 15): a test class tagged "ib_benchmark" also carries
"-standard", so `make test` (``--test-tags /ib_x,...``, which selects the standard
tests of each addon) leaves it out and `make bench` (``--test-tags ib_benchmark``)
runs it. A benchmark prints its figures and asserts query counts, never durations:
no assertLess*/assertGreater* on a name that says seconds, duration or time."""

import ast

import pytest

TIME_WORDS = ("second", "duration", "elapsed", "time", "started")
COMPARISONS = {
    "assertLess",
    "assertLessEqual",
    "assertGreater",
    "assertGreaterEqual",
    "assertTrue",
}


def _tags(cls):
    for deco in cls.decorator_list:
        if (
            isinstance(deco, ast.Call)
            and getattr(deco.func, "id", getattr(deco.func, "attr", None)) == "tagged"
        ):
            return {a.value for a in deco.args if isinstance(a, ast.Constant)}
    return set()


def _names(node):
    return {
        n.id if isinstance(n, ast.Name) else n.attr
        for n in ast.walk(node)
        if isinstance(n, ast.Name | ast.Attribute)
    }


def _test_files(addon_paths):
    return sorted(f for p in addon_paths for f in (p / "tests").glob("test_*.py"))


def test_benchmarks_are_opt_in(addon_paths):
    benchmarks, problems = [], []
    for path in _test_files(addon_paths):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
            tags = _tags(cls)
            is_bench = "ib_benchmark" in tags or "benchmark" in path.name
            if not is_bench:
                continue
            benchmarks.append(f"{path.name}:{cls.name}")
            if not {"ib_benchmark", "-standard"} <= tags:
                problems.append(
                    f"{path}: {cls.name} is a benchmark: tag it "
                    f'@tagged("ib_benchmark", "post_install", "-at_install", '
                    f'"-standard") (has {sorted(tags)})'
                )
            for call in ast.walk(cls):
                if not (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and call.func.attr in COMPARISONS
                ):
                    continue
                names = {n.lower() for arg in call.args for n in _names(arg)}
                if any(word in name for name in names for word in TIME_WORDS):
                    problems.append(
                        f"{path}:{call.lineno}: {call.func.attr} on a duration "
                        "(benchmarks log durations and assert query counts only)"
                    )
    if not benchmarks:
        pytest.skip("no benchmark test classes")
    assert not problems, "\n".join(problems)
