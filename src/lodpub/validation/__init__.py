"""Validation: content against lodpub's SHACL shapes, per document and incrementally, and
the catalog a project publishes against the catalog shapes.

Results are findings placed in the content (file, line, key, field), gathered in a
report for people (text) and machines (JSON, the SHACL report graph).
"""

from .documents import shapes_graph, validate_documents, validation_context
from .report import INFO, VIOLATION, WARNING, Finding, Report

__all__ = ["Finding", "Report", "VIOLATION", "WARNING", "INFO", "validate_documents",
           "shapes_graph", "validation_context"]
