"""Count, model, compare: everything downstream of tokens.

``dfm`` is the documents × terms matrix the others build on; ``count`` (frequencies, rates,
dispersion, Zipf), ``collocations``, ``compare`` (keyness, similarity, CA, themes),
``formulations``, ``topics`` (topic models with seed stability and nulls; ``coherence``
scores them), ``stats`` (permutation tests, q-values, intervals) and the methods of
notebook 06 (``phrases``, ``patterns``, ``wordshift``, ``reference``, ``wordfish``,
``dmr``). Notebooks 02–06 teach them.
"""
