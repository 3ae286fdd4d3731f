"""Named entities: find mentions, link them across spellings and languages, read roles before names."""

from newsloom.entities.extract import extract_mentions
from newsloom.entities.link import EntityLinker
from newsloom.entities.titles import role_before

__all__ = ["EntityLinker", "extract_mentions", "role_before"]
