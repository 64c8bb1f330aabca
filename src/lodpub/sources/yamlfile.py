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


#: Aliases may make a document at most this many times larger than what is written
#: (beside a small allowance), so that a few lines cannot expand into gigabytes.
MAX_EXPANSION = 10
EXPANSION_ALLOWANCE = 10_000


def load_yaml(text: str, path: str, first_line: int = 1):
    """Parse *text* from *path*; lines count from *first_line* (for front matter)."""
    # Blank lines in front keep every line number true to the file.
    loader = _Loader("\n" * (first_line - 1) + text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_expansion(node, path)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or str(exc)
        raise SourceError(Location(path, line), f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise SourceError(Location(path), f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()


def _check_expansion(root: yaml.Node, path: str) -> None:
    """Refuse a document whose aliases expand it beyond :data:`MAX_EXPANSION` times its
    written size (characters of text, plus one per value), or that contains itself.

    Sizes are summed once per distinct node, so the check takes time in proportion to
    what is written, not to what it would expand to.
    """
    sizes: dict[int, int] = {}  # expanded size of each node done
    written = 0  # each distinct node once
    open_nodes: set[int] = set()
    first_alias: yaml.Node | None = None
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        children = _children(node)
        if children_done:
            open_nodes.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
            written += 1
            continue
        if id(node) in open_nodes:
            raise SourceError(Location(path, node.start_mark.line + 1),
                              "invalid YAML: an alias refers to the value that contains it")
        if id(node) in sizes:
            continue
        if isinstance(node, yaml.ScalarNode):
            sizes[id(node)] = 1 + len(node.value)
            written += sizes[id(node)]
            continue
        open_nodes.add(id(node))
        stack.append((node, True))
        for child in reversed(children):
            if id(child) in sizes and first_alias is None and not isinstance(child, yaml.ScalarNode):
                first_alias = child
            stack.append((child, False))
    expanded = sizes[id(root)]
    if expanded > MAX_EXPANSION * written + EXPANSION_ALLOWANCE:
        where = first_alias or root
        raise SourceError(
            Location(path, where.start_mark.line + 1),
            f"aliases would expand this file to {expanded:,} values and characters from "
            f"{written:,} written, more than {MAX_EXPANSION} times as many; the anchor here "
            "is repeated too often: write the values out, or refer to them by key")


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [item for pair in node.value for item in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []
