"""The words notes use for a layer's parameters, in the languages notes are written in.

One list per parameter, so that every reader of prose (a passage's facts, a sentence's
settings) knows the same words: a Catalan "farciment 3" or a French "remplissage 1" is the
padding wherever it is read, not only where someone met it first.  Each entry is a regular
expression fragment without groups, meant inside ``(?:...)`` with ``re.IGNORECASE``.
"""

from __future__ import annotations

# en, es, pt, fr, it, de, nl, ca, pl, sv, ro, tr, cs
PADDING = (
    r"padding|relleno|preenchimento|remplissage|rembourrage|riempimento|Auff[üu]llung|"
    r"Randauff[üu]llung|opvulling|farciment|emplenament|dope[łl]nienie|utfyllnad|umplere|"
    r"dolgu|dopln[ěe]n[íi]"
)
STRIDE = r"stride|paso|passo|pas|Schrittweite|stap|krok|steg|pasul|ad[ıi]m|langkah"
DILATION = (
    r"dilation|dilataci[óo]n?|dilata[çc][ãa]o|dilatazione|dilatation|Dilatierung|"
    r"dilataci[óo]|dylatacja|dilatace|dilatasi"
)
KERNEL = (
    r"kernels?|filters?|filtros?|filtres?|filtri|noyaux?|n[úu]cleos?|Kerne?|Filtern?|"
    r"filtry|filtr"
)
# "no padding", "sin relleno", "sense farciment", "ohne Padding", "geen opvulling"
NEGATION = (
    r"no|without(?: the)?|sin|senza|sans|sem|sense|kein|keine|ohne|geen|zonder|bez|utan|tanpa|"
    r"χωρίς"
)
# "with bias", "con sesgo", "z biasem", "com viés", "mit Bias", "amb biaix", "met bias"
BIAS = r"bias(?:em|u|es|en)?|sesgos?|biais|vi[ée]s|biaix|polarizaci[óo]n"
WITH = (
    r"with(?: a| the| its)?|con(?: el| il| un| uno)?|avec(?: un| le)?|com(?: o| um)?|"
    r"mit(?: dem| einem)?|met(?: de| een)?|amb(?: el)?|z|cu|med"
)
# "parameters": en, es, pt, fr, it, de/nl/id, ca, pl, cs, sv, da/no, ro, tr, hu, vi, ru
PARAMETERS = (
    r"parameters?|params|par[áa]metros?|par[âa]metros?|paramètres?|parametri|Parameter|"
    r"paràmetres|parametr[óo]w|parametr[yů]|parametrar|parametre|parametere|parametrii|"
    r"parametreler|paraméter\w*|tham số|параметр\w*"
)
# "in total", "insgesamt", "en total", "au total", "in tutto", "łącznie", "celkem", "toplam",
# "tổng", "итого": a count of several layers together, never one layer's
TOTAL = (
    r"total|totals|in total|overall|altogether|insgesamt|gesamt\w*|en total|au total|en tout|"
    r"in tutto|totale|totaal|totalt|łącznie|razem|celkem|toplam|tổng|итого|всего"
)
# a magnitude written after a number, a unit of it ("37.7 M", "1,2 Mio.", "3.4 GFLOPs",
# "75 Millionen", "2 milioni", "5 milyon", "12 bin", "18 mila"): en, de, it, tr, fr, es, pl
MAGNITUDE = (
    r"[kKMGT](?:FLOP|MAC|Mult|Add|op)?s?|Mio|Mrd|Mn|Bn|Tsd|[Mm]illion\w*|[Mm]ilion\w*|"
    r"[Mm]ilioni|[Mm]ilyon\w*|[Mm]illiard\w*|[Mm]iliard\w*|[Bb]illion\w*|[Tt]housand|"
    r"[Tt]ausend|mila|bin|[Mm]iliar\w*|mille"
)
