"""Prose of the general (symbolic-size) proof documents, English and Spanish.

The steps' own prose comes from :class:`symconv.proofs.general.steps.Step`; these are only the
headings and the connecting sentences around it.  Keys start with ``g_`` so that they
can live in the same dictionaries as :mod:`symconv.notes.i18n_en` and ``i18n_es``.
``{t_...}`` is a word, ``{n_...}`` a number, any other ``{name}`` an inline formula.
"""

from __future__ import annotations

import re

GENERAL_EN = {
    "g_title_conv2d": "2D convolution for every size: the gradients proved step by step",
    "g_title_avgpool2d": "Average pooling for every size: the gradient proved step by step",
    "g_title_dense": "Dense layer for every size: the gradients proved step by step",
    "g_statement": "Statement",
    "g_statement_intro": "Case ({t_case}): {t_title}. With every size a symbol, the following "
    "identities hold for all sizes at once, not only for one example:",
    "g_statement_after": "Each one is proved below the way we would do it on the board: we "
    "fix one entry of the gradient, differentiate, keep the only term "
    "that survives, change the summation index and read off the closed "
    "form.",
    "g_setting": "Setting",
    "g_symbols": "Nothing here is a number. The sizes {sizes} are symbols and stand for any "
    "positive integers.",
    "g_symbols_padded": "Nothing here is a number. The sizes {sizes} are symbols and stand "
    "for any positive integers; the paddings may also be zero.",
    "g_table_shapes": "The shapes of the tensors:",
    "g_table_intro": "The shapes of the tensors and the parameters of the layer in this case "
    "(a parameter shown as 1 is fixed to 1 in this case):",
    "g_header_what": "Tensor or parameter",
    "g_header_value": "Shape or value",
    "g_output_size": "The output size is not one more unknown: it is tied to the others by",
    "g_forward": "The layer, index by index",
    "g_step": "Step {n}.",
    "g_not_proved": "This identity is not proved for symbolic sizes: {t_note}",
    "g_verified_intro": "symconv proved each identity above for symbolic sizes, by exactly "
    "these steps. What each proof checked:",
    "g_all_sizes": "all sizes",
    "g_rewrite_steps": "rewrite steps",
    "status_not_proved": "NOT PROVED",
    # one heading per identity and per kind of step
    "g_id_Z": "The forward pass in closed form",
    "g_id_dL/dW": "Gradient with respect to the weights",
    "g_id_dL/dX": "Gradient with respect to the input",
    "g_id_dL/db": "Gradient with respect to the bias",
    "g_kind_definition": "The forward pass",
    "g_kind_chain_rule": "The chain rule",
    "g_kind_derivative": "The derivative of one output",
    "g_kind_surviving_term": "The surviving term",
    "g_kind_substitution": "Collapsing the sums",
    "g_kind_bounds": "The bounds",
    "g_kind_closed_form": "The closed form",
    "g_kind_change_of_index": "Change of summation index",
    "g_kind_conclusion": "Conclusion",
    # rows of the set-up table
    "g_row_X": "input",
    "g_row_W": "kernel",
    "g_row_W_dense": "weights",
    "g_row_b": "bias",
    "g_row_G": "incoming gradient",
    "g_row_Z": "output",
    "g_row_kernel": "kernel size",
    "g_row_stride": "stride",
    "g_row_dilation": "dilation",
    "g_row_padding": "padding (top, bottom, left, right)",
    "g_row_groups": "groups",
}

GENERAL_ES = {
    "g_title_conv2d": "Convolución 2D para cualquier tamaño: los gradientes demostrados "
    "paso a paso",
    "g_title_avgpool2d": "Pooling promedio para cualquier tamaño: el gradiente demostrado "
    "paso a paso",
    "g_title_dense": "Capa densa para cualquier tamaño: los gradientes demostrados paso a paso",
    "g_statement": "Enunciado",
    "g_statement_intro": "Caso ({t_case}): {t_title}. Con todos los tamaños simbólicos, las "
    "identidades siguientes valen para cualquier tamaño a la vez, y no "
    "sólo para un ejemplo:",
    "g_statement_after": "Más abajo demostramos cada una como lo haríamos en la pizarra: "
    "fijamos una entrada del gradiente, derivamos, nos quedamos con el "
    "único término que sobrevive, cambiamos el índice de suma y leemos "
    "la forma cerrada.",
    "g_setting": "Planteamiento",
    "g_symbols": "Aquí no hay ningún número. Los tamaños {sizes} son símbolos y representan "
    "cualquier entero positivo.",
    "g_symbols_padded": "Aquí no hay ningún número. Los tamaños {sizes} son símbolos y "
    "representan cualquier entero positivo; los rellenos pueden valer "
    "también cero.",
    "g_table_shapes": "Las formas de los tensores:",
    "g_table_intro": "Las formas de los tensores y los parámetros de la capa en este caso "
    "(un parámetro que aparece como 1 queda fijado a 1 en este caso):",
    "g_header_what": "Tensor o parámetro",
    "g_header_value": "Forma o valor",
    "g_output_size": "El tamaño de la salida no es una incógnita más: queda ligado a los demás por",
    "g_forward": "La capa, índice a índice",
    "g_step": "Paso {n}.",
    "g_not_proved": "Esta identidad no está demostrada para tamaños simbólicos: {t_note}",
    "g_verified_intro": "symconv ha demostrado cada identidad para tamaños simbólicos, "
    "exactamente con estos pasos. Esto es lo que comprobó cada "
    "demostración:",
    "g_all_sizes": "todos los tamaños",
    "g_rewrite_steps": "pasos de reescritura",
    "status_not_proved": "NO DEMOSTRADO",
    "g_id_Z": "La pasada hacia delante en forma cerrada",
    "g_id_dL/dW": "Gradiente respecto de los pesos",
    "g_id_dL/dX": "Gradiente respecto de la entrada",
    "g_id_dL/db": "Gradiente respecto del sesgo",
    "g_kind_definition": "La pasada hacia delante",
    "g_kind_chain_rule": "La regla de la cadena",
    "g_kind_derivative": "La derivada de una salida",
    "g_kind_surviving_term": "El término que sobrevive",
    "g_kind_substitution": "Las sumas se colapsan",
    "g_kind_bounds": "Los límites de las sumas",
    "g_kind_closed_form": "La forma cerrada",
    "g_kind_change_of_index": "Cambio de índice de suma",
    "g_kind_conclusion": "Conclusión",
    "g_row_X": "entrada",
    "g_row_W": "núcleo",
    "g_row_W_dense": "pesos",
    "g_row_b": "sesgo",
    "g_row_G": "gradiente que llega",
    "g_row_Z": "salida",
    "g_row_kernel": "tamaño del núcleo",
    "g_row_stride": "paso",
    "g_row_dilation": "dilatación",
    "g_row_padding": "relleno (arriba, abajo, izquierda, derecha)",
    "g_row_groups": "grupos",
}

# The Spanish titles of the proof cases (the English ones are the prover's own).
CASE_TITLES_ES = {
    "a": "paso 1, sin dilatación, cualquier relleno",
    "b": "cualquier paso (G dilatada con ceros según el paso)",
    "c": "cualquier dilatación",
    "d": "grupos",
    "all": "paso, dilatación, grupos y relleno asimétrico a la vez",
    "convolution": "modo convolución (núcleo rotado en la pasada hacia delante), todo simbólico",
    "avgpool": "pooling promedio, cualquier paso y relleno",
    "dense": "capa densa, cualquier tamaño",
}

METHOD_ES = {
    (
        "symbolic index sums: derivative -> Kronecker deltas -> elimination -> change of "
        "variables -> canonical index sets"
    ): (
        "sumas de índices simbólicas: derivada -> deltas de Kronecker -> eliminación -> "
        "cambio de variables -> conjuntos de índices canónicos"
    ),
}

# The prover's check lines (symconv/proofs/general/prover.py) are English log lines; a Spanish
# document gets them in Spanish.  A line no pattern knows is kept as it is.
_CHECKS_ES = [
    (
        r"closed form read at symbolic sizes: (.*) \(each read at both templates\)",
        r"forma cerrada leída con tamaños simbólicos: \1 (cada uno leído en las dos "
        r"plantillas)",
    ),
    (
        r"index reads inside their tensors: (\d+)/(\d+) proved",
        r"lecturas de índices dentro de su tensor: \1/\2 demostradas",
    ),
    (
        r"conditions implied by the target's index ranges and the output-size facts, removed "
        r"with that reason: (\d+)",
        r"condiciones implicadas por los rangos de los índices y por el tamaño de la salida, "
        r"eliminadas por ese motivo: \1",
    ),
    (
        r"change of variables (.*) \(integer, det (-?\d+)\); summands equal",
        r"cambio de variables \1 (entero, det \2); sumandos iguales",
    ),
    (
        r"conditions: (\d+) identical canonical atoms, (\d+) by implication",
        r"condiciones: \1 átomos canónicos idénticos, \2 por implicación",
    ),
]
_WORDS_ES = {
    "no parameters": "sin parámetros",
    "change of variables none": "change of variables ninguno",
    "padding = ": "relleno = ",
    "stride = ": "paso = ",
    "dilation = ": "dilatación = ",
    "groups = ": "grupos = ",
    "kernel = ": "núcleo = ",
    "padded = ": "entrada rellenada = ",
}


def check_text(lang: str, line: str) -> str:
    """One check line of a general proof in the document's language."""
    if lang != "es":
        return line
    for english, spanish in _WORDS_ES.items():
        line = line.replace(english, spanish)
    for pattern, replacement in _CHECKS_ES:
        if re.fullmatch(pattern, line):
            return re.sub(pattern, replacement, line)
    return line
