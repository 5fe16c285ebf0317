"""forge_catalog/_core.pyi is the contract the Django app codes against:
the runtime module must offer exactly its names, with the same parameters
(names, kinds, defaults), as psycopg's suite holds its C layer to pq/abc.py."""

import ast
import inspect
import pathlib

import pytest

from forge_catalog import _core

STUB = ast.parse((pathlib.Path(_core.__file__).parent / "_core.pyi").read_text())


def stub_names():
    names = set()
    for node in STUB.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets)
    return names


def stub_functions():
    for node in STUB.body:
        if isinstance(node, ast.FunctionDef):
            yield node.name, node, getattr(_core, node.name)
        elif isinstance(node, ast.ClassDef) and node.name in ("Survey", "Form"):
            cls = getattr(_core, node.name)
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    target = cls if item.name == "__init__" else getattr(cls, item.name)
                    is_property = any(isinstance(d, ast.Name) and d.id == "property"
                                      for d in item.decorator_list)
                    if not is_property:
                        yield f"{node.name}.{item.name}", item, target


def stub_parameters(func):
    """[(name, kind, default or empty)] of a stub function, without self."""
    args = func.args
    positional = args.posonlyargs + args.args
    defaults = [inspect.Parameter.empty] * (len(positional) - len(args.defaults)) + [
        ast.literal_eval(d) for d in args.defaults]
    out = []
    for i, arg in enumerate(positional):
        kind = (inspect.Parameter.POSITIONAL_ONLY if i < len(args.posonlyargs)
                else inspect.Parameter.POSITIONAL_OR_KEYWORD)
        out.append((arg.arg, kind, defaults[i]))
    for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        out.append((arg.arg, inspect.Parameter.KEYWORD_ONLY,
                    inspect.Parameter.empty if default is None else ast.literal_eval(default)))
    return [p for p in out if p[0] != "self"]


def test_module_offers_exactly_the_stub_names():
    runtime = {name for name in dir(_core) if not name.startswith("_")}
    stub = stub_names() - {"LaunchNode"}  # a type alias, for annotations only
    assert runtime == stub


@pytest.mark.parametrize("name, func, target", list(stub_functions()), ids=lambda v: v if
                         isinstance(v, str) else "")
def test_signature_matches_the_stub(name, func, target):
    runtime = [(p.name, p.kind, p.default) for p in inspect.signature(target).parameters.values()
               if p.name != "self"]
    assert runtime == stub_parameters(func), name


@pytest.mark.parametrize("class_name", ["Survey", "Form"])
def test_properties_match_the_stub(class_name):
    (stub_class,) = [n for n in STUB.body if isinstance(n, ast.ClassDef) and n.name == class_name]
    stub = {n.name for n in stub_class.body if isinstance(n, ast.FunctionDef)
            and any(isinstance(d, ast.Name) and d.id == "property" for d in n.decorator_list)}
    runtime = {name for name, value in vars(getattr(_core, class_name)).items()
               if inspect.isgetsetdescriptor(value)}
    assert runtime == stub
