"""pyvi's models read without scikit-learn: the same words and tags as pyvi loaded its own way."""

import json
import subprocess
import sys

TEXT = ("Thủ tướng Phạm Minh Chính thăm Hà Nội. Ông Nguyễn Văn An, Giám đốc Công ty Sao Việt, cho biết "
        "12 công nhân bị thương và khoảng 300 người phải sơ tán khỏi khu công nghiệp ở Bình Dương.")

_OURS = f"""
import json, sys
from newsloom.entities import pyvi_models
tokenizer, tagger = pyvi_models.load()
print(json.dumps([tagger.postagging(tokenizer.tokenize({TEXT!r})), "sklearn" in sys.modules]))
"""

_PYVI = f"""
import json
from pyvi.ViPosTagger import ViPosTagger
from pyvi.ViTokenizer import ViTokenizer
words, tags = ViPosTagger.postagging(ViTokenizer.tokenize({TEXT!r}))
print(json.dumps([list(words), [str(t) for t in tags]]))
"""


def _run(code: str):
    return json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def test_same_words_and_tags_as_pyvi_without_importing_scikit_learn():
    (words, tags), sklearn_imported = _run(_OURS)
    assert [words, tags] == _run(_PYVI)
    assert ("Hà_Nội", "Np") in set(zip(words, tags, strict=True))
    assert not sklearn_imported


def test_pyvi_keeps_its_own_models_when_loaded_first():
    """Someone who imported pyvi first keeps its models; the stand-ins leave no trace in sys.modules."""
    code = """
import sys
import pyvi.ViPosTagger
from newsloom.entities import pyvi_models
tokenizer, tagger = pyvi_models.load()
print(int(type(tagger.model).__module__ == "sklearn_crfsuite.estimator"
          and sys.modules["sklearn_crfsuite"].__file__ is not None))
"""
    assert _run(code) == 1
