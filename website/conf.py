"""Sphinx settings for the course website (`make site`).

MyST-NB reads the notebooks and executes them through jupyter-cache, so a rebuild runs
again only the notebooks whose code changed. Everything the pages need is copied into the
site: the theme's assets, and MathJax from `sphinx-mathjax-offline`, so no page loads
anything from another host.
"""

import os

project = "Deep learning from scratch to Keras, on MNIST"
author = "The course authors"
copyright = "the course authors, MIT licence"

extensions = ["myst_nb", "sphinx-mathjax-offline"]
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "html_image"]
myst_heading_anchors = 3
# Links were rewritten to the site's pages by website.prepare; render them as they are.
myst_all_links_external = True
suppress_warnings = ["myst.header", "mystnb.unknown_mime_type"]

# Execution: cached by jupyter-cache under .site-cache/ (kept between builds).
nb_execution_mode = "cache"
nb_execution_cache_path = os.environ.get("COURSE_SITE_CACHE", "../../.site-cache")
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True

html_theme = "sphinx_book_theme"
html_title = "Deep learning on MNIST"
html_static_path = ["_static"]
html_css_files = ["course.css"]
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_source_button": False,
    "use_repository_button": False,
    "home_page_in_toc": True,
    "navigation_with_keys": False,
}
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
exclude_patterns = ["_build", "jupyter_execute", ".jupyter_cache", "figures/*.md"]
html_favicon = "_static/favicon.svg"
# The theme reads the light/dark choice from the page; without a default it logs an error.
html_context = {"default_mode": "light"}
