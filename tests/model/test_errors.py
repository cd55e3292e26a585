"""One root for the errors the model raises on purpose (model/errors.py)."""

import importlib
import inspect
import pkgutil

import model
from model.errors import JixiaoError


def model_modules():
    for info in pkgutil.walk_packages(model.__path__, "model."):
        yield importlib.import_module(info.name)


def test_every_exception_class_of_the_model_derives_from_jixiao_error():
    defined = [cls for mod in model_modules() for _, cls in inspect.getmembers(mod, inspect.isclass)
               if issubclass(cls, BaseException) and cls.__module__ == mod.__name__]
    assert {c.__name__ for c in defined} >= {"JixiaoError", "EditError", "CodeTableError", "PatternError"}
    assert all(issubclass(c, JixiaoError) for c in defined), defined
