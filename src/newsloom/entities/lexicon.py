"""The entity linker's lexicon: the names it has learned, each pointing to entities, by kind.

Kinds (`KINDS`): an alias or a firm's brand points to the first entity that took it ("first" kinds); a
name as written, or a person's surname, to every entity that bears it; the first and last words and the
prefixes of every name only say that some name has them ("word" kinds, the entity left empty).

`Lexicon` keeps it all in memory. `StoreLexicon` keeps it in the store (`Store.lexicon` and
`Store.add_lexicon`): it reads only the names an article could use, before the article is linked
(`prefetch`), and writes what was learned with the batch (`flush`), so that opening a store costs the
same however many names it holds and memory stays bounded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsloom.store.base import Store

FIRST = ("alias", "stem")  # name -> the first entity given it
MANY = ("written", "surname", "surname_written")  # name -> every entity with it
WORDS = ("first_word", "prefix")  # names only: some known name starts (or ends) with it, or begins so
KINDS = FIRST + MANY + WORDS
_FEW = 8  # entities of one name read ahead with it (see `StoreLexicon.prefetch`)
_NONE: frozenset[str] = frozenset()


class Lexicon:
    """The lexicon in memory."""

    def __init__(self) -> None:
        self._first: dict[str, dict[str, str]] = {kind: {} for kind in FIRST}
        self._many: dict[str, dict[str, set[str]]] = {kind: {} for kind in MANY}
        self._words: dict[str, set[str]] = {kind: set() for kind in WORDS}

    def first(self, kind: str, name: str) -> str | None:
        """The entity that took `name` first, if any."""
        return self._first[kind].get(name)

    def take(self, kind: str, name: str, key: str) -> None:
        """Give `name` to entity `key` unless another took it first."""
        self._first[kind].setdefault(name, key)

    def many(self, kind: str, name: str) -> Set[str]:
        """Every entity with `name`: the lexicon's own set, not a copy (thousands share a common given name),
        to read only."""
        return self._many[kind].get(name, _NONE)

    def add(self, kind: str, name: str, key: str) -> None:
        self._many[kind].setdefault(name, set()).add(key)

    def has(self, kind: str, name: str) -> bool:
        return name in self._words[kind]

    def mark(self, kind: str, names: Iterable[str]) -> None:
        self._words[kind].update(names)

    def rows(self) -> Iterator[tuple[str, str, str]]:
        """(kind, name, entity key) of everything held, the words' with an empty key."""
        for kind, first in self._first.items():
            yield from ((kind, name, key) for name, key in first.items())
        for kind, many in self._many.items():
            yield from ((kind, name, key) for name, keys in many.items() for key in sorted(keys))
        for kind, words in self._words.items():
            yield from ((kind, name, "") for name in sorted(words))

    def prefetch(self, names: Iterable[str]) -> set[str]:
        """(A store reads these names ahead, and says which entities they point to; in memory, there is
        nothing to read.)"""
        return set()

    def flush(self) -> None:
        """(A store writes what was learned; in memory, it is already kept.)"""

    def held(self) -> int:
        """Names held read from a store (none in memory)."""
        return 0

    def forget(self) -> None:
        """(A store's lexicon forgets what it read; one in memory keeps everything.)"""


class StoreLexicon(Lexicon):
    """The lexicon in a store: names read as the articles need them, learned ones written with each batch.

    Only the writer uses it, in its own thread and transaction. It keeps the names it read from batch to
    batch until its linker has it `forget` them, never the whole lexicon."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self._read: set[str] = set()  # names whose every row (of every kind) is in the dicts above
        self._new: list[tuple[str, str, str]] = []  # (kind, name, entity) learned since the last flush

    def prefetch(self, names: Iterable[str]) -> set[str]:
        """Read the rows of these names not read yet; the keys of the entities they point to."""
        read = self._read
        wanted = {n for n in names if n not in read}
        if not wanted:
            return set()
        keys: set[str] = set()
        shared: dict[tuple[str, str], list[str]] = {}
        for kind, name, key in self.store.lexicon(wanted):
            if kind in FIRST:
                self._first[kind].setdefault(name, key)
                keys.add(key)
            elif kind in MANY:
                self._many[kind].setdefault(name, set()).add(key)
                shared.setdefault((kind, name), []).append(key)
            else:
                self._words[kind].add(name)
        read |= wanted
        # not the thousands of people a common given name or surname points to: those are read if asked for
        keys.update(k for found in shared.values() if len(found) <= _FEW for k in found)
        return keys

    def first(self, kind: str, name: str) -> str | None:
        if name not in self._read:
            self.prefetch((name,))
        return super().first(kind, name)

    def take(self, kind: str, name: str, key: str) -> None:
        if self.first(kind, name) is None:
            super().take(kind, name, key)
            self._new.append((kind, name, key))

    def many(self, kind: str, name: str) -> Set[str]:
        if name not in self._read:
            self.prefetch((name,))
        return super().many(kind, name)

    def add(self, kind: str, name: str, key: str) -> None:
        if key not in self.many(kind, name):
            super().add(kind, name, key)
            self._new.append((kind, name, key))

    def has(self, kind: str, name: str) -> bool:
        if name not in self._read:
            self.prefetch((name,))
        return name in self._words[kind]

    def mark(self, kind: str, names: Iterable[str]) -> None:
        for name in names:
            if not self.has(kind, name):
                self._words[kind].add(name)
                self._new.append((kind, name, ""))

    def flush(self) -> None:
        """Write the names learned since the last flush (in the caller's transaction)."""
        if self._new:
            self.store.add_lexicon(self._new)
            self._new = []

    def held(self) -> int:
        return len(self._read)

    def forget(self) -> None:
        """Hold none of the names read (they are read again as needed), nor those learned and not written."""
        super().__init__()
        self._read, self._new = set(), []
