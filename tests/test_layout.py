"""The package's layout rules: no module imports in a circle, no module is long, and the CLI stays light.

The import graph is read from the source with ``ast`` (nothing is imported): every ``import`` and
``from … import`` counts as an edge, at module level and inside functions alike (a lazy import still ties
two modules together; it only moves the cost), except those under ``if TYPE_CHECKING:``, which never run.
Importing ``assetmap.a.b`` also runs ``assetmap/a/__init__.py``, so that counts as an edge too.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "assetmap"
MAX_LINES = 400

# Modules allowed over MAX_LINES for now, each with the reason. A module that drops under the limit must be
# taken off this list (a test below says so), so it only ever shrinks.
LONG_MODULES: dict[str, str] = {}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, here: str, is_package: bool):
    """Yield the dotted names imported anywhere in ``tree`` (``from X import y`` gives X.y and X)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:  # the `else:` of `if TYPE_CHECKING:` does run
                yield from _imports(ast.Module(body=[child], type_ignores=[]), here, is_package)
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the current package upwards
                base = here.split(".") if is_package else here.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            yield source
            for alias in node.names:
                yield f"{source}.{alias.name}"
        else:
            yield from _imports(node, here, is_package)


def import_graph() -> nx.DiGraph:
    mods = modules()
    g = nx.DiGraph()
    g.add_nodes_from(mods)
    for name, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for target in _imports(tree, name, path.name == "__init__.py"):
            parts = target.split(".")
            # the module itself and every package above it run on import
            for i in range(1, len(parts) + 1):
                prefix = ".".join(parts[:i])
                if prefix in mods and prefix != name:
                    g.add_edge(name, prefix)
    return g


def test_the_graph_sees_module_and_function_level_imports():
    g = import_graph()
    assert g.has_edge("assetmap.catalogue", "assetmap.load")  # module level
    assert g.has_edge("assetmap.cli.records", "assetmap.catalogue")  # inside cmd_export
    assert g.has_edge("assetmap.cli.main", "assetmap.cli.records")  # `from assetmap.cli import records`
    assert len(g) > 40


def test_the_graph_finds_a_cycle_when_there_is_one(tmp_path):
    tree = ast.parse(
        "def f():\n    from assetmap.cli.main import main\nif TYPE_CHECKING:\n    import assetmap.catalogue\n"
    )
    found = set(_imports(tree, "assetmap.cli", True))
    assert "assetmap.cli.main" in found and "assetmap.catalogue" not in found
    g = import_graph()
    g.add_edge("assetmap.cli", "assetmap.cli.main")
    assert any("assetmap.cli" in c for c in nx.simple_cycles(g))


def test_no_import_cycles():
    g = import_graph()
    cycles = [sorted(c) for c in nx.strongly_connected_components(g) if len(c) > 1]
    described = []
    for group in cycles:
        cycle = nx.find_cycle(g.subgraph(group))
        described.append(" -> ".join([a for a, _ in cycle] + [cycle[0][0]]))
    assert not described, "modules importing in a circle:\n" + "\n".join(described)


@pytest.mark.parametrize("name", sorted(modules()))
def test_modules_are_short(name):
    lines = len(modules()[name].read_text(encoding="utf-8").splitlines())
    if name in LONG_MODULES:
        assert lines > MAX_LINES, f"{name} has {lines} lines now: take it off LONG_MODULES"
    else:
        assert lines <= MAX_LINES, f"{name} has {lines} lines (at most {MAX_LINES}): split it along its job"


def test_long_module_exceptions_exist():
    assert set(LONG_MODULES) <= set(modules())


def test_validate_does_not_load_heavy_libraries():
    # the whole of data/ is checked, so every check and the gazetteer are loaded; the exit code is not the point
    code = (
        "import sys; from assetmap.cli.main import main; main(['validate', '--data', 'data']); "
        "print('loaded:', sorted({m.split('.')[0] for m in sys.modules} & "
        "{'pandas', 'geopandas', 'folium', 'shapely', 'networkx', 'streamlit'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip().splitlines()[-1] == "loaded: []", out.stdout + out.stderr


@pytest.mark.parametrize("module", ["assetmap.ui.page", "assetmap.ui.mapview_tab", "assetmap.ui.listview"])
def test_the_app_map_does_not_load_folium(module):
    # the app draws its own map component; folium (with xyzservices) costs ~1.4 s on a cold server
    code = f"import sys, {module}; print('folium' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False", out.stdout + out.stderr
