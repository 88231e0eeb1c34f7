"""Sphinx configuration of the book (``make book``; built by ``helpers.series.book``).

The book is the executed notebooks (their committed outputs, or those of ``make run``)
with a landing page and the methods glossary. It is built and read with no network:
no notebook is executed, no widget or require.js script is added (``nb_ipywidgets_js``),
the theme's assets come from the installed packages, and the Chinese text is set in a
subset of Noto Sans CJK SC that ``helpers.series.book`` writes to ``_static/cjk-font.css``.
"""

project = "Policing-reform texts"
author = "the project's authors"
copyright = "the project's authors; corpus texts: see corpus/README.md"

extensions = ["myst_nb"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
myst_heading_anchors = 3

nb_execution_mode = "off"          # the book shows stored outputs; it never runs code
nb_ipywidgets_js = {}              # no require.js / jupyter-widgets scripts from a CDN
nb_merge_streams = True

html_theme = "sphinx_book_theme"
html_title = "Policing-reform texts"
html_static_path = ["_static"]
html_css_files = ["cjk-font.css"]
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "show_toc_level": 2,
}
