"""The linker: what each article mentions, suggested for review, applied when accepted.

``suggestions_for(project_dir, front, body)`` gives an article's suggestions section (or
None); ``lodpub link`` shows them and ``lodpub link --apply`` writes them.
"""

from __future__ import annotations

from .suggestions import apply_article, review_article, suggestions_for

__all__ = ["suggestions_for", "review_article", "apply_article"]
