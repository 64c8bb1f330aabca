"""Whether a change may be accepted: the content it leaves read, mapped and validated
with the same shapes as a build, before any file of the project changes."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from ..config import Config, load_config
from ..errors import SourceErrors, ValidationFailed, WriteRefused
from ..mapping import MappedDocument, map_document
from ..mapping.records import RecordMapper
from ..sources.content import Content, read_content
from ..sources.records import Document
from ..validation import VIOLATION, Report, validate_documents
from .entities import Change
from .overlay import overlay


@dataclass(frozen=True)
class Checked:
    """What the check learnt: the entity's IRI and the warnings (recommended practice) it has."""

    iri: str | None
    warnings: list[dict] = field(default_factory=list)


def check_change(project_dir: Path, config: Config, change: Change, kind: str,
                 key: str) -> Checked:
    """Read, map and validate the content as *change* leaves it; WriteRefused when it
    cannot be accepted: 400 for the changed file's own fields, 422 for violations.

    Only the changed document is mapped and validated, in the context of the documents
    that describe what it refers to (as a build validates a changed document); every
    other document was valid before and is read only for its keys and references.
    """
    relative = change.path.relative_to(project_dir).as_posix()
    with overlay(project_dir, config.build_dir, relative, change.text) as folder:
        try:
            content = read_content(folder, load_config(folder).with_base(config.base))
            changed = [map_one(content, document) for document in content.documents
                       if document.path == relative]
        except SourceErrors as errors:
            raise refusal(errors, relative) from None
        context = changed + [map_one(content, document)
                             for document in describing(content, changed)]
        report = validate_documents(changed, config["build.batch_size"], context=context)
    if not report.conforms:
        raise refusal(ValidationFailed(report), relative)
    iri = next((str(subject) for item in changed for subject, record in item.subjects.items()
                if record.key == key and record.kind.name == kind), None)
    return Checked(iri, [problem(finding.as_json(), relative) for finding in report.findings])


def map_one(content: Content, document: Document) -> MappedDocument:
    """*document* mapped as a build maps it; SourceErrors for what cannot be mapped."""
    mapped, errors = map_document(content, document, dt.datetime.now(dt.timezone.utc))
    if errors:
        raise SourceErrors(errors)
    return mapped


def describing(content: Content, mapped: list[MappedDocument]) -> list[Document]:
    """The other documents that describe a subject of *mapped*, or a thing it refers to."""
    wanted = {node for item in mapped for node in item.graph.all_nodes() if isinstance(node, URIRef)}
    mapper = RecordMapper(content.config.base, content.records, Graph(), {})
    own = {item.document.path for item in mapped}
    found = []
    for document in content.documents:
        if document.path not in own and any(mapper.iri(record) in wanted
                                            for record in _keyed(document.records)):
            found.append(document)
    return found


def _keyed(records):
    """*records* and the records nested in them, those with a key (and so an IRI of their own)."""
    for record in records:
        if record.key:
            yield record
        for spec in record.kind.fields:
            if spec.kind == "nested":
                yield from _keyed(record.values.get(spec.name, []))


def refusal(error: SourceErrors | ValidationFailed, relative: str) -> WriteRefused:
    """The answer to content that cannot be read (400 when only the changed file is at
    fault, else 422) or that violates the shapes (422, with the SHACL report)."""
    if isinstance(error, ValidationFailed):
        report: Report = error.report
        violations = [problem(finding.as_json(), relative) for finding in report.findings
                      if finding.severity == VIOLATION]
        return WriteRefused(422, f"the change violates the shapes: {len(violations)} violation(s); "
                                 "nothing was changed", violations, report=json.loads(report.to_json()),
                            hint="correct the fields named and send it again")
    problems = []
    for item in error.errors:
        location = item.location
        prefix = f"{location}: "
        message = item.message[len(prefix):] if item.message.startswith(prefix) else item.message
        problems.append(problem({"file": location.path, "key": location.key,
                                 "field": location.field, "message": message,
                                 **({"hint": item.hint} if item.hint else {})}, relative))
    own = all(item.location.path == relative for item in error.errors)
    return WriteRefused(400 if own else 422,
                        "; ".join(_described(item) for item in problems) if own else
                        "the change would leave other content unreadable; nothing was changed",
                        problems, hint="correct the fields named and send it again")


def problem(found: dict, relative: str) -> dict:
    """One problem as the API reports it: the file is named only when it is another one."""
    found = {name: value for name, value in found.items() if value is not None}
    if found.get("file") == relative:
        del found["file"]
        found.pop("line", None)  # a line of the file the request became, not of the request
    return found


def _described(problem: dict) -> str:
    return f"field '{problem['field']}': {problem['message']}" if problem.get("field") \
        else problem["message"]
