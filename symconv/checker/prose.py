"""Layer facts stated in prose, in English and Spanish.

"input x is 5x5, filter 3x3, stride 2, no bias", "entrada de 4×4, filtro de 2×2 (índices
desde 1)", "a $28 \\times 28 \\times 1$ image", "padding 1", "sin sesgo".  A size belongs
to the nearest role word before it in the same clause ("input x is 5x5"), else to one
right after it ("a 3x3 kernel").  Words are matched, never evaluated.
"""

from __future__ import annotations

import re

from symconv.checker import lexicon
from symconv.checker.api_signatures import without_signatures
from symconv.checker.dilation_prose import dilation_facts
from symconv.checker.earlier_parts import without_earlier_parts
from symconv.checker.evaluated_sizes import evaluated_size
from symconv.checker.formula_case import FORMULA_CASE
from symconv.checker.letter_size_words import sized_letters
from symconv.checker.letter_sizes import plain_size_name
from symconv.checker.numbered_steps import without_step_labels
from symconv.checker.parameter_settings import setting_facts
from symconv.checker.prose_sentences import (
    before_what_ifs,
    facts_outside_what_ifs,
    sentence_around,
    sentences,
)
from symconv.checker.supposed_change import supposes_change
from symconv.checker.tap_prose import tap_facts
from symconv.checker.written_names import SIZE_NAMES

_ROLES = {
    "input": r"inputs?|images?|entradas?|imagen|im[áa]genes|señal|signal|previous activations?|"
    # Dutch, Turkish, Polish, Russian: "invoer", "giriş", "wejście", "вход"; in their cases
    # too ("применяется к входу 3x3", "на входе", "na wejściu 5x5", "girişe", "girdiye"):
    # the case ending alone must not leave the size to a role word further back
    r"invoer|invoerbeeld|giri[şs](?:e|i|in|te|ten)?|girdi(?:ye|si|nin)?|wej[śs]ci(?:e|a|u|em)|"
    r"obraz(?:ek)?|вход(?:а|у|е|ом|ы|ов|ное|ной|ного|ному|ным)?|изображени(?:е|я|ю|ем|и)|"
    r"sygna[łl](?:u|em)?|sign[áa]l(?:u)?|сигнал(?:а|у|е|ом|ы|ов)?|"
    r"ingresso|immagine|immagini|segnale|entr[ée]es?|Eingabe|Eingabebild|Eingangssignal|Bild|"
    r"(?:map|matrix|feature map) of entrance|"  # "the map of entrance" (Portuguese "entrada")
    # Greek, Vietnamese, Turkish: "η είσοδος", "đầu vào", "girdi"
    r"είσοδο[ςι]?|εισόδου|đầu vào|(?:hình )?ảnh|girdi|"
    r"canales|input channels|"
    r"imagem|imagens|canais|sinal|"  # Portuguese: "3 canais de 5 x 5", "imagens de 28 x 28"
    r"activaci[óo]n(?:es)? (?:de la capa )?(?:previa|anterior)|"
    # "recibe una activación $a^{l-1}$ de 6x6", "el mapa $a^{(l-1)}$": the previous layer's
    r"(?:(?:activations?|activaci[óo]n(?:es)?)(?:\s+maps?)?|maps?|mapas?|cartes?)"
    r"(?=\s+\$?\s*[A-Za-z]\s*\^\s*\{?\s*[\[(]?\s*l\s*-\s*1)",
    "kernel": r"kernels?|filters?|filtros?|n[úu]cleos?|(?:pooling )?windows?|ventanas?|"
    r"filtri|noyaux?|filtres?|fen[êe]tres?|Kerns?|Kernes|Faltungskerns?|Faltungskernes|"
    r"kern(?:en)?|filter|[çc]ekirde(?:k|ği)|j[ąa]dr(?:o|em)|ядр(?:о|а|ом|е|у)|"
    r"фильтр(?:а|ы|ом|у|е|ов|ами)?|"
    # Polish "6 filtrów 5x5", "filtrem 3x3"
    r"filtr(?:y|ów|ow|em|ami)?|"
    r"πυρήνα[ς]?|φίλτρο|bộ lọc",
    "output": r"outputs?|salidas?|sa[íi]das?|feature maps?|mapas? de caracter[íi]sticas|"
    r"activation maps?|uscita|sorties?|Ausgabe|uitvoer|[çc][ıi]k[ıi][şs](?:a|ı|ın|ta|tan)?|"
    r"wyj[śs]ci(?:e|a|u|em)|выход(?:а|у|е|ом|ы|ов|ной|ное|ного)?|"
    r"έξοδο[ςι]?|εξόδου|đầu ra",
}
# a pooling window by its side: "window 3", "ventana de 3", "fenêtre 2", "Fenster 2" (a
# square window; "window 2x3" is read by the sizes above, "window of 3 values" is 1-D prose)
_WINDOW_SIDE = re.compile(
    r"\b(?:(?:pooling\s+)?window|ventana|fen[êe]tre|finestra|Fenster)\s+"
    r"(?:size\s+|de\s+tamaño\s+|de\s+taille\s+)?(?:of\s+|de\s+|=\s*)?(\d{1,2})\b"
    r"(?!\s*(?:x|×|by|\\times|\d|values|valores|entries|entradas|times|veces|fois|mal)\b)",
    re.IGNORECASE,
)
_MAP_WORD = re.compile(r"(?:feature|activation)\s+maps?|mapas?\s+de\s+caracter", re.IGNORECASE)
_ROLE = re.compile(
    "|".join(f"(?P<{k}>{lexicon.word(v, lexicon.ROLES_CJK[k])})" for k, v in _ROLES.items()),
    re.IGNORECASE,
)
# (a CJK character beside the digits is no part of them: "输入为7x7的矩阵")
_NOT_LATIN = rf"[^\W{lexicon.CJK_LETTERS}]"
_SIZE = re.compile(
    rf"(?<!{_NOT_LATIN})(?<!\.)(\d{{1,4}})\s*x\s*(\d{{1,4}})(?:\s*x\s*(\d{{1,4}}))?"
    rf"(?!{_NOT_LATIN}|\.\d)"
)
_LENGTH = re.compile(
    # (Italian "di lunghezza 8", Portuguese "de comprimento 8", French "de longueur 8", German
    # "der Länge 8")
    r"\b(?:of (?:length|size)|de (?:longitud|tamaño)|length|longitud|di lunghezza|lunghezza|"
    r"de comprimento|comprimento|de longueur|longueur|der Länge|Länge|"
    # Polish "ma długość 8", "o długości 8"; Dutch "lengte 8"; Czech "délky 8"
    r"o d[łl]ugo[śs]ci|d[łl]ugo[śs][ćc]|d[łl]ugo[śs]ci|lengte|d[ée]lk[ay]|"
    # Russian "вход $x$ длины 6", "ядро длиной 3", "длина 6"
    r"длин(?:ы|ой|а|ою))\s*"
    # "of length 7", "of length $n = 7$", "kernel $w$ of length $K = 3$"
    r"(?:[A-Za-z](?:_\s*\{?\s*\w+\s*\}?)?\s*=\s*)?(\d{1,4})\b(?!\s*x\s*\d)",  # not "of size 4 x 4"
    re.IGNORECASE,
)
_NUMBER = (
    # "stride 2", "stride = 2", "a stride-2 layer", "a stride-1 'same' convolution": the
    # hyphen joins the word to its number only before a layer's noun ("insert stride-1
    # zeros" is stride minus one)
    r"(?:-(?=\d{1,3}\s+(?:[`'\"]+\w+[`'\"]+\s+)?(?:layers?|conv\w*|capas?|couches?|"
    r"Schicht\w*|camadas?|strat[oi]|pool\w*)\b)|"
    r"(?:of|de|di|von|=|:|is set to|is|es|igual a|equal to|set to)\s*)?"
    # (not the start of arithmetic: "unaffected by padding: $P = 4 \cdot 4 \cdot 16 + 16$"
    # computes a count named P, it sets no padding 4)
    r"(?:[a-z]\s*=\s*)?(\d{1,3})\b(?!\s*(?:\\cdot|\*|/|\+|-)\s*\d)"
)
_GLOSS = r"(?:\(\s*[a-z]+\s*\)\s*)?"  # "paso (*stride*) 2": the word in the other language
_STRIDE = re.compile(
    # French "pas 2", "un pas de 2" (the word alone is also the negation: a number must follow)
    rf"\b(?:{lexicon.STRIDE_PLAIN}|"
    # Spanish / Italian / Portuguese "paso 2", "passo 2": also a numbered step, in a
    # heading ("### Paso 2. La derivada", "**Passo 2**") or before a colon ("Paso 2: ...")
    r"(?<!# )(?<!#)(?<!\*\*)(?:paso|passo)(?!\s*\$?\s*\d+\s*\$?\s*(?::|\*\*))|"
    r"pas(?=\s*(?:de\s*|=\s*|:\s*)?\$?\s*\d)|"
    # Dutch "stap 1", Turkish "adım 2", Polish "krok 2", Russian "шаг 2", Vietnamese "bước 2",
    # Greek "βήμα 2": each word is also any "step", so only a number right after it that no
    # colon follows ("Stap 2: ...", "Bước 2: ...", "Βήμα 2: ...")
    # (Russian "сдвиг 2", the window's shift; Indonesian "langkah 2")
    r"(?:stap|ad[ıi]m|krok(?:iem)?|шаг(?:ом)?|сдвиг(?:ом)?|bước(?:\s+(?:nhảy|trượt))?|"
    r"βήμα(?:τος)?|langkah|(?:ب|و)?(?:ال)?خطوة)"
    r"(?=\s*(?:=\s*)?\$?\s*\d+\s*\$?(?!\s*[:\d])))\b\s*" + _GLOSS + _NUMBER,
    re.IGNORECASE,
)
# Chinese, Japanese, Korean: "步长为 2", "步幅是2", "ストライドは 2", "스트라이드는 2" (no \\b
# in those scripts, lexicon.STRIDE_CJK)
# (and Hindi "स्ट्राइड 2")
_STRIDE_CJK = re.compile(rf"(?:{lexicon.STRIDE_CJK}){lexicon.CJK_IS}(\d{{1,3}})(?!\d|\.\d)")
# "passo (stride) unitario", "unit stride", "pas unitaire", "un pas unité", "Schrittweite
# eins": a stride of 1 in words
_UNIT_STRIDE = re.compile(
    r"\b(?:(?:stride|paso|passo|pas|Schrittweite)\s*" + _GLOSS + r"(?:unitari[oa]|unitaire|"
    r"unité|unit[áa]rio|unit|uno|one|eins)|unit[- ]stride)\b",
    re.IGNORECASE,
)
# padding in words (lexicon.PADDING): Dutch "opvulling", Turkish "dolgu", Polish
# "dopełnienie", Russian "отступ", Vietnamese "đệm"
_PADDING = re.compile(r"\b(?:" + lexicon.PADDING + r")\b\s*" + _GLOSS + _NUMBER, re.IGNORECASE)
_PADDING_CJK = re.compile(rf"(?:{lexicon.PADDING_CJK}){lexicon.CJK_IS}(\d{{1,3}})(?!\d|\.\d)")
# a transposed convolution's output_padding=1, "output padding 1", "relleno de salida 1"
# (every language's name, lexicon.plain_output_padding: "output_padding 为 1" after "输出填充为 1")
_OUTPUT_PADDING = re.compile(
    r"\b(?:output[_ -]padding|relleno de salida)\b`?\s*(?:为|為|は|는|은)?\s*" + _GLOSS + _NUMBER,
    re.IGNORECASE,
)
# "Symbol $\star$ značí vzájemnou korelaci bez doplnění", "$*$ denotes the valid correlation
# (no padding)": what an operator symbol means, not the layer's padding
_DEFINES_OPERATOR = re.compile(
    r"\$\s*(?:\\star|\\ast|\*|\\circledast|\\otimes)\s*\$\s*(?:\S+\s+){0,2}?"
    r"(?:denotes|means|stands for|is|značí|označuje|bezeichnet|steht für|désigne|note|"
    r"denota|indica|significa|es|é|est|oznacza|betekent)\b",
    re.IGNORECASE,
)
_PAD_WORD = re.compile(
    r"\b(?:padding|relleno)\s*(?:=|:|->|\\rightarrow|→|de)?\s*"
    r"(valid|same|full)\b|\b(valid|same|full)\s+padding\b"
    r"|\b(" + lexicon.NEGATION + r"|nessun|без)\s+"
    r"(?:zero[- ])?(?:" + lexicon.PADDING + r")\b"
    r"|\b(?:dolgu\s+yok|dolgusuz)\b|(?:" + lexicon.NO_PADDING_CJK + r")",
    re.IGNORECASE,
)
# an operation named with its valid mode just before a "no padding" ("faire une corrélation
# valide sans padding", "a valid cross-correlation (no padding)", "eine gültige Korrelation
# ohne Padding"): the words gloss what "valid" means for that operation (G \star W written
# out after cropping, say), as "valid mode means p = 0" does; they state no layer's padding
_OPERATION = (
    r"(?:cross[- ]?)?(?:correlations?|convolutions?|corr[ée]lations?|correlaci[óo]n(?:es)?"
    r"|convoluci[óo]n(?:es)?|correla[çc][ãa]o|convolu[çc][ãa]o|correlazion[ei]|convoluzion[ei]"
    r"|Korrelation(?:en)?|Faltung(?:en)?|Kreuzkorrelation(?:en)?)"
)
_VALID = r"(?:valid|valides?|v[áa]lid[ao]s?|g[üu]ltigen?|g[üu]ltige)"
_VALID_OPERATION = re.compile(
    rf"(?:\b{_VALID}\s+{_OPERATION}|\b{_OPERATION}(?:\s+crois[ée]es?|\s+cruzada)?\s+"
    rf"(?:[«\"“]\s*)?{_VALID}(?:\s*[»\"”])?)\s*[,(]?\s*(?:with|avec|con|com|mit|i\.e\.)?\s*$",
    re.IGNORECASE,
)
# a bold title opening the line: what the paragraph is about, not a case it sets aside
_TITLE = re.compile(r"^\s*(?:\*\*|__)[^*_\n]{1,80}(?:\*\*|__)")
# a clause about another case than the layer's own: a mistake shown, a what-if
_OTHER_CASE = re.compile(
    r"\b(?:instead of|rather than|en lugar de|en vez de|si se olvida|if (?:one|you) forg[eo]t"
    r"|common (?:mistake|error)|error (?:com[úu]n|frecuente)"
    # "Teil (b) fragt nach einem 6x6-Bild": a part asks about another layer than the notes'
    r"|(?:Teil|part|parte|partie)\s*\(?[a-z0-9]\)?\s+(?:fragt nach|asks? (?:about|for)|"
    r"pregunta por|demande|chiede)"
    # "en la primera versión puse ..., copiado del caso sin relleno": an earlier attempt's
    r"|(?:en )?(?:la |my )?primera versi[óo]n|(?:my )?first (?:version|try|attempt)"
    r"|primer intento|copiad[oa]s? del?|copied from"
    # "For comparison, average pooling would share each gradient": another layer, compared
    r"|(?:for|by|in) comparison|en comparaci[óo]n|por comparaci[óo]n|zum Vergleich"
    r"|im Vergleich|par comparaison|en comparaison|per confronto|para compara[çc][ãa]o"
    r"|ter vergelijking|dla por[óo]wnania"
    # "the next post does the same for average pooling": another post's or lecture's layer
    r"|(?:the|a|our|my|in the|in a) (?:next|following|later|future|upcoming) (?:post|article|"
    r"lecture|chapter|notebook|video|lesson|week|part|installment)s?|next time"
    r"|(?:la|el|en la|en el) (?:pr[óo]xima|siguiente|pr[óo]ximo) (?:clase|entrada|lecci[óo]n|"
    r"cap[íi]tulo|art[íi]culo|semana)|(?:le|la|au|dans le|dans la) (?:prochaine?|suivante?) "
    r"(?:billet|cours|chapitre|s[ée]ance|article|le[çc]on)|(?:im|in der) n[äa]chsten "
    r"(?:Beitrag|Kapitel|Vorlesung|Artikel|Woche|Teil)|(?:nella|nel) prossim[ao] (?:lezione|"
    r"post|capitolo|articolo)|(?:na|no) pr[óo]xim[ao] (?:aula|post|cap[íi]tulo|artigo))\b"
    # the same without an article, as a notebook's or a diary's aside starts ("Next week:
    # same thing with a 6x6 input", "La semaine prochaine : ...", "Nächste Woche ...",
    # "다음 주에는 ..."): a later session's layer, never this one's
    r"|\bnext (?:week|lecture|class|lesson|session|notebook|post|chapter|video|installment)\b"
    r"|\b(?:semaine|s[ée]ance) prochaine\b|\bprochaine (?:semaine|s[ée]ance)\b"
    r"|\bn[äa]chste (?:Woche|Vorlesung|Stunde|Sitzung)\b"
    r"|\b(?:pr[óo]xima|siguiente) (?:semana|clase|sesi[óo]n|aula)\b|\bsemana que viene\b"
    r"|\bprossim[ao] (?:settimana|lezione)\b|\bvolgende (?:week|les|college)\b"
    r"|다음\s?(?:주|시간|강의|수업)|下(?:周|週|节课|節課|次课)|来週|次回"
    # a setting that names a formula's case ("para quien use la fórmula de paso 1", "the
    # formula for stride 1", "the stride-1 formula", "la formule du pas 1", "步长为 1 的公式"):
    # the case the formula was derived for, not the layer's setting (formula_case.py)
    rf"|{FORMULA_CASE}",
    re.IGNORECASE,
)
# a question about what a changed setting changes ("(d) What changes with padding 1?", "¿Qué
# cambia con relleno 1?", "Was ändert sich mit Padding 1?"): it supposes another layer, so the
# setting it names is the variant's, never the layer's that the notes state beside it
_CHANGE_QUESTION = re.compile(
    r"(?:\bwhat\s+(?:changes|happens|is\s+different|would\s+change)|\bhow\s+(?:does|do|would)\s"
    r"[^?]{0,80}?\bchange|\bqu[ée]\s+(?:cambia|pasa|ocurre|cambiar[íi]a)|\bqu['’]est-ce\s+qui\s+"
    r"(?:change|se\s+passe)|\bque\s+se\s+passe-t-il|\bwas\s+(?:ändert|passiert|geschieht)"
    r"|\b(?:cosa|che\s+cosa)\s+(?:cambia|succede)|\bo\s+que\s+(?:muda|acontece))[^?]*\?",
    re.IGNORECASE,
)
# "**Identities (any sizes, stride 1)**": where general identities hold, not the notes' layer
_GENERAL = re.compile(r"\b(?:any|all|arbitrary) (?:sizes|shapes)\b", re.IGNORECASE)
# a sentence that shows a wrong answer or a what-if: the sizes it names are the wrong
# answer's ("Wrong answer seen a lot (filters taken as 3x3x1): P = 20"), never the layer's;
# read as facts they would make the wrong answer the layer, and the wrong count verified
_WRONG_CASE = re.compile(
    r"\b(?:wrong|incorrect|mistaken(?:ly)?|mistakes?|slip|erroneous(?:ly)?|deduction"
    r"|incorrect[oa]s?|err[óo]neos?|err[óo]neas?|equivocad[oa]s?|mal(?:amente)?|errores?"
    r"|what if|would (?:be|give|get)|(?:you|we|one|it|that)['’]d (?:be|give|get|have)"
    r"|taken as|tomad[oa]s? como|ser[íi]a|dar[íi]a"
    r"|if (?:one|you|we|a student)|si (?:uno|se|alguien|un alumno)"
    # the same supposition in other languages: "if we / one" (Finnish by its passive verb)
    r"|wenn (?:man|wir)|falls (?:man|wir)|als (?:je|we|men)|om (?:vi|man)|se (?:si|usiamo|"
    r"usassimo|usarmos|us[áa]ssemos)|jos (?:taas )?(?:lis[äa]t[äa][äa]n|k[äa]ytet[äa][äa]n|"
    r"otetaan|valitaan|me)|je[śs]li (?:u[żz]yjemy|dodamy|we[źz]miemy)|gdyby[śs]my|"
    r"pokud (?:pou[žz]ijeme|p[řr]id[áa]me)|kdybychom|jika (?:kita|kami)|kalau (?:kita|kami)|"
    r"e[ğg]er|если (?:мы|бы)"
    # a condition contrary to the layer: "Si la capa del mig fos depthwise (...), tindria",
    # "si la capa fuera ...", "se a camada tivesse ...", "if the layer were ...", "wenn die
    # Schicht ... wäre"; Catalan's conditional "tindria", "serien", "hauria"
    # (a question, "¿Y si la capa tuviera padding 1?", asks for that layer: counterfactual.py)
    r"|si\s+(?:[\w'’]+\s+){0,6}?(?:fos|fossin|fuera|fueran|fuese|fuesen|tuviera|tuvieran"
    r"|tingu[ée]s|tinguessin|fosse|fossero|avesse)(?![^.;!]*\?)"
    r"|se\s+(?:[\w'’]+\s+){0,6}?(?:fosse|fossem|tivesse|tivessem|avesse|usasse)(?![^.;!]*\?)"
    r"|if\s+(?:[\w'’]+\s+){0,6}?were(?![^.;!]*\?)"
    r"|wenn\s+(?:[\w'’]+\s+){0,6}?(?:w[äa]re|h[äa]tte)(?![^.;!]*\?)"
    r"|tindri?en|tindria|serien|haur[íi](?:a|en)"
    # "en la primera versión puse ..., copiado del caso sin relleno, y el test falló"
    r"|(?:my |mi |la |the )?(?:first|primera?) (?:version|try|attempt|versi[óo]n|intento)"
    r"|(?:the |el |del |a |un )?(?:case|caso) (?:without|with no|sin|sans) (?:padding|relleno)"
    r"|fall[óo]|failed"
    # a tempting wrong way of writing it: "resist the temptation to write it as a stride-2
    # correlation (2x2 windows ...)", "ojo con la tentación de escribirlo como", "il est
    # tentant d'écrire", "die Versuchung": the sizes it names are the temptation's
    r"|tempt(?:ation|ing|ed)|tentaci[óo]n|tentador[a]?|tentation|tentant[e]?|tentazione"
    r"|allettante|Versuchung|verleitet"
    # French: "Erreur fréquente. Reprendre la formule du pas 1", "au lieu de", "oublier"
    r"|erreurs?|fausses?|faux|oubli(?:er|e)?|au lieu de|reprendre|si l['’]on|on aurait)\b"
    rf"|{lexicon.WRONG_CJK}",  # (no \b in those scripts)
    re.IGNORECASE,
)
_NO_BIAS = re.compile(
    # German, French, Italian, Portuguese, Dutch, Polish, Russian, Greek too: "kein Bias",
    # "sans biais", "χωρίς bias"
    r"\b(no|sin|without|without a|kein(?:en)?|ohne|sans|senza|sem|geen|zonder|bez|без|χωρίς)\s+"
    r"(bias|sesgos?|biais|vi[ée]s|смещени[яе])(?!\w)|\bbias[- ]free\b"
    r"|\bno (?:tiene|lleva|hay) sesgo",
    re.IGNORECASE,
)
# "one bias per filter", "un sesgo por filtro", "with a bias", "con sesgo"
_A_BIAS = re.compile(
    r"\b(?:bias(?:es)?|sesgos?)\s+(?:[A-Za-z](?:\s*\{?\s*[a-z]\s*\}?)?\s+)?(?:per|por|for each|"
    r"para cada)\s+(?:filter|filtro|output channel|canal de salida)\b"
    # "with a bias", "con sesgo", "mit Bias", "avec biais", "z biasem", "com viés"
    rf"|\b(?:{lexicon.WITH})\s+(?:a\s+|un\s+|une\s+|einem\s+)?(?:{lexicon.BIAS})(?!\w)"
    # "one bias per channel", "un sesgo por canal", "each filter has its own bias"
    r"|\b(?:one|a|an|un|una)\s+(?:bias|sesgo)\s+(?:per|por|for each|for every|para cada)\s+"
    r"(?:output\s+|de salida\s+)?(?:channel|filter|feature map|map|canal|filtro|mapa)"
    r"|\b(?:each|every|cada)\s+(?:output\s+)?(?:channel|filter|canal|filtro)(?:\s+de salida)?"
    r"\s+(?:has|gets|carries|tiene|lleva)\s+(?:its own|a|an|one|su propio|un)\s+(?:bias|sesgo)\b"
    # "The filter has one scalar bias", "the kernel has a single bias", "el filtro tiene un
    # sesgo escalar": one filter's bias
    r"|\b(?:filter|kernel|filtro|n[úu]cleo)\s+(?:\S+\s+)?(?:has|tiene|lleva)\s+(?:a|an|one|"
    r"a single|un|un [úu]nico)\s+(?:scalar\s+|single\s+)?(?:bias|sesgo)\b",
    re.IGNORECASE,
)
# "indices start at 0", "indices that begin in 0", "índices que comienzan en 1"
# "Índices a partir de 0", "gli indici partono da 1", "les indices commencent à 0",
# "Indizes beginnen bei 1"
_BASE_WORDS = (
    # (and the verb: "indexamos desde 1", "we index from 0", "indexons à partir de 1")
    r"(?:[íi]ndices?|indices|indici|Indizes|indexing|indexaci[óo]n|indexamos|indexons|"
    r"we index|indicizziamo|indexieren wir)\s+"
    r"(?:(?:that|which|que|qui|che)\s+)?"
    r"(?:(?:start(?:ing|s)?|begin(?:ning|s)?|empiezan|comienzan|come[çc]am|van|partono"
    r"|commencent|beginnen|starten)\s+)?"
    r"(?:[aà]\s+partir\s+de|desde|from|at|en|in|em|da|à|bei|von)\s+"
)
BASE = _BASE = re.compile(
    r"\b(?P<one>(?:1|one)[- ]based|1-indexed|" + _BASE_WORDS + r"1)\b"
    r"|\b(?P<zero>(?:0|zero)[- ]based|0-indexed|" + _BASE_WORDS + r"0)\b",
    re.IGNORECASE,
)
# "nn.ConvTranspose1d" (a 1-D layer), "a transposed convolution", "splot transponowany",
# "转置卷积": the transposed layer's names in every language the lexicon knows
_TRANSPOSED = re.compile(
    rf"\bConvTranspose(?:(?P<one>1)d|[23]d)?\b|{lexicon.TRANSPOSED_CONV_NAME}",
    re.IGNORECASE,
)
# a convolution that is not the transposed one, named beside it ("dilated and transposed
# convolutions", "convolución dilatada y convolución transpuesta"): a title of both kinds
_PLAIN_CONV = re.compile(
    r"\b(?:dilated|atrous|strided|standard|ordinary|regular|normal|usual|plain|direct)"
    r"(?:\s+(?:and|or|vs\.?|versus)\s+transposed)?\s+conv(?:olution)?s?\b"
    r"|\bconvoluci[óo]n(?:es)?\s+(?:dilatada|normal|est[áa]ndar|com[úu]n|ordinaria|directa)s?\b"
    r"|\bconvolutions?\s+(?:dilat[ée]es?|normales?|standards?|classiques?|ordinaires?)\b"
    r"|\b(?:dilatierte|normale|gew[öo]hnliche)\s+Faltung\b"
    r"|\bconvolu[çc][ãa]o\s+(?:dilatada|normal|padr[ãa]o|comum)\b",
    re.IGNORECASE,
)
# a sentence that names the transposed convolution to explain the backward pass or the
# name (lexicon.EXPLAINS_TRANSPOSED) is about the gradient, not the layer's kind
_EXPLAINS = re.compile(lexicon.EXPLAINS_TRANSPOSED, re.IGNORECASE)


# a glossary entry, "$\\operatorname{rot180}(K)$: kernel flipped", "$A \\star_s K$ — strided
# correlation": it says what a symbol means, not which layer the notes are about
_GLOSSARY = re.compile(r"\s*(?:\*\*[^*]*\*\*\s*)?\$[^$]+\$\s*(?::|—|–|--)\s")


# "a mini-batch of $N = 2$ images", "un mini-lote de N = 4 ejemplos", "a batch of 3 samples"
_BATCH = re.compile(
    # (Hindi "बैच का आकार $N = 4$ है": the batch's size)
    r"(?:\b(?:mini[- ]?batch|batch|mini[- ]?lote|lote)\s+(?:of|de)|बैच(?:\s+का\s+आकार)?)"
    r"\s+(?:N\s*=\s*)?(\d{1,3})\b",
    re.IGNORECASE,
)
_DENSE = re.compile(
    r"\b(dense|fully[- ]connected|totalmente conectada|capa densa|affine layer|"
    r"linear layer|capa (?:lineal|afín)|couche (?:dense|linéaire|entièrement connectée)|"
    r"camada densa|totalmente conectad[oa]|"
    # Italian "strato completamente connesso", German "vollständig verbundene Schicht"
    r"strato (?:denso|lineare)|completamente conness[oa]|vollst[äa]ndig verbunden\w*|"
    r"vollverbunden\w*|dichte Schicht)\b|全连接|全連接|全結合|완전\s*연결",  # no \b in CJK
    re.IGNORECASE,
)
_FEATURES = re.compile(
    r"\b(\d{1,4})\s+(inputs|entradas|outputs|salidas|neurons|neuronas)\b", re.IGNORECASE
)
# a count is no side of a size: "a 3 x 3 Filter", "3 \\times 3 filtres" name one filter's size
_NOT_A_SIDE = r"(?<![x×*]\s)(?<![x×*])(?<!\\times\s)(?<!\\times)"
_CHANNELS = re.compile(
    # "32 input channels", "a 32-channel input" (hyphenated: the input's channels)
    r"\b(\d{1,4})(?:\s+|-)(?:input\s+)?(?P<out>output\s+)?"
    rf"(?:channel|{lexicon.CHANNELS}|canales?|canal)"
    r"(?P<out2>\s+de\s+(?:salida|sortie|sa[íi]da))?\b"
    rf"|{_NOT_A_SIDE}\b(\d{{1,4}})\s+(?P<filters>{lexicon.FILTERS})\b",
    re.IGNORECASE,
)
# "dos canales", "three filters": a count written as a word
_COUNTS = {
    w: str(n)
    for n, words in enumerate(
        (
            (),
            (),
            ("two", "dos", "zwei", "deux", "dois", "duas"),
            ("three", "tres", "drei", "trois", "três"),
            ("four", "cuatro", "vier", "quatre", "quatro"),
            ("five", "cinco"),
            ("six", "seis"),
            ("seven", "siete"),
            ("eight", "ocho"),
            ("nine", "nueve"),
            ("ten", "diez"),
        )
    )
    for w in words
}
_COUNT_WORD = re.compile(
    # (hyphenated too: "a two-channel input", as "a 32-channel input")
    r"\b(" + "|".join(_COUNTS) + r")(?:\s+|-)(?=(?:input\s+|output\s+)?(?:channels?|canales|"
    rf"{lexicon.CHANNELS}|{lexicon.FILTERS})\b)",
    re.IGNORECASE,
)
# after a count: "(filters) of its own group", "per group", "de su grupo", "je Gruppe"
_PER_GROUP = re.compile(
    r"\s*(?:(?:of|in|from)\s+(?:its|each|every|their|one|a)\s+(?:own\s+|single\s+)?group"
    r"|per\s+group|de\s+(?:su|cada)\s+grupo|por\s+grupo|(?:je|pro)\s+Gruppe)\b",
    re.IGNORECASE,
)
_ONE_CHANNEL = re.compile(
    # "a un canale" (Italian), "à un canal", "mit einem Kanal", "de um canal"
    r"\b(?:un solo|un|una sola|one|a single|single|um|uno|einem|einen)[- ]"
    r"(?:canal|channel|canale|Kanal)\b",
    re.IGNORECASE,
)
# "2x2 max pooling", "pooling máximo", "макс-пулинг", "最大池化": a pooling layer's name in
# any language the lexicon knows (group "max" or "max_unbounded": a max pooling)
_POOL = re.compile(
    rf"\b(?:(?P<max>{lexicon.MAX_POOL})|{lexicon.AVERAGE_POOL})\b"
    # (group "named": a name the layer's kind is read from only beside a size)
    rf"|(?P<named>\b(?:(?P<max_named>{lexicon.MAX_POOL_NAMED})|{lexicon.AVERAGE_POOL_NAMED})\b"
    rf"|(?P<max_unbounded>{lexicon.MAX_POOL_UNBOUNDED})|{lexicon.AVERAGE_POOL_UNBOUNDED})",
    re.IGNORECASE,
)
POOL = _POOL  # the words that name a pooling layer (stacked.py finds its sentence)
# a pool named by what it takes of a window: "es el máximo de las dos ventanas", "the
# largest entry of each window" (a max pool); "la media de cada ventana" (an average)
_WINDOW_MAX = re.compile(
    r"\b(?:m[áa]ximo|maximum|max|largest (?:entry|value)|mayor valor|Maximum)\s+(?:de|of|in|"
    r"en|da|do|jedes)\s+(?:(?:las|la|los|el|cada|each|the|its|su|sus|chaque|sa|cette|de)\s+)?"
    r"(?:\w+\s+)?(?:ventanas?|windows?|fen[êe]tres?|janelas?|Fensters?)\b",
    re.IGNORECASE,
)
_WINDOW_MEAN = re.compile(
    r"\b(?:media|promedio|average|mean|moyenne|m[ée]dia|Mittelwert)\s+(?:de|of|in|en|da|do|"
    r"jedes)\s+(?:(?:las|la|los|el|cada|each|the|its|su|sus|chaque|sa|cette|de)\s+)?(?:\w+\s+)?"
    r"(?:ventanas?|windows?|fen[êe]tres?|janelas?|Fensters?)\b",
    re.IGNORECASE,
)
_NAMED = re.compile(
    r"(?:"
    + "|".join(f"(?P<{k}>\\b(?:{v})\\b)" for k, v in _ROLES.items())
    + r")\s+(?:\(\s*(?:its |with )?(?:items|entries|elements)\s+(?:as|called|"
    r"named|written)\s+)?\$\s*(?:\\(?:mathbf|boldsymbol|bm|mathrm)\{)?(?P<letter>[A-Za-z])\}?\s*"
    r"(?:\^\{[^{}$]*\})?(?:\\in\s*\\mathbb[^$]*)?"  # "kernel $K \in \mathbb{R}^{3x3}$"
    r"(?:=\s*\\begin\{[pbvBV]?matrix\}[^$]*)?"  # "the input $Z = \begin{bmatrix}...$"
    r"\$(?!\s*(?:x|\\times)\s*\$)",  # not "$H$x$K$"
    re.IGNORECASE,
)
# "the map of entrance is $A$", "the input is $x$", "el filtro es $K$": the article right
# before the role word and "is" right after (not "the output of each image is $y$")
_NAMED_IS = re.compile(
    r"\b(?:the|el|la|our|a)\s+(?:"
    + "|".join(f"(?P<{k}>(?:{v}))" for k, v in _ROLES.items())
    + r")\s+(?:is|es|é|is called|is denoted|se llama)\s+\$\s*"
    r"(?:\\(?:mathbf|boldsymbol|bm|mathrm)\{)?(?P<letter>[A-Za-z])\}?\s*\$",
    re.IGNORECASE,
)
_GRADIENT_OF = re.compile(
    r"\b(?:gradients?|gradientes?|derivatives?|derivadas?|errors?|errores?)\s+"
    r"(?:(?:de|del|de la|of|of the|w\.r\.t\.(?: the)?|with respect to(?: the)?)\s+)?$",
    re.IGNORECASE,
)
# "relleno de salida", "padding di uscita", "remplissage de sortie": a padding named by
# the tensor it pads (a transposed layer's output padding), so the letter after is no tensor
_PADDING_OF = re.compile(
    r"\b(?:relleno|padding|remplissage|preenchimento|riempimento)\s+(?:de|di|da|do|der|of)\s+$",
    re.IGNORECASE,
)
_LETTER_ROLE = {"input": "X", "kernel": "W", "output": "Z"}
_SIZE_OF = (
    r"[^.;]{0,30}?\b(?:width|size|length|dimension|tamaño|ancho|longitud|dimensi[óo]n|taille"
    r"|largeur|longueur)\s+"
    # (one letter: "of size $C \times F \times F$" lists axes, whose is which is read elsewhere)
    # ("$H \times H$": a square, its side H)
    r"(?:of\s+|de\s+)?\$?\s*(?P<side>[A-Za-z])\s*(?:(?:\\times|×)\s*(?P=side)\s*)?\$?"
    r"(?![\w{}^_]|\s*(?:\\times|×|\\cdot))"
)
# a kernel named by a lowercase letter in a list of size symbols: "filter $f$, padding
# $p$, stride $s$" (alone, "one per filter $f$" may name the filters' index instead)
_KERNEL_LETTER = re.compile(
    r"\b(?:filters?|kernels?|filtros?|n[úu]cleos?)\s+\$\s*([fkmr])\s*\$", re.IGNORECASE
)
_SIZE_LIST = re.compile(r"\b(?:padding|stride|relleno|paso)\s+\$\s*[pPsS]\s*\$", re.IGNORECASE)
_SIZE_NAMED = {
    "kernel": re.compile(
        r"\b(?:filters?|kernels?|filtros?|n[úu]cleos?|noyaux?|filtres?)\b" + _SIZE_OF,
        re.IGNORECASE,
    ),
    "input": re.compile(
        r"\b(?:input|layer|signal|entrada|capa|señal|entr[ée]e|couche)\b" + _SIZE_OF, re.IGNORECASE
    ),
    # "output size $o$" (Dumoulin & Visin's letters), "tamaño de salida $o$"
    "output": re.compile(
        r"\b(?:output|salida|sortie|sa[íi]da|uscita|Ausgabe)\b" + _SIZE_OF, re.IGNORECASE
    ),
}
# the input's letter right before a size: "$x$ of $10 \times 10$", "$X$ de $9 \times 9$",
# "$x$ of size $6 \times 6$" (normalised: "x of 10 x 10")
_INPUT_LETTER_OF = re.compile(
    r"(?:^|[\s,;:(])[xX]\s+(?:of|de|da|di|von)\s+(?:(?:size|mida|tamaño|taille|tamanho|"
    r"dimensione|Größe)\s+)?$"
)
# "$K$ filtros de tamaño $C \times F \times F$": a filter's shape, its channels and its square
_FILTER_SHAPE = re.compile(
    r"\b(?:filters?|kernels?|filtros?|n[úu]cleos?|noyaux?|filtres?|filtri|Filtern?)\b[^.;]{0,30}?"
    r"\b(?:size|shape|tamaño|forma|taille|dimensione|Größe|formato)\s+(?:of\s+|de\s+|di\s+)?"
    r"\$\s*(?:([A-Za-z])\s*(?:\\times|×)\s*([A-Za-z])\s*(?:\\times|×)\s*\2"
    # the channels last ("filters, each of size $f \times f \times C_{in}$": Ng's order,
    # TensorFlow's HWC), the channels a letter of their own, maybe subscripted
    r"|(?P<side>[A-Za-z])\s*(?:\\times|×)\s*(?P=side)\s*(?:\\times|×)\s*"
    r"(?P<channels>[A-Za-z](?:_\{?\s*(?:\\(?:text|mathrm)\{)?[A-Za-z]+\}?\}?)?))\s*\$",
    re.IGNORECASE,
)
# "an $m\times n$ image", "a $p\times q$ filter": letters for the sizes of the input, kernel
_LETTER_SIZES = re.compile(
    r"\$\s*([A-Za-z])\s*\\times\s*([A-Za-z])\s*\$\s*(?:(?P<input>image|"
    r"input|imagen|entrada)|(?P<kernel>filter|kernel|filtro|n[úu]cleo))\b",
    re.IGNORECASE,
)
# "kernel $R \times R$", "noyau $K \times K$", "entrée carrée $H \times H$" (no "of" needed);
# "the kernel $W$ is $p \times q$", "el núcleo $W$ es $p \times q$": the copula after the
# tensor's own letter states its shape as "of" does (the letters are its sides)
_LETTER_SIZES_AFTER = re.compile(
    r"\b(?:(?P<input>image|input|imagen|entrada|entr[ée]e)|(?P<kernel>filter|"
    r"kernel|filtro|n[úu]cleo|noyau|filtre))\s+(?:\$[^$]{1,20}\$\s+)?(?:(?P<of>de|of)\s+|"
    r"(?P<is>(?<=\$ )(?:is|es|est|ist|è|é))\s+|(?:carr[ée]e?|square|cuadrad[ao])\s+)?"
    r"\$\s*([A-Za-z])\s*\\times\s*([A-Za-z])\s*\$",
    re.IGNORECASE,
)
# Chinese, Japanese, Korean: "入力 $X$ は $m \times n$", "カーネル $W$ は $p \times q$",
# "卷积核 $W$ 为 $p \times q$", "커널 $W$는 $p \times q$": the role word (no \b in those
# scripts), the tensor's letter and a copula before its shape's two letters
_LETTER_SIZES_CJK = re.compile(
    rf"(?:(?P<input>{lexicon.ROLES_CJK['input']})|(?P<kernel>{lexicon.ROLES_CJK['kernel']}))"
    r"\s*\$[^$]{1,20}\$\s*(?:は|为|為|是|는|은|が|の(?:サイズ|大きさ|形)は)\s*"
    r"\$\s*([A-Za-z])\s*\\times\s*([A-Za-z])\s*\$"
)
# the letters the checker reads as these sides already (H x W an input, k x k a kernel)
_OWN_SIDES = {"input": ("H", "W"), "kernel": ("k", "k")}
# letters notes give other axes: a batch (N, B), channels (C), features or filters (D, F)
_OTHER_AXES = frozenset("NBCDF")


def _sides_stated(role: str, height: str, width: str) -> list[str]:
    """The bindings of "the kernel $W$ is $p \\times q$" (a copula, not "of size"): the two
    sides, where they are two letters the checker does not read as those sides already (a
    square's one letter is kernel_letter.py's; H x W an input's own default letters), and
    each is a side: no letter of another axis ("the input $X$ is $N \\times D$": a batch of
    feature vectors) and none the checker reads as another size (C the channels); a
    parameter's default letter (p, s) is read here as the side it is."""
    if height == width or (height, width) == _OWN_SIDES[role]:
        return []
    for letter in (height, width):
        default = SIZE_NAMES.get(letter)
        if letter in _OTHER_AXES or (
            default is not None and default not in ("pad", "stride", "dilation")
        ):
            return []
    return [f"{height}={role}-height", f"{width}={role}-width"]


# "El número de parámetros de la capa es $P = 3 \cdot 2 ...$": P counts the parameters
# here (elsewhere P is the padding)
_PARAMS = re.compile(
    r"\b(?:number of (?:trainable |learnable )?(?:parameters|weights)|parameter count|"
    r"n[úu]mero (?:total )?de par[áa]metros|cantidad de par[áa]metros)\b[^$.;]{0,40}"
    r"\$\s*([A-Za-z])\s*=",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[;.](?:\s|$)|\band\b|\by\b|,|[，。；、]")
_TEX = (
    # "the kernel $W_{u,v,c,f}$ is $3 \times 3$": an entry's index list is no clause break
    (re.compile(r"_\{([^{}$]*,[^{}$]*)\}"), lambda m: "_{" + m.group(1).replace(",", " ") + "}"),
    (re.compile(r"\\(?:times|cdot\s*\\!?)"), " x "),
    (re.compile(r"[×✕]"), " x "),
    (re.compile(r"\\text\w*\{([^{}]*)\}"), r"\1"),
    (re.compile(r"\\mathbf\{([^{}]*)\}"), r"\1"),
    (re.compile(r"[$*_`]|\\[,;! ]"), " "),
    (re.compile(r"\bby\b"), " x "),
)
_DEFAULT_BACK = 60
# one word between a size and its role: "a 32x32 grayscale input", "a 5x5 single-channel input"
_ADJECTIVE = re.compile(
    r"^(?:grayscale|greyscale|gray|grey|colou?r|rgb|single[- ]channel|"
    r"one[- ]channel|binary|square)\s+(?=\w)",
    re.IGNORECASE,
)


# a size right after "la matriz", "the matrix", "an array": the named matrix's own size
_NAMED_MATRIX = re.compile(r"\b(?:matri(?:z|x)|array|tensor)\s*(?:de\s*|of\s*)?$", re.IGNORECASE)


# inline code that calls or sets something: `nn.Conv2d(1, 1, kernel_size=3)`, `stride=2`
_CODE_SPAN = re.compile(r"`[^`\n]*`")  # in order, so that each ` closes what it opened


def _no_code(line: str) -> str:
    return _CODE_SPAN.sub(lambda m: " " if re.search(r"[(=]", m.group(0)) else m.group(0), line)


def normalise(line: str) -> str:
    for pattern, repl in _TEX:
        line = pattern.sub(repl, line)
    return " ".join(line.split())


def _what_if(sentence: str) -> bool:
    text = normalise(sentence)
    return bool(
        _OTHER_CASE.search(text)
        or _WRONG_CASE.search(text)
        or _CHANGE_QUESTION.search(text)
        or supposes_change(text)  # "còn nếu thêm padding 1", "αν προσθέσουμε ...", "لو ..."
    )


def is_what_if(sentence: str) -> bool:
    """Whether a sentence shows another case than the layer's own (a mistake, a what-if, a
    changed setting): the settings it names are that case's."""
    return _what_if(sentence)


# a subscript of several terms: "_{i+1-2t}", "_{t, c}", "_{2t}" (not "_x", "_{in}")
_COMPOUND_SUBSCRIPT = re.compile(r"_\{([^{}$]*?(?:[-+,]|\d\s*[A-Za-z])[^{}$]*)\}")
_INDEX_LETTER = re.compile(r"(?<![\\A-Za-z])([A-Za-z])(?![A-Za-z])")


def index_letters(line: str) -> set[str]:
    """The letters the line's math uses inside a subscript of several terms (``w_{i+1-2t}``,
    ``y_{t,c}``, ``x_{2t}``): indices, which a role word before one ("the output $t$")
    counts by, not a tensor it names."""
    return {
        letter
        for m in _COMPOUND_SUBSCRIPT.finditer(line)
        for letter in _INDEX_LETTER.findall(m.group(1))
    }


def without_what_ifs(line: str) -> str:
    """The line without its what-if sentences ("(Your post says 222, which is what you'd
    get with `groups=1`.)"): what the other readers of a line may take facts from."""
    return " ".join(before_what_ifs(sentences(without_earlier_parts(line)), _what_if))


def prose_facts(line: str, before: str = "", after: str = "") -> list[tuple[str, str, str]]:
    """(key, value, how) for every fact this line states.  ``before`` and ``after`` are the
    lines around it in the same paragraph: a size at the start of this line may belong to a
    role word at the end of the one before ("whose input is the / $4\\times 4$ activation"),
    one at its end to a role word starting the next ("a $3\\times 3$ / input")."""
    line = without_signatures(line)  # "Conv1D(in_ch, ..., dilation=1)": defaults, no layer's
    line = without_earlier_parts(line)  # "In part 2 we did stride 1; today ...": part 2's
    text = normalise(line)
    found: list[tuple[str, str, str]] = []
    if len(text) > 2000:
        return found
    if _GENERAL.search(text):  # only the sentence about any sizes is set aside
        parts = sentences(line)
        kept = [(at, s) for at, s in enumerate(parts) if not _GENERAL.search(normalise(s))]
        if len(kept) == len(parts):  # the words span two sentences: no sentence is read
            return []
        return [f for at, s in kept for f in prose_facts(s, before if at == 0 else "", "")]
    body = normalise(_TITLE.sub("", line, count=1))  # "**Stride instead of dilation.**": a topic
    if (
        _OTHER_CASE.search(body)
        or _WRONG_CASE.search(body)
        or _CHANGE_QUESTION.search(body)
        or supposes_change(body)
    ):
        # only that sentence is set aside
        return facts_outside_what_ifs(line, before, after, _what_if, prose_facts)
    # (a size's role from the words, not from a call's argument names in inline code:
    # "`nn.Conv2d(1, 1, kernel_size=3)` aplicada a uma imagem de $5 \times 5$")
    tail = normalise(_no_code(before))[-_DEFAULT_BACK:] + " " if before.strip() else ""
    sized = normalise(_no_code(line))
    joined = tail + sized + (" " + normalise(_no_code(after))[:40] if after.strip() else "")
    third: set[str] = set()  # the third sides of "4x4x4" and "2x2x2", read as channels
    for match in _SIZE.finditer(sized):
        if _NAMED_MATRIX.search(sized[: match.start()]):
            continue  # "Sea $\\hat\\Delta$ la matriz 6x6": the size of that matrix, no role's
        if evaluated_size(sized, match.start(), [p for p in match.groups() if p is not None]):
            continue  # "a 6 x 6 map gives H_{out}(6) = 4": the function's argument, a case
        role = _role_for(joined, len(tail) + match.start(), len(tail) + match.end())
        if role is None and _INPUT_LETTER_OF.search(sized[: match.start()]):
            role = "input"  # "$x$ of $10 \times 10$", "$x$ de $9 \times 9$": x's size
        if role is None:
            continue
        parts = [p for p in match.groups() if p is not None]
        if role in ("input", "kernel") and len(parts) == 3:
            # "4x4x2" or "2x4x4": the two equal sides are the rows and columns
            first = parts[1] == parts[2] and parts[0] != parts[1]
            side, channels = (parts[1:], parts[0]) if first else (parts[:2], parts[2])
            found.append((role, f"{side[0]}x{side[1]}", "prose"))
            found.append(("in-channels", channels, "prose"))
            third.add(channels)
        elif len(parts) == 2:
            found.append((role, f"{parts[0]}x{parts[1]}", "prose"))
    if len(third) > 1:  # an input 4x4x4 and a kernel 2x2x2: no channel count fits both,
        # so the third side is a depth (a 3-D layer), no channels of the 2-D layer read here
        found = [f for f in found if f[0] != "in-channels"]
    if not any(key == "kernel" for key, _, _ in found):
        for match in _WINDOW_SIDE.finditer(text):  # "Max pooling, window 3, stride 2"
            found.append(("kernel", f"{match.group(1)}x{match.group(1)}", "prose"))
    for match in _LENGTH.finditer(text):
        role = _role_for(text, match.start(), match.start())
        if role is not None:
            found.append((role, match.group(1), "prose"))
    stepless = normalise(without_step_labels(line))  # "*Шаг 1 (размеры).*": a step, no stride
    for match in [*_STRIDE.finditer(stepless), *_STRIDE_CJK.finditer(text)]:
        found.append(("stride", match.group(1), "prose"))
    if _UNIT_STRIDE.search(text):
        found.append(("stride", "1", "prose"))
    unpadded = lexicon.plain_output_padding(text)  # "Ausgabe-Padding 1": no padding
    for match in [*_PADDING.finditer(unpadded), *_PADDING_CJK.finditer(unpadded)]:
        if not re.search(
            r"(?:output[_ -]|de salida\s*)$", unpadded[: match.start()]
        ) and not _OTHER_CASE.search(text):  # "con relleno 3 en lugar de k-1": a wrong variant
            found.append(("padding", match.group(1), "prose"))
    for match in _OUTPUT_PADDING.finditer(lexicon.plain_output_padding(text)):
        found.append(("output-padding", match.group(1), "prose"))
    found += dilation_facts(text)  # "the dilation is $d = 2$", "dilated by 2"
    found += tap_facts(text)  # "the filter has 3 taps", "2 zeros on each side"
    found += setting_facts(line)  # "we take $C_\\text{in} = 2$, $K = 3$"
    # "valid mode means p = 0 (sin relleno)" defines a mode; it says nothing of this layer
    # ("de modo que", "in modo che": "so that", a conjunction, not a mode)
    defines = re.search(
        r"\b(?<!de )(?<!in )(modos?|modes?)\b(?!\s+(?:que|che|da|a)\b)", text, re.IGNORECASE
    ) or _DEFINES_OPERATOR.search(line)
    for match in [] if defines else _PAD_WORD.finditer(text):
        if match.group(3) and not lexicon.negates(match.group(3), text):
            continue  # "o resto cai no padding": Portuguese "in the padding", no setting
        if match.group(3) and _VALID_OPERATION.search(
            text[max(0, match.start() - 80) : match.start()]
        ):
            continue  # "une corrélation valide sans padding": the valid mode's gloss
        word = (match.group(1) or match.group(2) or "").lower()
        found.append(("padding", {"valid": "0", "": "0"}.get(word, word), "prose"))
    named = (
        [
            (next(k for k in _ROLES if m.group(k)), m.group("letter"))
            # "a $3 \times 3$ kernel" at a line's end, "$K$, stride 2" starting the next
            for m in _NAMED.finditer(line + " " + after.lstrip()[:40] if after.strip() else line)
            if m.start() < len(line)
            # "gradiente de salida $G = ...$": G is the output's gradient, not the output
            and not _GRADIENT_OF.search(line[max(0, m.start() - 30) : m.start()])
            # "relleno de salida $a$", "padding di uscita $a$": the output padding's letter
            and not _PADDING_OF.search(line[max(0, m.start() - 30) : m.start()])
            # "a 4x4 feature map $x$": a map a pooling or the next layer takes, whose letter
            # is the usual input's; only an output word names x an output
            and not (_MAP_WORD.match(m.group(0)) and m.group("letter") in "xXaA")
        ]
        + [
            (next(k for k in _ROLES if m.group(k)), m.group("letter"))
            for m in _NAMED_IS.finditer(line)
        ]
    )
    # "kernel $k$", "uno por filtro $f$": letters that name sizes or indices, not tensors;
    # "entra en la salida $t$ con el peso $w_{i+1-2t}$": t counts the outputs, an index
    indices = index_letters(line)
    names = [
        f"{letter}={_LETTER_ROLE[role]}"
        for role, letter in named
        if role in _LETTER_ROLE
        and letter not in ("k", "s", "p", "f", "c", "n")
        and letter not in indices
    ]
    if names:  # "the kernel $K$": K is the kernel
        found.append(("names", ",".join(dict.fromkeys(names)), "prose"))
    sized = [
        f"{m.group(1)}={what}"
        for what, pattern in _SIZE_NAMED.items()
        for m in pattern.finditer(line)
    ]
    for m in _LETTER_SIZES.finditer(line):
        role = "input" if m.group("input") else "kernel"
        sized += [f"{m.group(1)}={role}-height", f"{m.group(2)}={role}-width"]
    for m in _LETTER_SIZES_AFTER.finditer(line):
        role = "input" if m.group("input") else "kernel"
        if m.group("is") is not None:
            sized += _sides_stated(role, m.group(5), m.group(6))
            continue
        if m.group(5) == m.group(6) and m.group("of") is None:
            sized.append(f"{m.group(5)}={role}")  # "noyau $K \times K$": the square's side
            continue
        sized += [f"{m.group(5)}={role}-height", f"{m.group(6)}={role}-width"]
    for m in _LETTER_SIZES_CJK.finditer(line):
        role = "input" if m.group("input") else "kernel"
        sized += _sides_stated(role, m.group(3), m.group(4))
    sized += [f"{m.group(1)}=params" for m in _PARAMS.finditer(line)]
    for m in _FILTER_SHAPE.finditer(line):
        if m.group(1) is not None and m.group(1) != m.group(2):
            sized += [f"{m.group(1)}=in-channels", f"{m.group(2)}=kernel"]
        elif m.group("side") is not None and m.group("side") != m.group("channels"):
            channels = plain_size_name(m.group("channels"))
            sized += [f"{channels}=in-channels", f"{m.group('side')}=kernel"]
    sized += [s for s in sized_letters(line, after) if s not in sized]  # "de taille $H \times H$"
    if _SIZE_LIST.search(line):  # "(input size $N$, filter $f$, padding $p$, stride $s$)"
        sized += [f"{m.group(1)}=kernel" for m in _KERNEL_LETTER.finditer(line)]
    if sized:  # "the filter has width W": W is the kernel's size here
        found.append(("sizes", ",".join(dict.fromkeys(sized)), "prose"))
    batch = _BATCH.search(text)
    if batch:
        found.append(("batch", batch.group(1), "prose"))
    transposed = _TRANSPOSED.search(text)
    if transposed and _EXPLAINS.search(sentence_around(text, transposed.start())):
        transposed = None  # "that's why transposed convolution got its name": a remark
    if transposed and _PLAIN_CONV.search(sentence_around(text, transposed.start())):
        transposed = None  # "Convolución dilatada y convolución transpuesta": two kinds, no one
    if transposed and all(
        _GLOSSARY.match(sentence_around(line, m.start())) for m in _TRANSPOSED.finditer(line)
    ):
        transposed = None  # "$G \star^T_{s,p} K$: transposed convolution": a symbol's meaning
    if transposed:  # "nn.ConvTranspose2d", "a transposed convolution"
        one = transposed.group("one") or re.search(r"\b1-?D\b", text)
        found.append(("layer", "conv_transpose1d" if one else "conv_transpose2d", "prose"))
    pools = [
        m
        for m in _POOL.finditer(text)
        if not m.group("named") or _SIZE.search(sentence_around(text, m.start()))
    ]
    if pools:
        from symconv.checker.pool_prose import pool_sizes  # it reads this module's words

        found = pool_sizes(text, found, _SIZE, _role_for)
        kinds = {
            "maxpool2d"
            if m.group("max") or m.group("max_named") or m.group("max_unbounded")
            else "avgpool2d"
            for m in pools
        }
        # "average pooling is one option; here we use max pooling": both kinds named in
        # one sentence are both facts, whose conflict leaves the kind unread
        found += [("layer", kind, "prose") for kind in sorted(kinds)]
    elif _WINDOW_MAX.search(text) and not _WINDOW_MEAN.search(text):
        found.append(("layer", "maxpool2d", "prose"))
    elif _WINDOW_MEAN.search(text) and not _WINDOW_MAX.search(text):
        found.append(("layer", "avgpool2d", "prose"))
    if _ONE_CHANNEL.search(text):
        found.append(("in-channels", "1", "prose"))
    counted = _COUNT_WORD.sub(lambda m: _COUNTS[m.group(1).lower()] + " ", text)
    for match in _CHANNELS.finditer(counted):
        if _PER_GROUP.match(counted, match.end()):
            continue  # "the three filters of its own group": a group's count, not the layer's
        out = match.group("out") or match.group("out2") or match.group("filters")
        found.append(
            ("out-channels" if out else "in-channels", match.group(1) or match.group(4), "prose")
        )
    no_bias = [
        m for m in _NO_BIAS.finditer(text) if not m.group(1) or lexicon.negates(m.group(1), text)
    ]
    if no_bias:  # (Portuguese "o gradiente no viés": in the bias, no bias absent)
        found.append(("bias", "false", "prose"))
    elif _A_BIAS.search(text):
        found.append(("bias", "true", "prose"))
    bases = {"1" if m.group("one") else "0" for m in _BASE.finditer(text)}
    if len(bases) == 1:  # "mixing 0-based and 1-based indices" names both: no base stated
        found.append(("index-base", bases.pop(), "prose"))
    if (
        _DENSE.search(text)
        and line.lstrip().startswith(("#", "**"))  # a heading, or a bold question's title
        and not re.search(r"convolu", text, re.IGNORECASE)
    ):
        found.append(("layer", "dense", "prose"))  # "# Capa densa con mini-lotes": the topic
    if _DENSE.search(text):
        features = {m.group(2).lower(): m.group(1) for m in _FEATURES.finditer(text)}
        ins = features.get("inputs") or features.get("entradas")
        outs = next(
            (features[k] for k in ("outputs", "salidas", "neurons", "neuronas") if k in features),
            None,
        )
        if ins and outs:
            found.extend(
                [
                    ("layer", "dense", "prose"),
                    ("in-features", ins, "prose"),
                    ("out-features", outs, "prose"),
                ]
            )
    return found


# "the padded input is 9x9", "la entrada rellenada", "input after padding": the size of
# the input with its border, which is the layer's input plus twice the padding, not it
_PADDED_BEFORE = re.compile(
    r"(?:(?:zero[- ])?padded\s+|after (?:the )?(?:zero[- ])?padding,?\s+(?:the\s+)?)$",
    re.IGNORECASE,
)
# "a 5x5 input, padded to 7x7": the size after "padded to" is the padded input's
_PADDED_TO = re.compile(r"(?:padded|pads?|rellenad[ao]s?)\s+(?:\w+\s+)?(?:to|a)\s+$", re.I)
_PADDED_AFTER = re.compile(
    r"^\s*(?:\(?\s*)?(?:after (?:the )?(?:zero[- ])?padding|rellenad[ao]s?|con relleno|"
    # French, Portuguese: "l'entrée complétée par des zéros (9x9)", "a entrada preenchida"
    r"compl[ée]t[ée]e?s?|rembourr[ée]e?s?|preenchid[ao]s?|avec (?:le )?remplissage|"
    r"tras el relleno|despu[ée]s del relleno|padded)\b",
    re.IGNORECASE,
)


def _padded(text: str, role: re.Match[str], offset: int = 0) -> bool:
    """Whether an input role word is qualified as the padded input."""
    if offset < 0:
        return False
    start, end = role.start() + offset, role.end() + offset
    return role.lastgroup == "input" and bool(
        _PADDED_BEFORE.search(text[max(0, start - 32) : start])
        or _PADDED_AFTER.match(text[end : end + 30])
    )


# "each image gives 4 maps of 4x4", "la entrada produce un mapa de 2x2": what a tensor
# gives is the output, whatever role word came before
_PRODUCES = re.compile(
    r"\b(?:gives?|produces?|yields?|returns?|results? in|da|dan|produce|producen|devuelve|"
    r"donne|liefert|ergibt|restituisce|gera)\b",
    re.IGNORECASE,
)
# "6x6 pixels": the size of an image, the input's, unless a role word before it in the
# clause says whose ("the output is 4x4 pixels")
_PIXELS = re.compile(r"\s*(?:pixels?|p[íi]xel(?:es|s)?|Pixeln?)\b", re.IGNORECASE)


# an operator's result named between a role word and a size: the size is the result's
# what an operation just described turns a tensor into: "(queda de $3 \times 3$)", "it
# becomes 7x7", "(devient 7x7)", "wird zu 7x7", "fica com 7x7": the result's size, no role's
_BECOMES = re.compile(
    r"\b(?:queda(?:n|ndo)?|resulta|becomes?|turns into|devient|wird(?:\s+zu)?|fica(?:m)?|"
    r"diventa)\b[^.;]{0,12}$",
    re.IGNORECASE,
)
# "covers", "spans", "sees": the extent a (dilated) kernel reaches, in the languages read
_SPAN_WORD = re.compile(
    r"\b(?:covers?|covering|spans?|spanning|sees|reaches|abarca|cubre|couvre|recouvre|"
    r"[üu]berdeckt|umfasst|copre|abrange|cobre|obejmuje|охватывает|покрывает|kapsar|"
    r"καλύπτει|bao phủ)\b|覆盖|覆蓋|カバー|커버",
    re.IGNORECASE,
)
_EFFECTIVE = re.compile(
    r"\b(?:effective|efectiv[oa]|effecti(?:f|ve)|effettiv[oa]|effektive[nrs]?|efetiv[oa]|"
    r"efektywn\w*|эффективн\w*|etkin|ενεργ\w*|hiệu dụng)\b|有效|実効|유효",
    re.IGNORECASE,
)
_OPERATOR_RESULT = re.compile(
    r"\\operatorname|\\(?:mathrm|text)\s*\{?\s*(?:pad|dilate|rot|crop|flip)"
    r"|\b(?:pad|dilate|rot180|crop|flip)\w*\s*_?\s*\d*\s*\("
)

# im2col: "each filter flattened is a row of $W_{row}$, which is $3 \times 18$", "the kernels,
# unrolled into rows, give a 4 x 27 matrix": the size is the reshaped matrix's, not a kernel's
_RESHAPED = re.compile(
    r"\b(?:flatten(?:ed|s)?|unroll(?:ed|s)?|vectori[sz]ed|reshaped|stretched|unfolded|aplanad[oa]s?"
    r"|desenrollad[oa]s?|aplati(?:e|s|es)?|ausgerollt|abgeflacht)\b",
    re.IGNORECASE,
)


def _role_for(text: str, start: int, end: int) -> str | None:
    """The role word this size belongs to: the last one before it in the clause, else
    one just after it ("a 3x3 kernel"); none for the padded input."""
    if _PADDED_TO.search(text[max(0, start - 25) : start]):
        return None
    if _SPAN_WORD.search(text[max(0, start - 20) : start]):
        return None  # "the kernel covers 5 x 5 pixels": a dilated kernel's footprint
    role = _role_word(text, start, end)
    if (
        role is not None
        and role[0].lastgroup == "kernel"
        and _EFFECTIVE.search(text[max(0, start - 40) : start])
    ):
        return None  # "the effective kernel is 5x5": its footprint, d(k - 1) + 1, not k
    if role is None:
        return "input" if _PIXELS.match(text[end : end + 12]) else None
    if _padded(text, role[0], role[1]):
        return None
    if role[0].lastgroup == "input" and _PADDED_BEFORE.search(text[max(0, start - 32) : start]):
        return None  # "the padded 7x7 input": "padded" before the size qualifies it too
    found = role[0].lastgroup
    if found == "input" and role[1] >= 0 and role[1] + role[0].end() <= start:
        between = text[role[1] + role[0].end() : start]
        if _PRODUCES.search(between):
            return "output"
    return found


def _role_word(text: str, start: int, end: int) -> tuple[re.Match[str], int] | None:
    """The role word's match and the offset of the text it was matched in."""
    spaced = text[end : end + 25]
    right_after = _ROLE.match(spaced.lstrip(" -"))  # "3x3-Kern": German joins with a hyphen
    if right_after:  # "a 3x3 kernel", "a 3x3 output"
        return right_after, end + len(spaced) - len(spaced.lstrip(" -"))
    right_after = _ROLE.match(_ADJECTIVE.sub("", text[end : end + 40].lstrip(" "), count=1))
    if right_after:  # "a 32x32 grayscale input": no "padded" among the adjectives
        return right_after, -1
    back = max(0, start - _DEFAULT_BACK)
    before = text[back:start]
    roles = list(_ROLE.finditer(before))
    if roles:
        last = roles[-1]
        between = before[last.end() :]
        if _OPERATOR_RESULT.search(between):
            return None  # "the input, with pad_1(G) of size 4x4": the padded G's size
        if _BECOMES.search(between):
            return None  # "se dilata $G$ ... entre entradas (queda de 3x3)": G dilated
        if _RESHAPED.search(re.split(r"[.;!?]\s", before)[-1]):
            return None  # "each filter flattened is a row of W_row (3 x 18)": a matrix's
        if not _SIZE.search(between) and len(_CLAUSE_END.findall(between)) <= 1:
            return last, back
    after = _ROLE.match(text[end : end + 25].lstrip(" ("))
    return (after, -1) if after else None
