"""Load → clean → segment: corpus loading, cleaning rules, the domain lexicon, tokenisation.

``corpus`` reads a folder (or a curated manifest) into articles and paragraphs, ``clean``
holds the text-cleaning rules, ``lexicon`` the domain dictionary (bundled or a user's), and
``segment`` turns paragraphs into tokens (jieba plus the lexicon, documented stopwords).
Notebooks 00 and 01 teach them.
"""
