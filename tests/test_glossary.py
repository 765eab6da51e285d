"""The glossary built from the notebooks, and the website's sources (no browser needed)."""

import re

import nbformat
import pytest

from website import glossary, prepare

CELLS = glossary.notebook_cells()
TERMS = glossary.extract_terms(CELLS)


def test_terms_are_found():
    assert len(glossary.glossary(TERMS)) >= 100, "the course introduces far more key terms"


def test_each_term_has_one_chinese_translation():
    problems = glossary.translation_problems(TERMS)
    assert not problems, "\n".join(map(str, problems))


def test_no_term_is_used_before_it_is_introduced():
    problems = glossary.early_use_problems(CELLS, TERMS)
    assert not problems, "\n".join(map(str, problems))


def test_glossary_md_is_up_to_date():
    text = (glossary.ROOT / "GLOSSARY.md").read_text(encoding="utf-8")
    assert text == glossary.glossary_markdown_for_repository(TERMS), (
        "GLOSSARY.md is out of date: run  python -m website.glossary  (or make site)"
    )


def test_early_use_and_two_translations_are_caught():
    cells = [
        ("00_a.ipynb", "# 00 · A\n\nWe train a **model (模型)**. The optimizer is Adam."),
        (
            "01_b.ipynb",
            "# 01 · B\n\n## Optimizers\n\nAn **optimizer (优化器)** and a **Model (模式)**.",
        ),
    ]
    terms = glossary.extract_terms(cells)
    early = glossary.early_use_problems(cells, terms)
    assert [(p.term, p.notebook) for p in early] == [("optimizer", "00_a.ipynb")]
    two = glossary.translation_problems(terms)
    assert [(p.term, p.notebook) for p in two] == [("Model", "01_b.ipynb")]
    rows = glossary.glossary(terms)
    assert [(t.english, t.section, t.anchor) for t in rows] == [
        ("model", "00 · A", "a"),
        ("optimizer", "Optimizers", "optimizers"),
    ]


def test_prepared_site_sources(tmp_path):
    pages = prepare.prepare(tmp_path)
    notebooks = sorted(p.stem for p in (glossary.ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert pages == [*notebooks, "glossary"]
    index = (tmp_path / "index.md").read_text(encoding="utf-8")
    assert "{toctree}" in index and ".ipynb)" not in index
    for name in notebooks:
        nb = nbformat.read(tmp_path / f"{name}.ipynb", as_version=4)
        checked = set(
            re.findall(
                r"ex\.(q\d+)\.check\(",
                "\n".join(c.source for c in nb.cells if c.cell_type == "code"),
            )
        )
        helped = set(
            re.findall(
                r"Show the solution to (q\d+)",
                "\n".join(c.source for c in nb.cells if c.cell_type == "markdown"),
            )
        )
        assert checked == helped, f"{name}: every exercise shows its hint and folded solution"
    assert (tmp_path / "figures").is_dir()


def test_site_configuration_loads_nothing_from_other_hosts():
    conf = (glossary.ROOT / "website" / "conf.py").read_text(encoding="utf-8")
    assert "sphinx-mathjax-offline" in conf
    assert not re.search(r"https?://", conf)


@pytest.mark.parametrize("notebook", ["00_welcome_and_setup.ipynb"])
def test_page_names(notebook):
    assert glossary.page_name(notebook) == "00_welcome_and_setup.html"


def test_places_that_are_not_prose_for_the_early_use_rule():
    cells = [
        ("00_a.ipynb", "# 00 · A\n\nWe meet values here. ![a layer](figures/00_x.svg)"),
        ("00_a.ipynb", "## Further reading\n\n- A book, chapter 3 'Layers and Tokens'"),
        ("01_b.ipynb", "# 01 · B\n\n**Learning objectives**\n- Build a layer."),
        ("01_b.ipynb", "A **layer (层)** holds weights; a **value (值)** is attended to."),
    ]
    terms = glossary.extract_terms(cells)
    assert glossary.early_use_problems(cells, terms) == []
    # ... but the same words in ordinary prose of an earlier notebook are caught
    cells[0] = ("00_a.ipynb", "# 00 · A\n\nEach layer ...")
    problems = glossary.early_use_problems(cells, glossary.extract_terms(cells))
    assert [(p.term, p.notebook) for p in problems] == [("layer", "00_a.ipynb")]


def test_a_trailing_abbreviation_is_the_same_translation():
    cells = [
        ("a.ipynb", "**mean squared error (均方误差, MSE)** ... **mean squared error (均方误差)**")
    ]
    assert glossary.translation_problems(glossary.extract_terms(cells)) == []
    cells = [("a.ipynb", "**dropout (暂退法)** ... **dropout (丢弃法)**")]
    assert len(glossary.translation_problems(glossary.extract_terms(cells))) == 1


def test_exercise_help_is_one_html_block():
    # a blank line would end the HTML block and let markdown break the page around it
    for number, name in [("00", "q5"), ("06", "q4"), ("10", "q4")]:
        cell = prepare.exercise_cell(number, name)
        assert "\n\n" not in cell.source and "\n \n" not in cell.source, (number, name)
