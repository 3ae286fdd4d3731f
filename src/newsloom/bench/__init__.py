"""The benchmarks behind `newsloom bench`: stages, scale, reopen, and embedders."""
