"""A sentence that supposes the layer changed: "and if we add padding $p = 1$, then
$H_{out} = 2H_{in} - 1$", "còn nếu thêm padding $p = 1$ thì ...", "αν προσθέσουμε
padding $p = 1$ ...", "अगर हम padding $p = 1$ जोड़ें तो ...", "إذا أضفنا حشوًا $p = 1$ ...",
"si on ajoute un padding $p = 1$ ...", "если добавить padding $p = 1$ ...".

What such a sentence states is true of the changed layer, not of the notes' own.  Two
readers must set it aside:

* the readers of the layer's facts: a setting it names ("padding 1", or a letter set alone,
  ``$p = 1$``) is the variant's; read as the layer's, it replaces the layer the notes state
  (their "no padding") and every later size is judged at the wrong padding;
* the judge of a claim in it: ``H_{out} = 2H_{in} - 1`` holds for the variant and fails for
  the notes' layer (a false alarm), while a mistake made for the variant can hold for the
  notes' layer (a miss).  Until the variant is built from the sentence, the claim is not
  understood (counterfactual.py names the supposition).

The supposition is a condition *and* a verb of change (add, change, increase, remove ...)
or a contrary-to-fact mood, never a bare "if": "Nếu đầu vào là $5 \\times 5$ ..." (if the
input is 5x5) and "if we apply a 3x3 kernel to a 5x5 input" state the notes' own layer.
"""

from __future__ import annotations

import re

from symconv.checker import lexicon

# the verbs of change after "if we / one" in English
_EN_CHANGE = (
    r"add|added|adding|change|changed|switch|switched|increase|increased|decrease|decreased|"
    r"raise|raised|lower|lowered|remove|removed|drop|dropped|double|doubled|halve|halved|"
    r"replace|replaced|turn|turned|pad|padded"
)
_SUPPOSED_CHANGE = re.compile(
    # English: "if we add padding", "if you now switch to stride 2", "if one increases ..."
    rf"\bif\s+(?:we|you|one|I)\s+(?:now\s+|instead\s+|also\s+|then\s+|just\s+)?(?:{_EN_CHANGE})\b"
    r"|\bif\s+(?:one|it)\s+(?:adds|changes|increases|decreases|removes|doubles)\b"
    # Vietnamese: "còn nếu" (and if instead: always the other case), "giá như/giá mà" (if
    # only), "nếu (ta) thêm/đổi/tăng/giảm/bỏ" (if (we) add/change/raise/lower/drop)
    r"|\bcòn\s+nếu\b|\bgiá\s+(?:như|mà)\b"
    r"|\bnếu\s+(?:như\s+)?(?:(?:ta|chúng\s+ta|chúng\s+mình|mình|bạn|em|anh|ta\s+có)\s+)?"
    r"(?:thêm|đổi|thay|tăng|giảm|bỏ|chuyển|nâng|hạ|gấp\s+đôi)\b"
    # Greek: "αν/εάν προσθέσουμε|αλλάξουμε|αυξήσουμε|μειώσουμε|αφαιρέσουμε|βάλουμε",
    # and the contrary-to-fact "αν είχαμε / αν ήταν" (if we had / if it were)
    r"|\b(?:αν|εάν|άμα)\s+(?:\S+\s+){0,3}?(?:προσθέσ|προσθέτ|αλλάξ|αλλάζ|αυξήσ|μειώσ|"
    r"αφαιρέσ|βάλ|είχαμε|είχε|ήταν)\w*"
    # Hindi: "अगर/यदि (हम) ... जोड़ें / बदलें / बढ़ाएँ / घटाएँ / हटाएँ" (if (we) add / change /
    # increase / decrease / remove), the verb after its object
    r"|(?:अगर|यदि|अगरचे)\s+[^.।?!]{0,60}?(?:जोड़|बदल|बढ़ा|घटा|हटा)"
    # Arabic: "لو" (contrary-to-fact if) and "إذا/إن أضفنا|غيّرنا|زدنا|..." (if we
    # added/changed/increased ...), the verb's "نا" the speaker's "we"
    r"|(?<!\w)و?لو(?!\w)"
    r"|(?<!\w)(?:إذا|اذا|إن)\s+(?:\w+\s+)?(?:أضفنا|اضفنا|غيرنا|غيّرنا|زدنا|أنقصنا|انقصنا|"
    r"حذفنا|استخدمنا|استعملنا|جعلنا)(?!\w)"
    # French: "si on/l'on/nous ajoute|change|augmente|passe|..." and the imparfait's
    # supposition "si on prenait / utilisait / avait"
    r"|\bsi\s+(?:l['’]\s*)?(?:on|nous)\s+(?:ajout|chang|augment|diminu|retir|pass|doubl|"
    r"enl[eè]v|rajout|prenait|prenions|utilisait|utilisions|avait|avions|mettait|mettions)\w*"
    # Spanish, Italian, Portuguese: "si añadimos / cambiamos / aumentamos", "se aggiungiamo /
    # cambiamo", "se adicionarmos / mudarmos / aumentarmos"
    r"|\bsi\s+(?:a[ñn]adimos|agregamos|cambiamos|aumentamos|quitamos|subimos|bajamos|"
    r"duplicamos|a[ñn]adi[ée]ramos|agreg[áa]ramos|cambi[áa]ramos|aument[áa]ramos)\b"
    r"|\bse\s+(?:aggiungiamo|cambiamo|aumentiamo|togliamo|raddoppiamo|aggiungessimo|"
    r"cambiassimo|aumentassimo|adicionarmos|acrescentarmos|mudarmos|aumentarmos|trocarmos|"
    r"adicion[áa]ssemos|mud[áa]ssemos)\b"
    # German, Dutch: "wenn/falls man/wir ... hinzufügt / ändert / erhöht", "als we ...
    # toevoegen / veranderen / verhogen" (the verb last)
    r"|\b(?:wenn|falls)\s+(?:man|wir)\b[^.;!?]{0,80}?\b(?:hinzuf[üu]g|[äa]nder|erh[öo]h|"
    r"verringer|entfern|wechsel|verdoppel)\w*"
    r"|\bals\s+(?:we|je|men)\b[^.;!?]{0,80}?\b(?:toevoeg|verander|verhoog|verlaag|verwijder|"
    r"verdubbel)\w*"
    # Russian, Ukrainian, Polish: "если (бы) добавить / изменить / увеличить / убрать",
    # "якщо додати / змінити / збільшити", "jeśli zmienimy / zwiększymy / usuniemy"
    r"|\bесли\s+(?:бы\s+)?(?:мы\s+)?(?:добав|измен|увелич|уменьш|убра|убер|помен|замен)\w*"
    r"|\bякщо\s+(?:б\s+)?(?:ми\s+)?(?:дода|змін|збільш|зменш|прибра|замін)\w*"
    r"|\bje[śs]li\s+(?:zmienimy|zwi[ęe]kszymy|zmniejszymy|usuniemy|podwoimy|dodamy)\b"
    # Czech "pokud přidáme / změníme / zvětšíme", Turkish "eklersek / değiştirirsek /
    # artırırsak" (if we add / change / increase), Indonesian "jika kita menambah(kan)"
    r"|\bpokud\s+(?:p[řr]id[áa]me|zm[ěe]n[íi]me|zv[ěe]t[šs][íi]me|odebereme)\b"
    r"|\b(?:ekler|de[ğg]i[şs]tirir|art[ıi]r[ıi]r|azalt[ıi]r|[çc][ıi]kar[ıi]r)(?:sek|sak)\b"
    r"|\b(?:jika|kalau|apabila)\s+(?:kita|kami)\s+(?:menambah\w*|mengubah|mengganti|"
    r"memperbesar|memperkecil)\b"
    # Chinese, Japanese, Korean: "如果(再)加上/改为/增加", "もし…を加えると/変えると/増やすと",
    # "만약 … 추가하면/바꾸면/늘리면" (no \b in these scripts)
    r"|(?:若|如果|假如|假若|倘若|要是)[^。；;.]{0,30}?(?:加上|增加|加入|改为|改成|换成|改用|去掉)"
    r"|もし[^。；;.]{0,30}?(?:加え|変え|増や|追加|減ら|替え)"
    r"|(?:만약|만일)[^。；;.]{0,30}?(?:추가|바꾸|바꿔|늘리|줄이|더하)",
    re.IGNORECASE,
)

# a setting the supposition changes: the parameters' words of the languages above, or a
# letter set alone in inline math ("$p = 1$", "$s = 2$", "$d = 2$")
_SETTING_CHANGED = re.compile(
    rf"\b(?:{lexicon.PADDING}|{lexicon.STRIDE}|{lexicon.DILATION}|{lexicon.KERNEL})\b"
    rf"|{lexicon.STRIDE_CJK}|{lexicon.PADDING_CJK}|{lexicon.DILATION_CJK}"
    r"|\bđệm\b|\bbước\s+(?:nhảy|trượt)\b|पैडिंग|स्ट्राइड|कर्नेल|(?<!\w)(?:ال)?(?:حشو|خطوة|نواة)\w*"
    r"|\$\s*[sSpPdD]\s*=\s*\d{1,3}\s*\$",
    re.IGNORECASE,
)

# a letter of the layer's geometry set alone to a number: "p = 1", "S = 2", "d = 2"
_LONE_SETTING = re.compile(
    r"\s*(?:P|p|S|s|\\text\{(?:padding|stride)\}|padding|stride)\s*=\s*\d{1,3}\s*"
)


def supposition(text: str) -> re.Match[str] | None:
    """The words of ``text`` (a sentence, or its part before a claim) that suppose the layer
    changed and name the setting changed; None when it supposes no change."""
    found = _SUPPOSED_CHANGE.search(text)
    if found is None or not _SETTING_CHANGED.search(text):
        return None
    return found


def supposes_change(sentence: str) -> bool:
    """Whether the sentence supposes a change of the layer (a verb of change after a
    condition): the settings it names are the variant's.  (No setting word is asked for:
    the readers of facts ask this of a sentence they read a setting in.)"""
    return _SUPPOSED_CHANGE.search(sentence) is not None


def is_lone_setting(text: str) -> bool:
    """Whether a formula is a letter of the layer's geometry set alone to a number."""
    return _LONE_SETTING.fullmatch(text) is not None
