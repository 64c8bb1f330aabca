"""YAML that remembers where each value came from, and keeps dates as text."""

from __future__ import annotations

import re

import yaml

from ..errors import Location, SourceError


class Mapping(dict):
    """A YAML mapping with the line of the mapping and of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


# libyaml's loader where PyYAML has it: about ten times faster on many files.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):
    """SafeLoader that records lines, rejects duplicate keys and leaves dates as strings."""


_DROPPED = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int")
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED]
    for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
}
# Whole numbers as YAML 1.2 reads them: a code such as 0756 stays the text "0756"
# instead of becoming the octal number 494.
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(0|[1-9][0-9_]*)$"),
                              list("-+0123456789"))


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Mapping:
    loader.flatten_mapping(node)
    result = Mapping()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate field '{key}'", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(text: str, path: str, first_line: int = 1):
    """Parse *text* from *path*; lines count from *first_line* (for front matter)."""
    try:
        # Blank lines in front keep every line number true to the file.
        return yaml.load("\n" * (first_line - 1) + text, Loader=_Loader)  # noqa: S506
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or str(exc)
        raise SourceError(Location(path, line), f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise SourceError(Location(path), f"invalid YAML: {exc}") from None
