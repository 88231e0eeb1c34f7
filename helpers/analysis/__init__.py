"""Count, model, compare: everything downstream of tokens.

``dfm`` is the documents × terms matrix the others build on; ``count`` (frequencies, rates,
dispersion, Zipf), ``collocations``, ``compare`` (keyness, similarity, CA, themes),
``formulations``, ``topics`` (topic models with seed stability and nulls) and ``stats``
(permutation tests, q-values, intervals). Notebooks 02–05 teach them.
"""
