"""What a user describes: layer specs and their shape rules (``layer``, ``transpose``), networks
in TOML (``network``), command-line option values (``options``) and the shapes table."""
