"""A clause about an earlier part of a series names that part's layer, not this one's.

A blog post or a lecture in a series often opens by recalling the last one: "In part 2 we
did stride 1; today the layer is `nn.Conv2d(1, 1, 3, stride=2, padding=1)`", "Letzte
Woche hatten wir Schrittweite 1, heute ...", "La semaine dernière on a pris un pas de 1,
aujourd'hui ...".  Read as facts, the recalled setting contradicts the layer stated beside
it (and, read first, wins).  The clause that recalls an earlier part -- from its sentence's
start, or a contrast ("but", "aber", "mais", ...), to the next ";", sentence end, dash or
contrast ("today", "heute", "aujourd'hui", ...) -- is blanked before the prose is read; the
rest of the line is read as usual.  (A later part -- "next week", "the next post" -- is
prose._OTHER_CASE's, which sets the whole sentence aside.)

An earlier part is named by words that place it in the past of the series: "last week",
"the previous post", "beim letzten Mal", "la semaine dernière", "la semana pasada", "la
volta scorsa", "vorige week", "την προηγούμενη φορά", "в прошлый раз", "上次", ...; or a
numbered part with a past-tense verb ("In part 2 we did", "In Teil 2 hatten wir", "en la
parte 2 usamos"), since "in part 2 we use" may be the notes' own part.
"""

from __future__ import annotations

import re

_SERIES_EN = (
    r"post|part|article|lecture|chapter|notebook|video|lesson|week|session|class"
    r"|installment|instalment|episode|tutorial|entry|blog post"
)
_EARLIER = re.compile(
    # English
    rf"\b(?:in|during|from) (?:the|my|our) (?:previous|last|earlier|preceding|prior) "
    rf"(?:{_SERIES_EN})s?\b"
    r"|\blast (?:week|time|lecture|class|lesson|session|post|installment|episode|part)\b"
    r"|\b(?:in|during) (?:part|lecture|chapter|post|episode|installment|lesson|week|session)s?"
    r" \d+(?: and \d+)?,? (?:we|I|you) (?:did|used|had|saw|covered|looked at|treated|handled"
    r"|took|worked (?:with|through)|derived|considered|kept|stuck to|only did|went with|chose)\b"
    # German
    r"|\b(?:letzte|vorige|vergangene) Woche\b|\b(?:beim|das) letzten? Mal\b"
    r"|\bim (?:letzten|vorigen|vorherigen|vergangenen) (?:Teil|Beitrag|Kapitel|Artikel|Post"
    r"|Video|Abschnitt)\b|\bin der (?:letzten|vorigen|vorherigen|vergangenen) (?:Vorlesung"
    r"|Woche|Stunde|Sitzung|Folge|Übung|Lektion)\b"
    r"|\bin Teil \d+,? (?:hatten|haben|nahmen|benutzten|verwendeten) wir\b"
    # French
    r"|\bla semaine derni[èe]re\b|\bla derni[èe]re fois\b"
    r"|\b(?:dans|lors) (?:de )?(?:le|la|l['’]) ?(?:billet|partie|cours|chapitre|s[ée]ance"
    r"|article|le[çc]on|vid[ée]o|épisode|episode) pr[ée]c[ée]dente?\b"
    r"|\b(?:dans|en) (?:la )?partie \d+,? (?:nous avions|nous avons|on a|on avait|j['’]ai"
    r"|j['’]avais)\b"
    # Spanish
    r"|\bla semana pasada\b|\bla [úu]ltima vez\b"
    r"|\ben (?:la|el) (?:entrada|parte|clase|lecci[óo]n|cap[íi]tulo|art[íi]culo|post"
    r"|sesi[óo]n|v[íi]deo|episodio) anterior\b"
    r"|\ben la parte \d+,? (?:usamos|vimos|hicimos|tomamos|ten[íi]amos|usé|tomé)\b"
    # Italian
    r"|\bla settimana scorsa\b|\bla (?:volta|lezione|puntata) scorsa\b"
    r"|\b(?:nella|nel) (?:parte|lezione|post|capitolo|articolo|puntata|video) precedente\b"
    r"|\bnella parte \d+,? (?:abbiamo|avevamo|ho)\b"
    # Portuguese
    r"|\bsemana passada\b|\bda [úu]ltima vez\b"
    r"|\b(?:na|no) (?:parte|aula|post|cap[íi]tulo|artigo|v[íi]deo|epis[óo]dio) anterior\b"
    r"|\bna parte \d+,? (?:usamos|vimos|fizemos|t[íi]nhamos|tomamos)\b"
    # Dutch
    r"|\bvorige week\b|\b(?:de )?vorige keer\b"
    r"|\bin (?:het|de) vorige (?:deel|college|les|post|hoofdstuk|aflevering|blog)\b"
    r"|\bin deel \d+,? (?:hadden|deden|gebruikten|namen|zagen) we\b"
    # Greek, Polish, Russian, Turkish
    r"|την προηγούμενη φορά|την περασμένη εβδομάδα"
    r"|στ[οη]ν? προηγούμεν[οη] (?:μέρος|μάθημα|άρθρο|κεφάλαιο|ανάρτηση|διάλεξη|ενότητα)"
    r"|\bw poprzedni(?:ej|m) (?:części|lekcji|wpisie|wykładzie|odcinku)\b|\bw zeszłym tygodniu\b"
    r"|в прошлый раз|на прошлой неделе|в (?:предыдущей|прошлой) (?:части|лекции|статье)"
    r"|\bgeçen hafta\b|\bönceki (?:bölümde|derste|yazıda)\b"
    # Chinese, Japanese, Korean
    r"|上次|上一(?:篇|节|節|讲|講|课|課)|上周|上週|前回|先週|지난\s?(?:시간|주|글|강의)",
    re.IGNORECASE,
)

# what ends the recalled clause: a semicolon, a sentence's end, a dash, or a turn to the
# present ("today", "now", "this time", in the languages above), with its comma or "and"
_NOW = (
    r"today|now|this (?:time|week|post|part)|here|but|while|whereas|heute|jetzt|diesmal|nun"
    r"|aber|aujourd['’]hui|maintenant|cette fois|ici|mais|hoy|ahora|esta vez|pero|oggi|ora"
    r"|questa volta|ma|hoje|agora|desta vez|mas|vandaag|nu|deze keer|maar|σήμερα|τώρα|αυτή"
    r" τη φορά|αλλά|dzisiaj|dziś|teraz|ale|сегодня|теперь|но|bugün|şimdi|ama"
)
_END = re.compile(
    rf"[;!?]|\.(?:\s|$)|\s[—–]\s|\s--\s|(?:,\s*|\s+)(?:(?:and|und|et|y|e|en|και|i|и|ve)\s+)?"
    rf"(?:{_NOW})\b|今天|这次|這次|今回|本次|오늘|이번",
    re.IGNORECASE,
)
_START = re.compile(rf"[;!?:]\s|\.\s|\s[—–]\s|,\s*(?:{_NOW})\b", re.IGNORECASE)
# math and inline code are masked while the clause's ends are sought: "$1,2$" and
# "`nn.Conv2d(1, 1, 3)`" hold commas and points that end no clause
_SPAN = re.compile(r"\$[^$]*\$|`[^`]*`")


def without_earlier_parts(line: str) -> str:
    """``line`` with every clause that recalls an earlier part of the series blanked (the
    same length, so that positions in it still hold)."""
    masked = _SPAN.sub(lambda m: "x" * len(m.group()), line)
    found = list(_EARLIER.finditer(masked))
    if not found:
        return line
    text = list(line)
    for match in found:
        starts = [m.end() for m in _START.finditer(masked, 0, match.start())]
        start = starts[-1] if starts else 0
        end_at = _END.search(masked, match.end())
        end = end_at.start() if end_at is not None else len(line)
        text[start:end] = " " * (end - start)
    return "".join(text)
