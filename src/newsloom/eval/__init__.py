"""Quality measures on real corpora: metrics, and the harnesses behind `newsloom eval`."""
