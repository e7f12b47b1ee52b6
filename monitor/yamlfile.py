"""Load a YAML file into a pydantic model, with errors that name the file, line and field."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from monitor.errors import ConfigError

ModelT = TypeVar("ModelT", bound=BaseModel)


# libyaml's parser when PyYAML was built with it (five times faster), else the Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(stream: Any) -> Any:
    """Plain YAML data, with libyaml's safe loader where it is installed (ten times faster)."""
    return yaml.load(stream, Loader=_LOADER)  # a safe loader


def load_model(path: Path, model: type[ModelT]) -> ModelT:
    """Parse ``path`` as YAML and validate it as ``model``; raise ``ConfigError`` on any fault."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    try:
        data = yaml.load(text, Loader=_LOADER)  # a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{path}{line}: invalid YAML: {problem}") from None
    try:
        return model.model_validate(data if data is not None else {})
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = first["loc"]
        field = ".".join(str(part) for part in loc) or "(top level)"
        line = _line_of(yaml.compose(text, Loader=_LOADER), loc)
        raise ConfigError(f"{path}:{line} field {field}: {first['msg']}") from None


def _line_of(node: yaml.Node | None, loc: Sequence[int | str]) -> int:
    """1-based line of the deepest node of ``loc`` that exists in the composed YAML tree."""
    line = node.start_mark.line + 1 if node is not None else 1
    for part in loc:
        child = _child(node, part)
        if child is None:
            break
        node, line = child, child.start_mark.line + 1
    return line


def _child(node: yaml.Node | None, part: int | str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if getattr(key, "value", None) == str(part):
                return value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None
