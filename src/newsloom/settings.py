"""Every setting that shapes newsloom's results, in one object built once and passed down.

Each stage reads its own part (`settings.cluster`, `settings.summary`, ...); each field has a default
and a one-line doc, which `newsloom config` prints as TOML. A user changes them with a TOML file of the
same shape, read with `--settings FILE` (or `Settings.load`):

    [storylines]
    min_terms_cosine = 0.2

The store records the settings that shape its stories (`Settings.shaping`): a pipeline opened with other
ones rebuilds its in-memory state from the stored articles instead of mixing the two.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from newsloom.dedup import LSH_THRESHOLD


def setting(default: Any, doc: str, low: float | None = None, high: float | None = None,
            choices: tuple[str, ...] = ()) -> Any:
    """A field with its default, its one-line doc and the values it may take (`low` to `high`, or one of
    `choices`), checked when settings are read from a file."""
    return field(default=default, metadata={"doc": doc, "low": low, "high": high, "choices": choices})


@dataclass(frozen=True)
class ClusterConfig:
    """The clusterer's settings: its pair models (fitted once on ViMs by `newsloom eval fit`, see
    docs/evaluation.md), the time cost, how a story is joined, and the active window."""

    # logit of "same event" for two articles in the same language
    w_dense: float = setting(69.87, "same-language pair model: weight of the dense cosine")
    w_lexical: float = setting(8.60, "... of the TF-IDF cosine of the texts")
    w_title: float = setting(6.07, "... of the TF-IDF cosine of the titles")
    w_entities: float = setting(8.15, "... of the linked entities they share")
    bias: float = setting(-67.70, "... its bias")
    # across languages no words are shared, and the dense similarity runs lower: once both languages have
    # a background (cluster/background.py) the cosine is read on the article's own language's scale and
    # judged by the same model fitted without the word features (`newsloom eval fit`); until then the
    # raw cosine is raised by a fixed offset and judged by the model above
    x_dense: float = setting(101.40, "pair model across languages: weight of the dense cosine, on each "
                                     "language's own scale")
    x_entities: float = setting(12.86, "... of the linked entities they share")
    x_bias: float = setting(-94.24, "... its bias")
    x_figures: float = setting(6.80, "... of the numbers both state")
    cross_dense_offset: float = setting(0.02, "across languages, before both have a background: the cosine is "
                                              "raised by this and judged by the same-language model")
    grace_days: int = setting(1, "days apart two articles can be at no cost", low=0)
    w_day: float = setting(2.0, "logit a day's gap beyond the grace costs", low=0)
    threshold: float = setting(0.2, "a story's probability (see linkage, linkage_across) needed to join it", low=0, high=1)
    linkage: str = setting("median", "how members' probabilities make the story's: median or mean", choices=("median", "mean"))
    linkage_across: str = setting("max", "what a story's members in other languages say of a dated article: any "
                                         "one of them may say yes (max), or they count as the others (linkage)",
                                  choices=("max", "linkage"))
    neighbours: int = setting(30, "nearest articles whose stories are candidates", low=1)
    members: int = setting(24, "most recent members of a story an article is compared with", low=1)
    # the active window (docs/architecture.md, "Active window")
    window_days: int = setting(30, "a story leaves memory (not the store) when its latest article is this "
                                   "many days older than the stream's day (the newest an article is about) ...", low=1)
    window_articles: int = setting(5_000, "... or when this many articles arrived after its latest one", low=1)


@dataclass(frozen=True)
class RunSettings:
    batch_size: int = setting(32, "articles read, embedded and written together, in one transaction", low=1)
    snapshot_every: int = setting(256, "articles stored between two snapshots of the in-memory state", low=1)
    refresh_every: int = setting(2000, "articles a long run stores between two writings of the stories it changed "
                                       "(what `stories` and the web app show meanwhile; 0: at its end only)", low=0)
    lead_chars: int = setting(400, "characters of the text embedded after the title, where news puts the event", low=1)
    summary_articles: int = setting(24, "a big story's headline and summary come from this many of its "
                                        "articles, those nearest its centroid", low=1)
    helpers_behind: int = setting(5, "nice levels the reader process and the embedding thread run below the "
                                     "writer, which sets a run's pace (Linux; 0: the same)", low=0, high=19)


@dataclass(frozen=True)
class DedupSettings:
    threshold: float = setting(0.5, "estimated Jaccard of 5-word shingles above which an article is a copy "
                                    "(from 0.5: the candidates come from bands tuned for 0.5)", low=LSH_THRESHOLD, high=1)
    revision_jaccard: float = setting(0.3, "estimated Jaccard of 5-word shingles above which an article read from "
                                           "the URL or file of a stored one is its new version (below this and "
                                           "`revision_containment`: the place now holds another article)",
                                    low=0, high=1)
    revision_containment: float = setting(0.8, "share of a stored article's 5-word shingles (five words at least) "
                                               "found in a longer one read from its URL or file, above which that "
                                               "is its new version whatever their Jaccard (a file read "
                                               "half-written, then finished)", low=0, high=1)


@dataclass(frozen=True)
class StorylineSettings:
    min_similarity: float = setting(0.875, "centroid cosine of two stories that share main entities, to link", low=-1, high=1)
    min_shared_entities: int = setting(3, "main entities two stories must share to link by their centroids", low=0)
    top_entities: int = setting(12, "a story's main entities: the most named", low=1)
    common_entity_share: float = setting(0.5, "an entity named in more than this share of the articles read is "
                                              "no main entity two stories share (a store about one subject "
                                              "names it everywhere)", low=0, high=1)
    common_entity_articles: int = setting(10, "articles read before `common_entity_share` applies", low=0)
    terms: int = setting(48, "key terms kept per story (its heaviest TF-IDF terms)", low=1)
    min_shared_terms: int = setting(2, "key terms a story must share with another to find its storyline", low=0)
    candidates: int = setting(10, "stories before a story, nearest by key terms, whose storylines it is "
                                  "compared with", low=1)
    line_stories: int = setting(20, "a storyline's key terms: the sum of its latest stories' (what the "
                                    "subject keeps over time)", low=1)
    min_terms_cosine: float = setting(0.06, "key-terms cosine of a story and a storyline from which the story "
                                            "joins it (fitted on DUC 2007: newsloom eval storylines)", low=0, high=1)
    min_term_documents: int = setting(100, "articles read before `min_terms_cosine` links stories by key terms: "
                                           "with fewer, document frequencies weigh a word two unrelated stories "
                                           "share as a key term (a tester's typhoon and court case scored 0.07 "
                                           "in 26 articles), and `small_store_terms_cosine` is needed", low=0)
    small_store_terms_cosine: float = setting(0.2, "key-terms cosine a story needs to join a storyline in a "
                                                   "store of fewer than `min_term_documents` articles (one "
                                                   "bridge's repairs three weeks apart: 0.46)", low=0, high=1)
    # Fitted on English only: Vietnamese and other languages link by entities and centroids.
    key_term_languages: tuple[str, ...] = setting(("en",), "languages whose stories link by key terms: those "
                                                         "the threshold was fitted in")


@dataclass(frozen=True)
class SummarySettings:
    words: int = setting(80, "words in a story's summary (at least one sentence)", low=1)
    min_words: int = setting(6, "shorter sentences are left out: mostly captions, bylines and headings", low=0)
    max_words: int = setting(80, "longer ones too: usually several sentences the splitter did not separate", low=1)
    max_sentences: int = setting(15, "sentences read per article: news tells the event first", low=1)
    redundant: float = setting(0.5, "TF-IDF cosine above which two sentences say the same thing", low=0, high=1)
    figure_overlap: float = setting(0.2, "TF-IDF cosine from which two sentences giving the same figures repeat one fact",
                                    low=0, high=1)
    mmr_lambda: float = setting(0.6, "weight of relevance against novelty when sentences are picked (MMR)", low=0, high=1)
    position_weight: float = setting(0.45, "share of a sentence's score given to its position in the article", low=0, high=1)
    position_decay: float = setting(5.0, "the position prior halves after this many sentences", low=0.01)
    damping: float = setting(0.15, "LexRank's random-jump probability", low=0, high=1)


@dataclass(frozen=True)
class CompareSettings:
    same_event: float = setting(0.5, "the clusterer's probability that two articles tell one event, needed "
                                     "to compare their claims", low=0, high=1)
    same_event_across: float = setting(0.20, "the same for two articles in two languages: the lowest at which "
                                             "'same story' is as precise across languages as within one "
                                             "(`newsloom eval pairs` chose it; since other languages' figures "
                                             "are read it says 0.45, which drops a tester's planted conflict: "
                                             "docs/evaluation.md)", low=0, high=1)
    background_days: int = setting(31, "a sentence dated this many days before the story is background: its "
                                       "figures are not compared", low=0)
    rewrite_jaccard: float = setting(0.3, "word 5-gram overlap from which two same-language articles count "
                                          "as one source", low=0, high=1)


@dataclass(frozen=True)
class SearchSettings:
    min_cosine: float = setting(0.82, "the cosine with the query an article needs to be found by its meaning: "
                                      "unrelated articles reach 0.79-0.81 with multilingual-e5-small, related "
                                      "ones 0.82-0.89 (docs/architecture.md, 'Search')", low=-1, high=1)
    min_cosine_vi: float = setting(0.85, "the same between a Vietnamese query and a Vietnamese article, which "
                                         "score higher whatever they are about (unrelated up to 0.84)",
                                   low=-1, high=1)
    min_related_cosine: float = setting(0.86, "the cosine of title and lead an article in another language needs "
                                              "with one of the query's best word hits to be found through it: one "
                                              "story's articles across languages score 0.856-0.926 in the demo and "
                                              "the team's cross-lingual set (docs/architecture.md, 'Search')",
                                        low=-1, high=1)


@dataclass(frozen=True)
class FetchSettings:
    at_once: int = setting(8, "pages of a feed's entries fetched at the same time (their articles still come in "
                              "the feed's order; at most four times as many fetched ahead of the one being read)",
                           low=1, high=64)
    per_host: int = setting(4, "... of them from one host at most, so as not to flood one site", low=1, high=64)
    ahead_mb: int = setting(64, "no page fetch starts (but the next one to read) while the pages fetched ahead of "
                                "the one being read hold more than this many MB (at most `at_once` more are under "
                                "way, each up to --max-bytes)", low=1, high=100_000)


@dataclass(frozen=True)
class WatchSettings:
    settle_seconds: float = setting(5.0, "a watched folder's new file is read once the watcher has seen it "
                                         "unchanged this long, or it was there unchanged at the folder's previous "
                                         "check (`newsloom run` reads a folder as it is)", low=0, high=3600)
    once_wait_seconds: float = setting(60.0, "the longest `watch --once` waits for a folder's files still being "
                                             "written (at least settle_seconds); one still changing then is not "
                                             "read: a line names it and the exit status is 1", low=0, high=86400)
    entry_tries: int = setting(5, "checks at which a feed's entry is tried while its page cannot be read (a 404, "
                                  "a timeout) before it is given up, with one line saying so", low=1, high=1000)


@dataclass(frozen=True)
class Settings:
    run: RunSettings = field(default_factory=RunSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    watch: WatchSettings = field(default_factory=WatchSettings)
    dedup: DedupSettings = field(default_factory=DedupSettings)
    cluster: ClusterConfig = field(default_factory=ClusterConfig)
    storylines: StorylineSettings = field(default_factory=StorylineSettings)
    summary: SummarySettings = field(default_factory=SummarySettings)
    compare: CompareSettings = field(default_factory=CompareSettings)
    search: SearchSettings = field(default_factory=SearchSettings)

    def __repr__(self) -> str:
        """Only what differs from the defaults ("Settings()" for them): help() shows it in every signature."""
        changed, defaults = [], type(self)()
        for part in fields(self):
            mine, default = getattr(self, part.name), getattr(defaults, part.name)
            changed += [f"{part.name}.{f.name}={getattr(mine, f.name)!r}" for f in fields(mine)
                        if getattr(mine, f.name) != getattr(default, f.name)]
        return f"Settings({', '.join(changed)})"

    def shaping(self) -> dict[str, Any]:
        """The settings that decide which articles share a story (recorded in the store). Not
        `dedup.revision_jaccard` nor `revision_containment`: a new version joins the story of the one it
        replaces either way."""
        return {"cluster": asdict(self.cluster), "dedup": {"threshold": self.dedup.threshold},
                "lead_chars": self.run.lead_chars}

    @classmethod
    def load(cls, path: Path) -> Settings:
        """The defaults with the values of a TOML file; ValueError naming the file and the wrong key."""
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as err:
            raise ValueError(f"{path}: not TOML: {err}") from err
        except UnicodeDecodeError as err:
            raise ValueError(f"{path}: not a text file (not UTF-8: {err.reason} at byte {err.start})") from err
        return cls.from_dict(data, str(path))

    @classmethod
    def from_dict(cls, data: dict[str, Any], where: str = "settings") -> Settings:
        parts = {}
        for part in fields(cls):
            given = data.get(part.name, {})
            if not isinstance(given, dict):
                raise ValueError(f"{where}: [{part.name}] must be a table")
            default = part.default_factory()  # type: ignore[misc]
            known = {f.name: f for f in fields(default)}
            for key, value in given.items():
                if key not in known:
                    raise ValueError(f"{where}: [{part.name}] has no setting {key!r} (it has {', '.join(known)})")
                expected = type(getattr(default, key))
                if expected is tuple and isinstance(value, list):
                    value = tuple(value)
                if not isinstance(value, expected) and not (expected is float and isinstance(value, int)):
                    raise ValueError(f"{where}: [{part.name}] {key} must be {expected.__name__}, not {value!r}")
                _check(known[key].metadata, f"{where}: [{part.name}] {key}", value)
            parts[part.name] = replace(default, **{k: type(getattr(default, k))(v) for k, v in given.items()})
        unknown = set(data) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"{where}: no settings [{sorted(unknown)[0]}] (there are {', '.join(f.name for f in fields(cls))})")
        return cls(**parts)

    def to_toml(self) -> str:
        """The settings as TOML, each with its doc as a comment: what `newsloom config` prints."""
        lines = ["# newsloom settings: change any value and pass the file with --settings FILE", ""]
        for part in fields(self):
            value = getattr(self, part.name)
            lines.append(f"[{part.name}]")
            for f in fields(value):
                doc = f.metadata.get("doc", "")
                if doc:
                    lines.append(f"# {doc}")
                lines.append(f"{f.name} = {_toml(getattr(value, f.name))}")
            lines.append("")
        return "\n".join(lines)


DEFAULTS = Settings()


def _check(meta: Any, name: str, value: Any) -> None:
    """ValueError naming the setting when `value` is outside what its field allows."""
    low, high, choices = meta.get("low"), meta.get("high"), meta.get("choices")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{name} must be a number, not {value!r}")
    if choices and value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    if low is not None and value < low or high is not None and value > high:
        bounds = f"from {low:g} to {high:g}" if low is not None and high is not None else (
            f"at least {low:g}" if low is not None else f"at most {high:g}")
        raise ValueError(f"{name} must be {bounds}, not {value!r}")


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return repr(value)




def undocumented(settings: Settings) -> list[str]:
    """The settings without a one-line doc (a test keeps this empty)."""
    return [f"{part.name}.{f.name}" for part in fields(settings) for f in fields(getattr(settings, part.name))
            if not f.metadata.get("doc")]
