"""The words notes use for a layer's parameters, in the languages notes are written in.

One list per parameter, so that every reader of prose (a passage's facts, a sentence's
settings) knows the same words: a Catalan "farciment 3" or a French "remplissage 1" is the
padding wherever it is read, not only where someone met it first.  Each entry is a regular
expression fragment without groups, meant inside ``(?:...)`` with ``re.IGNORECASE``.
"""

from __future__ import annotations

import re

# en, es, pt, fr, it, de, nl, ca, pl, sv, ro, tr, cs
PADDING = (
    r"padding|relleno|preenchimento|remplissage|rembourrage|riempimento|Auff[üu]llung|"
    r"Randauff[üu]llung|(?:Null)?polsterung|opvulling|farciment|emplenament|dope[łl]nienie|utfyllnad|umplere|"
    r"dolgu|dopln[ěe]n[íi]|συμπλήρωσ\w*|paddingu|"
    # Polish "dopełnienie (zerami) 1", "uzupełnienie zerami 1"
    r"(?:dope[łl]nieni|uzupe[łl]nieni)(?:e|a|em)(?:\s+zerami)?|"
    # Russian "паддинг", "дополнение (нулями)", "отступ" (and their usual inflections);
    # Vietnamese "đệm"; Arabic "الحشو 1", "مع حشو 1", "بحشو 1"
    r"паддинг(?:а|ом)?|дополнени(?:е|я|ем)(?:\s+нулями)?|отступ(?:а|ом)?|đệm|"
    r"(?:ب|و)?(?:ال)?حشو"
)
# the words that name only a stride (or the window's shift): en, es, de, nl, pl, tr
STRIDE_PLAIN = (
    r"strides?|desplazamiento|Schrittweite|Schrittgr[öo](?:ß|ss)e|Schrittl[äa]nge|stapgrootte|"
    r"przesuni[ęe]ci\w*|kayd[ıi]rma(?:\s+ad[ıi]m[ıi])?"
)
# and the words that are also any "step" ("Paso 2: la derivada"): a number must follow them
# (Arabic "الخطوة 2", "بخطوة 2": the word with its joined article or preposition)
STRIDE = (
    rf"{STRIDE_PLAIN}|paso|passo|pas|stap|krok|steg|pasul|ad[ıi]m|langkah|βήμα|сдвиг(?:ом)?|"
    r"шаг(?:ом)?|bước|"
    r"(?:ب|و)?(?:ال)?خطوة"
)
DILATION = (
    r"dilation|dilataci[óo]n?|dilata[çc][ãa]o|dilatazione|dilatation|Dilatierung|"
    r"dilataci[óo]|dilatatie|dylatacj[aięą]|dilatace|dilatasi|διαστολ[ήής]\w*|"
    # Russian "дилатация", "расширение"; Turkish "dilatasyon", "genişleme"; Vietnamese "độ giãn"
    r"дилатаци\w*|расширени\w*|dilatasyon\w*|geni[şs]leme\w*|độ giãn(?: nở)?|giãn nở|"
    # DeepLab's "atrous rate 2"; Arabic "التمدد 2", "معامل التوسيع 2"
    r"atrous(?:\s+rate)?|(?:معامل\s+)?(?:ال)?(?:تمدد|توسيع)"
)
# "膨胀率为 2", "空洞率 2", "ダイレーション 2", "팽창률은 2", Hindi "डाइलेशन 2" (no \b in these
# scripts)
DILATION_CJK = (
    r"膨胀率|膨脹率|空洞率|扩张率|擴張率|膨張率|ダイレーション|팽창률|팽창|확장률|डाइलेशन|डायलेशन"
)
KERNEL = (
    r"kernels?|filters?|filtros?|filtres?|filtri|noyaux?|n[úu]cleos?|Kerne?|Filtern?|"
    r"filtry|filtr|filtr[óo]w|filtrami|πυρήνας|πυρήνα|φίλτρο|φίλτρα|"
    # Russian "ядро", "с ядром 3x3"; Turkish "çekirdek", "çekirdeği"; Vietnamese "bộ lọc"
    r"ядр(?:о|а|ом|е|у)|[çc]ekirde(?:k|ği|kler)|b[ộo] l[ọo]c"
)
# a count of filters or of channels after its letter: "$F = 3$ Filter", "$C = 2$ Kanäle"
# (and the instrumental plurals: Polish "z $F = 4$ filtrami", "$C = 3$ kanałami")
FILTERS = (
    r"kernels|filters|filtros|filtri|filtres|Filter|Filtern|filtry|filtr[óo]w|filtrami|φίλτρα|"
    r"фильтр\w*|фільтр\w*|filtreler|filtre|b[ộo] l[ọo]c"
)
CHANNELS = (
    r"channels|canales|canali|canaux|canais|Kan[äa]le|Kan[äa]len|kana[łl]y|kana[łl][óo]w|"
    r"kana[łl]ami|kanalen|κανάλια|канал\w*|kanal|k[êe]nh"
)
# "no padding", "sin relleno", "sense farciment", "ohne Padding", "geen opvulling"
NEGATION = (
    r"no|without(?: the)?|sin|senza|nessun[oa]?|sans|sem|sense|kein|keine|ohne|geen|zonder|bez|"
    r"utan|tanpa|"
    r"χωρίς"
)
# "with bias", "con sesgo", "z biasem", "com viés", "mit Bias", "amb biaix", "met bias"
BIAS = r"bias(?:em|u|es|en)?|sesgos?|biais|vi[ée]s|biaix|polarizaci[óo]n|смещени\w*"
WITH = (
    r"with(?: a| the| its)?|con(?: el| il| un| uno)?|avec(?: un| le)?|com(?: o| um)?|"
    r"mit(?: dem| einem)?|met(?: de| een)?|amb(?: el)?|z|cu|med|со|с"
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

# a transposed convolution's output padding named in words: "output padding 1", "relleno de
# salida 1", "padding de sortie 1", "Ausgabe-Padding 1", "выходной паддинг 1", "输出填充为 1"
OUTPUT_PADDING = (
    r"output[_ -]padding|relleno de salida|(?:padding|remplissage) de sortie|"
    r"Ausgabe-?Padding|Ausgangs-?Padding|(?:preenchimento|padding) de sa[íi]da|"
    r"(?:padding|riempimento) di uscita|uitvoer-?padding|dope[łl]nienie wyj[śs]cia|"
    r"wyj[śs]ciowe dope[łl]nienie|çıkış dolgusu|(?:đệm|padding) đầu ra|συμπλήρωση εξόδου|"
    r"выходн\w*\s+(?:паддинг|дополнени|отступ)\w*"
)
OUTPUT_PADDING_CJK = r"输出填充|輸出填充|出力パディング|출력\s?패딩"
_OUTPUT_PADDING_NAME = re.compile(rf"\b(?:{OUTPUT_PADDING})\b|{OUTPUT_PADDING_CJK}", re.IGNORECASE)


def plain_output_padding(text: str) -> str:
    """``text`` with each name of the output padding written ``output_padding``: a reader
    then takes its number as the output padding, and a padding reader (which skips
    "output_padding") never as the padding ("Ausgabe-Padding 1" holds the word "Padding")."""
    return _OUTPUT_PADDING_NAME.sub(
        lambda m: m.group(0) if m.group(0) == "output_padding" else " output_padding ", text
    )


# a transposed convolution named in words (the layer, not the transpose of a matrix):
# every reader that tells a transposed layer from a convolution reads these, so a layer
# named "splot transponowany", "обратная свёртка" or "tích chập chuyển vị" is no plain
# convolution anywhere.  Latin, Greek and Cyrillic names go between word boundaries; the
# Chinese, Japanese, Korean and Hindi ones (TRANSPOSED_CONV_UNBOUNDED) as they are.
TRANSPOSED_CONV = (
    # en: "transposed convolution", "fractionally-strided convolution", "up-convolution",
    # "deconvolution", "deconv layer"
    r"transposed?[- ]conv\w*|fractionally[- ]strided[- ]conv\w*|up-?conv(?:olution)?s?|"
    r"deconv\w*|"
    # es, pt, fr, it, ca, ro
    r"convoluci[óo]n(?:es)?\s+tra(?:n)?spuestas?|convolu[çc](?:[ãa]o|[õo]es)\s+transpostas?|"
    r"convolutions?\s+transpos[ée]es?|d[ée]convolution\w*|convoluzion[ei]\s+traspost[ae]|"
    r"convoluci[óo]\s+transposada|convolu[țţt]i[ae]\s+transpus[ăa]|"
    # de, nl, sv, pl, cs, id
    r"transponierte[nr]?\s+(?:Faltung|Konvolution)(?:en)?|Dekonvolution\w*|"
    r"getransponeerde\s+convolutie\w*|transponerad\w*\s+faltning\w*|faltning\w*\s+transponerad\w*|"
    r"splot\w*\s+transponowan\w*|transponowan\w*\s+splot\w*|dekonwolucj\w*|"
    r"transponovan\w*\s+konvoluc\w*|konvoluc\w*\s+transponovan\w*|konvolusi\s+transpos\w*|"
    # tr: "transpoze evrişim", "ters evrişim", "devrik evrişim"
    r"(?:transpoze|ters|devrik)\s+evri[şs]im\w*|"
    # vi: "tích chập chuyển vị", "tích chập ngược"
    r"tích chập (?:chuyển vị|ngược)|"
    # ru: "транспонированная свёртка", "обратная свёртка", "деконволюция"
    r"транспонированн\w*\s+св[её]ртк\w*|обратн\w*\s+св[её]ртк\w*|деконволюц\w*|"
    # el: "ανάστροφη συνέλιξη", "μετατεθειμένη συνέλιξη", "αποσυνέλιξη"
    r"(?:ανάστροφ|μετατεθειμέν)\w*\s+συνέλιξ\w*|αποσυνέλιξ\w*"
)
# zh, ja, ko: "转置卷积", "転置畳み込み", "전치 합성곱"; hi: "ट्रांसपोज़्ड कनवल्शन"
TRANSPOSED_CONV_UNBOUNDED = (
    r"转置卷积|轉置卷積|反卷积|反卷積|転置畳み込み|転置畳込み|逆畳み込み|전치\s?합성곱|"
    r"ट्रांसपोज़्?ड?\s+कन्?वल्?शन"
)
# the whole name, bounded where the script has word boundaries
TRANSPOSED_CONV_NAME = rf"\b(?:{TRANSPOSED_CONV})\b|{TRANSPOSED_CONV_UNBOUNDED}"
# the two halves of an autoencoder or U-Net: the encoder downsamples with forward
# convolutions (or poolings), the decoder upsamples with transposed ones.  en/nl/de
# "encoder", fr "encodeur", es/pt/ca "codificador", it "codificatore", de "Kodierer", pl
# "enkoder", ru "энкодер"/"кодировщик", tr "kodlayıcı", vi "bộ mã hóa", id "penyandi"
ENCODER = (
    r"encoders?|encodeurs?|codificador(?:es)?|codificatore|Kodierers?|enkoder\w*|"
    r"энкодер\w*|кодировщик\w*|kodlay[ıi]c[ıi]\w*|b[ộo] m[ãa] h[óo]a|penyandi"
)
ENCODER_CJK = r"エンコーダー?|编码器|編碼器|인코더"
DECODER = (
    r"decoders?|d[ée]codeurs?|decodificador(?:es)?|decodificatore|Dekodierers?|dekoder\w*|"
    r"декодер\w*|kod [çc][öo]z[üu]c[üu]\w*|b[ộo] gi[ảa]i m[ãa]|pengurai"
)
DECODER_CJK = r"デコーダー?|解码器|解碼器|디코더"
# the gradient and the backward pass, in the languages the readers know
GRADIENT_WORDS = (
    r"gradients?|backward|backprop\w*|derivatives?|adjoint|gradientes?|retropropag\w*|derivadas?|"
    r"gradiente?n?|gradiënt\w*|gradyan\w*|градиент\w*|κλίσ\w*|Ableitung\w*|R[üu]ckw[äa]rts\w*|"
    r"pochodn\w*|t[üu]rev\w*|производн\w*|παράγωγ\w*|đạo hàm|lan truyền ngược|"
    r"обратн\w* (?:проход|распространени)\w*|οπισθοδιάδοσ\w*"
)
# a sentence naming the transposed convolution to explain the backward pass or the name
# ("multiplying by C^T ... That's also why transposed convolution got its name", "el
# gradiente es una convolución traspuesta", "градиент по входу вычисляется транспонированной
# свёрткой") is about the gradient, not the layer's kind
EXPLAINS_TRANSPOSED = (
    rf"\b(?:{GRADIENT_WORDS}"
    r"|names?|named|called|so-called|llamad[ao]|se llama|nombre|same as|"
    r"equivalent|equivalente|is why|por eso|why|(?:is|are) (?:exactly |precisely |just )?what"
    r"|es (?:exactamente )?lo que"
    # "in general the transposed convolution returns a map of side ...": what an operation
    # gives back in a derivation, not the layer the notes are about
    r"|returns|computes|gives back|closed form|devuelve|calcula|liefert)\b"
)

# a max / an average pooling named in words, each language's names once: the prose reader
# takes the layer's kind from them and the pooling-sentence reader its window beside them
# ("2x2 max pooling", "макс-пулинг 2x2", "最大池化 2x2").  Latin, Greek, Cyrillic names go
# between word boundaries (``MAX_POOL``, ``AVERAGE_POOL``); the CJK, Hindi and Arabic ones
# as they are (``*_UNBOUNDED``).
MAX_POOL = (
    r"max(?:imum)?[- ]?pool(?:ing)?|m[áa]ximo[- ]?pool(?:ing)?|"
    # es, pt, fr, ca, id: "pooling máximo", "agrupamiento por máximo", "pooling max"
    r"(?:pooling|agrupamiento|agrupamento|agrupaci[óo]n|submuestreo)\s+(?:por\s+)?"
    r"(?:m[áa]ximo|max(?:imum)?)|"
    # tr: "maksimum havuzlama", "en büyük havuzlama"; vi: "gộp cực đại", "gộp tối đa"
    r"(?:global\s+)?(?:maks(?:imum)?|en\s+b[üu]y[üu]k)\s+havuzlama\w*|gộp\s+(?:cực\s+đại|tối\s+đa)"
)
AVERAGE_POOL = (
    r"(?:average|avg|mean|promedio|Durchschnitts|Mittelwert)[- ]?pool(?:ing)?|"
    r"(?:pooling|agrupamiento|agrupamento|agrupaci[óo]n|submuestreo)\s+(?:por\s+)?"
    r"(?:promedio|m[ée]dio|moyen|mitj[àa]|rata-rata)|"
    r"(?:gemiddelde|pr[ůu]m[ěe]rov[ýy])\s+pooling|"
    r"(?:global\s+)?ortalama\s+havuzlama\w*|gộp\s+trung\s+bình"
)
# The names in languages whose other words no reader knows: there a sentence that names the
# pooling may be a remark ("평균 풀링은 기울기의 합을 보존하므로", average pooling keeps the
# gradient's sum) as well as the layer, so a reader of the layer's kind takes them only in
# a sentence that also states a size.  ru: "макс-пулинг", "максимальная подвыборка",
# "средний пулинг"; el: "μέγιστη συγκέντρωση", "μέση συγκέντρωση" (between word boundaries)
MAX_POOL_NAMED = (
    r"макс(?:имальн\w*)?[- ]?(?:пулинг\w*|подвыборк\w*|объединени\w*)|"
    r"μέγιστ\w*\s+συγκέντρωσ\w*|συγκέντρωσ\w*\s+μεγίστου"
)
AVERAGE_POOL_NAMED = (
    r"средн\w*\s+(?:пулинг\w*|подвыборк\w*|объединени\w*)|"
    r"μέσ\w*\s+συγκέντρωσ\w*|συγκέντρωσ\w*\s+μέσου"
)
# zh, ja, ko: "最大池化", "最大プーリング", "최대 풀링"; hi: "अधिकतम पूलिंग"; ar: "تجميع أقصى"
# (as they are; taken as MAX_POOL_NAMED is)
MAX_POOL_UNBOUNDED = (
    r"最大池化|最大值池化|最大プーリング|マックスプーリング|최대\s?풀링|맥스\s?풀링|"
    r"अधिकतम\s+पूलिंग|(?:ال)?تجميع\s+(?:ال)?أقصى"
)
AVERAGE_POOL_UNBOUNDED = (
    r"平均池化|平均值池化|平均プーリング|평균\s?풀링|औसत\s+पूलिंग|(?:ال)?تجميع\s+(?:ال)?متوسط"
)

# Chinese (simplified and traditional), Japanese, Korean.  These scripts put no spaces
# between words and their letters are word characters to ``re``, so ``\b`` finds no edge
# inside "卷积核的步长为2": a reader matches these words as they are, never between ``\b``
# (see :func:`word`).  "步长为 2", "步幅是 2", "ストライドは2", "스트라이드는 2"
STRIDE_CJK = (
    r"步长|步長|步幅|步距|ストライド|스트라이드|보폭|"
    # Hindi "स्ट्राइड 2" (Devanagari's vowel signs put no \b where a reader would look)
    r"स्ट्राइड"
)
# "填充为 1", "补零 1", "パディングは1", "패딩은 1" ("零填充", "ゼロパディング": zero padding)
PADDING_CJK = r"零填充|补零|補零|填充|ゼロパディング|パディング|제로\s?패딩|패딩|पैडिंग"  # hi: पैडिंग
# "不补零", "无填充", "没有填充", "パディングなし", "패딩 없이": the padding is 0
NO_PADDING_CJK = (
    r"不补零|不補零|不填充|无填充|無填充|没有填充|沒有填充|不加填充|不做填充|未填充|"
    r"(?:ゼロ)?パディング(?:は)?(?:なし|無し)|パディングを(?:しない|行わない|使わない)|"
    r"(?:제로\s?)?패딩\s?(?:없이|없음|없는)|패딩(?:을|은)?\s?(?:하지|쓰지|사용하지)\s?않"
)
# the words that make a sentence set the notes' own values, before the setting (Chinese):
# "取单通道，无偏置，$d = 2$" (take), "令 $K = 3$" (let), "设 $s = 2$", "假设 $d = 2$" (set,
# suppose), "选取 $k = 3$" (choose); not "取决于" (depends on), "取值" (a value taken),
# "提取", "读取" (extract, read), "设计", "设备" (design, device)
SETS_CJK = (
    r"(?<![提读讀获獲吸摄攝])取(?!决|決|值|得|消)|(?<!命)令|"
    r"(?<!建)设(?!计|备|施)|(?<!建)設(?!計|備|施)"
)
# after the setting (Japanese, Korean): "$d = 2$ とする", "$d = 2$ とおく", "$d = 2$로 두자",
# "$d = 2$로 설정한다"; not "とすると", "로 하면" (if ...: a supposition, no setting)
SETS_AFTER_CJK = (
    r"と(?:する(?!と)|します|し[、，,]|おく|置く|おきます)|"
    r"(?:으로|로)\s?(?:두자|두고|둔다|둡니다|놓자|놓고|설정한다|설정하자|설정합니다|하자|한다|합니다)"
)
# a wrong answer shown ("错误写法（没有填充输入）", "間違い：", "잘못된 식"): what it says of
# the layer (no padding there) is the mistake's, not the notes'
WRONG_CJK = r"错误|錯誤|错写|錯寫|誤り|間違い|間違った|잘못|틀린|오류"
# the role words: "输入 $X$ 为 $5 \times 5$", "カーネル $K$ は $2 \times 2$", "커널 $W$는 ..."
# (with Hindi and Arabic, whose words \b does not bound reliably either: Devanagari's vowel
# signs are no word characters to ``re``)
ROLES_CJK = {
    "input": r"输入|輸入|入力|입력|इनपुट|المدخلات|المدخل|الدخل",
    "kernel": r"卷积核|卷積核|滤波器|濾波器|カーネル|フィルター?|커널|필터|कर्नेल|फ़िल्टर|फिल्टर|"
    r"النواة|المرشح|الفلتر",
    "output": r"输出|輸出|出力|출력|आउटपुट|المخرجات|المخرج",
}
# the letters of those scripts (kana, CJK ideographs, hangul), word characters to ``re``
CJK_LETTERS = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
# between such a word and its number: "为", "是", "设为", "等于", "取", "仍为" (still),
# Japanese "は", "を", "が", Korean "는", "은", "이", "가", "를", or "=", ":"
CJK_IS = (
    r"\s*(?:(?:仍|仍然|还是|還是|也|均|都)?\s*(?:为|為|是|设为|設為|取|等于|等於)|"
    r"は|を|が|는|은|이|가|를|=|:|：)?\s*"
)


def word(latin: str, cjk: str = "") -> str:
    """One fragment for a parameter's words: the Latin-script ones between word
    boundaries, the CJK ones as they are."""
    bounded = rf"\b(?:{latin})\b"
    return rf"(?:{bounded}|{cjk})" if cjk else bounded


# a magnitude written after a number, a unit of it ("37.7 M", "1,2 Mio.", "3.4 GFLOPs",
# "75 Millionen", "2 milioni", "5 milyon", "12 bin", "18 mila"): en, de, it, tr, fr, es, pl
MAGNITUDE = (
    r"[kKMGT](?:FLOP|MAC|Mult|Add|op)?s?|Mio|Mrd|Mn|Bn|Tsd|[Mm]illion\w*|[Mm]ilion\w*|"
    r"[Mm]ilioni|[Mm]ilyon\w*|[Mm]illiard\w*|[Mm]iliard\w*|[Bb]illion\w*|[Tt]housand|"
    r"[Tt]ausend|mila|bin|[Mm]iliar\w*|mille"
)


# Portuguese's "no" is the contraction "em + o" ("o resto cai no padding": the rest falls in
# the padding; "o gradiente no bias": the gradient at the bias), never a negation (Portuguese
# negates with "sem padding", "não há padding").  Words only Portuguese writes (not Spanish,
# Catalan, Italian or English) tell a sentence in it.
_PORTUGUESE = re.compile(
    r"[ãõ]|\b(?:não|são|só|é|uma|umas|isso|isto|então|também|pelo|pela|pelos|pelas|aos|às|"
    r"cai|caem|fica|ficam|dá|dão|há|têm|você|ainda|porém|onde)(?!\w)",
    re.IGNORECASE,
)


def negates(word: str, sentence: str) -> bool:
    """Whether the negation word ``word`` (one NEGATION matched) negates in ``sentence``:
    not a Portuguese "no", the contraction "in the" ("cai no padding" states no padding of
    zero, it names where terms land)."""
    return not (word.strip().lower() == "no" and _PORTUGUESE.search(sentence) is not None)


def negated(pattern: re.Pattern[str], sentence: str) -> bool:
    """Whether ``pattern`` (a NEGATION word, then what it takes away) finds a negation in
    ``sentence`` that negates (:func:`negates`: not Portuguese "no padding", in the padding)."""
    return any(
        negates((m.group(0).split() or [""])[0], sentence) for m in pattern.finditer(sentence)
    )
