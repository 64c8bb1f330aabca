"""The pipeline runs one way: no stage imports a later one, no module circle, and only
the web layer knows Flask. docs/architecture.md draws the same stages."""

from __future__ import annotations

import grimp
import pytest

#: The stages, earliest first; a module belongs to the first entry its name starts with.
#: A stage may import its own modules and those of earlier stages only.
STAGES = [
    ("ground floor", ("lodpub.config", "lodpub.errors", "lodpub.formats", "lodpub.namespaces",
                      "lodpub.iri", "lodpub.shipped", "lodpub.suggest", "lodpub.texts",
                      "lodpub.tokens", "lodpub.gazetteers")),
    ("sources", ("lodpub.sources",)),
    ("mapping", ("lodpub.mapping",)),
    ("validation", ("lodpub.validation",)),
    ("store", ("lodpub.store",)),
    ("publish", ("lodpub.publish",)),
    ("release", ("lodpub.release",)),
    ("build", ("lodpub.build", "lodpub.cache")),
    ("sparql", ("lodpub.sparql",)),
    ("web", ("lodpub.web",)),
    ("front ends", ("lodpub.ingest", "lodpub.writes", "lodpub.scaffold", "lodpub.project",
                    "lodpub.export")),
    ("serving", ("lodpub.serving",)),
    ("command line", ("lodpub.cli",)),
]


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("lodpub", include_external_packages=True)


def stage_of(module: str) -> int:
    for number, (_, prefixes) in enumerate(STAGES):
        if any(module == prefix or module.startswith(prefix + ".") or
               (prefix == "lodpub.cli" and module.startswith("lodpub.cli_")) for prefix in prefixes):
            return number
    raise AssertionError(f"{module} belongs to no stage: add it to STAGES and docs/architecture.md")


def own_modules(graph) -> list[str]:
    # The package itself only names the public API, imported lazily by name.
    return sorted(module for module in graph.modules
                  if module.startswith("lodpub.") and module != "lodpub")


def test_every_module_belongs_to_a_stage(graph):
    for module in own_modules(graph):
        stage_of(module)


def test_no_stage_imports_a_later_one(graph):
    backward = []
    for module in own_modules(graph):
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.startswith("lodpub.") and stage_of(imported) > stage_of(module):
                details = graph.get_import_details(importer=module, imported=imported)
                line = details[0]["line_number"] if details else "?"
                backward.append(f"{module}:{line} ({STAGES[stage_of(module)][0]}) imports "
                                f"{imported} ({STAGES[stage_of(imported)][0]})")
    assert backward == [], "\n".join(backward)


@pytest.mark.parametrize("reader", ["lodpub.web", "lodpub.sparql"])
def test_the_read_side_never_builds_maps_or_validates(graph, reader):
    """The web layer and the SPARQL engine read releases; they never import the write side."""
    write_side = ("lodpub.build", "lodpub.sources", "lodpub.mapping", "lodpub.validation")
    found = [f"{module} imports {imported}"
             for module in own_modules(graph) if module.startswith(reader + ".")
             for imported in graph.find_modules_directly_imported_by(module)
             if imported.startswith(write_side)]
    assert found == [], "\n".join(found)


def test_no_import_circle(graph):
    modules = own_modules(graph)
    edges = {module: [imported for imported in graph.find_modules_directly_imported_by(module)
                      if imported in modules] for module in modules}
    circles = [sorted(component) for component in strongly_connected(edges) if len(component) > 1]
    assert circles == [], "\n".join(" ↔ ".join(circle) for circle in circles)


def test_only_the_web_layer_imports_flask(graph):
    importers = {module for module in graph.find_modules_that_directly_import("flask")}
    assert importers and all(module.startswith("lodpub.web.") for module in importers), importers


def test_the_command_line_uses_the_public_api_for_the_pipeline(graph):
    """cli.py builds, validates and queries through lodpub.Project, not the stages."""
    imported = graph.find_modules_directly_imported_by("lodpub.cli")
    assert "lodpub.project" in imported
    assert not imported & {"lodpub.build", "lodpub.validation", "lodpub.mapping",
                           "lodpub.sources.content", "lodpub.release", "lodpub.sparql.query"}


def strongly_connected(edges: dict[str, list[str]]) -> list[set[str]]:
    """Tarjan's strongly connected components of a directed graph, iteratively.

    >>> sorted(map(sorted, strongly_connected({"a": ["b"], "b": ["a"], "c": ["a"]})))
    [['a', 'b'], ['c']]
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[set[str]] = []
    counter = 0
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(edges[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges.get(child, ()))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
    return components
