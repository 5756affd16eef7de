"""Whether the check engine is still the code that was imported.

A snapshot records, for every function and method of the engine's modules (and of any other module
given, such as the grader's harness), the object and a fingerprint of its code, plus the few
functions of the standard library that measuring relies on. Code that patches any of them after
the snapshot (replacing a method, rebinding a module's function, swapping sys.settrace) shows up
in `changed`; the check cell and the grader then refuse to trust what the checks measured.
"""
import copy
import sys
import types

from .subject import fingerprint

WATCHED_BUILTINS = (("sys", "settrace"), ("sys", "gettrace"), ("copy", "deepcopy"))


def snapshot(*modules):
    """{qualified name: (object id, code fingerprint)} of every function in `modules`, their classes'
    methods, and the standard functions in WATCHED_BUILTINS."""
    entries = {}
    for module in modules:
        for name, value in list(vars(module).items()):
            _add(entries, f"{module.__name__}.{name}", value, module)
            if isinstance(value, type) and value.__module__ == module.__name__:
                for attribute, member in list(vars(value).items()):
                    _add(entries, f"{module.__name__}.{name}.{attribute}", member, module)
    for module_name, name in WATCHED_BUILTINS:
        value = getattr({"sys": sys, "copy": copy}[module_name], name)
        entries[f"{module_name}.{name}"] = (id(value), None)
    return entries


def _add(entries, key, value, module):
    """Record `value` if it is a function of this module or of the engine (also where re-exported)."""
    function = getattr(value, "__func__", value)  # staticmethod / classmethod
    if isinstance(function, types.FunctionType) and (
        function.__module__ == module.__name__ or str(function.__module__).startswith("dnn_utils.checks")
    ):
        entries[key] = (id(value), fingerprint(function.__code__))


def changed(before, *modules):
    """The names whose object or code differ from the snapshot `before` (empty: nothing changed)."""
    now = snapshot(*modules)
    return sorted(name for name in before if now.get(name) != before[name])


def engine_modules():
    """The modules of dnn_utils.checks, as imported."""
    return [module for name, module in sorted(sys.modules.items()) if name.startswith("dnn_utils.checks") and module is not None]
