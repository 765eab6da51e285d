"""Static rules every notebook follows (executing them is nbval's job, in `make notebooks`)."""

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
NAME = re.compile(r"^(\d\d)_[a-z0-9]+(_[a-z0-9]+)*\.ipynb$")
ids = [p.name for p in NOTEBOOKS]


def read(path):
    return nbformat.read(path, as_version=4)


def markdown(nb):
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def code(nb):
    return [c.source for c in nb.cells if c.cell_type == "code"]


def test_notebooks_exist_and_are_numbered_without_gaps():
    assert NOTEBOOKS, "no notebooks found"
    numbers = []
    for path in NOTEBOOKS:
        match = NAME.match(path.name)
        assert match, f"{path.name}: use NN_snake_case_title.ipynb"
        numbers.append(int(match.group(1)))
    assert numbers == list(range(len(numbers))), (
        f"numbers must run 00, 01, ... without gaps: {numbers}"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_valid_normalised_and_without_outputs(path):
    nb = read(path)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, (
                "strip outputs before committing"
            )
        assert "tags" not in cell.metadata, "nbval markers go in comments (# NBVAL_SKIP), not tags"
    text = path.read_text(encoding="utf-8")
    assert text == nbformat.writes(nb) + "\n", "normalise the JSON (nbformat.writes, indent 1)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_follows_the_skeleton(path):
    nb = read(path)
    number = path.name[:2]
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith(f"# {number} · ")
    for part in ("**Learning objectives**", "**Prerequisites:**", "**Estimated time:**"):
        assert part in first.source, f"the first cell needs {part}"
    assert "course_utils.setup(" in code(nb)[0], "the first code cell calls course_utils.setup()"
    headings = re.findall(r"^## (.+)$", markdown(nb), re.M)
    for heading in ("Exercises", "Summary", "Further reading"):
        assert heading in headings, f"missing section '## {heading}'"
    assert (
        headings.index("Exercises") < headings.index("Summary") < headings.index("Further reading")
    )
    assert re.search(r"[\u4e00-\u9fff]", markdown(nb)), "give the Chinese term beside key terms"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_has_five_checked_exercises(path):
    source = "\n".join(code(read(path)))
    number = path.name[:2]
    assert f"from course_utils.exercises import nb{number} as ex" in source
    for q in ("q1", "q2", "q3", "q4", "q5"):
        assert f"ex.{q}.check(" in source, f"exercise {q} is never checked"


IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
BILINGUAL_TERM = re.compile(
    r"\*\*[^*\n]{1,60}?[(（][^)）\n]*[\u4e00-\u9fff][^)）\n]*[)）][^*\n]{0,20}\*\*"
)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_images_exist_and_idea_diagrams_are_svg_in_figures(path):
    """Diagrams of ideas are SVG text files in notebooks/figures/, embedded in markdown."""
    diagrams = []
    for alt, target in IMAGE.findall(markdown(read(path))):
        assert not target.startswith(("http:", "https:", "//")), f"{target}: images must be local"
        file = (path.parent / target).resolve()
        assert file.is_file(), f"{path.name} shows {target}, which does not exist"
        assert alt.strip(), f"{target}: give the image a short alt text (what it shows)"
        if file.suffix == ".svg" and file.parent == FIGURES:
            diagrams.append(file)
    assert len(set(diagrams)) >= 2, (
        f"{path.name} shows {len(set(diagrams))} idea diagrams; the teaching standard asks for two"
        " or more (SVG files in notebooks/figures/, embedded as ![what it shows](figures/NN_x.svg))"
    )


FIGURES = ROOT / "notebooks" / "figures"


@pytest.mark.parametrize("svg", sorted(FIGURES.glob("*.svg")), ids=lambda p: p.name)
def test_diagram_files_are_standalone_svg(svg):
    import xml.etree.ElementTree as ET

    root = ET.parse(svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg", f"{svg.name}: the root must be <svg>"
    assert root.get("viewBox"), f"{svg.name}: give the <svg> a viewBox so it scales"
    text = svg.read_text(encoding="utf-8")
    assert "http://" not in text.replace("http://www.w3.org/", ""), "no external resources"
    assert "https://" not in text, "no external resources"
    assert re.match(r"^\d\d_[a-z0-9_]+\.svg$", svg.name), "name diagrams NN_what_it_shows.svg"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_key_terms_are_bilingual(path):
    nb = read(path)
    terms = set(BILINGUAL_TERM.findall(markdown(nb)))
    assert len(terms) >= 12, (
        f"{path.name} marks {len(terms)} key terms as '**term (中文)**'; the standard asks for 12+"
    )
    assert BILINGUAL_TERM.search(nb.cells[0].source), (
        "the first cell introduces the notebook's own topic term as '**term (中文)**'"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_has_tolerance_asserts_and_no_downloads(path):
    source = "\n".join(code(read(path)))
    assert re.search(r"^assert ", source, re.M), "learning outcomes are checked by asserts"
    for forbidden in ("load_data(", "get_file(", "urlopen", "requests.get", "tfds.load"):
        assert forbidden not in source, f"{forbidden} would download at run time"


def test_readme_syllabus_lists_every_notebook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        assert path.name in readme, f"README syllabus is missing {path.name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_each_exercise_is_answered_in_a_named_variable(path):
    """The grader reads each answer by the name the notebook passes to ``check``."""
    from course_utils.grade import answer_expressions

    answers = answer_expressions(path.name[:2], path.parent)
    for name, expression in answers.items():
        assert expression.isidentifier(), (
            f"{path.name}: write {name}'s answer into a variable and pass it, e.g. "
            f"`{name}_answer = ...` then `ex.{name}.check({name}_answer)` (found {expression!r})"
        )
