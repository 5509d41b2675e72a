"""The layer facts a passage of notes states, and the passages a claim belongs to.

"**1.** A $7 \\times 7$ input goes through a conv with $K = 3$, stride $S = 2$, padding
$P = 1$": input 7x7, kernel 3, stride 2, padding 1 -- facts of question 1 only.  A quiz, an
answer key, an interview list or a model card states one layer per question, part or row;
a claim about a size or a count is about the layer of its own passage, not the section's.

``passages(document, line)`` lists the passages around a claim nearest first: its own
sentence, its paragraph (or bullet), the block since the last bold title or heading, and the
blocks above, up to a numbered question or part (a hard border: question 2 never reads the
facts of question 1).  ``facts(text)`` reads the layer facts of one passage, every value a
key takes (two different values in one passage leave the key in doubt).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict

from symconv.checker import lexicon
from symconv.checker.answer_items import answered
from symconv.checker.api_signatures import without_signatures
from symconv.checker.code_tuples import one_name_a_line
from symconv.checker.input_tuples import KERAS_KEYWORDS, input_tuple_facts, keras_call
from symconv.checker.literal_sizes import literal_size_facts
from symconv.checker.numbered_steps import without_steps
from symconv.checker.prose_sentences import sentence_around, sentence_start, sentences
from symconv.checker.settings_table import table_facts
from symconv.checker.side_padding import side_paddings
from symconv.checker.supposed_change import supposition

Facts = dict[str, list[int]]

_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "sixteen": 16, "thirty-two": 32, "sixty-four": 64,
    "un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "seis": 6, "ocho": 8,
    "dieciséis": 16, "deux": 2, "trois": 3, "due": 2, "tre": 3,
    "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8,
    "neun": 9, "zehn": 10, "zwölf": 12, "sechzehn": 16,
}  # fmt: skip
_NUM = r"(\d+|" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")"
_BY = r"\s*(?:x|by)\s*"

# a numbered question or part: "**1.**", "**Q3 (a)**", "**Q2. How many ...**", "Question 4"
_QUESTION_WORDS = (
    r"Q|P|Question|Pregunta|Problem|Problema|Ejercicio|Exercice|"
    r"Esercizio|Exercise|Part|Parte|Aufgabe|Frage|Card|Flashcard|Tarjeta|Carte|Karte|Exercici|"
    r"Exerc[íi]cio|Übung|Opgave|Oefening|Zadanie|Uppgift|Úloha|Cvičení|Soal|Задача|Задание|"
    r"Problème|Tarea|Quest[ãa]o|Questione|Domanda|Vraag|Pytanie|Soru|Pergunta"
)
_HARD = re.compile(
    # a numbered question, also as a heading ("## Questão 3 (2,5 pontos)": another
    # question's layer is not this one's)
    rf"^\s*(?:#{{1,6}}\s*(?=(?:\*\*|__)?\s*(?:{_QUESTION_WORDS})\s*\.?\s*\d))?"
    rf"(?:\*\*|__)?\s*(?:(?:{_QUESTION_WORDS})\s*\.?\s*\d+|\d+\s*\([a-z]\)|\d+[.)](?!\d)|"
    r"(?<=\*\*)[A-H]\d{1,2}[.)]|"  # an answer key's "**B9.**": part B, question 9
    r"\((?:[a-h]|[ivx]+|\d+)\)|[a-h]\))\s*(?:\([a-z]\))?",
    re.IGNORECASE,
)
_SOFT = re.compile(r"^\s*(?:#+\s|\*\*[^*]+\*\*|---+\s*$)")


def clean(text: str) -> str:
    """Prose with its inline mathematics flattened: ``$7 \\times 7$`` -> ``7 x 7``."""
    text = without_signatures(text)  # an interface's defaults state no layer
    text = re.sub(r"\\(?:text|mathrm|mathbf|boldsymbol|mathit|operatorname)\s*\{([^{}]*)\}",
                  r"\1", text)  # fmt: skip
    text = re.sub(r"\\times|×|\\cdot(?=\s*\d+\s*(?:\$|\s(?:input|image|filters?|kernel)))",
                  " x ", text)  # fmt: skip
    text = re.sub(r"\\[,;: !]|\\\(|\\\)|\\\[|\\\]|\$|\{|\}|`", " ", text)
    text = re.sub(r"\\(?:to|rightarrow|longrightarrow)\b|→", " -> ", text)
    return re.sub(r"[ \t]+", " ", text)


def _n(word: str) -> int:
    return int(word) if word.isdigit() else _WORDS[word.lower()]


# ------------------------------------------------------------------ facts of a passage
# words between a fact's name and its value: "relleno de ceros de 1", "paso (stride) 1",
# "zero padding P = 1", "stride of 2"
_FILLER = (
    r"(?:\s+(?:of|de|ceros|zeros|con|with|=|[PpSs]\s*=|\([a-z]+\)|is|es|di|du|equal to|"
    r"igual a)){0,3}\s*=?\s*"
)
_FREE = r"(?<![\w\\])"  # a letter standing alone, not the end of a word or a command
_NOT_OP = r"(?![\d.]|\s*(?:x|\+|-|\*|/|\\))"  # a value, not the start of arithmetic
_INPUT_WORDS = (
    r"(?:input|inputs|image|images|entrada|imagen|imagem|ingresso|immagine|entrée|picture|Eingabe|"
    r"Eingangsbild|Eingabebild|Bild|Bilder|Eingangsbilder|"
    # nl, pl, tr, ru, el, vi: "invoer", "wejście", "girdi", "вход", "είσοδος", "ảnh", "đầu vào"
    r"invoer|wej[śs]ci\w*|girdi\w*|giri[şs]|вход\w*|изображени\w*|είσοδο\w*|ảnh|đầu vào)"
)
_KERNEL_WORDS = rf"(?:{lexicon.KERNEL}|conv|Faltung)"  # "a 5 x 5 conv", "eine 5 x 5-Faltung"
# "is", or "of size" in the notes' languages: a letter's sides follow
_IS_SIZED = (
    r"is|es|est|ist|é|of size|der Größe|von der Größe|de taille|de tamaño|de tamanho|"
    r"di dimensione|(?:with|mit|con|com|avec) (?:size|Größe|tamaño|tamanho|taille)"
    # pl, ru, tr, vi, el, nl, id, cs, sv, ro: "X ma 9 x 9", "X размера 9 x 9", "X boyutunda",
    # "X là 9 x 9", "X είναι 9 x 9", "X heeft 9 x 9", "X berukuran 9 x 9", "X je", "X är"
    r"|ma(?: rozmiar)?|размер(?:а|ом)|имеет размер|boyutunda|là|có kích thước|είναι|heeft|"
    r"adalah|berukuran|je|är|este|为|為|是|は"
)
_FACTS: list[tuple[str, re.Pattern, tuple[str, ...]]] = [
    # 224 x 224 x 3 input; 32 x 32 x 3 image; 5 x 5 entrada
    ("input3", re.compile(rf"\b(\d+){_BY}(\d+){_BY}(\d+)\s+(?:\w+\s+)?{_INPUT_WORDS}", re.I),
     ("in_h", "in_w", "c_in")),
    ("input", re.compile(rf"\b(\d+){_BY}(\d+)(?:\s+|\s*-)(?:[\w-]+\s+)?{_INPUT_WORDS}\b", re.I),
     ("in_h", "in_w")),
    # Eingabe 32 x 32 x 3; input of 3 x 32 x 32: the two equal sides are the map's
    ("input_after3_last", re.compile(
        rf"\b{_INPUT_WORDS}\s+(?:(?:is|of|de|der|von|size|Größe)\s+)*(\d+){_BY}(\1){_BY}(\d+)\b",
        re.I), ("in_h", "in_w", "c_in")),
    ("input_after3_first", re.compile(
        rf"\b{_INPUT_WORDS}\s+(?:(?:is|of|de|der|von|size|Größe)\s+)*(\d+){_BY}(\d+){_BY}(\2)\b",
        re.I), ("c_in", "in_h", "in_w")),
    # "The input is x \in R^8" (a vector: its length is the side)
    ("input_space", re.compile(
        rf"\b{_INPUT_WORDS}\s+(?:sequence\s+|vector\s+|signal\s+|secuencia\s+|vecteur\s+)?"
        r"(?:is\s+|es\s+|ist\s+)?(?:[A-Za-z]\s+)?\\in\s*\\mathbb\s*R\s*\^\s*"
        r"(\d+)\b(?!\s*(?:x|\\times))", re.I), ("in_h",)),
    # "one kernel $w \in \mathbb{R}^3$": a 1-D kernel's taps
    ("kernel_space", re.compile(
        rf"\b{_KERNEL_WORDS}\s+(?:[A-Za-z]\s+)?\\in\s*\\mathbb\s*R\s*\^\s*(\d+)\b"
        r"(?!\s*(?:x|\\times))", re.I), ("k",)),
    # "$X$ is $5 \times 5$, $W$ is $3 \times 3$": the input and the kernel by their letters
    # "a map $X$ of size $9 \times 9$", "X der Größe 9 x 9", "X de taille 6 x 6": the same
    ("x_is", re.compile(rf"(?<![\w\\])X\s+(?:{_IS_SIZED})\s+(\d+){_BY}(\d+)(?!{_BY}\d)"),
     ("in_h", "in_w")),
    ("w_is", re.compile(rf"(?<![\w\\])W\s+(?:{_IS_SIZED})\s+(\d+){_BY}(\d+)(?!{_BY}\d)"),
     ("k", "k")),
    # "Even input ($6 \times 6$)": the side in brackets after the word
    ("input_bracket", re.compile(rf"\b{_INPUT_WORDS}\s*\(\s*(\d+){_BY}(\d+)\s*\)", re.I),
     ("in_h", "in_w")),
    # "on a 4 x 4 map", "sobre un mapa de 6 x 6"
    ("on_map", re.compile(
        rf"\b(?:on|sobre|auf)\s+(?:an?\s+|un\s+|una\s+|einer?\s+)?(\d+){_BY}(\d+)\s+"
        r"(?:feature\s+)?(?:maps?|Karte)\b|\bsobre\s+un\s+mapa\s+de\s+(\d+) x (\d+)", re.I),
     ("in_h", "in_w")),
    # "is applied to a 32 x 32 feature map", "receives a 7 x 7 map", "se aplica a un mapa de
    # 17 x 17", "appliquée à une carte 9 x 9", "angewendet auf eine 28 x 28-Merkmalskarte":
    # the map a layer is applied to or receives (a map it gives is no input: "yields", "to")
    ("applied_map", re.compile(
        r"\b(?:appli(?:ed|es)\s+(?:to|on)|receives|takes\s+in|is\s+fed|gets|"
        r"(?:se\s+)?aplica(?:d[ao])?\s+(?:a|em|sobre)|recibe|recebe|"
        r"appliqu[ée]e?s?\s+(?:à|sur)|re[çc]oit|applicat[ao]\s+(?:a|su)|riceve|"
        r"angewe?nde?t\s+auf|erh[äa]lt|bekommt|auf(?=\s+\w*\s*\d+ x \d+\s*-\s*"
        r"(?:Merkmalskarte|Eingabe|Feature-Map)))\s+"
        r"(?:an?|one|un|una|une|um|uma|eine[rn]?|the|el|la|le|il|o|einem)?\s*"
        r"(?:(?:mapa|carte|mappa|map)\s+(?:de\s+|di\s+)?)?(\d+) x (\d+)(?! x \d)\s*-?\s*"
        r"(?:feature\s+|input\s+)?(?:maps?|Karte|Merkmalskarte|Eingabe|mapa|carte|mappa|grid|"
        r"tensor|activation|image|imagen|imagem|immagine|input|entrada|entrée|de\s+entrada|"
        r"d'entrée|in\s+ingresso)?", re.I),
     ("in_h", "in_w")),
    # input X is 7x7; entrada de 6 x 6; input of size 4x4; la entrada fuera de 6 x 6
    ("input_after", re.compile(
        rf"\b{_INPUT_WORDS}\s+(?:tensor\s+)?(?:[A-Za-z](?:\^\s*\(?\w\)?)?\s+)?"
        r"(?:(?:is|of|size|dimension|shape|de|tamaño|fuera|was|en|é|uma|um|imagem|tamanho)\s+)*"
        rf"(?:[A-Z]{_BY}){{0,2}}(\d+){_BY}(\d+)(?!{_BY}\d)", re.I), ("in_h", "in_w")),
    # "une entrée de taille 8", "an input of size 8": a square input by its side
    ("input_side", re.compile(rf"\b{_INPUT_WORDS}\s+(?:de\s+taille|of\s+size|de\s+tamaño|of\s+side)"
                              r"\s+(\d+)(?![\d.]|\s*(?:x|by)\s*\d)", re.I), ("in_h",)),
    # "la capa recibe el mapa $a^{(l-1)}$ de tamaño 6 x 6": what a layer receives
    ("receives_map", re.compile(
        r"\b(?:recibe|receives|takes|reçoit)\s+(?:el|la|the|une?|an?)?\s*(?:mapa|map|carte|"
        r"imagen|image|entrada|input)\s+(?:\S{1,12}\s+){0,2}?(?:de\s+tamaño|of\s+size|de\s+taille)?"
        r"\s*(\d+) x (\d+)(?! x \d)", re.I), ("in_h", "in_w")),
    # "input of length 10", "input length 10", "input $x$ of length $L = 12$", "de longitud 10"
    # ("uma entrada de comprimento 20", "un ingresso di lunghezza 20")
    ("input_length", re.compile(rf"\b{_INPUT_WORDS}\s+(?:[A-Za-z]\s+)?(?:of\s+|de\s+|di\s+)?"
                                r"(?:length|longitud|longueur|Länge|comprimento|lunghezza)\s+"
                                r"(?:de\s+)?(?:[A-Za-z](?:_\w+)?\s*=\s*)?(\d+)", re.I), ("in_h",)),
    # "Input $X$ with $C = 3$ channels of $8 \times 8$ pixels", "an image of 28 x 28 pixels",
    # "una imagen con 3 canales de 32 x 32 píxeles": the input's map by its pixels (anchored
    # to the input's word: "the kernel covers 3 x 3 pixels" is no input)
    # (the sides are read in a lookahead: the match is the input's word alone, so that "$C =
    # 3$ channels" between them is still read as the channels)
    ("input_pixels", re.compile(
        rf"\b{_INPUT_WORDS}\b(?=[^.;:]{{0,40}}?\b(?:of|de|with|con|mit|avec|com|di|von)\s+"
        r"(\d+) x (\d+)(?! x \d)\s+(?:pixels?|p[íi]xe(?:l|les)|Pixeln?)\b)", re.I),
     ("in_h", "in_w")),
    # "a length-100 signal", "a signal of length 100", "una señal de longitud 100", "una serie
    # de longitud 10" (a time series): a 1-D input by its length
    ("signal_length", re.compile(r"\blength[- ](\d+)\s+(?:signal|sequence|input|vector|series)s?\b|"
                                 r"\b(?:signal|sequence|señal|secuencia|signal|segnale|Signal|"
                                 r"séquence|series|serie|série|Zeitreihe|sequência|sequenza)\s+"
                                 r"(?:of\s+|de\s+|di\s+)?(?:length|longitud|longueur|"
                                 r"lunghezza|Länge|comprimento)\s+"
                                 r"(?:[A-Za-z](?:_\w+)?\s*=\s*)?(\d+)\b", re.I),
     ("in_h",)),
    # "224 input, kernel 7", "MNIST-size input 28": a square input by its side alone
    # (not "$C k^2$ input values": an exponent, and a count of values, not a side)
    ("input_bare_side", re.compile(r"(?<![\^_])\b(\d+)\s+input\b(?!\s*(?:channels?|features?|"
                                   r"units?|values?|entries|elements?|numbers|neurons|nodes|"
                                   r"dimensions?|positions?|activations?))|"
                                   r"\binput\s+(\d+)\b(?!\s*(?:x|by|\\times|×|\d|channels?|"
                                   r"features?|units?))", re.I), ("in_h",)),
    ("kernel_length", re.compile(r"\b(?:kernel|filter)\s+(?:[A-Za-z]\s+)?of\s+length\s+"
                                 r"(?:[A-Za-z](?:_\w+)?\s*=\s*)?(\d+)", re.I), ("k",)),
    # "`groups=2`", "groups = C = 3": a grouped convolution's groups
    ("groups", re.compile(r"\bgroups\s*=\s*(?:[A-Za-z]\s*=\s*)?(\d+)(?![\d.])", re.I), ("g",)),
    # "lleva un mapa de 64 x 56 x 56 a 128 x 56 x 56", "maps a 3 x 32 x 32 tensor to 16 x 32
    # x 32": a layer from one C x H x W map (two equal sides after the channels) to another
    ("map_to_map", re.compile(
        r"\b(?:mapa|map|carte|mappa|Karte|tensor|Tensor)\s+(?:de\s+|of\s+|di\s+|von\s+)?"
        r"(\d+) x (\d+) x (\2)\s+(?:\w+\s+)?(?:a|to|à|into|auf|in|en|em)\s+"
        r"(?:un\s+|una\s+|une\s+|a\s+)?"
        r"(?:(?:mapa|map|carte|mappa|Karte|tensor)\s+(?:de\s+|of\s+|di\s+|von\s+)?)?"
        r"(\d+) x \d+ x \d+\b", re.I),
     ("c_in", "in_h", "in_w", "c_out")),
    # "3 channels, 6 x 6": an input's channels, then its map
    ("channels_map", re.compile(r"\b(\d+)\s+channels\s*,\s*(\d+)\s*x\s*(\d+)\b(?!\s*x)", re.I),
     ("c_in", "in_h", "in_w")),
    ("channels_word", re.compile(r"\b(\d+)\s*-\s*channels?\b", re.I), ("c_in",)),
    ("channels_in", re.compile(rf"\b{_NUM}\s+(?:input channels|canales de entrada|"
                               r"channels? in\b|in-channels)", re.I), ("c_in",)),
    ("from_to_channels", re.compile(r"\bfrom\s+(\d+)\s+to\s+(\d+)\s+channels", re.I),
     ("c_in", "c_out")),
    # German: "256 Eingangs- und 64 Ausgangskanälen" (a suspended compound: the first word's
    # "-kanälen" is the second's), "mit $C = 256$ Eingangskanälen", "64 Ausgangskanäle"
    ("kanaele_de", re.compile(
        r"\b(?:[A-Za-z]\s*=\s*)?(\d+)\s+Eingangs-\s+und\s+(?:[A-Za-z]\s*=\s*)?(\d+)\s+"
        r"Ausgangskan(?:äle|älen|al)\b"), ("c_in", "c_out")),
    ("eingang_de", re.compile(r"\b(?:[A-Za-z]\s*=\s*)?(\d+)\s+Eingangskan(?:äle|älen|al)\b"),
     ("c_in",)),
    ("ausgang_de", re.compile(r"\b(?:[A-Za-z]\s*=\s*)?(\d+)\s+Ausgangskan(?:äle|älen|al)\b"),
     ("c_out",)),
    # "die 1×1-Schicht", "eine 3×3-Faltung" (German compounds), "the 3x3 conv layer": a
    # convolution named by its kernel
    ("kernel_layer_de", re.compile(
        rf"\b(\d+){_BY}(\d+)\s*(?:-\s*(?:Schicht|Faltung|Faltungsschicht)\b|"
        r"(?:-|\s)\s*(?:conv|convolution)(?:al)?(?:\s+layer)?\b)"), ("k", "k")),
    # 3 filters of 2 x 3 x 3 (channels, rows, columns)
    ("filters3", re.compile(rf"\b{_NUM}\s+{_KERNEL_WORDS}\s+of\s+(\d+){_BY}(\d+){_BY}(\d+)",
                            re.I), ("c_out", "c_in", "k", "k")),
    # sixteen 5 x 5 filters; 16 kernels of size 5 x 5; 128 filters of 3 x 3
    ("filters_k", re.compile(rf"\b{_NUM}\s+(\d+){_BY}(\d+)\s+{_KERNEL_WORDS}", re.I),
     ("c_out", "k", "k")),
    ("filters_of", re.compile(
        rf"\b{_NUM}\s+{_KERNEL_WORDS}\s+(?:of\s+)?(?:size\s+)?(?:de\s+)?(\d+){_BY}(\d+)(?!{_BY}\d)",
        re.I), ("c_out", "k", "k")),
    ("filters", re.compile(rf"(?<![x×]\s)\b{_NUM}\s+(?:filters|filtros|kernels|output channels|"
                           r"feature maps|canales de salida)\b", re.I), ("c_out",)),
    # "a 2 x 2 max pool", "3 x 3 average pooling", "2 x 2-Max-Pooling": a pool's window
    ("pool_window", re.compile(rf"\b(\d+){_BY}(\d+)(?:\s+|\s*-)(?:(?:max(?:imum)?|average|"
                               r"avg|mean)[- ]?)?pool", re.I), ("k", "k")),
    # "3 x 3 kernel", "3 x 3-Kern" (German compounds join the size with a hyphen)
    ("kernel_k", re.compile(rf"\b(\d+){_BY}(\d+)(?:\s+|\s*-){_KERNEL_WORDS}", re.I), ("k", "k")),
    ("kernel_after", re.compile(
        rf"\b(?:{lexicon.KERNEL}|núcleo|conv\w*|convoluci\w+)\s+"
        r"(?:[A-Za-z](?:\^\s*\(?[\w-]+\)?)?\s+)?(?:(?:is|of|size|de|"
        rf"tamaño|é|tamanho)\s+)*(\d+){_BY}(\d+)(?!{_BY}\d)", re.I), ("k", "k")),
    ("kernel_size", re.compile(r"\bkernel_size\s*=\s*(\d+)"), ("k",)),
    # "Kern 3", "kernel 3": a square kernel by its side
    # ("um filtro de tamanho 4", "un filtro di dimensione 3": a 1-D kernel by its size)
    ("kernel_side", re.compile(r"\b(?:kernel|Kern|núcleo|noyau|window|ventana|fenêtre|finestra|"
                               r"Fenster|filtro|filtre)\s+(?:size\s+|de\s+tamaño\s+|de\s+taille\s+|"
                               r"der\s+Größe\s+|de\s+tamanho\s+|di\s+dimensione\s+)?"
                               r"(?:de\s+|of\s+)?(\d+)\b(?!\s*(?:x|by|\d))",
                               re.I), ("k",)),
    # a square kernel by its size in the other languages: "Kernelgröße 5", "rozmiar jądra 5",
    # "размер ядра 5", "çekirdek boyutu 5", "kích thước kernel 5", "μέγεθος πυρήνα 5",
    # "حجم النواة 5", "卷积核大小为 5", "カーネルサイズは 5", "커널 크기는 5", "कर्नेल आकार 5"
    ("kernel_size_words", re.compile(
        r"(?:\b(?:Kernelgr[öo](?:ß|ss)e|Kerngr[öo](?:ß|ss)e|Filtergr[öo](?:ß|ss)e|kernelgrootte|"
        r"rozmiar\s+(?:jądra|jadra|filtra|kernela)|размер\s+(?:ядра|фильтра)|"
        r"(?:çekirdek|cekirdek|filtre)\s+boyutu|kích thước\s+(?:kernel|bộ lọc)|"
        r"μέγεθος\s+(?:πυρήνα|φίλτρου)|حجم\s+(?:ال)?(?:نواة|مرشح))|"
        r"卷积核(?:的)?(?:大小|尺寸)|カーネルサイズ|커널\s?크기|कर्नेल\s+(?:आकार|साइज़))"
        rf"{lexicon.CJK_IS}(\d+)\b(?!\s*(?:x|by|\\times|×|\d))",
        re.I), ("k",)),
    # "Parameter der Schicht 400 -> 120", "a dense layer 400 -> 120"
    ("dense_arrow", re.compile(r"\b(?:Schicht|layer|capa|couche|dense|densa|Linear|fc)\s+"
                               r"(\d+)\s*->\s*(\d+)", re.I), ("n_in", "n_out")),
    ("c_eq", re.compile(rf"{_FREE}C(?:_in)?\s*=\s*(\d+)\s+(?:input\s+)?(?:channels|canales)", re.I),
     ("c_in",)),
    ("c_in_eq", re.compile(rf"{_FREE}C_in\s*=\s*(\d+){_NOT_OP}"), ("c_in",)),
    ("c_out_eq", re.compile(rf"{_FREE}C_out\s*=\s*(\d+){_NOT_OP}"), ("c_out",)),
    ("f_eq", re.compile(rf"{_FREE}[FM]\s*=\s*(\d+)\s+(?:convolution\s+)?(?:filters|kernels|"
                        r"filtros|output channels)", re.I), ("c_out",)),
    # the CS231n assignment's names: "H = W = 5", "HH = WW = 3", conv_param = {'stride': 2,
    # 'pad': 1}
    ("hw_eq", re.compile(r"(?<![\w\\])H\s*=\s*W\s*=\s*(\d+)(?![\d.])"), ("in_h",)),
    ("hhww_eq", re.compile(r"(?<![\w\\])HH\s*=\s*(?:WW\s*=\s*)?(\d+)(?![\d.])"), ("k",)),
    ("stride_dict", re.compile(r"['\"]stride['\"]\s*:\s*(\d+)"), ("s",)),
    ("pad_dict", re.compile(r"['\"]pad(?:ding)?['\"]\s*:\s*(\d+)"), ("p",)),
    ("h_eq", re.compile(r"(?<![\w\\])H\s*=\s*(\d+)(?![\d.]|\s*(?:x|\+|-|\*|/|\\))"),
     ("in_h",)),
    ("k_eq", re.compile(r"(?<![\w\\])[Kk]\s*=\s*(\d+)(?![\d.]|\s*(?:x|\+|-|\*|/|\\))"),
     ("k",)),
    ("stride_word", re.compile(rf"(?:\b(?:{lexicon.STRIDE})|(?:{lexicon.STRIDE_CJK})"
                               rf"{lexicon.CJK_IS}){_FILLER}"
                               r"(\d+)(?!\s*(?:x|\+|-|\*|/|\\|\.\d))", re.I), ("s",)),
    ("stride_kw", re.compile(r"\bstrides?\s*=\s*(\d+)"), ("s",)),  # Keras: strides=2
    ("s_eq", re.compile(r"(?<![\w\\])[Ss]\s*=\s*(\d+)(?![\d.]|\s*(?:x|\+|-|\*|/|\\))"), ("s",)),
    ("padding_word", re.compile(
        r"(?<!output )(?<!output_)"  # "output padding 1": the transposed layer's other one
        rf"(?:\b(?:zero[- ])?(?:{lexicon.PADDING}|pad)|(?:{lexicon.PADDING_CJK}){lexicon.CJK_IS})"
        rf"{_FILLER}"
        rf"{_NUM}(?!\s*(?:x|\+|-|\*|/|\\|\.\d))", re.I), ("p",)),
    ("padding_kw", re.compile(r"(?<!output_)\bpadding\s*=\s*(\d+)"), ("p",)),
    # (every language's name of it reads as "output_padding": lexicon.plain_output_padding)
    ("output_padding", re.compile(r"\boutput[_ ]padding\s*(?:=|为|為|は|는|은)?\s*(\d+)"),
     ("out_pad",)),
    ("dilation_d", re.compile(r"\bdilation\s+(?:is\s+|of\s+)?(?:the\s+)?d\s*=\s*(\d+)", re.I),
     ("d",)),
    ("dilation", re.compile(rf"\b(?:{lexicon.DILATION}|dilated by)\s*(?:rate\s+)?"
                            r"(?:of\s+|de\s+|=\s*)?(\d+)", re.I), ("d",)),
    # "Now $d = 1$": the letter the settings reader (parameter_settings) takes for dilation
    ("d_eq", re.compile(r"(?<![\w\\])d\s*=\s*(\d+)(?![\d.]|\s*(?:x|\+|-|\*|/|\\))"), ("d",)),
    ("p_eq", re.compile(r"(?<![\w\\])[Pp]\s*=\s*(\d+)(?![\d.]|\s*(?:x|\+|-|\*|/|\\))"), ("p",)),
    ("dense", re.compile(r"\bmaps\s+(\d+)\s+(?:features|inputs|units)\s+to\s+(\d+)|"
                         r"\bmaps\s+an?\s+(?:flattened\s+)?(\d+)\s*-\s*(?:vector|dimensional\s+"
                         r"(?:vector|input))\s+to\s+(\d+)\s+(?:units|features|neurons|outputs)\b|"
                         r"\bfrom\s+(\d+)\s+to\s+(\d+)\s+(?:units|features|neurons|outputs|"
                         r"classes)", re.I), ("n_in", "n_out")),
    ("linear", re.compile(r"\bLinear\s*\(\s*(\d+)\s*,\s*(\d+)"), ("n_in", "n_out")),
]  # fmt: skip
_NO_PADDING = re.compile(
    rf"\b(?:{lexicon.NEGATION}|dropped the|drop the)\s+"
    r"(?:zero[- ]|Zero-)?"
    rf"(?:{lexicon.PADDING})\b|\bvalid\b|{lexicon.NO_PADDING_CJK}",
    re.I,
)
_NO_OUTPUT_PADDING = re.compile(
    rf"\b(?:{lexicon.NEGATION})\s+(?:the\s+|el\s+|l'\s*)?output[_ ]padding\b", re.I
)
# "the kernel is w = (w_0, w_1, w_2)": as many taps as the tuple lists
_KERNEL_TUPLE = re.compile(
    r"\b(?:kernel|filter|núcleo|filtro|Kern)\s+(?:is\s+|es\s+|ist\s+)?[a-z]\s*=\s*\(\s*"
    r"([a-z])_\s*0\s*,(?:\s*\1_\s*\d+\s*,)*\s*\1_\s*(\d+)\s*\)",
    re.I,
)
_ONE_CHANNEL = re.compile(
    r"\b(?:one|single|un|1)[- ]channels?\b|\bun (?:solo )?canal\b|\bgr[ae]yscale\b|"
    r"\bescala de grises\b|\ben gris\b|\bGraustufen\w*|\bniveaux de gris\b",
    re.I,
)
_RGB = re.compile(r"\bRGB\b")
_PER_CHANNEL = re.compile(
    r"\b(?:one|a single|un|una)\s+(?:filter|kernel|filtro|filtre)\s+(?:per|por|par)\s+"
    r"(?:input\s+)?(?:channel|canal)\b|\bdepthwise\b",
    re.I,
)
_NO_BIAS = re.compile(
    r"bias\s*=\s*False|\b(?:without|no|sin|senza|sans)\s+(?:a\s+|the\s+)?(?:conv\s+)?"
    r"(?:bias|sesgo|biais)\b|\bbias-free\b",
    re.I,
)
_WITH_BIAS = re.compile(  # (and a forward pass adding its bias: "... x_{n,c,i+u,j+v} + b_f")
    r"\+\s*b(?:_\s*[a-z])?[ \t]*(?:\\tag\b|\n|$)|bias\s*=\s*True|\bwith\s+(?:a\s+)?bias\b|"
    r"\bcon sesgo\b|\bbias(?:es)?\s+[a-z]\b|"
    r"\bplus (?:one |a )?bias|\bone bias per\b|\bbias b\b|\bmit Bias\b|"
    r"\bweights and (?:one|a) bias\b",
    re.I,
)
_KINDS = (
    # (French "transposée", Spanish "traspuesta", Italian "trasposta", Portuguese "transposta")
    (
        "transposed",
        re.compile(
            r"ConvTranspose|\btransposed?\b|\bdeconv|\btransponiert|"
            r"\btranspos[ée]e\b|\btra(?:n)?spuest[ao]\b|\btra(?:n)?spost[ao]\b|"
            # Catalan, Polish, Czech, Swedish
            r"\btransposad[ao]\b|\btransponowan\w*|\btransponovan\w*|\btransponerad\w*|"
            # Russian; Chinese, Japanese, Korean (no \b in these scripts)
            r"\bтранспонированн\w*|转置|轉置|転置|전치|"
            # the layer's names in the other languages: "ters evrişim", "обратная свёртка"
            rf"{lexicon.TRANSPOSED_CONV_NAME}|"
            # an output padding: a setting only a transposed convolution has
            r"\boutput[_ ]padding\b",
            re.I,
        ),
    ),
    ("pool", re.compile(r"\bpool\w*|\bagrupamiento", re.I)),
    (
        "dense",
        re.compile(
            # (not "linear in w_k", "y ist linear in x": the adjective, linear in a variable)
            r"\bfully[- ]connected|\bdense\b|\bdensa\b|\bLinear\b(?!\s+(?:in|en|em|im)\b)|"
            r"\blinear layer|"
            r"\btotalmente conectad[oa]|\bcompletamente conness[oa]|\bstrato denso|"
            r"\bvollst[äa]ndig verbunden|\bvollverbunden",
            re.I,
        ),
    ),
    (
        "conv",
        re.compile(
            r"\bconv\w*|\bfilters?\b|\bkernels?\b|\bnúcleo|\bfiltros?\b|Faltung|\bfaltning\w*|"
            r"\bsplot\w*|\bkonvolu\w*|\bsvertk\w*|свёртк\w*|свертк\w*|tích chập",
            re.I,
        ),
    ),
)
# a convolution's number of spatial axes in words: "a 1-D convolution", "conv2d"
_DIMS = (
    (1, re.compile(r"\b(?:1-?D|one-dimensional|eindimensional\w*|unidimensional)\b|\bconv1d\b|"
                   r"\btemporal\s+conv\w*", re.I)),
    (2, re.compile(r"\b(?:2-?D|two-dimensional|zweidimensional\w*|bidimensional)\b|\bconv2d\b",
                   re.I)),
)  # fmt: skip
# nn.Conv2d(3, 16, 5), and a Keras-like Conv1D(4, 8, 3)
_CONSTRUCTOR = re.compile(r"\b(Conv|ConvTranspose)([123])[dD]\s*\(([^()]*)\)")


# sizes of tensors other than the layer's input: "the padded input is 9 x 9", "the input
# gradient", "la entrada rellenada"
_OTHER_TENSORS = re.compile(
    r"\b(?:padded|dilated|upsampled|zero-padded|rellenad[ao]|dilatad[ao])\s+(?:\w+\s+)?"
    r"(?:input|image|entrada|imagen)\b|\b(?:input|entrada)\s+(?:gradient|gradiente)\b|"
    r"\b(?:entrada|input|image|imagen)\s+(?:rellenad[ao]|padded|dilatad[ao])\b",
    re.IGNORECASE,
)


def facts(text: str) -> Facts:
    """Every value each layer fact takes in the passage (in the order written)."""
    return {key: list(values) for key, values in _facts(text).items()}


# Each claim reads the facts of its passage and of the whole document: the same texts over
# and over within a document (the whole of a 20 kB document costs ~25 ms a reading).
@functools.lru_cache(maxsize=256)
def _facts(text: str) -> Facts:
    # a solution's step titles, and its mentions of them, are no strides: "Paso 2:
    # calculamos", "### Krok 3", "Από το βήμα 2 έχουμε"
    text = lexicon.plain_output_padding(without_steps(text))
    # a sum's bounds are indices, not settings: \sum_{p=0}^{2} states no padding
    text = re.sub(r"\\(?:sum|prod)\s*_\s*(?:\{[^{}]*\}|\w\s*=\s*\d+)", " ", text)
    text = one_name_a_line(text)  # "stride, pad = 2, 1": stride = 2; pad = 1
    literal = literal_size_facts(text)  # X = \\begin{pmatrix} ...: a worked example's sizes
    literal = [*literal, *table_facts(text)]  # | H | kernel | stride | over | 17 | 3 | 2 |
    flat = _OTHER_TENSORS.sub(" ", clean(text))
    sided, flat = side_paddings(flat)  # "padding 2 on top": not a padding of every side
    found: Facts = defaultdict(list, sided)
    taken: list[tuple[int, int]] = []
    for name, pattern, keys in _FACTS:
        for m in pattern.finditer(flat):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue  # "3 filters of 2x3x3" read once, not again as "2x3 ... "
            groups = [g for g in m.groups() if g is not None]
            if len(groups) != len(keys):
                continue
            taken.append(m.span())
            if name == "dense_arrow":  # "Schicht 400 -> 120": widths name a dense layer
                found["kind:dense"].append(1)
            if name == "kernel_layer_de":  # "die 3×3-Schicht": a layer with a k x k kernel
                found["kind:conv"].append(1)
            if name in ("signal_length", "input_length"):  # a 1-D input's length, which
                found["length_1d"].append(1)  # is no side of a square map (bound_sizes.py)
            for key, word in zip(keys, groups, strict=True):
                value = _n(word)
                if value not in found[key] or key == "k":
                    found[key].append(value)
            sides = [_n(w) for key, w in zip(keys, groups, strict=True) if key == "k"]
            if len(sides) == 2 and sides[0] == sides[1]:  # a 3 x 3 kernel: a 2-D layer's
                found["dims"].append(2)
    if _PER_CHANNEL.search(flat):  # depthwise: one filter per input channel
        found["per_channel"].append(1)
    keras = False
    for m in _CONSTRUCTOR.finditer(flat):
        keras = _constructor(m, found) or keras
    for key, value in [*input_tuple_facts(flat, keras), *literal]:  # torch.randn(8, 16, 33, 33)
        found[key].append(value)
    for m in _KERNEL_TUPLE.finditer(flat):  # taps numbered from 0: the last index + 1
        found["k"].append(int(m.group(2)) + 1)
    if _CS231N_SHAPES.search(flat):  # x of shape (N, C, H, W), w of shape (F, C, HH, WW)
        for key, m in (("c_in", _C_EQ.search(flat)), ("c_out", _F_EQ.search(flat))):
            if m is not None:
                found[key].append(int(m.group(1)))
    elif _CHANNELS_LETTER.search(flat):  # "X has shape N x C x H x W with C = 3"
        m = _C_EQ.search(flat)
        if m is not None:
            found["c_in"].append(int(m.group(1)))
    if _NCHW.search(flat):  # "`X` is `(2, 3, 5, 5)` (N, C, H, W), `W` is `(4, 3, 3, 3)`"
        for m in _TUPLE_SHAPE.finditer(flat):
            n = [int(m.group(k)) for k in range(2, 6)]
            if m.group(1) in "Xx":
                found["c_in"].append(n[1])
                found["in_h"].append(n[2])
                found["in_w"].append(n[3])
            elif n[2] == n[3]:  # the kernel (C_out, C_in, K, K)
                found["c_out"].append(n[0])
                found["c_in"].append(n[1])
                found["k"].append(n[2])
    if SAME_PADDING.search(flat):  # padding="same": the output side is ceil(H / S)
        found["same"].append(1)
    if _NO_OUTPUT_PADDING.search(flat):
        found["out_pad"].append(0)
        flat = _NO_OUTPUT_PADDING.sub(" ", flat)
    if _NO_PADDING.search(flat):
        found["p"].append(0)
    if _ONE_CHANNEL.search(flat):
        found["c_in"].append(1)
    if _RGB.search(flat):
        found["c_in"].append(3)
    if _NO_BIAS.search(flat):
        found["bias"].append(0)
    if _WITH_BIAS.search(flat):
        found["bias"].append(1)
    for dims, pattern in _DIMS:
        if pattern.search(flat):
            found["dims"].append(dims)
    for kind, pattern in _KINDS:
        # "transposed convolution" names one kind: its "convolution", and its kernel, are
        # no other layer; a convolution beside it is one only by its own name
        if kind == "conv" and found.get("kind:transposed"):
            pattern = _CONV_NAME
            text = _TRANSPOSED_PHRASE.sub(" ", flat)
        else:
            text = flat
        if kind == "transposed":
            named = any(not _explains_gradient(text, m.start()) for m in pattern.finditer(text))
        else:
            named = bool(pattern.search(text))
        if named:
            found[f"kind:{kind}"].append(1)
    return {k: _distinct(v) for k, v in found.items()}


# 'same' padding, as code sets it or prose names it: padding="same", padding='SAME',
# "same padding", "'same'-Padding", "relleno 'same'"
SAME_PADDING = re.compile(
    r"\bpadding\s*=\s*['\"]same['\"]|['\"]same['\"]\s*[-‐]?\s*(?:padding|Padding|relleno)|"
    # ("the same padding as before" is another layer's padding again, not 'same')
    r"\bsame[- ]padding\b(?!\s+(?:as|than|like)\b)|"
    r"\b(?:padding|relleno|remplissage)\s+['\"]?same\b",
    re.IGNORECASE,
)
_GRADIENT = re.compile(rf"\b(?:{lexicon.GRADIENT_WORDS})\b", re.IGNORECASE)
_LAYER_NAME = re.compile(lexicon.TRANSPOSED_CONV_NAME, re.IGNORECASE)
_CONV_NAME = re.compile(r"\bconv\w*|\bFaltung|\bconvoluci\w*", re.I)
_TRANSPOSED_PHRASE = re.compile(
    rf"\bconv\w*[_ ]?transpose\w*|ConvTranspose\w*|{lexicon.TRANSPOSED_CONV_NAME}", re.I
)


_CS231N_SHAPES = re.compile(r"\(\s*F\s*,\s*C\s*,\s*HH\s*,\s*WW\s*\)")
# a shape written in PyTorch's letters, C the channels: N x C x H x W, C x K x K
_CHANNELS_LETTER = re.compile(r"\bN\s*x\s*C\s*x\s*H\s*x\s*W\b|\bC\s*x\s*K\s*x\s*K\b")
_NCHW = re.compile(r"\(\s*N\s*,\s*C\s*,\s*H\s*,\s*W\s*\)|\bNCHW\b")
_TUPLE_SHAPE = re.compile(
    r"(?<![\w\\])([XxW])\s+(?:is|has shape|of shape|:)\s+\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*,"
    r"\s*(\d+)\s*\)"
)
_C_EQ = re.compile(r"(?<![\w\\])C\s*=\s*(\d+)(?![\d.])")
_F_EQ = re.compile(r"(?<![\w\\])F\s*=\s*(\d+)(?![\d.])")


def _without_suppositions(line: str) -> str:
    if supposition(line) is None:
        return line  # (the common case: no sentence of the line supposes a change)
    return " ".join(part for part in sentences(line) if supposition(part) is None)


def _explains_gradient(text: str, at: int) -> bool:
    """Whether the transposed convolution named at ``at`` is the predicate of a sentence
    that explains the backward pass ("the input gradient is a transposed convolution",
    "градиент по входу вычисляется транспонированной свёрткой"): what backpropagation
    computes, not the layer.  Named as the sentence's subject ("Transponierte Faltung ist
    einfach der Gradient der Faltung", "The transposed convolution is the gradient of ...")
    the notes are about that layer."""
    if not _LAYER_NAME.match(text, at):
        return False  # "output_padding", "ConvTranspose2d": the layer's own settings or code
    sentence = sentence_around(text, at)
    lead = text[sentence_start(text, at) : at]
    return bool(_GRADIENT.search(sentence)) and len(re.findall(r"\w+", lead)) > 2


def _distinct(values: list[int]) -> list[int]:
    out: list[int] = []
    for v in values:
        if v not in out:
            out.append(v)
    return out


def _constructor(m: re.Match, found: Facts) -> bool:
    """``nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1)``; whether the call is
    Keras's."""
    args = [a.strip() for a in m.group(3).split(",") if a.strip()]
    keras = keras_call(
        m.group(0).split("(")[0].strip(), args
    )  # Conv2D(32, 3, strides=2): filters and kernel, no channels in
    names = ["c_out", "k", "s"] if keras else ["c_in", "c_out", "k", "s", "p"]
    keyword = KERAS_KEYWORDS if keras else {
        "in_channels": "c_in",
        "out_channels": "c_out",
        "kernel_size": "k",
        "stride": "s",
        "padding": "p",
        "bias": "bias",
        "output_padding": "out_pad",
        "dilation": "d",
        "groups": "g",
    }  # fmt: skip
    for i, arg in enumerate(args):
        key, eq, value = arg.partition("=")
        name = keyword.get(key.strip()) if eq else (names[i] if i < len(names) else None)
        value = value.strip() if eq else key
        if name is None:
            continue
        if value in ("True", "False"):
            found[name].append(int(value == "True"))
        elif value.isdigit():
            found[name].append(int(value))
        elif name == "p" and value.strip("'\"") == "valid":  # Keras: no padding
            found[name].append(0)
    given = {keyword.get(a.partition("=")[0].strip()) for a in args if "=" in a}
    given |= set(names[: sum("=" not in a for a in args)])  # (3, 16, 5, 2, 1): by position
    if sum("=" not in a for a in args) > len(names):  # (..., 1, 1, 2): positions not read
        given |= {"s", "p", "d", "g", "bias", "out_pad"}
    # a call that sets no stride (padding, dilation, groups, bias) builds PyTorch's default:
    # ``ConvTranspose2d(1, 1, kernel_size=3, dilation=2)`` has stride 1 whatever the layer of
    # the sentence before had (Keras's defaults too: strides 1, padding "valid")
    defaults = {"s": 1, "p": 0, "d": 1, "g": 1, "bias": 1}
    if m.group(1) == "ConvTranspose":  # builds an undilated (ungrouped, biased) layer,
        defaults["out_pad"] = 0  # whatever other layers of the notes use
    for key, value in defaults.items():
        if key not in given:
            found[key].append(value)
    found[f"kind:{'transposed' if m.group(1) == 'ConvTranspose' else 'conv'}"].append(1)
    found["dims"].append(int(m.group(2)))  # Conv1d: a filter of c_in·k weights
    return keras


# ------------------------------------------------------------------ passages
# "~~$H_{out} = 6$~~ (that needs `output_padding=1`)": what another answer would need, a
# setting of another layer, not of the claim's
_REQUIREMENT = re.compile(
    r"\((?:that|which|this|it|eso|esto)?\s*(?:needs|would need|requires|would require|"
    r"necesita|necesitar[íi]a|requiere|requerir[íi]a|har[íi]a falta)\b[^)]*\)"
    r"|[,;:—–]\s*(?:that|which|this|eso|esto)\s+(?:needs|would need|requires|would require|"
    r"necesita|necesitar[íi]a|requiere|requerir[íi]a)\b[^.;]*",
    re.IGNORECASE,
)


def passages(document: list[str], line: int, sentence: str) -> list[tuple[str, str]]:
    """(name, text) of the passages around the claim on ``line``, nearest first: its own
    sentence (without what another answer would need), its paragraph, the lines since its
    block's title, and each block above up to a numbered question or part (not beyond it)."""
    out = [("its sentence", _REQUIREMENT.sub(" ", sentence))]
    # (around the claim's own sentence, a sentence supposing another layer -- "Còn nếu thêm
    # padding $p = 1$ thì ...", "If we add padding $p = 1$, ..." -- states the variant's
    # settings, not the layer's; in the claim's own sentence they are the claim's case)
    document = [
        _without_suppositions(_REQUIREMENT.sub(" ", row)) for row in document[: max(0, line)]
    ]
    answer = answered(document, line)
    if answer is not None:  # "**5.7.1.** $H_{out} = ...$" under "## Answers": its exercise's
        head, first, question = answer
        out.append((f"{CLOSED} (line {head})", "\n".join(document[head - 1 : line])))
        if first is not None:
            out.append((f"{CLOSED} (line {first})", question))
        return out
    lines = document[: max(0, line - 1)]
    own = document[line - 1] if 1 <= line <= len(document) else ""
    start = len(lines)
    bullet = _BULLET.match(own) is not None  # a bullet is a passage of its own
    while (
        not bullet and start > 0 and lines[start - 1].strip() and not _is_border(lines[start - 1])
    ):
        start -= 1
        bullet = _BULLET.match(lines[start]) is not None
    # a bullet or numbered item starting the claim's own line is its own title: the item
    # above it ("5. ... on a 9x9 input") is another question, not this one's heading
    own_item = bullet and start == len(lines)
    bordered = not own_item and start > 0 and _is_border(lines[start - 1])
    title = lines[start - 1] if bordered else ""
    paragraph = "\n".join([title, *lines[start:], own])
    if _HARD.match(own) or _HARD.match(title) or (start > 0 and _HARD.match(lines[start - 1])):
        out.append((f"{CLOSED} (line {start + 1})", paragraph))
        stem = _stem(lines, start - 1 if bordered or start > 0 else start)
        if stem is not None:  # "**a) Longitud de la salida.**": its problem's statement too
            out.append((f"{CLOSED} (line {stem[0] + 1})", stem[1]))
        return out
    out.append((f"its paragraph (line {start + 1})", paragraph))
    end = start - (1 if title else 0)
    while end > 0:
        begin = end
        while begin > 0 and not _is_border(lines[begin - 1]):
            begin -= 1
        head = lines[begin - 1] if begin > 0 else ""
        block = "\n".join([head, *_without_cases(lines[begin:end])])
        if _HARD.match(head):
            out.append((f"{CLOSED} (line {begin})", block))
            stem = _stem(lines, begin - 1)
            if stem is not None and not any(re.match(r"\s*#", t) for t in lines[begin:]):
                # (a part above a heading the claim stands under is another question's)
                out.append((f"{CLOSED} (line {stem[0] + 1})", stem[1]))
            break
        out.append((f"the block of line {max(begin, 1)}", block))
        if begin == 0:
            break
        end = begin - 1
    return out


CLOSED = "its question or part"
# a lettered part of a question: "**a)**", "(b)", "(iii)"
_PART = re.compile(r"^\s*(?:\*\*|__)?\s*(?:\((?:[a-h]|[ivx]+)\)|[a-h]\))", re.IGNORECASE)


def _stem(lines: list[str], title: int) -> tuple[int, str] | None:
    """(first line, text) of the statement a lettered part's question opens with: the lines
    from the question's heading (or numbered title) to its first part, which every part
    reads; None when the part at ``title`` is no lettered part or has no such stem."""
    if not 0 <= title < len(lines) or not _PART.match(lines[title]):
        return None
    first = title
    for k in range(title - 1, -1, -1):
        if _PART.match(lines[k]):
            first = k
        elif re.match(r"\s*#", lines[k]) or _HARD.match(lines[k]):
            stem = [t for t in lines[k:first] if t.strip()]
            return (k, "\n".join(stem)) if len(stem) > 1 else None
    return None


_BULLET = re.compile(r"^\s*(?:[-*+]|\d+\.)\s")


def _without_cases(rows: list[str]) -> list[str]:
    """A block's lines without its list of worked cases: where two or more items each state
    an input of their own ("- $H = 28$, $K = 5$ : ...", "- $H = 10$, $K = 3$, $D = 2$ :
    ..."), each item is a case of its own, and what one of them sets (D = 2) is no setting
    of the block for a claim below it.  A list that states the input once is the block's
    layer and stays."""
    cases = [k for k, row in enumerate(rows) if _BULLET.match(row) and "in_h" in facts(row)]
    if len(cases) < 2:
        cases = []
    # "Mit $d = 2$, $p = 0$ und Stride $s = 2$: $H_{out} = ...$", "With $p = 2$: $H = ...$":
    # a line whose lead-in sets a case for the claim after its colon; its settings are that
    # claim's, not the block's for a claim in a paragraph below (its sibling case)
    cases += [k for k, row in enumerate(rows) if _CASE_ROW.match(row) and facts(row.split(":")[0])]
    return [row for k, row in enumerate(rows) if k not in cases]


_CASE_ROW = re.compile(
    r"^\s*(?:[-*+]\s+|\d+\.\s+)?(?:\*\*|__)?\s*(?:mit|with|for|con|para|pour|avec|com|per|"
    r"für|bei|ohne|without|sin|sans|sem|if|si|wenn|cuando|quand|se|taking|using|"
    r"tomando|usando)\b[^:\n]{0,160}:\s*(?:\*\*|__)?\s*\$[^$]*=",
    re.IGNORECASE,
)


def _is_border(text: str) -> bool:
    return bool(_HARD.match(text) or _SOFT.match(text))


def hard_border(text: str) -> bool:
    return bool(_HARD.match(text))
