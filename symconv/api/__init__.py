"""The Python API: the command line's verbs as functions (``verbs``), the result objects they
return with notebook representations (``results``, ``derived``, ``exported``) and the SymPy side
of a derivation (``symbolic``)."""
