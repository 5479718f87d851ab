"""Names that say what a file holds, in every app alike: `signals.py` declares signals and
nothing else; no other module declares one; `receivers.py` holds the receivers."""

import ast
import importlib
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.dispatch import Signal

ROOT = Path(settings.BASE_DIR)


def project_apps():
    for config in apps.get_app_configs():
        path = Path(config.path)
        if path.is_relative_to(ROOT) and ".venv" not in path.parts:
            yield config, path


def declares_a_signal(tree: ast.AST) -> bool:
    return any(
        isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", None)) == "Signal"
        for node in ast.walk(tree)
    )


def test_signals_are_declared_in_signals_modules_only():
    for _config, path in project_apps():
        for module in path.rglob("*.py"):
            if module.name == "signals.py" or "migrations" in module.parts:
                continue
            assert not declares_a_signal(ast.parse(module.read_text())), module


def test_signals_modules_declare_signals_and_nothing_else():
    found = 0
    for config, path in project_apps():
        if not (path / "signals.py").exists():
            continue
        found += 1
        module = importlib.import_module(f"{config.name}.signals")
        tree = ast.parse((path / "signals.py").read_text())
        assert not [
            node
            for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        ], module
        declared = [
            value
            for name, value in vars(module).items()
            if not name.startswith("_")
            and not isinstance(value, type(module))
            and value is not Signal
        ]
        assert declared and all(isinstance(value, Signal) for value in declared), module
    assert found >= 3  # the base layer, events, registrations


def test_receivers_modules_declare_no_signal():
    for _config, path in project_apps():
        if (path / "receivers.py").exists():
            assert not declares_a_signal(ast.parse((path / "receivers.py").read_text()))
