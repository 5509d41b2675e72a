"""``symconv.export``: the standalone NumPy module of ``symconv export``, as a result.

:class:`Exported` holds the module's ``source`` (proved before it is printed) and writes it
(``write``); the written file imports NumPy only.
"""

from __future__ import annotations

import html
from pathlib import Path

from symconv.errors import SymconvError
from symconv.files import refuse_existing, write_atomic
from symconv.spec.network import Network


class Exported:
    def __init__(
        self,
        source: str,
        title: str,
        convs: int,
        pools: int,
        path: str | Path | None = None,
        transposes: int = 0,
    ) -> None:
        self.source, self.title, self.convs, self.pools = source, title, convs, pools
        self.transposes = transposes  # transposed convolutions
        self.path = path  # as the caller spelled it (the command prints it so)

    def summary(self) -> str:
        transposed = f"{self.transposes} transposed convolution(s), " if self.transposes else ""
        return (
            f"{self.convs} convolution(s), {transposed}{self.pools} pooling layer(s), "
            "linear, activations and loss; all proved before writing"
        )

    def write(self, path: str | Path, force: bool = False) -> Path:
        """Write the module whole (never over a file without ``force``)."""
        refuse_existing(path, force)
        write_atomic(path, self.source)
        self.path = path
        return Path(path)

    @property
    def header(self) -> str:
        """The module's docstring: what was proved and printed."""
        return self.source.split('"""')[1].strip() if '"""' in self.source else ""

    def __str__(self) -> str:
        if self.path is not None:  # what the command prints
            return f"wrote {self.path} ({self.summary()})"
        return f"{self.title} module of {len(self.source.splitlines())} lines ({self.summary()})"

    def __repr__(self) -> str:
        return f"<Exported {self.title}: {len(self.source):,} characters>"

    def _repr_markdown_(self) -> str:
        return f"**{self.title}**: {self.summary()}\n\n```\n{self.header}\n```"

    def _repr_html_(self) -> str:
        return (
            f"<div><b>{html.escape(self.title)}</b>: {html.escape(self.summary())}"
            f"<pre>{html.escape(self.header)}</pre></div>"
        )


def export_module(
    target: str | Path | Network,
    path: str | Path | None,
    force: bool,
    max_terms: int | None,
    options: dict[str, object],
) -> Exported:
    """What ``symconv export`` proves and prints, from :func:`symconv.export`'s
    arguments."""
    from symconv.proofs.engine import DEFAULT_MAX_TERMS
    from symconv.runtime.export import Bundle, ConvConfig, _network_file, render_module
    from symconv.spec.options import APPLIES_TO, conv_layer, refuse_inapplicable

    if path is not None:
        refuse_existing(path, force)  # before any work
    name = target.name if isinstance(target, Network) else str(target)
    if name != "conv2d" or isinstance(target, Network):
        given = {k: v for k, v in options.items() if k in APPLIES_TO}
        refuse_inapplicable(given, "", f"network {name!r}")
    if name == "lenet" and not isinstance(target, Network):
        from symconv.runtime.export_network import lenet_bundle

        bundle, title = lenet_bundle(), "LeNet-5"
    elif isinstance(target, Network) or name != "conv2d":
        from symconv.runtime.export_network import network_bundle

        net = target if isinstance(target, Network) else _network_file(name)
        bundle, title = network_bundle(net), net.name
    else:
        unknown = set(options) - {
            "input",
            "in_channels",
            "out_channels",
            "groups",
            "dilation",
            "kernel",
            "stride",
            "padding",
            "no_bias",
        }
        if unknown:
            raise SymconvError(
                f"option {sorted(unknown)[0]!r} does not apply to export "
                "conv2d; the rule: input, kernel, stride, padding, dilation, "
                "in_channels, out_channels, groups, bias"
            )
        settings = dict(options)
        settings["bias"] = not settings.pop("no_bias", False)
        bundle, title = Bundle(convs=[ConvConfig(*conv_layer("conv2d", settings, "5x5"))]), "conv2d"
    source = render_module(bundle, title, DEFAULT_MAX_TERMS if max_terms is None else max_terms)
    result = Exported(
        source, title, len(bundle.convs), len(bundle.pools), transposes=len(bundle.transposes)
    )
    if path is not None:
        result.write(path, force)
    return result
