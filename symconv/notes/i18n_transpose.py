"""The prose of the transposed-convolution notes (:mod:`symconv.notes.transpose_notes`),
in English and Spanish; the sections it shares with a convolution use their phrases."""

TRANSPOSE_EN = {
    "lenet_conv_transpose": "Transposed convolution {name}",
    "title_conv_transpose": "{dims}D transposed convolution: forward and backward pass",
    "setup_intro_transpose": "The layer takes an input {X} and spreads every entry of it "
    "over the output {Z}: each input entry adds a copy of the "
    "kernel {W}, scaled by that entry. In the backward pass we "
    "receive {G}, the gradient of the loss with respect to {Z}. "
    "The shapes are:",
    "setup_options_transpose": "Stride {s}, padding {p}, output padding {op}, dilation {d}, "
    "groups {g}.",
    "size_intro_transpose": "Each input entry moves the copy of the kernel by the stride; "
    "the padding trims the border of the result and the output "
    "padding adds rows and columns at the end:",
    "forward_intro_transpose": "The transposed view: each entry of {X} scatters a copy of "
    "{W}, scaled by itself, into the output, and overlapping "
    "copies add up.",
    "fig_scatter": "Scatter: each entry of {X} writes its products with {W} into the "
    "highlighted cells of {Z}; {Z} is the sum of these copies.",
    "forward_general_transpose": "Gathered at one output position, the same sum reads:",
    "forward_gather_transpose": "An index of the input that is not a whole number, or falls "
    "outside the input, stands for a zero: no input entry "
    "reaches that output through that kernel entry.",
    "closed_x_transpose": "The input gradient reads {G} exactly where each entry of the "
    "input was spread: it is a correlation ({corr}) of {G} with the "
    "kernel {W}, at the layer's stride:",
    "closed_w_transpose": "The weight gradient is a correlation of {G} with the input {X}, "
    "spread out by the stride:",
    "closed_z_transpose": "And the forward pass itself is a full convolution: dilate {X} by "
    "the stride, convolve it fully with {W} rotated by 180 degrees "
    "and crop the padding:",
}

TRANSPOSE_ES = {
    "lenet_conv_transpose": "Convolución transpuesta {name}",
    "title_conv_transpose": "Convolución transpuesta {dims}D: propagación hacia delante y "
    "hacia atrás",
    "setup_intro_transpose": "La capa recibe una entrada {X} y reparte cada uno de sus "
    "elementos sobre la salida {Z}: cada elemento de la entrada "
    "suma una copia del núcleo {W} multiplicada por él. En la "
    "propagación hacia atrás recibimos {G}, el gradiente de la "
    "pérdida respecto de {Z}. Las dimensiones son:",
    "setup_options_transpose": "Paso {s}, relleno {p}, relleno de salida {op}, dilatación "
    "{d}, grupos {g}.",
    "size_intro_transpose": "Cada elemento de la entrada desplaza la copia del núcleo según "
    "el paso; el relleno recorta el borde del resultado y el relleno "
    "de salida añade filas y columnas al final:",
    "forward_intro_transpose": "La visión transpuesta: cada elemento de {X} esparce en la "
    "salida una copia de {W} multiplicada por él, y las copias "
    "que se solapan se suman.",
    "fig_scatter": "Dispersión: cada elemento de {X} escribe sus productos con {W} en las "
    "celdas resaltadas de {Z}; {Z} es la suma de estas copias.",
    "forward_general_transpose": "Reunida en una posición de la salida, la misma suma queda:",
    "forward_gather_transpose": "Un índice de la entrada que no es entero, o que cae fuera "
    "de la entrada, vale cero: ningún elemento de la entrada "
    "llega a esa salida por ese elemento del núcleo.",
    "closed_x_transpose": "El gradiente respecto de la entrada lee {G} justo donde se "
    "repartió cada elemento de la entrada: es una correlación ({corr}) "
    "de {G} con el núcleo {W}, con el paso de la capa:",
    "closed_w_transpose": "El gradiente respecto de los pesos es una correlación de {G} con "
    "la entrada {X}, separada según el paso:",
    "closed_z_transpose": "Y la propia propagación hacia delante es una convolución completa: "
    "se dilata {X} según el paso, se convoluciona por completo con {W} "
    "girado 180 grados y se recorta el relleno:",
}
