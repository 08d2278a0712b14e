"""The shape of the code: imports follow the pipeline, no cycles, small functions, ruff clean.

The import graph counts imports inside functions too (an import a function makes at run time is a dependency
all the same); imports under `if TYPE_CHECKING:` are left out.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "analyzer"

# The stages in the order data flows, lowest first; a module may import its own layer and the ones below.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("_version", "errors", "records", "rules", "offsets", "textsim", "anchors"),
    ("lexicon", "indicators"),
    ("ingest",),
    ("lines",),
    ("layout",),
    ("normalize",),
    ("tables", "structure"),
    ("kinds",),
    ("segment", "task_model", "context"),
    ("extract",),
    ("pipeline",),
    ("store",),
    ("batch", "units_canonical", "select", "evaluate", "spacy_view", "learn", "vectors", "align_features", "aligner"),
    ("compare", "alignment_eval", "domains", "target_table", "target_eval"),
    ("review", "export", "report", "frames"),
    ("cli_base", "cli_review", "cli", ""),  # "" is the package's own facade (analyzer/__init__.py)
)
LAYER_OF = {name: k for k, names in enumerate(LAYERS) for name in names}
# Modules that import inside functions on purpose: the CLI (so that --help loads nothing)
# and the package facade (so that `import analyzer` stays cheap).
LAZY_BY_DESIGN = {"analyzer", "analyzer.cli", "analyzer.cli_review"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for sub in node.body:
                lines.update(range(sub.lineno, (sub.end_lineno or sub.lineno) + 1))
    return lines


def _imports(path: Path, modules: set[str]):
    """(imported module, line, inside a function) for every import of the package in `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    skip = _type_checking_lines(tree)
    in_function = {sub.lineno for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                   for sub in ast.walk(node) if isinstance(sub, (ast.Import, ast.ImportFrom))}
    for node in ast.walk(tree):
        if node.lineno in skip if hasattr(node, "lineno") else False:
            continue
        targets = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                targets.append(sub if sub in modules else target)
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        for t in targets:
            if t in modules and t != name:
                yield t, node.lineno, node.lineno in in_function


@pytest.fixture(scope="module")
def graph():
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    modules = set(files)
    return {m: list(_imports(p, modules)) for m, p in files.items()}, files


def _layer(module: str) -> int:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else ""
    if top not in LAYER_OF:
        raise AssertionError(f"{module} belongs to no layer: add it to LAYERS in tests/test_architecture.py")
    return LAYER_OF[top]


def test_architecture_every_module_has_a_layer(graph):
    edges, _ = graph
    for m in edges:
        _layer(m)


def test_architecture_imports_follow_the_pipeline(graph):
    """A stage imports only what comes before it (or beside it): nothing below extract imports it."""
    edges, _ = graph
    wrong = [f"{m} (layer {_layer(m)}) imports {t} (layer {_layer(t)}), line {line}"
             for m, targets in edges.items() for t, line, _ in targets if _layer(t) > _layer(m)]
    assert not wrong, "\n".join(wrong)


def test_architecture_no_import_cycles(graph):
    edges, _ = graph
    adjacency = {m: {t for t, _, _ in targets} for m, targets in edges.items()}
    index, low, stack, on, cycles = {}, {}, [], set(), []
    counter = [0]

    def visit(v):  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in adjacency[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in adjacency:
        if v not in index:
            visit(v)
    assert not cycles, f"import cycles: {cycles}"


def test_architecture_function_level_imports_of_the_package_are_few_and_commented(graph):
    """Inside functions, the package is imported only where start-up needs it: the CLI and the facade
    by design; anywhere else the import carries a comment saying why."""
    edges, files = graph
    uncommented = []
    for m, targets in edges.items():
        if m in LAZY_BY_DESIGN:
            continue
        lines = files[m].read_text(encoding="utf-8").splitlines()
        for t, line, inside in targets:
            if inside and "#" not in lines[line - 1]:
                uncommented.append(f"{m}:{line} imports {t} inside a function without saying why")
    assert not uncommented, "\n".join(uncommented)


def test_architecture_no_function_above_complexity_25():
    radon = pytest.importorskip("radon.complexity")
    too_complex = []
    for path in PACKAGE.rglob("*.py"):
        for block in radon.cc_visit(path.read_text(encoding="utf-8")):
            if block.complexity > 25:
                too_complex.append(f"{path.relative_to(ROOT)}:{block.lineno} {block.name} {block.complexity}")
    assert not too_complex, "\n".join(too_complex)


def test_architecture_every_module_maintainable_grade_b_or_better():
    metrics = pytest.importorskip("radon.metrics")
    low = []
    for path in PACKAGE.rglob("*.py"):
        mi = metrics.mi_visit(path.read_text(encoding="utf-8"), multi=True)
        if mi < 10:  # radon's grades: A ≥ 20 > B ≥ 10 > C
            low.append(f"{path.relative_to(ROOT)} {mi:.1f}")
    assert not low, "\n".join(low)


def test_architecture_ruff_is_clean():
    pytest.importorskip("ruff")
    out = subprocess.run([sys.executable, "-m", "ruff", "check", "analyzer", "tests", "benchmarks", "cli.py",
                          "corpora"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr


def test_architecture_the_api_verb_and_the_extract_package_do_not_clash():
    code = ("import analyzer\n"
            "analyzer.analyze_text('市财政局要在年内拨付资金。', 'x')\n"
            "import analyzer.extract.tasks\n"
            "assert callable(analyzer.extract_files) and analyzer.extract.tasks.classify\n"
            "print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "ok", out.stderr
