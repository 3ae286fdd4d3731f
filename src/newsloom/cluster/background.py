"""How close articles of two languages usually are, so that a similarity can say "closer than usual".

Multilingual embeddings do not put every language pair on one scale: two unrelated Arabic articles can
be closer than an English article and its German translation. The background keeps each language's most
recent article embeddings; an article's *profile* is the mean and spread of its cosine with each of them.
A pair's cosine is then read against its own background:
  - `z`: how many spreads above the usual the two articles are (each side against the other's language);
  - `on_own_scale`: a cross-lingual cosine turned into the same-language cosine that lies as far above
    its background, so that one same-language model can judge both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

Profile = dict[str, tuple[float, float]]  # language -> (mean, standard deviation) of cosines


@dataclass
class LanguageBackground:
    dim: int
    size: int = 512  # recent articles kept per language
    min_size: int = 32  # fewer than this say too little about a language
    _rows: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    _count: dict[str, int] = field(default_factory=dict, repr=False)

    def add(self, lang: str | None, vec: np.ndarray) -> None:
        """Keep `vec` as one of `lang`'s recent articles (the oldest makes room)."""
        if not lang:
            return
        rows = self._rows.setdefault(lang, np.zeros((self.size, self.dim), np.float32))
        n = self._count.get(lang, 0)
        rows[n % self.size] = vec
        self._count[lang] = n + 1

    def profile(self, vec: np.ndarray) -> Profile:
        """Mean and spread of `vec`'s cosine with each language that has enough articles."""
        out: Profile = {}
        for lang, rows in self._rows.items():
            n = min(self._count[lang], self.size)
            if n >= self.min_size:
                sims = rows[:n] @ vec
                out[lang] = (float(sims.mean()), float(max(sims.std(), 1e-3)))
        return out


def z(cos: float, a: Profile | None, lang_a: str | None, b: Profile | None, lang_b: str | None) -> float | None:
    """Spreads above the usual cosine: `a`'s side against `b`'s language and back, averaged (None: no background)."""
    sides = [(cos - p[lang][0]) / p[lang][1] for p, lang in ((a, lang_b), (b, lang_a)) if p and lang in p]
    return sum(sides) / len(sides) if sides else None


def on_own_scale(cos: float, a: Profile | None, lang_a: str | None, b: Profile | None,
                 lang_b: str | None) -> float | None:
    """A cross-lingual cosine as the same-language cosine equally far above its background (None: unknown).

    From `a`'s side: the mean of a's cosines with its own language plus as many of their spreads as `cos`
    lies above a's usual cosine with `b`'s language; the two sides are averaged.
    """
    sides = []
    for p, own, other in ((a, lang_a, lang_b), (b, lang_b, lang_a)):
        if p and own in p and other in p:
            (mo, so), (mx, sx) = p[own], p[other]
            sides.append(mo + so * (cos - mx) / sx)
    return sum(sides) / len(sides) if sides else None
