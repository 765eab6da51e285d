"""Assemble the website's sources from the course: ``python -m website.prepare OUT``.

What it writes into ``OUT`` (Sphinx then builds ``OUT`` into HTML):

* ``index.md``: the README (what the course is, the two commands, the syllabus), with its
  links pointing to the website's pages;
* every notebook, with each exercise followed by its hint and its solution folded away
  (both taken from ``course_utils.exercises``, so the site shows what ``hint()`` and
  ``solution()`` print);
* ``figures/``: the diagrams of ideas;
* ``glossary.md``: the English-Chinese glossary generated from the notebooks.

The notebooks keep their code cells unchanged, so the execution cache (keyed on code)
stays valid when only text changes.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import importlib
import io
import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import nbformat

from website import glossary

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CHECK_CALL = re.compile(r"\bex\.(q\d+)\.check\(")


def _printed(function) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        function()
    return out.getvalue().strip()


def _html_block_lines(text: str) -> str:
    """Text for a markdown HTML block: a blank line would end the block, so none is left.

    Example:
        >>> _html_block_lines("a\\n\\nb")
        'a\\n<span></span>\\nb'
    """
    return "\n".join(line if line.strip() else "<span></span>" for line in text.split("\n"))


def exercise_cell(number: str, name: str) -> nbformat.NotebookNode | None:
    """A markdown cell with the hint of exercise ``name`` and its solution folded away."""
    module = importlib.import_module(f"course_utils.exercises.nb{number}")
    exercise = getattr(module, name, None)
    if exercise is None:
        return None
    hint = _printed(exercise.hint).removeprefix("Hint: ")
    solution = _html_block_lines(html.escape(_printed(exercise.solution)))
    hint = _html_block_lines(html.escape(hint))
    source = (
        f'<div class="exercise-help">\n<p><strong>Hint ({name}).</strong> {hint}</p>\n'
        f"<details><summary>Show the solution to {name}</summary>\n"
        f'<pre class="solution"><code>{solution}</code></pre>\n'
        "</details>\n</div>"
    )
    return nbformat.v4.new_markdown_cell(source)


def with_exercise_help(nb: nbformat.NotebookNode, number: str) -> nbformat.NotebookNode:
    """The notebook with a hint-and-solution cell after every cell that checks an exercise."""
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        if cell.cell_type == "code":
            for name in dict.fromkeys(CHECK_CALL.findall(cell.source)):
                extra = exercise_cell(number, name)
                if extra is not None:
                    cells.append(extra)
    nb.cells = cells
    return nb


def site_links(markdown: str) -> str:
    """Point links at the website's pages instead of the repository's files.

    Example:
        >>> site_links("[a](notebooks/01_data.ipynb) and [b](02_x.ipynb#top)")
        '[a](01_data.html) and [b](02_x.html#top)'
    """
    markdown = re.sub(r"\]\((?:notebooks/)?(\d\d_[\w]+)\.ipynb", r"](\1.html", markdown)
    markdown = re.sub(r"\]\(GLOSSARY\.md\)", "](glossary.html)", markdown)
    return markdown


def repository_file_links(markdown: str) -> str:
    """Links to other repository files become plain text (they are not part of the site)."""

    def keep_or_strip(match: re.Match) -> str:
        text, target = match.group(1), match.group(2)
        if re.match(r"^(https?:|#|\d\d_\w+\.html|glossary\.html|figures/)", target):
            return match.group(0)
        return f"{text} (`{target}` in the course folder)"

    return re.sub(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)\)", keep_or_strip, markdown)


def prepare(out: Path) -> list[str]:
    """Write the site's sources into ``out``; return the page names in reading order."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copytree(NOTEBOOKS / "figures", out / "figures")
    pages = []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        nb = with_exercise_help(nbformat.read(path, as_version=4), path.name[:2])
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = site_links(cell.source)
        nbformat.write(nb, out / path.name)
        pages.append(path.stem)
    cells = glossary.notebook_cells(NOTEBOOKS)
    (out / "glossary.md").write_text(
        glossary.glossary_markdown_for_site(glossary.extract_terms(cells)), encoding="utf-8"
    )
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    index = repository_file_links(site_links(readme))
    toctree = "\n".join(["", "```{toctree}", ":hidden:", ":maxdepth: 1", "", *pages, "glossary"])
    (out / "index.md").write_text(index + "\n" + toctree + "\n```\n", encoding="utf-8")
    return [*pages, "glossary"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m website.prepare", description=__doc__)
    parser.add_argument("out", type=Path, help="folder to write the sources into")
    args = parser.parse_args(argv)
    pages = prepare(args.out)
    print(f"{args.out}: {len(pages) + 1} pages prepared")
    return 0


if __name__ == "__main__":
    sys.exit(main())
