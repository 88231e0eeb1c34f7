"""Plot: CJK fonts and the figure-saving rules (``plotting``), and one module of figures per
analysis family (``plot_words``, ``plot_topics``, ``plot_compare``)."""
