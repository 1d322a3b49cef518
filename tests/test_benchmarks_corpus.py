"""The benchmark corpus (benchmarks/corpus.py).

No timings here: `make bench` measures; these tests only check that the synthetic pages
are pages the pipeline reads, differ from the seeds, and are reproducible.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks.corpus import generate, issue_of, library, masthead_line, write_corpus
from gazette.pipeline import process_page
from gazette.warehouse import Warehouse
from tests.helpers import SEEDS

# The corpus is written once (a module fixture), so its tests run in one process under make test.
pytestmark = pytest.mark.xdist_group("test_benchmarks_corpus")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    return write_corpus(tmp_path_factory.mktemp("corpus"), 10)


def test_every_generated_page_is_read_into_articles(corpus):
    templates = library().templates
    for index, path in enumerate(corpus):
        rows = process_page(path)
        expected = len(templates[index % len(templates)].articles)
        assert len(rows["articles"]) >= expected - 1, path.name  # shuffled articles may merge, rarely
        date, _ = issue_of(index)
        assert rows["pages"][0]["issue_date"] == date, path.name  # re-dated masthead
        assert rows["economic_figures"] and rows["official_mentions"], path.name


def test_generated_pages_differ_from_the_seeds_and_name_other_people(corpus):
    seed_texts = {p.read_text(encoding="utf-8") for p in SEEDS}
    texts = [p.read_text(encoding="utf-8") for p in corpus]
    assert not seed_texts & set(texts)
    assert len(set(texts)) == len(texts)
    replaced = library().names
    assert replaced and not any(name in text for text in texts for name in replaced)
    assert "习近平" in "".join(texts)  # kept as printed
    seed_numbers = {m for p in SEEDS for m in re.findall(r"\d+\.\d+", p.read_text(encoding="utf-8"))}
    numbers = {m for text in texts for m in re.findall(r"\d+\.\d+", text)}
    assert len(numbers - seed_numbers) > len(numbers) / 2  # figures perturbed
    assert masthead_line(issue_of(0)[0]) in texts[0]


def test_the_corpus_is_a_function_of_seed_and_page_number():
    first = dict(generate(6, seed=3))
    assert dict(generate(6, seed=3)) == first
    assert dict(generate(3, seed=3, start=3)) == dict(list(first.items())[3:])
    assert dict(generate(6, seed=4)) != first


def test_a_replicated_warehouse_is_one_that_gazette_run_finds_up_to_date(seed_pages, warehouse, tmp_path, capsys):
    """benchmarks/replicate.py writes what `gazette run` would have written for the copied inbox."""
    from benchmarks.replicate import replicate
    from gazette.cli import main

    assert main(["run", "--input", str(seed_pages), "--warehouse", str(warehouse.root)]) == 0
    copy, copied_inbox = tmp_path / "copy", tmp_path / "copied-inbox"
    assert replicate(warehouse.root, seed_pages, copy, copied_inbox, 3) == {"pages": 15}
    capsys.readouterr()
    assert main(["run", "--input", str(copied_inbox), "--warehouse", str(copy)]) == 0
    assert "0 pages processed (15 unchanged)" in capsys.readouterr().out
    copied = Warehouse(copy)
    for table in ("pages", "articles", "official_mentions"):
        assert copied.read_table(table).num_rows == 3 * warehouse.read_table(table).num_rows
