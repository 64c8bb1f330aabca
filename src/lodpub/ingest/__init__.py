"""Bring content in: news feeds, news pages, text exports and spreadsheets become content
files, and the linker suggests what each article mentions.

Everything here writes ordinary content files (``content/articles/*.md``,
``registry/*.yaml``) that a person reviews and edits; nothing bypasses them.
"""
