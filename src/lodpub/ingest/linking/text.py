"""Words and sentences of a Swedish text, with the facts the matching rules need."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .names import normal

_WORD = re.compile(r"(\w+(?:['’ʼ\-]\w+)*)(:\w+)?", re.UNICODE)
# A sentence ends at . ! ? before a capital, or at a blank line (a single newline is a wrap).
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’»]?\s+(?=[–\-\"”«(]?\s*[^\W\d_])|\n\s*\n")


@dataclass
class Token:
    text: str
    norm: str
    start: int
    end: int            # end of the word itself; ``suffix`` (":s") follows it
    sentence: int
    first: bool         # the sentence's first word
    suffix: str = ""

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def name_like(self) -> bool:
        """A word that may be part of a person's name: 'Åström', 'Anna-Karin', not 'SKR' or '4'."""
        return (self.capitalised and any(ch.islower() for ch in self.text)
                and not any(ch.isdigit() for ch in self.text))


@dataclass
class Text:
    text: str
    tokens: list[Token]
    sentences: list[tuple[int, int]]

    def sentence_of(self, token: Token) -> str:
        start, end = self.sentences[token.sentence]
        return " ".join(self.text[start:end].split())

    def between(self, left: int, right: int) -> str:
        """The characters between token *left* and token *right* (suffixes included)."""
        return self.text[self.tokens[left].end:self.tokens[right].start]

    def after(self, index: int, length: int = 80) -> str:
        token = self.tokens[index]
        end = self.sentences[token.sentence][1]
        return self.text[token.end:min(end, token.end + length)]

    def before(self, index: int, length: int = 80) -> str:
        token = self.tokens[index]
        start = self.sentences[token.sentence][0]
        return self.text[max(start, token.start - length):token.start]

    def spaced(self, left: int, right: int) -> bool:
        """Tokens *left* and *right* are neighbours in one sentence, only a space between them."""
        return (0 <= left < right < len(self.tokens) and right == left + 1
                and self.tokens[left].sentence == self.tokens[right].sentence
                and self.between(left, right) in (" ", "\n") and not self.tokens[left].suffix)


def split(text: str) -> Text:
    """Tokenise *text* into words, each knowing its sentence."""
    sentences, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if text[start:match.start()].strip():
            sentences.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        sentences.append((start, len(text)))
    tokens: list[Token] = []
    for number, (begin, end) in enumerate(sentences):
        first = True
        for match in _WORD.finditer(text, begin, end):
            word = match.group(1)
            tokens.append(Token(word, normal(word), match.start(1), match.end(1), number, first,
                                match.group(2) or ""))
            first = False
    return Text(text, tokens, sentences)


@cache
def is_swedish_word(name: str) -> bool:
    """Whether *name*, lowercased, is an ordinary Swedish word ('mark', 'vara', 'bar', 'lund').

    simplemma's Swedish dictionary knows proper names too, with their capital (Umeå);
    a lowercase lemma means the dictionary has the word as a common word.
    """
    import simplemma

    lower = name.casefold()
    if not simplemma.is_known(lower, lang="sv"):
        return False
    lemma = simplemma.lemmatize(lower, lang="sv")
    return bool(lemma) and lemma[:1].islower()
