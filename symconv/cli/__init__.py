"""The command line: ``symconv`` and its verbs (``main``), argument parsing with did-you-mean
(``argparsing``), and the commands kept beside their subject (``check``, ``notes``,
``prove_general``)."""
