"""Compile many literal words into one regular expression shaped like a trie.

A plain alternation of a thousand words makes the regex engine try every word at every position; a
trie-shaped pattern (``s(?:amarium|candium)``) tries one branch per character, so one scan of an
order line costs microseconds however large the vocabulary grows. Longer words are tried before
their prefixes, so at any position the longest word wins (leftmost-longest matching).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeAlias

_END = ""
_Node: TypeAlias = dict[str, "_Node"]


def trie_pattern(words: Iterable[str], *, flexible_spaces: bool = False) -> str:
    """A regex source matching exactly ``words``, longest first; '' when there are none.

    With ``flexible_spaces`` a space in a word matches one or more spaces in the text (the folded
    text keeps its length, so punctuation turned into spaces may leave runs of them).
    """
    root: _Node = {}
    for word in words:
        if not word:
            continue
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = {}
    if not root:
        return ""
    return _render(root, flexible_spaces)


def _render(node: _Node, flexible_spaces: bool) -> str:
    branches = []
    for char in sorted(k for k in node if k != _END):
        head = " +" if (char == " " and flexible_spaces) else re.escape(char)
        branches.append(head + _render(node[char], flexible_spaces))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:
        # The word may stop here; the greedy '?' still tries the longer words first.
        return f"(?:{body})?"
    return body
