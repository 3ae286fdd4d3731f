"""pyvi's Vietnamese word segmenter and part-of-speech tagger, loaded without scikit-learn.

pyvi ships its two CRF models as pickled sklearn-crfsuite estimators, so importing it imports all of
scikit-learn (about 0.9 s of the 3 s a `newsloom run` of one article takes) for one method, `predict`.
Here the same pickles are read into `_CRF`, which tags with python-crfsuite's in-memory tagger, the
engine sklearn-crfsuite itself calls: the tags are the same, and no temporary model file is written.
"""

from __future__ import annotations

import sys
import threading
import types
from functools import lru_cache
from typing import Any

import pycrfsuite


class _FileResource:
    """What sklearn-crfsuite pickles for a model file: here, only its bytes are kept."""

    data: bytes | None = None

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.data = state.get("__FILE_RESOURCE_DATA__")


class _CRF:
    """A pickled sklearn_crfsuite.CRF, read back as a python-crfsuite tagger."""

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._model = state["modelfile"].data  # kept: the tagger reads it in place
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open_inmemory(self._model)

    def predict(self, sequences: list[list[dict[str, Any]]]) -> list[list[str]]:
        return [self._tagger.tag(features) for features in sequences]


def _stand_ins() -> dict[str, types.ModuleType]:
    """Modules named as the pickles name sklearn-crfsuite's, holding the classes above."""
    package = types.ModuleType("sklearn_crfsuite")
    package.__path__ = []  # a package, so that its submodules import
    estimator = types.ModuleType("sklearn_crfsuite.estimator")
    estimator.CRF = _CRF  # type: ignore[attr-defined]
    resource = types.ModuleType("sklearn_crfsuite._fileresource")
    resource.FileResource = _FileResource  # type: ignore[attr-defined]
    return {m.__name__: m for m in (package, estimator, resource)}


_LOADING = threading.Lock()  # two first calls at once would each put back the other's stand-ins


@lru_cache(maxsize=1)
def load() -> tuple[Any, Any]:
    """pyvi's `ViTokenizer` and `ViPosTagger` classes, their models read through the stand-ins (pyvi
    unpickles them when its modules are imported; the stand-ins are removed again afterwards)."""
    with _LOADING:
        return _load()


def _load() -> tuple[Any, Any]:
    stand_ins = _stand_ins()
    saved = {name: sys.modules.get(name) for name in stand_ins}
    sys.modules.update(stand_ins)
    try:
        from pyvi.ViPosTagger import ViPosTagger
        from pyvi.ViTokenizer import ViTokenizer
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
    return ViTokenizer, ViPosTagger
