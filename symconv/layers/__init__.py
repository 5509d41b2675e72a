"""One module per layer kind: its forward definition and its closed-form gradients."""
