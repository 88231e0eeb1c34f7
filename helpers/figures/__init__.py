"""Plot: CJK fonts and the figure-saving rules (``plotting``), one module of figures per
analysis family (``plot_words``, ``plot_topics``, ``plot_compare``, ``plot_beyond``), and
the content-keyed cache of their layouts and PNGs (``figure_cache``)."""
