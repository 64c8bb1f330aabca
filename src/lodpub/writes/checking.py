"""Whether a change may be accepted: the content it leaves read, mapped and validated
with the same shapes as a build, before any file of the project changes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config, load_config
from ..errors import SourceErrors, ValidationFailed, WriteRefused
from ..mapping import map_content
from ..sources.content import read_content
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
    cannot be accepted: 400 for the changed file's own fields, 422 for violations."""
    relative = change.path.relative_to(project_dir).as_posix()
    with overlay(project_dir, config.build_dir, relative, change.text) as folder:
        try:
            content = read_content(folder, load_config(folder).with_base(config.base))
            mapped = map_content(content)
        except SourceErrors as errors:
            raise refusal(errors, relative) from None
        changed = [item for item in mapped if item.document.path == relative]
        report = validate_documents(changed, config["build.batch_size"], context=mapped)
    if not report.conforms:
        raise refusal(ValidationFailed(report), relative)
    iri = next((str(subject) for item in changed for subject, record in item.subjects.items()
                if record.key == key and record.kind.name == kind), None)
    return Checked(iri, [problem(finding.as_json(), relative) for finding in report.findings])


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
