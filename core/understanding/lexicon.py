"""Small closed word classes of the 13 languages, for the rule layer that beats a model on them:
yes and no, "never mind", negators and their scope, keeping what one has, politeness markers,
the verbs of the order actions, "all of them" and the return reasons.

These are closed classes (the ways to say yes, the negators of a language), not phrases grown to
fit a test set; everything open-ended (paraphrases, long messages, descriptions of options) goes
to the models. Entries are comma-separated; a trailing `*` makes a Latin-script entry a stem
("cancel*" finds "cancelled"). Latin, Cyrillic and Arabic entries match at word boundaries; Han,
kana, Hangul and Thai entries as substrings, since those scripts do not separate words. Every class
holds all languages at once: the script tells them apart, and a short reply's language is often
unknown. Traditional Chinese is folded to Simplified, character by character (zhconv's table),
in the text and in the entries alike, so "多買了" and "多买了" are one entry.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache, cached_property
from importlib import resources
from typing import Any

_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
_PUNCT = re.compile(r"[^\w\s'@#/\u0e00-\u0e7f-]+")  # Thai vowel and tone marks are kept
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """NFKC, lower case, typographic apostrophes folded, Traditional Chinese to Simplified,
    Arabic spelling variants folded, punctuation to spaces, one space."""
    t = unicodedata.normalize("NFKC", text).lower().replace("’", "'").replace("‘", "'")
    if _HAN.search(t):
        t = t.translate(_to_simplified())
    if _ARABIC.search(t):
        t = _AR_MARKS.sub("", t).translate(_AR_FOLD)
    return _SPACES.sub(" ", _PUNCT.sub(" ", t)).strip()


_HAN = re.compile(r"[\u3400-\u9fff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
#: Arabic vowel marks and the stretching stroke, left out; the spellings of alef, final ya and
#: ta marbuta people use interchangeably, folded ("كمّل" = "كمل", "القسيمه" = "القسيمة").
_AR_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]")
_AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})


def to_simplified(text: str) -> str:
    """Traditional Chinese folded to Simplified, character by character (positions kept)."""
    return text.translate(_to_simplified()) if _HAN.search(text) else text


@cache
def _to_simplified() -> dict[int, str]:
    """zhconv's Traditional-to-Simplified table, its one-character entries only: a fold that
    keeps every position (phrase rules that change lengths are left out)."""
    table = json.loads(resources.files("zhconv").joinpath("zhcdict.json").read_text("utf-8"))
    return {
        ord(k): v for k, v in table["zh2Hans"].items() if len(k) == 1 and len(v) == 1 and k != v
    }


_VIETNAMESE = re.compile("[ăâđêôơưạảãáàấầẩẫậắằẳẵặẹẻẽéèếềểễệịỉĩíìọỏõóòốồổỗộớờởỡợụủũúùứừửữựỵỷỹýỳ]")
#: Vietnamese words whose bare form is a common word of another language ("đỏ" / "do").
_BARE_CLASHES = frozenset(
    "do da de den ao a o la le to an on in con com dan di ke em se me te tu ta no na mai ban "
    "hat bin co u bo me nha cho mot hai ba".split()
)


def _bare_vietnamese(word: str) -> str | None:
    """A Vietnamese entry without its marks, or None when it has none or would clash."""
    if not _VIETNAMESE.search(word):
        return None
    nfd = unicodedata.normalize("NFD", word.replace("đ", "d"))
    bare = unicodedata.normalize("NFC", "".join(c for c in nfd if not unicodedata.combining(c)))
    if not bare.isascii() or len(bare.rstrip("*")) < 3 or bare.rstrip("*") in _BARE_CLASHES:
        return None
    return bare


#: How a word of a class ends: a stem ("cancel*") takes any letters, an entry with an unspaced
#: script ends anywhere, any other entry at a word boundary.
_WORD_ENDS = {"stem": r"\w*", "word": r"(?!\w)", "unspaced": ""}


def _trie(words: list[str]) -> str:
    """A regular expression of `words` (entries as `WordClass.words` gives them) as a prefix
    tree: at each letter the longer continuations first, then the ends of words there."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word.rstrip("*"):
            node = node.setdefault(char, {})
        kind = "unspaced" if _UNSPACED.search(word) else "stem" if word.endswith("*") else "word"
        node.setdefault("", set()).add(kind)

    def branch(node: dict[str, Any]) -> str:
        alternatives = [re.escape(char) + branch(node[char]) for char in sorted(node) if char]
        ends = node.get("", set())
        alternatives += [_WORD_ENDS[kind] for kind in ("stem", "word", "unspaced") if kind in ends]
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"

    return branch(root)


@dataclass(frozen=True)
class WordClass:
    """One closed class of words and phrases, compiled into a single alternation."""

    entries: str
    bare: bool = False
    """Also match the Vietnamese entries typed without their marks ("chua giao" for "chưa
    giao"), as many type them; short forms that are words of other languages are left out."""

    @cached_property
    def words(self) -> tuple[str, ...]:
        found = {
            normalize(e.rstrip("*")) + ("*" if e.strip().endswith("*") else "")
            for e in self.entries.replace("\n", ",").split(",")
        }
        if self.bare:
            found |= {b for w in found if (b := _bare_vietnamese(w)) is not None}
        return tuple(sorted((w for w in found if w.strip("*")), key=len, reverse=True))

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """The words as two prefix trees (words of spaced scripts behind a word boundary, then
        words with an unspaced script, which need none): the same matches as one alternation of
        every word, longest first, but the engine tries a letter once at each position instead
        of once per word — fifteen times faster on a class of hundreds of entries."""
        spaced = [w for w in self.words if not _UNSPACED.search(w)]
        unspaced = [w for w in self.words if _UNSPACED.search(w)]
        parts = [rf"(?<!\w){_trie(spaced)}"] if spaced else []
        parts += [_trie(unspaced)] if unspaced else []
        return re.compile("|".join(parts) if parts else r"(?!)")

    def search(self, normalized: str) -> re.Match[str] | None:
        return self.pattern.search(normalized)

    def finditer(self, normalized: str) -> list[re.Match[str]]:
        return list(self.pattern.finditer(normalized))

    def fullmatch(self, normalized: str) -> bool:
        return self.pattern.fullmatch(normalized) is not None

    def coverage(self, normalized: str) -> float:
        """Share of the text's non-space characters that words of this class cover."""
        total = len(normalized.replace(" ", ""))
        if not total:
            return 0.0
        covered = sum(len(m.group(0).replace(" ", "")) for m in self.pattern.finditer(normalized))
        return covered / total


# --------------------------------------------------------------------------- yes / no
YES = WordClass("""
oki, okie, okey dokey, yes please, ok la, 넹, 넵, 웅, ㅇㅇ, ㅇㅋ, blz, beleza, đc, dc, oke deh,
ya deh, yoi, sip kak, jo, jup, simón, simon, اوكي, اوكى, أوكي, ок, окей, оке,
yes, y, yep, yeah, yea, yup, ya, sure, sure thing, ok, okay, okey, okk, k, kk, alright,
all right, right, correct, confirm, confirmed, exactly, absolutely, definitely, of course,
please do,
do it, go ahead, go on, proceed, affirmative, sounds good, that's right, thats right, that's fine,
that works, fine, fine by me, perfect, great, no problem, no worries, why not, let's do it,
yes do it,
是, 是的, 是啊, 对, 对的, 对啊, 嗯, 嗯嗯, 恩, 好, 好的, 好啊, 好吧, 好滴, 行, 行吧, 行啊, 可以,
可以的, 可以啊,
没错, 没问题, 确认, 确定, 对对, 要的, 就这样, 就这么办, 没事,
對, 對的, 沒錯, 確認, 確定, 沒問題, 好喔, 可以喔, 好哦,
sí, si, claro, claro que sí, correcto, vale, exacto, dale, órale, perfecto, de acuerdo, hazlo,
adelante, por supuesto, está bien, esta bien, me parece bien, no hay problema, sin problema,
sim, isso, isso mesmo, certo, confirmo, pode, pode sim, beleza, combinado, perfeito, com certeza,
sem problema, tudo bem, pode ser,
oui, ouais, exact, d'accord, daccord, parfait, bien sûr, allez-y, volontiers, ça marche, ca marche,
c'est bon, pas de problème, pas de souci, je confirme,
ja, jawohl, genau, richtig, stimmt, gerne, gern, klar, passt, einverstanden, mach das,
machen sie das,
kein problem, in ordnung, geht klar, ja bitte,
да, ага, угу, верно, точно, конечно, давайте, давай, хорошо, ладно, подтверждаю, согласен, согласна,
именно, без проблем, нет проблем, всё верно, все верно, да, пожалуйста,
はい, ええ, うん, そう, そうです, お願いします, おねがいします, 大丈夫です, 大丈夫, 了解, 了解です,
承知しました, それで, それでお願いします, 問題ありません, 問題ないです, いいです, いいですよ,
네, 예, 응, 맞아요, 맞습니다, 좋아요, 좋습니다, 그래요, 그렇게 해주세요, 해주세요, 부탁드려요,
알겠습니다, 문제없어요, 괜찮아요, 네네,
نعم, أجل, اي, ايوه, ايوا, صحيح, تمام, طيب, موافق, بالتأكيد, اكيد, أكيد, حسنا, حسناً, لا مشكلة,
صح, أيوه, أيوا, ايه, إيه, ماشي,
ya, iya, iyaa, iya kak, betul, benar, oke, sip, boleh, siap, setuju, tentu, tidak apa-apa, gapapa,
có, vâng, dạ, ừ, ừm, đúng, đúng rồi, được, được ạ, ok luôn, đồng ý, chắc chắn, không sao,
ใช่, ใช่ค่ะ, ใช่ครับ, ถูกต้อง, ได้, ได้เลย, ได้ค่ะ, ได้ครับ, ตกลง, โอเค, จ้า, เอาเลย, ยืนยัน,
ไม่มีปัญหา,
係呀, 係啊, 係嘅, 係啦, 係喇, 係囉, 好呀, 得呀, 得啦, 冇問題, 可以呀, 係咁啦, 就咁啦, 啱呀, 啱啊,
bisa kak, bisa dong, bisa banget
""")
#: Yes-words that are one only as a reply's first word: the Cantonese "得" ("得 唔該晒": ok,
#: thanks), a particle inside any other sentence ("覺得", "記得").
YES_LEADING = WordClass("""
得, 得嘞, 得咧, 得喇
""")
NO = WordClass("""
no, nope, nah, nay, not really, negative, wrong, incorrect, no thanks, no thank you, not that one,
no it's not, not now, changed my mind, i changed my mind, don't do it, do not do it, please don't,
wait no, no way, nothing,
不, 不是, 不对, 不用, 不用了, 不要, 不要了, 没有, 否, 不行, 不必, 不需要, 不了, 先不要, 先不用,
还是不要了, 别了, 不對, 沒有,
no gracias, mejor no, todavía no, para nada,
não, nao, não obrigado, melhor não,
non, non merci, pas maintenant,
nein, nee, nö, nein danke, lieber nicht,
нет, неа, неверно, нету, не надо, не нужно, не стоит, нет спасибо,
いいえ, いや, いえ, 違います, ちがいます, 結構です, けっこうです, やめておきます, やめます,
아니요, 아니, 아뇨, 아니에요, 아닙니다, 됐어요, 안 할게요, 하지 마세요, 괜찮습니다,
لا, كلا, لا شكرا, لا شكراً, مش صح, مو صح, مب صح, مش صحيح, مو صحيح, غير صحيح, مش تمام, مو تمام,
غلط,
tidak, nggak, gak, ga, enggak, engga, bukan, tidak usah, gak usah, ga usah, nggak usah, enggak jadi,
gak jadi, nggak jadi, ga jadi, jangan,
không, ko, hông, không cần, thôi, khỏi, không phải,
ไม่, ไม่ใช่, ไม่ค่ะ, ไม่ครับ, ไม่ต้อง, ไม่เอา, ไม่เอาแล้ว,
唔係, 唔要, 唔使, 唔好, 唔需要, 唔得, 唔使喇, 唔要喇, 唔啱, 唔使啦
""")
ABORT = WordClass("""
never mind, nevermind, forget it, forget about it, cancel that, stop, leave it, skip it, skip,
算了, 算了吧, 不弄了, 不办了, 不改了, 不退了, 别弄了, 算啦,
olvídalo, olvidalo, déjalo, dejalo, da igual,
esquece, deixa pra lá, deixa para lá,
laisse tomber, oublie, oubliez,
vergiss es, egal, lass es, lass mal, lass gut sein, brich ab,
brech ab, brechen wir ab, schon gut, hat sich erledigt, hat sich schon erledigt,
never mind it's sorted, it's sorted, no longer needed, not needed anymore, 已经解决了, 不需要了,
ya se solucionó, ya no hace falta, já resolvi, não precisa mais, c'est réglé, plus besoin,
уже не надо, уже решилось, もう解決しました, 이제 괜찮아요, 해결됐어요, ما عاد احتاج, udah beres,
gak perlu lagi, không cần nữa, ไม่ต้องแล้ว,
забудьте, забей, неважно, не важно, отбой,
やっぱりいいです, やっぱりやめます, もういいです,
됐어요, 그만, 그만할게요,
انسى, خلاص,
lupakan, sudahlah, udahlah, gak jadi deh,
thôi bỏ qua, bỏ qua,
ช่างมัน, ช่างเถอะ
""")
UNSURE = WordClass("""
not sure, i'm not sure, im not sure, dunno, don't know, i don't know, maybe, hmm, hm, wait what,
let me check, i'll check, have to check, ask my, need to ask, 问下, 问问, 想想, 考虑, 考えます,
考えさせて, 確認します, 확인해 볼게요, 생각해 볼게요, надо глянуть, посмотрю, подумаю, lo pienso,
tengo que ver, déjame ver, vou ver, preciso ver, je vais voir, je dois vérifier, muss ich schauen,
muss nachsehen, chưa chắc, để em xem, để mình xem, ntar deh, blm tau, belum tahu, nanti saya cek,
مش عارف, مو متأكد, خليني اشوف, ขอดูก่อน,
what do you mean, i don't understand, 什么意思, 什麼意思, 啥意思, no entendí, no entiendo,
não entendi, je ne comprends pas, verstehe nicht, не поняла, не понял, не уверен*, どういう意味,
무슨 말, 무슨 뜻, يعني ايش, محتار, محتاره, maksudnya, ý là sao, หมายความว่าไง, ลังเล,
let me think, what, 再想想,
je sais pas, j'sais pas, jsais pas, sais pas, chais pas, chépa, bof, je sais plus trop,
let me confirm, need to confirm, have to confirm, déjame confirmar, tengo que confirmar,
voy a confirmar, deixa eu confirmar, vou confirmar, preciso confirmar, je vais confirmer,
laisse-moi confirmer, je dois confirmer, ich muss nachfragen, ich frag mal, ich frage mal nach,
уточню, надо уточнить, нужно уточнить, 確認してきます, 確認してから, 확인해 보고, 확인하고 올게요,
خليني اتاكد, لازم اتاكد, saya pastikan dulu, aku pastiin dulu, saya konfirmasi dulu,
để em xác nhận, để mình xác nhận, ขอเช็คก่อน, ขอเช็คแป๊บ, 我确认一下, 我确认下, 我先确认,
i'll be back, be right back, brb, ya vuelvo, ahorita vuelvo, já volto, ja volto, je reviens,
bin gleich zurück, bin gleich wieder da, сейчас вернусь, скоро вернусь, また来ます, 금방 올게요,
راجعلك, راجع لك, nanti balik lagi, mình quay lại sau, em quay lại sau, เดี๋ยวกลับมา, 马上回来,
等下回来, 回头找你, 我再想想, 不好说, 不好說, 再看看,
i'll get back to you, get back to you, i'll let you know, let you know, 问一下, 再回你, 再回复你,
再跟你说, 再告诉你, 再通知你, déjame pensarlo, déjame checar, tengo que checar, y te digo,
te digo luego, te aviso, deixa eu pensar, te falo depois, já te falo, te aviso depois,
je vous redis, je reviens vers vous, je vous tiens au courant, muss erst schauen, erst schauen,
mal schauen, ich melde mich, sag bescheid, дам знать, отпишусь, напишу позже, また連絡します,
後で連絡, 다시 연락, 알려드릴게요, برد عليك, ارد عليك, اخبرك, nanti saya kabari, nanti aku kabarin,
nanti dikabari, báo lại sau, báo lại, เดี๋ยวบอก, แล้วจะแจ้ง,
let me look, i'll look, let me see, i'll have a look, déjame buscar, tengo que buscar, voy a buscar,
deixa eu ver, vou procurar, je vais chercher, laisse-moi chercher, ich schau mal, ich muss suchen,
поищу, сейчас посмотрю, 探してみます, 探します, 찾아볼게요, 찾아볼게, خليني ادور, بدور,
aku cari dulu,
saya cari dulu, coba saya cari, coba cek, để em tìm, để mình tìm, ขอหาก่อน, 我找找, 找一下, 我找一下,
i forgot, forgot, don't remember, dont remember, can't remember, cant remember, 忘了, 不记得,
记不清, 記不清, no me acuerdo, no recuerdo, não lembro, não me lembro, je ne sais plus,
je me souviens pas, je ne me souviens pas, weiß ich nicht mehr, erinnere mich nicht, не помню,
забыл*, 覚えてない, 覚えていない, 忘れました, 忘れた, 기억이 안 나, 기억 안 나, 기억이 안나,
لا أتذكر, لا اتذكر, مو متذكر, ناسي, ناسيه, lupa, gak inget, ga inget, nggak inget, tidak ingat,
không nhớ, quên rồi, จำไม่ได้, ลืมแล้ว,
不知道, 不确定, 不確定, 可能吧, 让我想想, 讓我想想, 啊,
i'll think about it, ill think about it, i'll get back to you, i'll let you know, je réfléchis,
je vais réfléchir, je vais y réfléchir, je reviens vers vous, je vous redis, lo voy a pensar,
lo pensaré, lo pensare, vou pensar, vou pensar melhor, ich überlege es mir, ich überleg's mir,
ich überlege noch, ich melde mich, я подумаю, дам знать, pikir-pikir dulu, pikir pikir dulu,
saya pikir dulu, nanti saya kabari, để em suy nghĩ, để mình suy nghĩ, ขอคิดดูก่อน, ขอคิดก่อน,
هفكر, بفكر, خليني افكر, راح افكر, 検討します, また連絡します, 고민해 볼게요, 다시 연락드릴게요,
我再考虑, 回头再说, 再说吧,
no sé, no se, tal vez, quizás, quizas,
não sei, talvez,
je ne sais pas, peut-être, peut etre,
weiß nicht, weiss nicht, vielleicht,
не знаю, может быть, наверное,
わからない, 分からない, たぶん,
모르겠어요, 글쎄요, 아마,
لا أعرف, ربما,
tidak tahu, gak tau, mungkin,
không biết, có lẽ,
ไม่รู้, ไม่แน่ใจ, อาจจะ
""")

# --------------------------------------------------------------------------- negation
NEGATOR_BEFORE = WordClass("""
don't, dont, do not, not, no, never, no need to, please don't, stop, haven't, havent, hasn't,
didn't, didnt, not yet, can't, cannot, unable to, changed my mind about,
不方便, 不能, 没法, 没办法, 无法, 无法,
ni, ni siquiera, no puedo, não posso, je ne peux pas, kann nicht, не могу, передумал, передумала,
ما اقدر, ما أقدر, لا أستطيع, مو, gak bisa, tidak bisa, gak jadi, ga jadi, nggak jadi, enggak jadi,
tidak jadi, bukan, không thể, ไม่สามารถ, ไม่ได้,
别, 不要, 不用, 先别, 不想, 没必要, 无需, 無需, 不必, 別, 不需要, 甭, 千万别, 不要再, 先不要,
不用再, 不, 先不, 没, 沒, 唔使, 唔好, 唔洗, 咪,
no, nunca, no me, no lo, no la, no los,
não, nao, nem,
ne, n', ne pas, pas,
nicht, kein, keine, keinen, bitte nicht, nie,
не, ни, нельзя, не надо, не нужно,
لا, لن, ما, مش, بلاش,
jangan, tidak usah, gak usah, ga usah, nggak usah, tidak perlu, gak perlu, tidak mau, gak mau,
nggak,
đừng, không cần, không muốn, chưa cần, không, chưa, 唔好, 唔使, 唔要, 冇, laisse tomber,
forget, forget about,
อย่า, ไม่ต้อง, ไม่, ไม่อยาก,
안, 못
""")
#: A preference said instead of what was asked: "nee, lieber umtauschen", "no, I'd rather
#: exchange it", "нет, лучше обменять", "아니 차라리 교환해 주세요", "ไม่คืน ขอเปลี่ยนแทน".
PREFER = WordClass("""
rather, i'd rather, id rather, i would rather, prefer*, instead, better to, lieber, eher,
stattdessen, statt, anstatt, mejor, prefiero, preferiría, preferiria, más bien, en vez de,
en lugar de, prefiro, preferia, preferiria, melhor, em vez de, ao invés, plutôt, plutot,
je préfère, je préférerais, au lieu de, лучше, предпочитаю, предпочту, вместо, 宁愿, 宁可,
情愿, 寧願, 寧可, 倒不如, 不如, むしろ, それより, 代わりに, のほうがいい, の方がいい, 차라리,
대신, 보다는, بدلا, بدلاً, بالأحرى, الأفضل, الافضل, أفضل, افضل, mending, lebih baik, lebih suka,
sebaiknya, thà, thay vì, thay vào đó, tốt hơn, แทน, ดีกว่า
""")
#: Words that deny a fault named right after them, on top of the negators: "nothing broken",
#: "nichts kaputt", "nada roto", "tidak rusak", "chẳng hỏng" (not in NEGATOR_BEFORE, where
#: "tidak bisa dibatalkan", "can't cancel" would turn a complaint into a refusal).
DENY_FAULT = WordClass("""
nothing, nichts, nix, nischt, nada, rien, nenhum, nenhuma, ничего, ни, tidak, tdk, gak, ga, gk,
enggak,
engga, ngga, nggak, bukan, tidak ada, gak ada, ga ada, nggak ada, không có gì, ko có gì,
chẳng, chả, ko, k, hông, khong, không hề, ไม่มีอะไร, ไม่ได้, لا شيء, ولا شي, مو, مش, ليس, ليست, غير,
without, sin, sem, sans, ohne, без, بدون, tanpa, أي, اي, isn't, wasn't, aren't, weren't, isnt,
wasnt, arent, werent, ain't, never
""")
#: Words after a fault that deny it, in scripts with spaces: "брака нет", "defeito nenhum".
DENY_FAULT_NEXT = WordClass("""
нет, нету, не было, никакого, никакой, никаких, nenhum, nenhuma, ninguno, ninguna, aucun, aucune,
keiner, keine, gì đâu
""")
#: Endings that deny the fault word before them: "壊れてない", "고장 난 건 아닌데".
DENY_FAULT_AFTER = WordClass("""
ない, なく, ません, なかった, 아니, 아닌, 않, 없
""")
NEGATOR_AFTER = WordClass("""
てはいない, はいない, ではない, じゃない, てない, ていない, てはない, 건 아니, 게 아니, 아니고,
したいわけではな, したいわけじゃな, したいのではな, したいんじゃな, するつもりはな,
아닌데,
しないで, しないでください, しなくて, しなくていい, しません, しない, ないで, やめて, 不要です,
しなくても,
하지 마, 하지 마세요, 하지 말아, 하지 말아주세요, 안 해, 안 할, 안할, 안해요, 말아, 말아주세요,
마세요, 않아도,
안해도, 하지 말고, 싫어, 싫어요, 싫습니다, 싫은데, 싫고, したくない, たくない, たくありません,
せんといて, んといて, せんで, せえへん, でけへん, しないどいて, しないでおいて, やめといて,
しなくてええ, しなくていいよ,
pas, nicht
""")
#: A parcel the tracking calls delivered ("marked as delivered", "显示已签收", "配達完了")...
DELIVERED_STATUS = WordClass("""
    delivered, marked as delivered, shows delivered, says delivered, 已签收, 显示签收, 签收了,
    显示已送达, 已送达, 妥投, 派送成功, entregado, se entregó, figura como entregado, entregue,
    consta como entregue, foi entregue, livré, indique livré, a été livré, zugestellt,
    als zugestellt, geliefert, вручен*, вручён*, доставлен*, выдан,
    配達完了, 配達済み, 配達済, 届いたことに,
    배송완료, 배송 완료, 배달 완료, ส่งสำเร็จ, จัดส่งสำเร็จ, ส่งถึงแล้ว, تم التوصيل, تم التسليم,
    مكتوب وصل, مكتوب تم, تم توصيل, wasal, đã giao, giao thành công, đã giao hàng, terkirim,
    sudah diterima, status diterima, udah diterima, pesanan selesai, delivered katanya,
    已经送到, 已送到, 送到了, 已到店, sudah sampai, udah sampai, udh sampai, sudah nyampe,
    udah nyampe, udh nyampe, 已经送达, 显示送达, 送达了, اتسلم, اتسلمت, تم الاستلام,
    arrived at the store, ready for pickup, ready for collection, ready to collect,
    waiting at the pickup point, 已经到店, 到店了, 显示到店, 已入柜, 已放入快递柜, 已到驿站,
    listo para recoger, disponible para recoger, ya está en la tienda, pronto para retirada,
    disponível para retirada, chegou na loja, disponible en point relais, disponible au retrait,
    prêt à être retiré, abholbereit, zur abholung bereit, liegt in der filiale, готов к выдаче,
    прибыл в пункт выдачи, ожидает в пункте выдачи, 店舗に到着, 受取可能, 受け取り可能, 픽업 가능,
    픽업 대기, جاهز للاستلام, وصل الفرع, siap diambil, sudah di toko, sẵn sàng để nhận,
    đã đến cửa hàng, พร้อมให้รับ, ถึงสาขาแล้ว
""")
#: ...that never reached the customer ("but I never got it", "但我没收到", "届いていない").
NOT_RECEIVED = WordClass("""
    never received, never got, didn't receive, did not receive, haven't received, not received,
    nothing arrived, nothing was there, there's nothing, wasn't there, no package, 没收到, 沒收到,
    没有收到, 根本没收到, 没看到, 找不到, 冇收到, no lo recibí, no he recibido, no recibí nada,
    no hay nada, no llegó nada, nadie ha visto, não recebi, não chegou nada, ninguém viu,
    je n'ai rien reçu, je ne l'ai pas reçu, il n'y a rien, personne ne l'a vu, nicht angekommen,
    nichts angekommen, nicht erhalten, nie bekommen, nichts bekommen, не получал*, не получил*,
    ничего не получ*, его нет, нету, 届いていない, 届いてない, 受け取っていない, 何もありません,
    何もない, 見ていない, 받지 못, 못 받, 안 왔, 받은 적, 아무것도 없, ไม่ได้รับ, ไม่ได้ของ,
    ไม่มีใครเห็น, ยังไม่ได้รับ, ما استلمت, ما وصلني, ما وصلتني, ما جاني, لم استلم, لم يصلني,
    ma istalamt, ma wasalni, chưa nhận được, không nhận được, chưa nhận, ko nhận được,
    không ai nhận, belum terima, blm nerima, belum nerima, gak nerima, ga nerima, tidak menerima,
    belum sampai ke saya, ga ada paket, 没有这个包裹, 没有我的包裹, 没拿到, 没有拿到,
    ماستلمتش, ما استلمتش, مستلمتش, ما استلمتهاش, ist auch nichts, war nichts, nichts da,
    nichts erhalten, nicht bekommen, nicht bei mir
""")
#: A parcel lost on the way ("the courier lost it", "包裹遗失了", "посылка потерялась").
LOST = WordClass("""
    lost, went missing, gone missing, 遗失, 丢了, 丢件, 弄丢, 寄丢, extraviad*, perdid*, perdu*,
    égaré*, verloren, verschwunden, потерял*, потерян*, утерян*, 紛失, 行方不明, 분실, 잃어버,
    ضاع, ضايع, مفقود, hilang, thất lạc, bị mất, หาย, สูญหาย
""")
KEEP = WordClass("""
keep it, keep them, i'll keep, i will keep, still want it, still want them, i still want,
i want it, still need it, keep the order, keep my order,
我还要, 还要的, 我要的, 留着, 我留着, 还是要, 我还要的, 還要, 我還要, 留著, 保留, 我留下,
me lo quedo, me la quedo, me los quedo, me las quedo, todavía lo quiero, aún lo quiero,
lo sigo queriendo,
me quedo con, sí mándenla, sí mándenlo, sí mándenlos, sí envíenla, sí envíenlo, sí la quiero,
sí lo quiero,
vou ficar, fico com ele, fico com, ainda quero,
je le garde, je la garde, je les garde, je le veux toujours, je garde,
ich behalte, ich will es noch, ich möchte es behalten, behalte ich, möchte ich behalten,
will ich behalten,
оставлю, оставьте, оставим, мне ещё нужно, мне еще нужно, ещё нужен, еще нужен,
やっぱり欲しい, 欲しいです, 必要です,
계속 갖고, 필요해요, 가질게요,
سأحتفظ, أريده,
masih mau, tetap mau, masih butuh,
vẫn muốn, tôi vẫn lấy, vẫn cần,
ยังต้องการ, ยังเอา, เก็บไว้,
keeping, i'm keeping, im keeping, i'll keep the, keep the other*, keep the rest, still want the,
照常发, 照常發, 照常寄, 正常发, 正常發, 继续发, 繼續發, 照发, 照發, 照寄, 留低, 要留,
me quedo, quedarme con, el resto sí, los demás sí, fico com o resto, quero ficar com,
pode mandar o resto, je conserve, je veux garder, je garde le reste, bhalte,
behalt ich, behalte den rest, оставляю, оставлю себе, остальное оставлю, остальные оставлю,
そのままで, そのまま送, 残して, キープ, 그대로 보내, 그대로 두, 그대로 받, 나머지는 그대로,
الباقي خليه, خليه عندي, بخليه, ابقيه, tetap dikirim, tetap kirim, yang lain tetap, tetap simpan,
giữ lại, vẫn giữ, vẫn gửi, em giữ, mình giữ, tôi giữ, giu lai, van giu, em giu, minh giu,
هحتفظ, بحتفظ, حاحتفظ, เอาไว้, ส่วนที่เหลือเอา,
i'll take delivery, i'll receive it, let it come, let it arrive, let it ship,
que llegue, déjalo que llegue, deixa chegar,
je le réceptionne, je la réceptionne, laissez-le arriver, lass es kommen,
ich nehme es an, ich nehm es an, nehme ihn an, пусть едет, пусть придёт, пусть придет,
我收下, 我就收了, 收下吧, 照收, 让它寄过来, このまま受け取ります, 그냥 받을게요,
그냥 받을게, 물건 받을게요, بستلمه, راح استلمه, باستلمه, aku terima aja, saya terima aja,
terima aja,
để em nhận, em nhận luôn, nhận luôn, mình nhận luôn, để mình nhận, de e nhan, e nhan luon,
nhan luon, ฉันรับเอง, รับของเอง, จะรับของ,
그냥 쓸게요, 그냥 쓸래요, 쓸게요, pake yg ini aja, pakai yang ini saja, pake yang ini aja,
je le garde finalement, i'll use it, i'll just use it
""")

#: A message that asks nothing new: it only asked before ("I was just asking", "solo
#: preguntaba", "只是问问"), or waits for the order as it is ("届くのを待ちます", "я его жду").
#: Not a wish to know ("I just want to know where it is", "想问问"): that asks.
NOTHING_NEW = WordClass("""
just asking, was just asking, was only asking, i was asking, only asked, just asked,
i'll wait for it, i will wait for it, i'll wait for the parcel, i'll wait for delivery,
只是问问, 只是问一下, 只是問問, 只是問一下, 随便问问, 隨便問問, 问问而已, 問問而已, 我等着, 我等著,
solo preguntaba, sólo preguntaba, nada más preguntaba, solo estaba preguntando,
sólo estaba preguntando, solo pregunté, sólo pregunté, esperaré, lo espero, la espero,
só estava perguntando, só tava perguntando, só perguntei, vou esperar, eu espero,
je demandais juste, je demandais seulement, je posais juste la question, j'attends,
ich habe nur gefragt, hab nur gefragt, war nur eine frage, ich warte darauf,
просто спрашивал*, просто спросил*, я его жду, я её жду, я ее жду, подожду, буду ждать,
聞いただけ, 聞いてみただけ, 質問しただけ, 待ちます, 待っています, 待ってます,
물어본 거예요, 물어본 거, 그냥 물어본, 기다릴게요,
كنت بس اسأل, كنت اسأل, مجرد سؤال, بستنى, راح انتظر, بنتظر,
cuma nanya, cuma tanya, hanya bertanya, cuma bertanya, aku tunggu, saya tunggu,
chỉ hỏi thôi, hỏi thôi, em đợi, mình đợi, em chờ, mình chờ,
แค่ถามเฉยๆ, แค่ถามดู, ถามเฉยๆ, รอได้
""")

#: A question told as only a question: the customer wants to know what would happen, not to
#: have it done ("just asking", "just to know", "out of curiosity", "只是问问", "先问问", "solo
#: por saber", "é só para saber", "je me renseigne", "nur eine Frage", "просто интересуюсь",
#: "聞いてみただけ", "그냥 궁금해서", "مجرد سؤال", "nanya dulu", "chỉ hỏi thôi", "แค่ถามเฉยๆ").
ONLY_ASKING = WordClass(
    bare=True,
    entries="""
just asking, only asking, i'm only asking, just a question, only a question, just wondering,
just curious, out of curiosity, just to know, just want to know, just wanted to know,
only want to know, only wanted to know, for my information, for future reference,
hypothetically, before i decide, asking for now, asking first,
只是问问, 只是问一下, 只是想问问, 只是想知道, 只是了解一下, 随便问问, 问问而已, 先问问, 先问一下,
先了解一下, 想先了解, 好奇问问, 纯属好奇, 仅供参考, 就问问, 就是问问, 先不退, 暂时不退, 还不退,
还没打算退, 还不打算退, 先别退,
solo pregunto, sólo pregunto, solo preguntaba, sólo preguntaba, solo es una pregunta,
sólo es una pregunta, es solo una pregunta, es sólo una pregunta, solo por saber, sólo por saber,
solo para saber, sólo para saber, es solo por saber, es por saber, por curiosidad,
solo quiero saber, sólo quiero saber, solo quería saber, sólo quería saber, pregunto nada más,
só para saber, só pra saber, é só para saber, é só pra saber, só perguntando, só estou perguntando,
só uma pergunta, é só uma pergunta, por curiosidade, só queria saber, só quero saber,
pergunto só, só pergunto,
juste pour savoir, simplement pour savoir, je me renseigne, simple question, juste une question,
par curiosité, je demande juste, je voulais juste savoir, je veux juste savoir,
nur eine frage, nur zur info, nur zur information, nur interessehalber, interessehalber,
nur mal gefragt, nur gefragt, frage nur, ich frage nur, aus neugier, nur wissen,
erst einmal nur, erstmal nur, vorerst nur,
просто спрашиваю, просто интересуюсь, просто уточняю, просто узнать, просто хочу знать,
просто хотел* узнать, просто вопрос, из любопытства, на будущее, пока просто,
聞いてみただけ, 聞いただけ, 質問だけ, 知りたいだけ, 参考までに, 念のため聞, 気になったので,
とりあえず聞,
그냥 궁금, 궁금해서, 물어보는 거, 물어본 거, 그냥 물어, 참고로, 알고만, 여쭤보는 거,
مجرد سؤال, بس اسال, بس بسال, بس سؤال, للعلم, للاستفسار, استفسار بس, بس حاب اعرف, بس ابي اعرف,
nanya dulu, tanya dulu, cuma nanya, cuma tanya, tanya doang, nanya doang, sekedar tanya,
sekadar tanya, sekedar nanya, sekadar nanya, cuma mau tau, cuma mau tahu, penasaran aja,
hanya bertanya, cuma bertanya,
hỏi trước, chỉ hỏi thôi, hỏi thôi, chỉ hỏi, hỏi cho biết, để biết thôi, tham khảo thôi,
chỉ muốn biết,
แค่ถาม, ถามเฉยๆ, ถามไว้ก่อน, สอบถามก่อน, อยากรู้เฉยๆ, แค่อยากรู้, ถามดูก่อน
""",
)

#: "Not yet", "not for now", said of what the customer would do: with an order action's verb
#: after it ("not returning it yet", "noch keine Rücksendung", "belum mau retur", "还没打算退",
#: "先别退"), the action is put off: what was said about it only asks.
NOT_YET = WordClass(
    bare=True,
    entries="""
not yet, not for now, not now, not right now, not at the moment, for now don't, don't yet,
do not yet, no need yet, hold off on,
还没打算, 还不打算, 暂时不, 暂时还不, 先不, 先别, 还不想, 还不, 暂不,
todavía no, aún no, de momento no, por ahora no, por el momento no,
ainda não, por enquanto não, por ora não, por agora não,
pas encore, pas pour l'instant, pas pour le moment, pas tout de suite,
noch nicht, noch kein*, vorerst nicht, vorerst kein*, erst mal nicht, erstmal nicht,
пока не, пока нет, ещё не, еще не, пока что не,
まだ, 今はまだ, 今のところ,
아직, 당장은, 지금은 안,
ليس بعد, ليس الان, مش الحين, مو الحين, لسه مش, لسا ما,
belum mau, belum pengen, belum ingin, belum jadi, blm mau, ga dulu, gak dulu, nggak dulu,
chưa muốn, chưa định, chưa cần, chưa,
ยังไม่, ยังไม่อยาก, ยังไม่ต้อง
""",
)

#: An item never used ("never used", "jamais allumée", "没用过", "未使用"): a defect found only
#: by meaning is then none (a defect shows in use; damage from transport may not).
UNUSED = WordClass("""
never used, not used, unused, never worn, never lit, never switched on, never turned on,
haven't used, haven't even used, brand new, 没用过, 沒用過, 没穿过, 沒穿過, 没点过, 沒點過,
没拆, 还没用, 還沒用, 全新, 未使用, 使っていない, 使ってない, 使ってへん, 一度も使って, 미사용,
사용하지 않, 안 썼, 안 쓴, sin usar, sin estrenar, nunca lo usé, nunca la usé, no lo he usado,
sem uso, nunca usei, nunca usad*, jamais utilisé*, jamais servi*, jamais allumé*, jamais porté*,
jamais été utilisé*, jamais été allumé*, jamais été porté*, pas utilisé*, pas encore utilisé*,
unbenutzt, nie benutzt, nicht benutzt, nie getragen, nie angezündet,
не пользовал*, не использовал*, ни разу не надевал*, belum dipakai, belum pernah dipakai,
blm dipakai, gak dipakai, chưa dùng, chưa sử dụng, ยังไม่ได้ใช้, ไม่ได้ใช้, لم أستخدم*,
ما استخدمت*, ما استعملت*, unworn, never worn, not worn, tags still on, with the tags,
with tags, still has the tags, 吊牌还在, 吊牌都在, 带着吊牌, 吊牌没剪, 吊牌還在, 吊牌沒剪, 没穿,
沒穿, con etiquetas, con la etiqueta, sin estrenar, con las etiquetas, por estrear, sem estrear,
com etiquetas, com as etiquetas, com etiqueta, jamais porté*, pas porté*, avec les étiquettes,
avec étiquettes, étiquettes encore, mit etikett*, noch mit etikett*, ungetragen, nie getragen,
с бирками, с этикетками, не носил*, не надевал*, タグ付き, タグがついたまま, 着ていない, 着てない,
택 그대로, 택도 안 뗀, 안 입은, 안 입었, بالتيكت, ما لبسته, ما لبستها, لم ألبس*, masih ada label,
label masih, belum dipakai sama sekali, còn tag, còn nguyên tag, chưa mặc, ป้ายยังอยู่,
ยังไม่ได้ใส่
""")

#: Asking where something is: of a parcel or an item, a status question ("where's my sweater?").
WHERE = WordClass("""
where is, where's, where are, where my, 在哪, 在哪里, 在哪儿, 到哪, 到哪了, 到哪里, 在哪裡, 到哪裡,
dónde está, donde esta, dónde están, donde estan, dónde anda, donde anda, dónde andan, donde andan,
dónde quedó, dónde quedaron, onde está, onde esta, onde estão, onde estao, onde anda, onde andam,
cadê, où est, wo bleiben,
où sont, où en est, wo ist, wo sind, wo bleibt, где, どこ, 어디, أين, اين, وين, di mana, dimana,
ở đâu, đâu rồi, อยู่ไหน, ถึงไหน, อยู่ที่ไหน
""")

#: Asking an amount: "how much would I get back?", "到时候能退我多少钱", "wie viel bekomme ich".
HOW_MUCH = WordClass(
    bare=True,
    entries="""
how much, what amount, what would i get, what do i get back, cuánto, cuanto, cuánta, quanto,
quanta, combien, wie viel, wieviel, welchen betrag, сколько, какую сумму, 多少, 几块, 幾塊, いくら,
どのくらい戻, 얼마, berapa, bao nhiêu, كم, بكم, เท่าไหร่, เท่าไร, กี่บาท
""",
)

#: A return supposed, not asked for: the forms "if I …" takes where the request's verb does not
#: ("if I sent back", "если я верну", "si la devolviera"), and the bare "if" of Spanish,
#: Portuguese and French ("si", "se"), which a condition leaves out.
RETURN_SUPPOSED = WordClass("""
sent back, sent it back, returned it, верну, вернуть, вернула бы, вернул бы, сдам, devolviera,
devolviese, devolvesse, devolver, renvoyais, renvoie, retournais, zurückschicken würde,
zurückgeben würde, zurückschicke, 退掉, 退回, 退了, 返品したら, 返品すると, 반품하면, 반품할 경우,
kembalikan, balikin, retur, trả lại, gửi trả, คืน, أرجعت, رجعت
""")
SUPPOSE_BARE = WordClass("si, se")

#: Money coming back: "where is X" about a refund is the refund's status, not a parcel's.
MONEY_BACK = WordClass("""
refund*, money back, money, reimburs*, 退款, 退钱, 退錢, 钱, 錢, reembols*, dinero, estorno,
dinheiro, rembours*, argent, erstatt*, rückerstatt*, rückzahlung*, geld, возврат денег, деньги,
денег, деньгам*, 返金, お金, 환불, 돈, استرداد, فلوس, الفلوس, فلوسي, المبلغ, pengembalian dana,
uang, dana, hoàn tiền, tiền, คืนเงิน, เงิน
""")

#: An order action told as already done ("I cancelled it on the 12th", "退了其中一条", "đã hủy",
#: "ยกเลิกไปแล้ว"): the story of a cancellation or return, not a request for one. The past forms,
#: participles and markers of completion, never the infinitive or the imperative (so not the
#: Arabic "الغوا", which customers say to the shop: "cancel it, please", however it reads).
ACTION_DONE = WordClass("""
i cancelled, i canceled, we cancelled, we canceled, you cancelled, you canceled, they cancelled,
was cancelled, was canceled, were cancelled, been cancelled, been canceled, got cancelled,
got canceled, had cancelled, have cancelled, already cancelled, already canceled,
i returned, we returned, was returned, been returned, have returned, already returned,
i sent it back, i sent them back, i sent back, i shipped it back, i mailed it back,
cancelé, canceló, cancelaron, cancelado, cancelada, anulé, anularon, anulado, anulada, devolví,
devolvimos, ya devolví, envié de vuelta, cancelei, cancelou, cancelaram, devolvi, mandei de volta,
enviei de volta, annulé*, renvoyé*, retourné*, storniert, zurückgeschickt, zurückgesendet,
zurückgesandt, retourniert, отменил*, отменен*, отменён*, вернул*, отправил* обратно,
キャンセルした, キャンセルしました, キャンセルされ, キャンセル済, 返品した, 返品しました, 返品済,
返送した, 返送しました, 送り返し, 취소했, 취소 했, 취소됐, 취소 됐, 취소되었, 취소된, 반품했,
반품 했, 반품 신청했, 반품 신청하고, 반품 보냈, 회수해 가, 회수됐,
取消了, 已取消, 已经取消, 被取消, 退货了, 已退货, 已经退货, 退了一, 退回去了, 寄回去了,
已寄回, 寄回了, 退掉了, 退了其中,
الغيت, تم الغاء, انلغي, رجعت, ارجعت, تم ارجاع,
sudah dibatalkan, sudah dibatalin, udah dibatalin, udah dibatalkan, sudah batal, udah batal,
telah dibatalkan, dibatalkan karena, sudah saya batalkan, sudah aku batalkan, sudah diretur,
udah diretur, sudah aku retur, sudah saya retur, sudah dikembalikan, udah dikembalikan,
đã hủy, đã huỷ, bị hủy, bị huỷ, đã trả hàng, đã trả lại, đã gửi trả, đã hoàn hàng,
ยกเลิกไปแล้ว, ยกเลิกแล้ว, ถูกยกเลิก, คืนสินค้าไปแล้ว, ส่งคืนไปแล้ว, ส่งคืนแล้ว, คืนของไปแล้ว,
ส่งกลับไปแล้ว,
return to sender, returned to sender, back to the sender, retour expéditeur, retour à l'expéditeur,
retour à l'envoyeur, an den absender, rücksendung an absender, al remitente, ao remetente,
отправителю, 退回寄件, 退回发件, 退回给卖家, 退回卖家, 差出人に返送, 반송, ke pengirim,
trả về người gửi, hoàn về, ตีกลับ,
after cancelling, after i cancelled, after i canceled, after the cancellation, after returning,
after i returned, 取消后, 取消之后, 取消以后, 退货后, 退货之后, después de cancelar, tras cancelar,
después de devolver, depois de cancelar, depois de devolver, après l'annulation,
après avoir annulé, après avoir retourné, nach der stornierung, nach dem stornieren,
nach der rücksendung, после отмены, после возврата, キャンセル後, キャンセルの後,
キャンセル手続きの後,
返品後, 返品の後, 취소 후, 취소한 후, 반품 후, بعد الالغاء, بعد ما الغيت, بعد الارجاع,
setelah dibatalkan, setelah cancel, setelah retur, sau khi hủy, sau khi huỷ, sau khi trả hàng,
หลังยกเลิก, หลังจากยกเลิก, หลังคืนสินค้า
""")
#: Asking for another of the same instead of the money ("exchange it", "换货", "교환"): with a
#: story of damage in transit, as much a delivery problem's remedy as a return.
EXCHANGE = WordClass("""
exchange*, swap*, replace*, 换货, 换一个, 换个, 更换, 换一下, 换成, 調換, 调换,
troca*, trocar, cambiar*, cambio, échang*,
umtausch*, tausch*, обмен*, замен*, 交換, 取り替え, 取替, 교환, استبدال, تبديل, ابدل*, نبدل*,
يبدل*, tukar*, đổi, เปลี่ยน
""")
#: A Thai cancellation with its object between verb and completion ("ยกเลิกคำสั่งซื้อ ... ไปแล้ว").
ACTION_DONE_SPLIT = re.compile(
    r"(?:ยกเลิก|ส่งคืน|คืนสินค้า)\S*(?:\s\S+){0,2}?\s?ไป(?:\s?\d+\s?)?\S{0,10}?(?:แล้ว|ตั้งแต่)"
)
#: A sum of money written with its currency ("64,90 €", "R$ 349,90", "890 บาท", "58,000원").
AMOUNT = re.compile(
    r"(?:[$€£¥₩₫₽]|r\$|rp\.?|us\$)\s?\d|\d(?:[\d.,]*\d)?\s?(?:€|\$|eur\b|euro|usd\b|元|块|塊|"
    r"원|บาท|руб|₽|đ\b|₫|円|ريال|جنيه|درهم|рублей|reais|pesos)",
    re.IGNORECASE,
)

#: The parcel or its box, as against the item in it: "the parcel went back", "a caixa veio
#: com outra coisa", "包裹被退回".
PARCEL = WordClass("""
parcel, package, packet, box, shipment, paquete, caja, envío, pacote, encomenda, caixa, colis,
carton, paket, päckchen, karton, sendung, посылк*, коробк*, отправлени*, 包裹, 快递, 箱子, 盒子,
荷物, 小包, 段ボール, 箱, 택배, 소포, 상자, 박스, طرد, الطرد, كرتون, الكرتون, صندوق, kardus, dus,
kotak, bưu kiện, kiện hàng, gói hàng, thùng, hộp, พัสดุ, กล่อง
""")

#: Leaving things as they are: no to a change ("leave the address as it is").
AS_IS = WordClass(
    bare=True,
    entries="""
leave it as it is, leave it as is, as it is, as is, keep it as is, leave it, déjalo como está,
dejarlo así, déjalo así, como está, deixa como está, deixa assim, laisse comme ça, comme ça,
lass es so, so lassen, оставьте как есть, оставь как есть, как есть, 保持原样, 不用改, 不改了,
そのままで, そのまま, 그대로 두세요, 그대로, خليه زي ما هو, زي ما هو, biarkan saja, biarin aja,
tetap saja, để nguyên, giữ nguyên, để vậy, ไว้เหมือนเดิม, เหมือนเดิม,
passt so, passt schon so, ist gut so, so ist gut, so passt es, fine as it is, fine as is,
good as it is, está bien así, así está bien, tá bom assim, assim está bom, c'est bien comme ça,
ça va comme ça, и так нормально, и так норм, и так сойдёт, 这样就行, 这样就好, 就这样不用改,
このままでいい, このままで大丈夫, 이대로 괜찮아요, 이대로 좋아요, كذا تمام, كذا زين,
gini aja, begini saja, vậy là được, vậy cũng được, แบบนี้ก็ได้, แบบนี้แหละ
""",
)
#: The state as it is said fine, as the second half of a no ("nah, the M is fine", "nein,
#: passt schon", "non, c'est bon", "нет, всё нормально", "不用了 没事"): it tells why no change
#: is wanted, not a yes to the change.
FINE_AS_IT_IS = WordClass(
    bare=True,
    entries="""
is fine, 's fine, s fine, are fine, is ok, is okay, 's ok, 's okay, are ok, is good, is all good,
all good, is right, fits fine, fits me fine, works fine, fine actually, it's fine, its fine,
that's fine, thats fine, it's ok, its ok, that's ok, thats ok, passt, passt schon, ist gut,
ist okay, ist ok, alles gut, geht schon, reicht, está bien, esta bien, está bom, tá bom, ta bom,
tudo bem, tudo certo, c'est bon, c'est bien, ça va, ca va, ça ira, ça me va, нормально, норм,
всё нормально, все нормально, всё хорошо, все хорошо, всё ок, все ок, подходит, сойдёт, сойдет,
没事, 挺好, 挺好的, 还行, 可以用, 合适, 大丈夫, 大丈夫です, 問題ない, 問題ないです, 괜찮아요,
괜찮아,
괜찮습니다, 맞아요, تمام, زين, كويس, مناسب, ماشي الحال, udah pas, sudah pas, pas kok, oke kok,
gapapa, ga papa, không sao, ổn, ổn rồi, vừa rồi, được rồi, ok rồi, โอเคแล้ว, พอดีแล้ว, ได้อยู่,
ไม่เป็นไร
""",
)

#: The verbs (stems) of the requests a customer may negate or confirm, by intent label.
ACTION_VERBS: dict[str, WordClass] = {
    "cancel_order": WordClass("""
        cancel*, cancél*, call off, 取消, 撤销, 撤銷, 撤单, 撤單, 不要这单, 不要这个订单,
        cancela*, cancele*, anula*, anule*, cancelar, annul*, stornier*, storno, abbestell*,
        abbrech*, отмен*, аннулир*, キャンセル, 取り消, 取消し, 취소, ألغ*, إلغاء, الغاء, الغي*,
        batal*, dibatalkan, dibatalin, dicancel*, dicansel*, hủy, huỷ, huy, ยกเลิก
    """),
    "return_request": WordClass("""
        return*, send back, send it back, exchange*, 退货, 退貨, 退掉, 退回, 换货, 換貨, 退一, 退两,
        退吧, 退了吧, 那就退, 就退了, 退那, 退这, 退這, 退它, 退个, 退個, 退掉它, 退给你, 退給你,
        devolver, devolv*, devuélv*, devuélvanlo, devolución, devolucion, devuelv*, devolução,
        devolucao, troca*, trocar,
        retourn*, échang*, zurückschick*, zurücksend*, retour*, umtausch*, вернуть, возврат товар*,
        возврат, сдать обратно, сдать назад,
        сдам обратно,
        возвращать, обмен*, 返品, 交換, 반품, 교환, إرجاع, ارجاع, استرجاع, استبدال, أبدل*, ابدل*,
        تبديل, نبدل*, يبدل*, retur*, kembalikan, tukar, tuker*,
        trả hàng, trả lại, đổi hàng, คืนสินค้า, ส่งคืน, เปลี่ยนสินค้า, คืน, رجعه, رجعها, ارجعه,
        ارجعها, ارجع, برجع, برجّع, schick's zurück, schicke es zurück, schicke sie zurück,
        zurückgeben,
        gebe es zurück
    """),
    "change_address": WordClass("""
        change the address, change address, change my address, update the address, new address,
        wrong address, 改地址, 修改地址, 换地址, 改一下地址, 地址改, 更改地址, 改收货, 改收貨,
        修改收件,
        cambiar la dirección, cambiar dirección, cambiar mi dirección, mudar o endereço,
        alterar o endereço, changer l'adresse, modifier l'adresse, adresse ändern, изменить адрес,
        поменять адрес, сменить адрес, 住所を変更, 住所変更, 주소 변경, 주소를 바꾸, تغيير العنوان,
        ubah alamat, ganti alamat, đổi địa chỉ, เปลี่ยนที่อยู่
    """),
}

#: Verbs of carrying a request out, whatever it is: "register it", "file the return",
#: "anmelden", "оформляйте", "登録", "办理", "신청", "سجل", "proses", "đăng ký", "ดำเนินการ".
#: Negated ("don't register it yet", "не оформляйте", "まだ登録しないで") they decline it.
CARRY_OUT = WordClass("""
register, registered, create, file it, file the, submit, process it, proceed, book it, lodge,
put it through, go ahead, set it up, raise it,
registra*, regístr*, crea, cree, creen, crear, tramit*, procesa*, gestiona*, hazlo, hagas,
registre*, criar, crie, faça, fazer, processa*, dar entrada,
enregistr*, créer, créez, crée, lancez, lancer, validez, valider, faites-le, déclarez,
anmelden, melden, meldet, anlegen, legen, erstellen, erstellt, einreichen, registrieren,
veranlassen, durchführen, bearbeiten,
оформл*, оформи*, созда*, регистрир*, зарегистр*, запуска*, запусти*, делайте, сделайте,
登记, 登記, 提交, 创建, 建立, 办理, 辦理, 申请, 申請, 处理, 處理, 操作,
登録, 手続き, 申請, 処理, 進め, 作成, 受付,
신청, 접수, 등록, 처리, 진행,
سجل*, تسجيل, تسجل*, نفذ*, تنفيذ, تسوي, تسوون, سوي*, اعتمد*,
daftarkan, didaftarkan, proses, prosesin, diproses, buatkan, dibuat, ajukan, diajukan,
đăng ký, tạo, xử lý, tiến hành, làm đơn, lên đơn,
ลงทะเบียน, ดำเนินการ, สร้าง, ทำรายการ, บันทึก, ยื่น
""")
#: Words that put an action off ("not yet", "for now", "noch nicht", "пока не", "por ahora
#: no"), in scripts written with spaces: beside a negator and the action in one clause, a
#: deferral of it.
NOT_NOW = WordClass("""
yet, for now, for the moment, just yet,
encore, pour l'instant, pour le moment,
todavía, todavia, aún, por ahora, de momento, por el momento,
ainda, por enquanto, por agora,
noch, vorerst, erst einmal, erstmal, vorläufig,
пока, ещё, еще,
dulu, sementara,
vội, khoan,
لسه, حاليا, حالياً,
아직
""")


#: The words that label an answer proving who one is: the last digits of a phone ("the last
#: 4 digits of my mobile", "手机尾号", "下4桁", "뒷자리"), said before the bot asks for them.
LAST_DIGITS = WordClass("""
last 4 digits, last four digits, last 4, last four, ending in, ends in, ends with, 尾号, 尾数,
后四位, 后4位, 末四位, 末4位, 最后四位, 最后4位, 手机后四位, 下4桁, 下四桁, 末尾4桁, 末尾, 下一桁,
뒷자리, 뒤 4자리, 뒤4자리, 끝자리, 끝 4자리, 마지막 4자리,
últimos 4, últimos cuatro, últimos dígitos, últimos 4 dígitos, ultimos 4, últimos quatro,
últimos números, derniers chiffres, 4 derniers, quatre derniers, dernier chiffres,
letzten 4, letzten vier, letzte 4, endziffern, последние 4, последние четыре, последние цифры,
последние четыре цифры, آخر 4, آخر اربع, آخر أربع, اخر 4, اخر اربع, آخر ارقام, اخر ارقام,
4 digit terakhir, empat digit terakhir, digit terakhir, 4 angka terakhir, angka terakhir,
4 số cuối, bốn số cuối, số cuối, 4 ตัวท้าย, สี่ตัวท้าย, เลขท้าย, ตัวท้าย,
termina com, termina em, terminado em, terminada em, termina en, terminado en, acaba en,
se termine par, finit par, endet auf, endet mit, заканчивается на, оканчивается на,
berakhiran, ينتهي ب, ينتهي بـ, ลงท้ายด้วย
""")

#: A wish given up ("I've changed my mind", "tp ga jadi", "还是算了", "передумал"): what the
#: customer meant to do before is not what they ask now.
GAVE_UP = WordClass("""
changed my mind, change my mind, on second thought, on second thoughts, 改主意, 还是算了,
想想还是, 還是算了, cambié de opinión, cambie de opinion, mejor no, mudei de ideia,
mudei de idéia, melhor não, j'ai changé d'avis, finalement non, anders überlegt, doch nicht,
передумал*, やっぱり, 気が変わ, 마음이 바뀌, 생각이 바뀌, ga jadi, gak jadi, nggak jadi,
enggak jadi, tidak jadi, đổi ý, doi y, thôi không, เปลี่ยนใจ, غيرت رايي, غيرت رأيي
""")

#: The address on the order said to be right ("my address is correct", "地址明明写得清清楚楚",
#: "mi dirección está bien"): told to show the fault is not theirs, not a new one to ship to.
ADDRESS_RIGHT = WordClass("""
address is right, address is correct, address was right, address was correct, wrote my address
clearly, address clearly, address is fine, 地址明明, 写得清清楚楚, 寫得清清楚楚, 写得很清楚,
寫得很清楚,
地址没错, 地址沒錯, 地址是对的, 地址是對的, mi dirección está bien, puse bien mi dirección,
la dirección es correcta, la dirección está bien, meu endereço está certo, endereço está correto,
mon adresse est correcte, l'adresse est bonne, meine adresse stimmt, adresse ist richtig,
адрес правильный, адрес верный, 住所は正しい, 住所はちゃんと, 주소는 제대로, 주소 맞,
alamat sudah benar,
alamatnya benar, địa chỉ đúng, dia chi dung, ที่อยู่ถูกต้อง, العنوان صحيح,
same address, the same address, same address as before, address stays the same, 地址不变,
同一个地址, 地址一样, 还是原来的地址, 原地址, 同一個地址, 地址一樣, la misma dirección,
misma dirección, o mesmo endereço, mesmo endereço, la même adresse, même adresse,
gleiche adresse, dieselbe adresse, selbe adresse, тот же адрес, по тому же адресу, 同じ住所,
住所は同じ, 같은 주소, 주소는 같, 주소 동일, نفس العنوان, alamat yang sama, alamat sama,
cùng địa chỉ, địa chỉ cũ, địa chỉ như cũ, ที่อยู่เดิม, ที่อยู่เดียวกัน
""")

#: A card or account charged more than once for one order ("charged twice", "dois movimentos",
#: "doppelt abgebucht", "扣了两次"): only the payment provider's records can tell.
CHARGED_TWICE = WordClass(
    bare=True,
    entries="""
charged twice, charged me twice, charged two times, double charged, double charge, charged double,
two charges, two payments, two transactions, charged more than once, duplicate charge,
billed twice, debited twice, taken twice, paid twice, the extra charge, the second charge,
the duplicate charge, the double charge,
cobrado dos veces, cobraron dos veces, cobrado doble, doble cargo, dos cargos, dos cobros,
me cobraron dos, cargo duplicado, cobro duplicado, pagué dos veces,
cobrado duas vezes, cobrados duas vezes, cobraram duas vezes, cobrança duplicada, dois movimentos,
dois débitos, duas cobranças, cobrado a dobrar, cobrado em dobro, cobrado a mais,
débité deux fois, prélevé deux fois, facturé deux fois, deux prélèvements, deux débits,
double prélèvement, double débit, payé deux fois,
doppelt abgebucht, zweimal abgebucht, doppelt belastet, zweimal belastet, doppelt berechnet,
zwei abbuchungen, doppelte abbuchung, zweimal bezahlt, doppelt bezahlt,
списали дважды, списали два раза, дважды списали, двойное списание, два списания,
оплатил дважды, оплатила дважды, сняли дважды, сняли два раза,
ditagih dua kali, terpotong dua kali, kepotong dua kali, kepotong 2x, kepotong 2 kali,
tertagih dua kali, dobel potong, bayar dua kali, double charge,
bị trừ tiền hai lần, trừ tiền 2 lần, bị trừ hai lần, trừ hai lần, bị trừ 2 lần, thanh toán hai lần,
خصم مرتين, انخصم مرتين, سحب مرتين, دفعت مرتين, خصموا مرتين,
ตัดเงินสองครั้ง, ตัดเงิน 2 ครั้ง, โดนตัดเงินซ้ำ, ตัดบัตรสองครั้ง, จ่ายสองครั้ง,
扣了两次, 扣款两次, 重复扣款, 扣了两笔, 两笔扣款, 付了两次, 扣了兩次, 重複扣款, 扣了兩筆, 兩筆扣款,
二重請求, 二重引き落とし, 二重決済, 2回引き落とされ, 二回引き落とされ, 2回請求, 二回請求,
두 번 결제, 두번 결제, 이중 결제, 중복 결제, 두 번 빠져, 두번 빠져, 2번 결제
""",
)

#: A bank's security check on a payment ("my bank flagged it as fraud", "SMS « opération
#: suspecte »", "風控", "не подтвердил операцию"): the payment was stopped to protect the card.
BANK_SECURITY = WordClass(
    bare=True,
    entries="""
suspicious, fraud*, security check, security alert, flagged, it was me, it's me, was really me,
unusual activity, 风控, 風控, 安全验证, 安全驗證, 安全检查, 安全檢查, 可疑, 异常交易, 異常交易,
是我本人, 本人操作, sospechos*, fraude*, alerta de seguridad, control de seguridad, era yo,
fui yo, suspeit*, alerta de segurança, verificação de segurança, era eu, fui eu, suspect*,
opération suspecte, contrôle de sécurité, alerte de sécurité, c'était bien moi, c'était moi,
c'est bien moi, verdächtig*, betrug*, sicherheitsprüfung, sicherheitswarnung, das war ich,
war wirklich ich, подозрительн*, мошенни*, проверка безопасности, это был я, это была я,
不審, 不正利用, 不正, セキュリティ, 本人確認, 私です, 의심, 이상 거래, 보안, 본인 확인, 제가 한,
مشبوه*, احتيال, تحقق امني, تحقق أمني, انا اللي, أنا اللي, كنت انا, mencurigakan, penipuan,
keamanan, itu saya, đáng ngờ, gian lận, bảo mật, là tôi, น่าสงสัย, ฉ้อโกง, ความปลอดภัย, เป็นฉันเอง
""",
)

#: Money said to have left the account ("the money was taken", "o dinheiro saiu", "扣款了",
#: "списали деньги"): paid, as far as the customer can see, whatever the order shows.
MONEY_TAKEN = WordClass(
    bare=True,
    entries="""
money left, money was taken, money has left, money came out, money went out, money is gone,
was debited, been debited, got debited, was deducted, been deducted, taken from my account,
taken out of my account, left my account, 扣款了, 扣钱了, 扣了钱, 钱扣了, 钱被扣, 已扣款, 扣款成功,
扣錢了, 錢扣了, 錢被扣, 已扣款, 钱已经扣, dinero salió, salió el dinero, me descontaron,
me cobraron, se descontó, me debitaron, dinheiro saiu, saiu o dinheiro, saiu da minha conta,
saiu da conta, foi debitado, foi descontado, descontaram, debitaram, argent est parti,
argent a été prélevé, été prélevé, été débité, j'ai été débité, on m'a prélevé, geld ist weg,
geld abgebucht, wurde abgebucht, ist abgebucht, abgebucht wurde, деньги списали,
списали деньги, деньги ушли, деньги сняли, сняли деньги, списались, お金が引き落とされ,
引き落とされ, 引き落としされ, 支払われてしまっ, 돈이 빠져, 돈은 빠져, 돈이 나갔, 출금됐, 출금되었,
انخصم المبلغ, انسحب المبلغ, خصموا المبلغ, تم الخصم, انخصم, اتخصم, uang sudah terpotong,
uangnya terpotong, saldo terpotong, sudah terpotong, kepotong, terpotong, đã bị trừ tiền,
bị trừ tiền, tiền đã bị trừ, đã trừ tiền, ตัดเงินไปแล้ว, เงินถูกตัด, โดนตัดเงิน, เงินออกจากบัญชี
""",
)

#: The order named before was the wrong one ("wrong number, I meant #1043", "打错了",
#: "พิมพ์เลขผิด หมายถึง…"): the number the message gives now is the one meant.
WRONG_ORDER = WordClass("""
wrong number, wrong order, wrong order number, i meant, i mean order, mistyped, typo,
not that order, 打错了, 写错了, 输错了, 搞错了, 弄错了, 我是说, 我指的是, 打錯了, 寫錯了, 搞錯了,
me equivoqué, me equivoque, número equivocado, numero equivocado, pedido equivocado,
quise decir, me refería, me referia, errei, número errado, numero errado, pedido errado,
quis dizer, eu quis dizer, me enganei, je me suis trompé*, mauvais numéro, mauvaise commande,
je voulais dire, je parlais de, falsche nummer, falsche bestellung, vertippt, ich meinte,
ich meine die, не тот номер, не тот заказ, ошибся, ошиблась, я имел в виду, я имела в виду,
番号を間違え, 番号間違え, 間違えました, 打ち間違え, 注文番号が違, 잘못 썼, 잘못 적었, 번호를 잘못,
잘못 입력, 주문번호 잘못, salah nomor, salah ketik, salah tulis, maksudku, maksudnya pesanan,
nhầm số, nham so, nhầm đơn, nham don, ghi nhầm, ghi nham, ý mình là, y minh la, พิมพ์เลขผิด,
พิมพ์ผิด, เลขผิด, ผิดออเดอร์, رقم غلط, الرقم غلط, غلطت في الرقم, قصدي, اقصد الطلب
""")

#: Asking before buying ("before I order", "まだ買ってない", "还没买"): a question about the
#: shop's rules, never about an order of theirs.
PRE_PURCHASE = WordClass("""
before i order, before ordering, before i buy, before buying, before i purchase,
before purchasing, haven't ordered yet, have not ordered yet, haven't bought, have not bought,
not ordered yet, not bought yet, thinking of buying, thinking about buying, planning to buy,
planning to order, 还没买, 还没有买, 还没下单, 还没有下单, 下单之前, 下单前, 购买前, 买之前, 准备买,
打算买, 想买之前, 還沒買,
antes de comprar, antes de pedir, antes de hacer el pedido, todavía no he comprado,
aún no he comprado, todavía no compré, aún no compré, no he comprado todavía, ainda não comprei,
antes de fazer o pedido, ainda não fiz o pedido, pensando em comprar, penso em comprar,
pensando en comprar, pienso comprar, je voudrais commander,
j'aimerais commander, je pense commander, je compte commander, avant de commander, avant d'acheter,
avant de passer commande, je n'ai pas encore commandé, pas encore commandé, pas encore acheté,
bevor ich bestelle, vor der bestellung, vor dem kauf, noch nicht bestellt, noch nicht gekauft,
перед заказом, перед покупкой, прежде чем заказать, ещё не заказ*, еще не заказ*,
ещё не купил*, еще не купил*, まだ買ってない, まだ買っていない, まだ注文してない,
まだ注文していない, 購入前, 注文前, 買う前, 購入する前, 注文する前, 아직 안 샀, 아직 구매 안,
아직 주문 안, 구매 전에, 구매하기 전, 주문 전에, 주문하기 전,
사기 전, قبل ما اطلب, قبل ما أطلب, قبل الطلب, قبل الشراء, قبل ما اشتري, ما طلبت لسه, لسه ما طلبت,
لسا ما طلبت, belum beli, belum pesan, belum order, sebelum beli, sebelum pesan, sebelum order,
chưa mua, chưa đặt, trước khi mua, trước khi đặt, ยังไม่ได้สั่ง, ยังไม่ได้ซื้อ, ก่อนสั่ง, ก่อนซื้อ,
hesitating to order, hesitating to buy, on the fence about ordering, on the fence about buying,
犹豫要不要买, 犹豫要不要下单, 纠结要不要买, 考虑要不要买, dudando si comprar, dudando en comprar,
dudando si pedir, em dúvida se compro, na dúvida se compro, j'hésite à commander,
j'hésite à acheter, j'hésite à prendre, überlege zu bestellen, überlege zu kaufen,
überlege ob ich bestelle, überlege ob ich kaufe, думаю заказать, думаю купить, сомневаюсь брать,
購入を検討, 注文を検討, 買おうか迷, 注文しようか迷, 살까 말까, 살지 고민, 주문할지 고민,
افكر اشتري, افكر اطلب, محتار اشتري, masih mikir mau beli, lagi mikir mau beli, ragu mau beli,
đang phân vân mua, phân vân có nên mua, ลังเลว่าจะซื้อ, ลังเลว่าจะสั่ง
""")

#: Being called or spoken to ("call me back", "que me llame", "m'appelle", "перезвоните"):
#: with a person named, a person asked for.
CALL_ME = WordClass("""
call me, call me back, ring me, phone me, give me a call, talk to, speak to, speak with,
给我打电话, 打电话给我, 回电话, 回个电话, 联系我, 打給我, 回電, me llame, me llamen, llamarme,
hablar con, me ligue, me liguem, ligar para mim, falar com, m'appelle, me rappelle, m'appeler,
me rappeler, parler à, parler avec, mich anruft, mich zurückruft, zurückrufen, anrufen,
sprechen mit, перезвонит*, перезвоните, позвонит*, позвоните, поговорить с, 電話して,
電話をください,
折り返し, 話したい, 전화해, 전화 주, 통화하고, 연락 주, يتصل بي, يتصلون, اتصلوا, يكلمني, اكلم,
menelepon saya, telepon saya, hubungi saya, bicara dengan, gọi lại, gọi cho mình, gọi cho tôi,
nói chuyện với, โทรกลับ, โทรหา, คุยกับ,
connect me, put me through, transfer me, get in touch with me, contact me, reach me,
跟我联系, 跟我联络, 与我联系, 和我联系, 联络我, 跟我聯絡, 跟我聯繫, 與我聯繫, 和我聯絡, 聯絡我,
聯繫我,
轉接, 转接, pásame con, páseme con, comunicarme con, contactarme, me contacte, me contacten,
me passe, me transfira, entrem em contato, entre em contato comigo, passez-moi,
mettez-moi en relation, me contacter, me contacte, verbinden sie mich, verbinde mich,
mich kontaktier*, соедините, соедини, переключите на, свяжитесь со мной, связаться со мной,
つないで, 繋いで, 連絡して, ご連絡, 연결해, 연락해 주, وصلني, حولني, تواصلوا معي, يتواصل معي,
sambungkan, hubungkan saya, kết nối với, chuyển cho, liên hệ với tôi, liên hệ mình, ต่อสาย,
โอนสาย, ติดต่อกลับ
""")

#: Which ways of paying the shop takes ("what can I pay with", "formas de pago", "支払い方法"):
#: a question about the shop, not about a payment that went wrong.
PAY_WITH = WordClass("""
pay with, pay by, pay using, pay via, payment methods, payment method, payment options,
ways to pay, way to pay, how can i pay, how do i pay, what can i pay with, 用什么付, 用什么支付,
用什麼付, 用什麼支付, 用咩俾錢, 用咩畀錢, 點樣俾錢,
付款方式, 支付方式, 付款方法, 支付方法, 怎么付款, 怎麼付款, métodos de pago, método de pago,
formas de pago, forma de pago, pagar con, con qué puedo pagar, con qué pagar, cómo puedo pagar,
cómo se puede pagar, como posso pagar, com que posso pagar, comment payer, comment puis-je payer,
wie kann ich bezahlen, wie kann man bezahlen, как оплатить, как можно оплатить, どうやって払,
どうやって支払, 어떻게 결제, كيف ادفع, كيف أدفع, bagaimana cara bayar, thanh toán thế nào,
thanh toán như thế nào, จ่ายยังไง, ชำระยังไง, formas de pagamento, forma de pagamento,
métodos de pagamento, meios de pagamento, pagar com, moyens de paiement, moyen de paiement,
modes de paiement, payer avec, payer par, zahlungsmethode*, zahlungsart*, zahlungsmöglichkeit*,
bezahlen mit, zahlen mit, способы оплаты, способ оплаты, чем можно оплатить, чем оплатить,
оплатить через, оплата через, 支払い方法, 支払方法, 決済方法, で払え, で支払え, 결제 수단,
결제 방법,
결제 방식, 로 결제, طرق الدفع, طريقة الدفع, وسائل الدفع, الدفع عن طريق, metode pembayaran,
cara bayar, cara pembayaran, bayar pakai, bayar dengan, bayar lewat, phương thức thanh toán,
hình thức thanh toán, thanh toán bằng, trả bằng, วิธีชำระเงิน, ช่องทางชำระเงิน, ช่องทางการชำระ,
จ่ายด้วย, จ่ายผ่าน, ชำระผ่าน, ชำระด้วย
""")

#: Taking a way of paying ("do you accept", "收唔收", "принимаете"): with a way of paying named,
#: a question about the shop's payment methods.
ACCEPTS = WordClass("""
do you accept, do you take, you accept, you take, accepted, can i use, 收唔收, 收不收, 收嗎, 收吗,
收唔收到, 接受, 接唔接受, 支援, 支持, 支不支持, 支唔支持, 可不可以用, 可以用, 可唔可以用, 能用,
能不能用, aceptan, aceptáis,
acepta, aceitam, aceita, acceptez, acceptez-vous, acceptés, akzeptiert, akzeptieren, nehmt ihr,
nehmen sie, принимаете, принимает*, можно ли оплатить, 使えますか, 使える, 対応して, 사용 가능,
되나요, 받으시나요, 받나요, تقبلون, تقبل, تقبلوا, تاخذون, menerima, terima, bisa pakai,
có nhận, có chấp nhận, chấp nhận, รับ, ใช้ได้ไหม
""")

#: A way of paying or paying itself named ("PayPal", "card", "付款", "оплата"): what ACCEPTS takes.
PAYING = WordClass("""
pay*, paypal, card, cards, credit card, debit card, 付款, 支付, 俾錢, 畀錢, 付钱, 付錢, 信用卡,
银行卡,
銀行卡, 支付宝, 支付寶, 微信支付, pago*, pagar, tarjeta*, pagamento*, cartão, cartões, paiement*,
payer, carte*, zahlung*, bezahl*, karte*, оплат*, карт*, 支払, 決済, カード, 결제, 카드, دفع, الدفع,
بطاقه, bayar, pembayaran, kartu, thanh toán, thẻ, ชำระ, จ่าย, บัตร, alipay, wechat pay, unionpay,
银联, 銀聯, 云闪付, 雲閃付, 轉數快, 转数快, fps, octopus, 八達通, venmo, zelle, klarna, bizum,
mb way,
multibanco, pix, boleto, ideal, sofort, sepa, twint, mir, мир, сбп, юmoney, paypay, 楽天ペイ,
コンビニ払い, 카카오페이, 네이버페이, 토스, mada, مدى, stc pay, gopay, ovo, dana, shopeepay,
qris, momo,
zalopay, vnpay, promptpay, พร้อมเพย์, truemoney
""")

#: "The other one", "the second" after a "one" ("one has a torn seam, the other a crooked
#: collar", "واحد … والثاني", "一个…另一个"): the "one" points at one of several, no count.
THE_OTHER_ONE = WordClass("""
the other, the other one, the second one, 另一个, 另一個, 另外一个, 另外一個, 另一件, 另一只,
el otro, la otra, o outro, a outra, l'autre, der andere, die andere, das andere, другой, другая,
другое, второй, вторая, второе, もう一つは, もう片方, 다른 하나, 나머지 하나, الثاني, والثاني,
الثانيه, والثانيه, الاخر, والاخر, الاخري, والاخري, yang satu lagi, satunya lagi, yang lain,
cái kia, cái còn lại, chiếc kia, อีกอัน, อีกตัว, อีกชิ้น
""")

#: The invoice or receipt named ("facture", "发票", "Rechnung", "فاتورة"): a message about it.
INVOICE = WordClass("""
invoice, invoices, receipt, vat invoice, tax invoice, 发票, 發票, 收据, 收據, 专票, 普票, factura,
facturas, fatura, faturas, nota fiscal, recibo, facture, factures, rechnung, quittung, счёт,
счет-фактур*, счёт-фактур*, квитанци*, 領収書, 請求書, インボイス, 인보이스, 영수증, 세금계산서,
계산서, فاتوره, الفاتوره, فاتورة, faktur, kwitansi, hóa đơn, ใบกำกับภาษี, ใบเสร็จ
""")

#: What asks for the parcel's tracking number (the waybill, the carrier's slip: 伝票番号, 送り状,
#: 운송장, resi): a question of where the parcel is, never an invoice, however alike the words
#: of "the slip's number" and "the bill" sound to the model.
TRACKING_NUMBER = WordClass(
    bare=True,
    entries="""
tracking number, tracking no, tracking code, tracking id, tracking link, tracking, track number,
waybill, waybill number, waybill no, air waybill, awb, consignment number, shipment number,
parcel number,
运单号, 运单, 快递单号, 快递单, 快递号, 物流单号, 物流号, 追踪号, 跟踪号, 包裹号, 单号,
運單號, 運單, 快遞單號, 物流單號, 追蹤號碼, 追蹤號, 追蹤碼, 託運單號, 單號,
追跡番号, 伝票番号, 送り状番号, 送り状, 配送伝票, お問い合わせ伝票番号, 荷物番号, 追跡コード,
トラッキング番号, 伝票,
송장번호, 송장 번호, 운송장번호, 운송장 번호, 운송장, 송장, 추적번호, 추적 번호, 배송조회 번호,
เลขพัสดุ, หมายเลขพัสดุ, เลขแทร็ก, เลขแทรค, เลขติดตามพัสดุ, เลขติดตาม, หมายเลขติดตาม, รหัสติดตาม,
resi, nomor resi, no resi, nomor pelacakan, kode pelacakan, nomor tracking,
mã vận đơn, vận đơn, số vận đơn, mã theo dõi, mã tracking, mã bill,
номер отслеживания, трек-номер, трек номер, трекномер, трек-код, трек, номер посылки,
номер отправления, номер накладной,
sendungsnummer, trackingnummer, tracking-nummer, paketnummer, sendungsverfolgungsnummer,
sendungsverfolgung, tracking-link,
numéro de suivi, numero de suivi, n° de suivi, code de suivi, lien de suivi, numéro de colis,
numéro de tracking,
número de seguimiento, numero de seguimiento, código de seguimiento, número de guía,
número de rastreo, numero de rastreo, código de rastreo,
número de rastreio, numero de rastreio, código de rastreio, codigo de rastreio,
código de rastreamento, número de rastreamento, rastreio, rastreamento,
رقم التتبع, رقم تتبع, كود التتبع, رابط التتبع, رقم الشحنة, رقم الشحنه, رقم البوليصة, بوليصة الشحن
""",
)


def names_tracking_number(normalized: str) -> bool:
    """Whether the text names the parcel's tracking number; "单号" of "订单号" is the order's."""
    return any(
        not (m.group(0) == "单号" and normalized[max(0, m.start() - 1) : m.start()] == "订")
        for m in TRACKING_NUMBER.finditer(normalized)
    )


#: E-mail, the way a document may be sent ("par mail c'est parfait", "邮箱发我就行").
EMAIL = WordClass("""
e-mail, email, mail, emails, mails, courriel, correo, correo electrónico, почта, почту, почте,
емейл, имейл, имэйл, мейл, メール, 邮件, 邮箱, 电邮, 郵件, 郵箱, 電郵, 이메일, 메일, อีเมล,
อีเมล์, بريد, البريد, ايميل, إيميل, الايميل, surel, surat elektronik, thư điện tử
""")

#: The bot itself named ("a bot can't do this", "不要机器人", "бот такое не сделает"): a person
#: asked for instead of it is asked for the request the message makes.
BOT = WordClass("""
bot, bots, chatbot, robot, machine, automatic replies, auto reply, 机器人, 機器人, 自动回复,
自動回覆,
robô, robots, roboter, бот, бота, боту, ботом, робот*, автоответчик, ボット, ロボット, 自動応答,
봇, 로봇, 챗봇, بوت, روبوت, الرد الالي, mesin, máy trả lời, trả lời tự động, บอท, หุ่นยนต์
""")

#: Another order than the one the message is about ("the other order", "另一单", "в другом
#: заказе"): a clause about it makes a request of its own, however short.
OTHER_ORDER = WordClass(
    bare=True,
    entries="""
the other order, my other order, another order, a different order, my second order,
the previous order, my previous order, my earlier order, 另一个订单, 另一单, 另外一单, 另一笔订单,
另外一个订单, 其他订单, 别的订单, 上一单, 之前那单, el otro pedido, otro pedido, mi otro pedido,
el pedido anterior, la otra compra, o outro pedido, outro pedido, meu outro pedido,
o pedido anterior, a outra compra, l'autre commande, mon autre commande, une autre commande,
la commande précédente, ma deuxième commande, die andere bestellung, meine andere bestellung,
einer anderen bestellung, der anderen bestellung, die vorherige bestellung, другой заказ,
другом заказе, другого заказа, второй заказ, втором заказе, предыдущий заказ, предыдущем заказе,
別の注文, もう一つの注文, もうひとつの注文, 前の注文, 他の注文, 다른 주문, 이전 주문, 두 번째 주문,
الطلب الثاني, الطلب الاخر, طلب اخر, الطلب اللي قبله, الطلب السابق, طلبي الثاني, الطلب التاني,
pesanan lain, pesanan yang lain, pesanan satunya, orderan lain, order yang lain,
pesanan sebelumnya, đơn khác, đơn kia, đơn hàng khác, đơn hàng kia, đơn trước, อีกออเดอร์,
ออเดอร์อื่น, อีกคำสั่งซื้อ, คำสั่งซื้ออื่น, ออเดอร์ก่อน
""",
)

#: What the customer marks as the point of the message ("the main thing:", "главное —",
#: "それより", "بس الأهم", "yg penting", "lo principal"): what comes after it is the request
#: to handle first, what came before it a side matter put aside.
MAIN_POINT = WordClass(
    bare=True,
    entries="""
the main thing, main thing is, mainly i, mainly want, mainly need, my main question,
the main question, the main issue, the main problem, main reason i, what i really need,
what i actually need, what i really want, what i actually want, what i need is, what i want is,
the real problem, the real issue, the real question, the real reason, the actual problem,
the actual issue, the bigger problem, the bigger issue, more importantly, more important,
most importantly, the most important, the important thing, what matters, more urgent,
the urgent thing, what's urgent, the reason i'm writing, the reason im writing,
why i'm writing, why im writing, the reason i'm messaging, why i'm messaging, but first,
first things first, but anyway,
主要是, 主要想, 主要问, 重点是, 关键是, 最重要的是, 更重要的是, 最重要的, 说正事, 先说正事, 正事是,
最要紧, 要紧的是, 最紧要, 更急的是, 急的是, 我想问的是, 真正想问, 真正的问题, 先说这个, 先讲这个,
先讲呢, 主要的问题,
lo principal, lo importante, lo más importante, lo urgente, lo que me urge, lo que más me urge,
lo que necesito, lo que de verdad necesito, lo que realmente necesito, lo que quiero saber,
el problema real, el verdadero problema, mi pregunta principal, vamos a lo importante,
a lo que iba,
o principal, o mais importante, o importante, o que eu preciso, o q eu preciso, o que preciso,
o que eu quero saber, o q eu quero saber, o que importa, o urgente, o que me fez escrever,
o q me fez escrever, o motivo do contato, o problema mesmo, o problema real,
vamos ao que interessa, o que interessa,
le plus important, l'important, le principal, ce qui compte, le vrai souci, le vrai problème,
la vraie question, ce dont j'ai besoin, ce que je veux vraiment, le plus urgent, ce qui presse,
la raison de mon message,
wichtiger, das wichtigste, am wichtigsten, hauptsächlich, hauptsache, worum es mir geht,
worum es mir jetzt geht, worum es geht, es geht mir um, eigentlich schreib ich wegen,
eigentlich schreibe ich wegen, das eigentliche problem, mein eigentliches anliegen,
das eigentliche anliegen, was ich eigentlich brauche, was ich brauche, dringender,
das dringendste,
главное, самое главное, главный вопрос, главная проблема, основной вопрос, важнее, самое важное,
по делу, к делу, пишу по поводу, на самом деле пишу, срочнее, самое срочное,
それより, それよりも, 本題, 肝心なのは, 大事なのは, 一番大事, 重要なのは, 一番の問題, 本当の問題,
本当に聞きたいのは, 聞きたいのは, 先にこっち, こっちが先, 急ぎなのは, 急ぎの件,
제일 중요한 건, 가장 중요한 건, 더 중요한 건, 중요한 건, 본론은, 진짜 문제는, 진짜 궁금한 건,
제일 급한 건, 더 급한 건, 급한 건, 핵심은,
الأهم, المهم, أهم شي, أهم شيء, الموضوع الأساسي, المشكلة الحقيقية, اللي يهمني, سبب تواصلي,
el mohem, el aham, al mohem,
cái chính là, chủ yếu là, quan trọng là, quan trọng hơn, điều quan trọng, việc chính là,
chuyện chính là, cái em muốn biết trước, cái mình muốn biết trước, cái gấp là, vấn đề chính,
เรื่องหลักคือ, เรื่องหลัก, ที่สำคัญคือ, ที่สำคัญกว่า, สำคัญกว่า, ที่รีบกว่า, ที่ด่วนกว่า, ที่ด่วนคือ,
ที่ทักมาจริงๆ, ที่ทักมาคือ, ที่อยากแจ้งคือ, ที่อยากถามจริงๆ, ประเด็นหลัก,
yg penting, yang penting, yang paling penting, yg paling penting, lebih penting, yang utama,
yg utama, yang urgent, yg urgent, intinya, masalah utamanya, yang bikin aku chat,
yg bikin aku chat, yang mau aku tanyain
""",
)

#: A matter the customer puts aside ("but whatever", "ладно, это потом", "那个之后再说",
#: "nanti aja deh", "ไว้ทีหลัง"): what comes after it is what they write for.
PUT_OFF = WordClass(
    bare=True,
    entries="""
but whatever, never mind, nevermind, doesn't matter, doesnt matter, not important,
no big deal, that can wait, it can wait, can wait, ask later, check later, deal with that later,
that's for later, another time, not why i'm writing, not why im writing, not the point,
之后再说, 以后再说, 回头再说, 晚点再说, 后面再说, 迟啲先讲, 迟些再说, 再说吧, 不是重点, 先不管,
先放一边, 不重要, 无所谓, 不急,
da igual, no importa, eso luego, eso después, luego lo veo, después lo veo, ya veré,
es lo de menos, no es lo importante, puede esperar, eso para después,
mas enfim, tanto faz, deixa pra lá, deixa pra depois, dps vejo, depois vejo, depois eu vejo,
é o de menos, não importa, pode esperar, fica pra depois,
mais bon, peu importe, c'est pas grave, ce n'est pas grave, on verra, ça peut attendre,
ca peut attendre, pas ça l'important, pas le plus important, c'est secondaire, une autre fois,
tant pis, egal, ein andermal, kann warten, nicht so wichtig, nebensache, mach ich später,
kläre ich später, kläre ich ein andermal, wie auch immer,
это потом, потом спрошу, не суть, неважно, не важно, не главное, не за этим пишу, подождёт,
может подождать, в другой раз, проехали,
それは後で, 後でいい, あとでいい, 後回し, また今度, それはさておき, どうでもいい, それはいい,
그건 나중에, 나중에 할게, 나중에 확인, 그건 됐고, 그건 그렇고, 다음에 물어,
خليها بعدين, نشوفها بعدين, اسال بعدين, مش مهم, مو مهم, مش مشكلة, مو مشكلة, مش موضوعنا,
để sau, tính sau, thôi để đó, không quan trọng, hỏi sau,
ไว้ทีหลัง, ทีหลังก็ได้, เดี๋ยวค่อยว่ากัน, ค่อยว่ากัน, ไม่สำคัญ,
nanti aja, nanti saja, itu belakangan, belakangan aja, ga penting, gak penting, bukan itu
""",
)

#: "The tea lights are fine", "另一个没问题", "las demás están bien": an item told to be in
#: order beside one with a fault — the customer keeps it, it is not the one to act on.
ITEM_FINE = WordClass("""
is fine, are fine, is ok, are ok, is okay, are okay, is perfect, are perfect, is intact,
are intact, arrived fine, came fine, arrived intact, nothing wrong with, no problem with,
没问题, 没有问题, 沒問題, 沒有問題, 是好的, 好好的, 完好, 没事, 沒事,
está bien, están bien, llegó bien, llegaron bien, está perfecto, está perfecta,
están perfectos, están perfectas, está intacto, está intacta, están intactos, están intactas,
está bom, está boa, estão bons, estão boas, chegou bem, chegaram bem, está ótimo, está ótima,
va bien, vont bien, est intact, est intacte, sont intacts, sont intactes, est bien arrivé*,
sont bien arrivé*, en bon état,
ist in ordnung, sind in ordnung, ist ok, sind ok, ist heil, sind heil, ist ganz, sind ganz,
unversehrt, einwandfrei,
в порядке, целый, целая, целое, целые, всё хорошо, все хорошо, без проблем,
大丈夫, 問題ない, 問題なし, 問題ありません, 無事,
괜찮아요, 괜찮습니다, 괜찮고, 괜찮은데, 멀쩡, 문제없, 이상 없,
سليم, سليمة, كويس, كويسة, ما فيها شي, ما فيه شي, مافيه شي, مافيها شي,
baik-baik saja, tidak apa-apa, gak apa-apa, nggak apa-apa, utuh, aman kok,
không sao, bình thường, nguyên vẹn, vẫn ổn,
ไม่เป็นไร, ไม่มีปัญหา, ปกติดี, สภาพดี
""")

#: Taking a thing off an order ("take the mug off my order", "quítame el café", "把杯子去掉",
#: "убери чехол", "enlevez le câble"): with an item or the order named, a cancellation of
#: those lines. Imperatives and infinitives only, never the past ("they removed…"); not the
#: Korean "빼고" ("all but"), nor verbs that also mean collecting ("retirar" en tienda).
TAKE_OFF = WordClass("""
remove, remove it, take off, take out, take it off, off my order, off the order, off of my order,
out of my order, out of the order, delete, leave out, drop the, get rid of,
去掉, 删掉, 删除, 删了, 拿掉, 去除, 移除, 撤掉, 减掉, 剔除, 不要那个了, 拿出来,
quita, quitar, quítame, quitame, quítenme, quitenme, quiten, quítalo, quítala, quítenlo,
quítenla, saca, sacar, sácame, sacame, sáquenme, saquen, elimina, eliminar, elimínalo, eliminen,
borra, borrar, bórralo, borren,
tira, tirar, tirem, tire, remove, remover, removam, exclui, excluir, excluam,
enlève, enlever, enlevez, enlevez-moi, retire, retirer, retirez, supprime, supprimer, supprimez,
ôte, ôtez, ôter,
entfern*, rausnehmen, raus nehmen, herausnehmen, nehmt raus, nimm raus, streichen, streicht,
streich, löschen, lösch, löscht,
убери, уберите, убрать, удали, удалите, удалить, исключи, исключите, исключить, вычеркни,
вычеркните, выкинь, выкиньте,
外して, 外す, 外してください, 削除, 抜いて, 除いて, 取り除, 取って,
빼 주, 빼주, 빼줘, 빼 줘, 빼세요, 빼 주세요, 삭제, 제외해,
احذف*, حذف, شيل*, ازال*, ازاله, اشيل,
hapus, hapusin, hapuskan, keluarkan, buang, coret,
xóa, xoá, loại bỏ, bỏ ra, bỏ bớt, bớt, bỏ món, bỏ cái,
เอาออก, ลบ, ตัดออก
""")

# --------------------------------------------------------------------------- politeness
POLITENESS = WordClass("""
please, pls, plz, plse, kindly, thanks, thank you, thx, ty, dear, hi, hello, hey, sorry,
亲, 亲亲, 麻烦, 麻烦你, 请, 请问, 谢谢, 谢啦, 多谢, 您好, 你好, 帮我, 帮忙, 拜托, 劳驾, 親, 請,
請問,
謝謝, 麻煩, 幫我, 呀, 哈, 哦, 呢, 啦, 吧,
por favor, porfa, porfis, gracias, hola, buenas, disculpe, perdón, perdon,
obrigado, obrigada, olá, ola, oi,
s'il vous plaît, s'il te plaît, svp, merci, bonjour, salut,
bitte, danke, hallo, guten tag,
пожалуйста, плиз, спасибо, здравствуйте, привет, добрый день,
お願いします, おねがいします, すみません, ください, ありがとう, こんにちは,
부탁드려요, 부탁합니다, 감사합니다, 안녕하세요, 주세요, 죄송한데,
من فضلك, من فضلكم, لو سمحت, لو سمحتوا, لو سمحتو, لو سمحتي, شكرا, مرحبا, السلام عليكم,
tolong, mohon, terima kasih, makasih, halo, kak, gan, min,
vui lòng, làm ơn, cảm ơn, xin chào, chào shop, ạ, nhé,
กรุณา, ช่วย, ขอบคุณ, สวัสดี, ครับ, ค่ะ, คะ, นะคะ, นะครับ, หน่อย
""")

# --------------------------------------------------------------------------- asking
#: How a clause asks for something: modal and polite request forms, "I want", "help me". In a
#: long message the clauses that ask carry the request; the story around them does not.
ASKING = WordClass("""
can you, could you, would you, can i, could i, may i, can we, i want, i wanna, i'd like,
i would like, i need, i'd need, please, pls, plz, kindly, help me, i'm asking, is it possible,
how do i, how can i, where is, where's, when will, why, what, let me know, tell me,
我想, 我要, 想要, 还想, 也想, 能不能, 能否, 可以吗, 可不可以, 可以帮, 帮我, 帮忙, 麻烦, 请, 请问,
怎么, 如何, 为什么, 什么时候, 多久, 哪里, 在哪, 吗, 呢, 是否, 能帮, 给我, 想问, 幫我, 請,
請問, 嗎, 點樣, 可唔可以, 唔該, 就行, 就好, 就可以, 得啦, 就得, 就退, 就换, 就換, 就取消,
直接退, 直接换, 直接換, 直接取消,
quiero, quisiera, me gustaría, necesito, puede, pueden, podría, podrían, puedo, podemos, ayúdame,
ayudenme, por favor, cómo, cuándo, dónde, por qué, porfa, me pueden, me puede,
quero, queria, gostaria, preciso, pode, podem, poderia, posso, me ajuda, me ajudem, por favor,
como, quando, onde, por que, porque,
je veux, je voudrais, j'aimerais, pourriez, pouvez, peux-tu, puis-je, est-ce que je peux,
aidez-moi, s'il vous plaît, svp, comment, quand, où, pourquoi, merci de, merci d'*,
ich möchte, ich will, ich hätte gern, ich brauche, möchte ich, will ich, hätte ich gern,
hätt ich gern, würde ich gern, können sie, könnten sie, kann ich, bitte, wie,
wann, wo, warum, helfen sie,
хочу, хотел бы, хотела бы, хотелось бы, нужно, надо, можно, можете, могли бы, помогите,
подскажите, пожалуйста, как, когда, где, почему, скажите,
たい, ください, お願い, いただけ, できますか, でしょうか, ますか, 教えて, どこ, いつ, なぜ,
どうして, どうすれば, 欲しい, ほしい,
주세요, 싶어요, 싶습니다, 싶은데, 해줘, 해 줘, 부탁, 가능한가요, 될까요, 되나요, 있나요, 어디, 언제,
왜, 어떻게, 알려,
أريد, اريد, أبغى, ابغى, ابي, بدي, عايز, عاوز, ممكن, هل يمكن, هل ممكن, من فضلك, من فضلكم, لو سمحت,
ساعدني, لو سمحتوا, لو سمحتو, لو سمحتي, يا ريت, ياريت, الله يخليك, الله يخليكم, ابغاكم, ابيكم, عايزة,
عاوزة, بدنا, نبي, نبغى,
كيف, متى, وين, أين, فين, ليش, ليه, لماذا,
saya mau, aku mau, mau, ingin, pengen, pingin, tolong, bisa, bisakah, mohon, minta, gimana,
bagaimana, kapan, kenapa, mengapa, dimana, di mana,
muốn, mình muốn, cho mình, cho em, cho tôi, giúp, giùm, dùm, được không, đc ko, dc ko, có thể,
làm sao, khi nào, bao giờ, ở đâu, sao, tại sao, vui lòng, muon, giup, gium, dum, duoc khong,
co the, lam sao, khi nao, bao gio, o dau, tai sao,
อยาก, ขอ, ช่วย, ได้ไหม, ได้มั้ย, ได้ไหมคะ, ได้ไหมครับ, ยังไง, อย่างไร, เมื่อไหร่, ที่ไหน, ทำไม,
กรุณา, รบกวน
""")

# --------------------------------------------------------------------------- quantities
#: Words that say "the whole order" on their own, the order inside the word ("整单", "cả
#: đơn", "ทั้งออเดอร์", "the whole thing"): no separate order word follows them.
WHOLE_ORDER = WordClass(
    bare=True,
    entries="""
the whole thing, the entire thing, whole order, entire order, whole lot, the lot,
整单, 全单, 整张单, 整個單, 整个单, 整張單, 整筆, 整笔, 全單, 整單,
cả đơn, nguyên đơn, toàn bộ đơn, ทั้งออเดอร์, ทั้งคำสั่งซื้อ, 注文ごと, まるごと, 통째로,
das ganze ding, la totalité, tout le lot, todo junto, tudo junto, целиком, весь целиком,
sekalian semua, semuanya sekaligus, بالكامل
""",
)
ALL = WordClass(
    bare=True,
    entries="""
all, all of them, everything, every one, the whole lot, both, whole order, the whole order,
entire order, all items, all the items, every single one, every last one, each and every one,
cada uno de ellos, cada una de ellas, cada um deles, cada uma delas, jeden einzelnen,
jede einzelne,
全部, 所有, 全都, 整单, 整個, 整个, 全部都, 都退, 都要, 全退,
todo, todos, todas, todo el pedido, tudo, tout, tous, toutes, alle, alles,
все, всё, весь, всю, целиком, すべて, 全て, 全部で, ぜんぶ, ぜーんぶ, ぜんぶで,
全部です, 全部まとめて, 注文全体, 전부, 모두, 다,
الكل, كلها, جميع, كل, semua, semuanya, tất cả, hết, toàn bộ, ทั้งหมด, ทุกชิ้น,
전체, 다요, ganz, ganze, ganzen, komplett, gesamte, gesamten, cả đơn, trả hết, หมดเลย, ทั้งออเดอร์,
كله, كلهم, كامل, كاملا, كاملة, entero, entera, completo, completa, inteiro, inteira, entière,
entier,
полностью, 整单, 整張, 一整单
""",
)

#: "Tudo bem?", "alles klar", "다 괜찮아요": a greeting or an okay, no "all of them".
ALL_IDIOMS = WordClass("""
tudo bem, tudo bom, tudo certo, tudo joia, tudo ok, todo bien, todo bueno, todo ok, todo bem,
todo perfecto, all good, all right, all set, alles gut, alles klar, alles ok, alles in ordnung,
tout va bien, tout est bon, ça va tout, все хорошо, всё хорошо, все ок, всё ок, все норм, всё норм,
一切都好, 一切顺利, 都好, 다 괜찮아요, 다 좋아요, 다 괜찮아, semua baik, semua aman, semuanya baik,
tất cả ổn, ทั้งหมดโอเค, كله تمام, كلو تمام, كله زين
""")


def without_idioms(normalized: str) -> str:
    """The text with its "all good"-like idioms blanked out, positions kept."""
    return ALL_IDIOMS.pattern.sub(lambda m: " " * len(m.group(0)), normalized)


#: Intensifiers built on a negator ("보풀이 장난 아니게 일어나요": pills like crazy, "ハンパない"):
#: they deny nothing.
INTENSIFIERS = WordClass("""
장난 아니, 장난아니, 장난 아님, 장난 없, 半端ない, ハンパない, はんぱない, 半端なく, ハンパなく,
はんぱなく, no joke, not kidding, no kidding, que no veas, مش طبيعي, مو طبيعي
""")


#: German modal particles, that stand inside a phrase of a reason and change nothing of it:
#: "gefällt mir einfach nicht", "brauch ich halt nicht mehr".
MODAL_PARTICLES = WordClass("""
einfach, halt, eben, irgendwie, leider, ja eh
""")


def without_intensifiers(normalized: str) -> str:
    """The text with its negator-built intensifiers blanked out, and German modal particles
    taken out ("gefällt mir einfach nicht" reads as "gefällt mir nicht")."""
    n = INTENSIFIERS.pattern.sub(lambda m: " " * len(m.group(0)), normalized)
    if MODAL_PARTICLES.search(n) is None:
        return n
    return " ".join(MODAL_PARTICLES.pattern.sub(" ", n).split())


# --------------------------------------------------------------------------- sizes
#: Words of size and fit, broad: not a reason by themselves ("大家", "a big thank you"), only
#: what a size found by meaning must be said with.
SIZE_HINTS = WordClass("""
size*, big*, small*, large*, tight*, loose*, long*, short*, fit*, wide*, narrow*,
大, 小, 长, 短, 紧, 松, 宽, 窄, 码, 号, 尺,
grande*, chic*, pequeñ*, apret*, holgad*, larg*, cort*, talla*, pequen*, aperta*, tamanho*,
grand*, petit*, serr*, taille*, groß*, gross*, klein*, eng*, weit*, größe*, lang*, kurz*,
больш*, маленьк*, мал*, велик*, тесн*, узк*, широк*, длинн*, коротк*, размер*,
大き, 小さ, きつ, ゆる, 長, 短, サイズ, 큰, 커, 작, 끼, 헐렁, 길, 짧, 사이즈,
كبير*, صغير*, ضيق*, واسع*, طويل*, قصير*, مقاس*, besar*, kecil*, gede*, sempit*, longgar*,
panjang*, pendek*, ukuran*, kegede*, kekecil*, kebesar*, to, nhỏ, rộng, chật, dài, ngắn,
ใหญ่, เล็ก, คับ, หลวม, ยาว, สั้น, ไซส์
""")

#: The word "size" itself, and sizes by name, as a message names what was ordered ("ukuran L",
#: "size M", "queen size"): no complaint of fit, unlike "too small" or "doesn't fit".
SIZE_NOUNS = WordClass("""
size, sizes, queen size, king size, toddler size, toddler-size, kid size, kids size, 尺码, 尺寸,
码数, 尺碼, 碼數, talla, tamaño, tamanho, taille, größe, grösse, размер, размера, размеры,
サイズ, 사이즈, مقاس, المقاس, ukuran, kích cỡ, cỡ, ไซส์, ไซซ์
""")

# --------------------------------------------------------------------------- return reasons
#: Stems of the words customers use for each return reason; the semantic tier covers the rest.
REASONS: dict[str, WordClass] = {
    "size": WordClass(
        bare=True,
        entries="""
        size, sizes, fit, fits, fitting, too small, too big, too large, too tight, too loose,
        too short, too long, smaller, bigger, doesn't fit, does not fit,
        尺码, 尺寸, 太小, 太大, 偏小, 偏大, 小了, 大了, 不合身, 穿不下, 码数, 尺碼, 太緊, 太松,
        太紧,
        talla, tamaño, pequeño, pequeña, me queda chico, me queda chica, me queda grande, apretad*,
        tamanho, pequeno, pequena, apertad*, taille, trop petit*, trop grand*, serré*,
        größe, zu klein, zu groß, zu eng, passt nicht, размер*, мал, мала, маловат*, велик, велика,
        великоват*, велико, маломерит, большемерит, не подош*, サイズ, 小さい, 大きい, きつい,
        사이즈, 작아,
        커요, 커서, 맞지 않, مقاس*, المقاس, ضيق, ukuran, kekecilan, kebesaran, sempit, kích cỡ,
        nhỏ quá, rộng quá, chật, ไซส์, เล็กไป, ใหญ่ไป, คับ, หลวม, 大小, grande demais,
        pequeno demais, muito grande, muito pequeno, grande demasiado, demasiado grande,
        demasiado pequeño, muy grande, muy pequeño, kegedean, kegedan, kekecilan, kebesaran,
        trop large, trop court*, trop long*, zu weit, zu lang, zu kurz, большой, маленький,
        大きすぎ, 小さすぎ, 小さくて, 大きくて, 小さかった, 大きかった, 短すぎ, 長すぎ, きつすぎ,
        ゆるすぎ, 丈が短, 丈が長, 袖が長, 袖が短,
        커서, 작아서, كبير, صغير, to nhỏ, quá to, quá nhỏ, ใหญ่เกิน, เล็กเกิน,
        ficou grande, ficou pequen*, ficou larg*, ficou curt*, me queda larg*, me queda cort*,
        me queda enorme, me quedó enorme, me queda gigante, me queda inmens*, me queda diminut*,
        queda enorme, me quedan grandes, me quedan chicos, ficou enorme, ficou minúscul*,
        way too big, way too small, huge on me, tiny on me, viel zu groß, viel zu klein,
        beaucoup trop grand*, beaucoup trop petit*, ใส่ไม่ได้, ใส่ไม่เข้า, ใส่ไม่ลง, 太细, 细咗, 大咗,
        着唔落, 著唔落, 窄咗, 紧咗, kekecilan, kegedean banget, nhỏ xíu, rộng thùng thình,
        маломер*, большемер*, 꽉 껴, 꽉 끼, 껴요, 껴서, 끼어요, 끼어서, 좁아서, 좁아요, きつくて,
        きつかった, 窮屈, 起来很紧, 着很紧, 有点紧, 起来很松, 着很松, 有点松,
        sleeves too long, sleeves are too long, sleeves too short, hangs off me, baggy,
        в плечах висит, висит в плечах, висит мешком, сидит мешком, рукава длинн*, рукава короткие,
        рукава до середины, واسع علي*, طلع واسع, ضيق علي*, طلع ضيق, صغير علي*, طلع صغير,
        كبير علي*, طلع كبير
    """,
    ),
    "damaged": WordClass(
        bare=True,
        entries="""
        damaged, broken, arrived broken, chipped, cracked, crushed, smashed, shattered, dented,
        snapped, rachad*, trincad*, bi vo, bi be, bi mop, bi rach, rách, bị rách,
        scratched, torn, leaked, leaking, spilled,
        坏了, 破了, 碎了, 摔坏, 压坏, 裂了, 破损, 有裂, 划痕, 磕碰, 漏了, 壞了, 破損, 碎掉, 磕坏,
        roto, rota, rotas, rotos, dañad*, golpead*, rayad*, astillad*, quebrad*, danificad*,
        amassad*, arranhad*, cassé*, abîmé*, abimé*, endommagé*, fissuré*, rayé*, kaputt,
        beschädigt, zerbrochen, gesprungen, zerkratzt, verbeult, разбит*, поврежд*, треснут*,
        помят*, поцарап*, 壊れて, 割れて, 破損, へこみ, 파손, 깨져, 깨졌, 금이, 찌그러, 흠집,
        مكسور*, تالف*, متضرر*, مخدوش*, rusak, pecah, retak, penyok, lecet, bị vỡ, bể, móp, trầy,
        خدش, خدوش, مبلول*, مبتل*, soaked, came wet, arrived wet, got wet, a scratch, scratches,
        mojad*, empapad*, molhad*, encharcad*, mouillé*, trempé*, rayure*, nass, durchnässt,
        kratzer, промок*, мокр*, царапин*, 湿了, 湿透, 泡水, 濡れ, 傷が, 젖어, 젖었, 스크래치,
        basah, ướt, trầy xước, เปียก, เป็นรอย,
        แตก, เสียหาย, บุบ, ร้าว, se rompió, se rompio, se le rompió, se le rompio, se me rompió,
        se me rompio, se quebró, quebrou, s'est cassé*,
        zerdrückt, eingedrückt, abgebrochen, zerquetscht, aplastad*, écrasé*,
        смят*, раздавлен*, 压扁, 压烂, 壓扁, 潰れ, 찌그러졌, 눌렸, gepeng, hancur, bẹp, ยุบ,
        a crack, has a crack, cracks in, a sprung, einen sprung, ein sprung, sprung im, sprung am,
        einen riss, ein riss, risse, grieta*, rajad*, rachadura*, trinca, trincas, fissure*,
        fêlé*, fêlure*, трещин*, 裂纹, 裂痕, 裂缝, 裂縫, 裂開, 裂开, ひび, ヒビ, 금 갔, 금이 갔,
        شرخ, مشروخ*, nứt, bị nứt, แตกร้าว, รอยร้าว, 欠け, 欠けて, 欠けが,
        stain, stains, stained, a mark on it, mancha, manchas, manchad*, tache, taches, taché*,
        fleck, flecken, fleckig, пятно, пятна, пятном, пятнами, в пятнах, пятнышк*, 污渍, 污迹,
        脏了, 有污, 汚れ, シミ, 얼룩, بقعه, بقع,
        noda, bernoda, ada noda, vết bẩn, bị bẩn, bị ố, คราบ, เปื้อน, vỡ làm, vỡ thành, vỡ nát,
        vỡ tan, vỡ rồi, bể rồi, bể làm
    """,
    ),
    "defective": WordClass(
        bare=True,
        entries="""
        defective, doesn't work, does not work, not working, stopped working, faulty, won't turn on,
        dead on arrival, malfunction*, broke after, won't charge, doesn't charge, not charging,
        doesn't heat, does not heat, stopped heating, won't heat, not heating,
        no prende, ya no prende, no carga, no calienta, dejó de funcionar, não esquenta,
        não carrega, parou de funcionar, ne chauffe, ne charge pas, ne s'allume pas,
        heizt nicht, lädt nicht, geht nicht an, не греет, не заряжается, перестал работать,
        不热, 不加热, 不会热, 充不进电, 充不进, 充不了电, เปิดเครื่องไม่ติด,
        不充电, 打不开, 温まらない, 充電できない, つかない,
        안 데워, 충전이 안, ما يسخن, ما يشتغل, مش شغال, msh shaghal, mesh shaghal*, mish shaghal*,
        msh shaghal*, mush shaghal*,
        mosh shaghal*, مش شغاله, مو شغاله, gak panas, tidak panas, ga panas, gak bisa nyala,
        gak ngecas,
        không nóng, ko nong, không lên nguồn, ko len nguon, không vô điện, ko vo dien,
        không sạc được, ko sac dc, ไม่ร้อน, ชาร์จไม่เข้า, เปิดไม่ติด,
        质量问题, 不能用, 用不了, 开不了机, 不工作, 没反应, 失灵, 故障, 质量差, 品質問題, 质量太差,
        坏掉,
        defectuos*, no funciona, no enciende, no sirve, falla*, defeituos*, não funciona, não liga,
        com defeito, defeito, defecto, défectueu*, ne marche pas, ne fonctionne pas, en panne,
        defekt,
        funktioniert nicht, geht nicht, не работает, брак*, неисправ*, не включается, сломал*,
        動かない, 故障, 不良品, 使えない, 起動しない, 작동 안, 고장, 불량, 안 켜, لا يعمل, معطل,
        عيب, عطل, tidak berfungsi, gak nyala, tidak menyala, cacat, không hoạt động, không chạy,
        bị lỗi, ใช้ไม่ได้, ไม่ทำงาน, เสีย,
        no sound, sin sonido, no suena, sem som, não sai som, pas de son, kein ton, kein sound,
        нет звука, не звучит, 没声音, 沒聲音, 没有声音, 音が出ない, 音が出ません,
        소리가 안, 소리 안,
        لا يوجد صوت, ما فيه صوت, ما يطلع صوت, tidak ada suara, gak ada suara, ga bunyi,
        không có tiếng, không nghe được, ไม่มีเสียง, เสียงไม่ออก, 불량이,
        doesn't turn on, does not turn on, won't power on, no sound, only one side works,
        one side doesn't work, won't connect, doesn't connect, won't pair, doesn't keep warm,
        doesn't keep hot, no suena, no se conecta, solo suena un lado, no mantiene el calor,
        ne s'allume plus, pas de son, ne se connecte pas, ne garde pas la chaleur,
        gehen nicht an, gehn nich an, geht nich an, kein ton, verbindet sich nicht,
        hält nicht warm, não conecta, sem som, só funciona um lado, não mantém, не включаются,
        нет звука, не подключается, не держит тепло, 不保温, 开唔到机, 冇反应, 没声音, 连不上,
        只有一边有声, 一边没声, 一边听不到, 電源が入らない, 音が出ない, 片耳しか, 聞こえない,
        接続できない, 保温できない, 안들려, 안 들려, 소리가 안, 연결이 안, 안 켜져, 보온이 안,
        ما تشتغل, ما تشغل, ما يطلع صوت, ما فيها صوت, ما يتصل, ما تحفظ الحراره, gak bunyi,
        tidak bunyi, cuma bunyi sebelah, gak konek, tidak terhubung, gak bisa nyambung,
        không có tiếng, chỉ nghe một bên, không kết nối được, không giữ nhiệt, ko giu nhiet,
        ไม่มีเสียง, ได้ยินข้างเดียว, เชื่อมต่อไม่ได้, ไม่เก็บความร้อน, เปิดไม่ขึ้น,
        keeps disconnecting, keeps dropping the connection, disconnects, loses the connection,
        keeps cutting out, se desconecta*, se desconectan, pierde la conexión, desconecta sozinho,
        fica desconectando, perde a conexão, se déconnecte*, perd la connexion,
        verliert die verbindung, verlieren ständig die verbindung, verbindung bricht ab,
        trennt sich, отключается, отключаются, теряет связь, теряет соединение, 断连, 斷連,
        老是断, 总是断开, 經常斷線, 断线, 斷線, 接続が切れ, 途切れ, 연결이 끊, 끊겨요, 끊겨,
        ينفصل, يفصل, يقطع الاتصال, sering putus, putus-putus, terputus, mất kết nối, hay bị ngắt,
        หลุดบ่อย, สัญญาณหลุด, การเชื่อมต่อหลุด,
        fraying, frays, frayed, unravel*, coming apart, falling apart, fell apart, came apart,
        peeling off, seam split*, seam came undone, seams came undone, leaks water, it leaks,
        脱线, 开线, 开胶, 脫線, 開線, 開膠, 漏水, 起球, 掉色, 甩色, 褪色,
        se deshilacha*, deshilachad*, se descose, se descosió, descosid*, se despega*, gotea*,
        desfiando, desfiad*, descosturou, descosturad*, descolando, descascando, vazando,
        s'effiloche*, effiloché*, se découd, décousu*, se décolle*, fuite*,
        franst aus, ausgefranst, naht ist aufgegangen, naht geht auf, löst sich auf, blättert ab,
        undicht, tropft, leckt,
        распуска*, расползает*, разошёлся шов, разошелся шов, шов разош*, облез*, отклеил*,
        протекает, протекла, протёк, течёт, течет,
        ほつれ, ほつれて, 剥がれ, はがれ, 漏れて, 漏れる, 水漏れ, 色落ち,
        올이 풀, 실밥이 풀, 솔기가 터, 물이 새, 새요, 새서, 물이 샌, 벗겨져, 벗겨졌, 물이 빠져,
        يتفكك, تتفكك, انفكت الخياطة, انفك الخياط, يقشر, تقشر, يسرب, يخر, تسريب, ينقط,
        jahitan lepas, jahitannya lepas, jahitannya copot, benangnya lepas, mengelupas, ngelupas,
        bocor, rembes, luntur,
        tuột chỉ, bung chỉ, bị tưa, bong tróc, bị bong, rò rỉ, rỉ nước, bị rỉ, phai màu,
        ด้ายหลุด, ตะเข็บแตก, ตะเข็บหลุด, หลุดลอก, รั่ว, น้ำซึม, สีตก,
        colour ran, color ran, colours ran, colors ran, colour bled, color bled, colours bled,
        colors bled, dye ran, bled onto, 串色, 染色了, 互染, destiñó, destiñe, desteñid*,
        soltó tinta, suelta tinta, destingiu, desbotou, soltou tinta, solta tinta, déteint,
        a déteint, déteindre, abgefärbt, färbt ab, färbte ab, линяет, полинял*, слинял*, 色移り,
        이염, 물빠짐, بهت اللون, نزل اللون, يطلع لون, lunturnya, warnanya luntur, ra màu,
        bị lem màu, สีตกใส่,
        pilling, pills, pilled, bobbles, bobbling, bolitas, hace bolitas, bolinhas, borboto*,
        bouloche*, knötchen, pillt, катышк*, катышек, 起毛球, 毛玉, 보풀, xù lông, bị xù, เป็นขุย,
        burning smell, smells burnt, smells like burning, smell of burning, burnt smell,
        huele a quemado, olor a quemado, cheiro de queimado, cheira a queimado,
        odeur de brûlé, sent le brûlé, sent le cramé, brandgeruch, riecht verbrannt,
        riecht nach verbranntem, запах гари, пахнет гарью, пахнет горелым, 烧焦味, 焦味, 糊味,
        焦げ臭, 焦げくさ, 탄내, 타는 냄새, ريحه حريق, ريحه شياط, رائحه احتراق, bau gosong,
        bau terbakar, mùi khét, กลิ่นไหม้, sentait le brûlé, sentait le cramé, olía a quemado,
        cheirava a queimado, roch verbrannt, пахло гарью, пахло горелым,
        black screen, screen stays black, stays black, screen goes black, goes black, écran noir,
        pantalla negra, se queda en negro, tela preta, fica preta, schwarzer bildschirm,
        bildschirm bleibt schwarz, bleibt schwarz, чёрный экран, черный экран, 黑屏,
        画面が真っ暗, 真っ暗, 화면이 안 나와, 화면이 까맣, شاشه سوداء, الشاشه سوداء, layar hitam,
        màn hình đen, จอดำ,
        zip sticks, zipper sticks, zip gets stuck, zipper gets stuck, zip won't close,
        zipper won't close, el cierre se traba, el cierre no cierra, o zíper trava, zíper trava,
        la fermeture éclair bloque, fermeture bloque, reißverschluss klemmt, молния заедает,
        молния не застёгивается, 拉链卡, 拉链拉不上, ファスナーが引っかか, 지퍼가 걸려,
        السوسته بتعلق, السوسته بتعصلج, مش بتقفل, ومش بتقفل, resleting macet, khóa kéo bị kẹt,
        ซิปติด,
        strange noise, weird noise, funny noise, ruido raro, ruidito raro, ruido extraño,
        barulho estranho, barulhinho estranho, bruit bizarre, bruit étrange, komisches geräusch,
        seltsames geräusch, странный звук, посторонний звук, 异响, 怪声, 異音, 이상한 소리,
        صوت غريب, bunyi aneh, suara aneh, tiếng lạ, kêu lạ, เสียงแปลก,
        stopped spinning, stopped cooling, stopped charging, stopped blowing, stopped responding,
        stopped turning on, dejó de calentar, dejó de enfriar, dejó de girar, dejó de cargar,
        dejó de prender, dejó de encender, dejó de sonar, dejo de calentar, dejo de funcionar,
        parou de esquentar, parou de aquecer, parou de girar, parou de carregar,
        parou de ligar, parou de gelar, a arrêté de chauffer, ne chauffe plus, ne tourne plus,
        ne charge plus, heizt nicht mehr, lädt nicht mehr, dreht sich nicht mehr, kühlt nicht,
        перестал* греть, перестал* крутиться, перестал* заряжаться, перестал* включаться,
        不转了, 不制冷, 不出风, 不出水, 充不上电, 温まらなくなった, 回らない, 冷えない,
         안 돌아, 냉방이 안, بطل يشتغل, بطلت تشتغل, berhenti berfungsi,
        gak muter, ga muter, không quay, không chạy nữa, ngừng hoạt động, ไม่หมุน, ไม่เย็น,
        sparks, sparking, sparked, smoke came out, started smoking, faísca*, faisca*, chispa*,
        chispea*, étincelle*, funken, funkt, искрит, искрят, искрится, искры, искра, 火花, 冒火花,
        冒烟, 冒煙, 煙が出, 불꽃, 연기가,
        شرار*, percikan api, keluar asap, berasap, tóe lửa, tia lửa, bốc khói, ประกายไฟ, มีควัน,
        fuit, fuient, il y a une fuite, pierde agua, vaza, gotejando, läuft aus, течёт вода,
        漏水了, 漏れてる, 물이 새요, يسرب مي, rembes air, bị rò,
        makes noise, makes a noise, makes noises, making noise, making a noise, loud noise,
        grinding noise, rattling, rattles, hace ruido, hace un ruido, hace mucho ruido,
        faz barulho, faz um barulho, fait du bruit, fait un bruit, macht geräusche, macht lärm,
        macht komische geräusche, rattert, шумит, гудит, трещит, скрипит, 噪音大, 噪音很大,
        响声很大,
        有杂音, 有雜音, うるさい音, 変な音, 소음이, 소리가 나요, 이상한 소리가, بيعمل صوت, يطلع صوت,
        berisik, bunyi keras, kêu to, kêu rè, ồn quá, เสียงดัง,
        switches itself off, switches off by itself, turns itself off, turns off by itself,
        shuts off by itself, keeps shutting off, keeps turning off, se apaga solo, se apaga sola,
        se apaga sozinho, desliga sozinho, desliga sozinha, s'éteint tout seul*, s'éteint seul*,
        geht von selbst aus, geht von allein aus, schaltet sich ab, schaltet sich aus,
        выключается сам*, сам выключается, сама выключается, 自己关机, 自动关机, 自己停, 自己关,
        勝手に消え, 勝手に止ま, 勝手に切れ, 저절로 꺼, 혼자 꺼, 자꾸 꺼, يطفي لحاله, يطفى لوحده,
        mati sendiri, suka mati sendiri, tự tắt, tự ngắt, ดับเอง, ปิดเอง, ตัดเอง,
        يتقشر, تتقشر, متقشر*, انقشر, peeling, peels off, se pela, se descascara, descascou,
        s'écaille, blättert, шелушит*, облупил*, 掉漆, 脱漆, 剥落, 塗装が剥げ, 벗겨지, mengelupas,
        bị tróc, ลอกออก,
        doesn't light up, does not light up, won't light up, no light, no enciende la luz,
        no prende la luz, não acende, ne s'allume pas, leuchtet nicht, не горит, не светится,
        不亮, 灯不亮, 燈不亮, 没有反应, 反应没有, 反應沒有, 沒有反應, 沒反應, 没反应, 点かない,
        불이 안 들어, 불이 안 켜, ما ينور, ما يضوي, gak nyala lampunya, lampunya mati,
        đèn không sáng,
        không sáng, ไฟไม่ติด, ไฟไม่ขึ้น,
        marche plus, fonctionne plus, marche pas, fonctionne pas, بوظت, باظت, باظ, بايظ*,
        مش بتسخن, مبتسخنش, مش بيسخن, مبيسخنش, bị rè, rè rè, ko nghe dc, không nghe dc
    """,
    ),
    "wrong_item": WordClass(
        bare=True,
        entries="""
        not what i ordered, not what i ordered, something else, someone else's, no es lo que pedí,
        algo que no pedí, otra cosa, otro producto, outra coisa, outro produto,
        pas ce que j'ai commandé,
        autre chose, was anderes, etwas anderes, ganz anderes, не то, не тот, другой товар,
        違うもの,
        違う商品, 다른 게, 다른 상품, مو هذا, مو اللي, غير اللي, bukan yang saya pesan, barang lain,
        bukan pesanan, không đúng, hàng khác, ไม่ตรงกับที่สั่ง, ส่งผิด, 跟我订的不一样, 不一样,
        发错,
        寄错, 送错,
        wrong item, wrong product, wrong colour, wrong color, sent wrong, sent the wrong,
        sent me the wrong,
        not what i ordered, different item, wrong one,
        发错, 寄错, 不是我买的, 不是我要的, 颜色不对, 款式不对, 發錯, 寄錯, 发成,
        equivocad*, incorrect*, no es lo que pedí, otro producto, errad*, produto errado,
        não é o que pedi, mauvais article, pas ce que j'ai commandé, falsche*, falscher*,
        nicht bestellt, не тот, не та, не то, прислали другой, перепутал*, 違う商品, 間違って,
        注文と違う, 다른 상품, 잘못 왔, 잘못 배송, 주문한 거랑 달라, خطأ, غير الذي طلبت,
        منتج آخر, salah kirim, bukan yang saya pesan, barang salah, giao nhầm, sai hàng,
        gửi nhầm, gởi nhầm, nhầm món, nhầm hàng, beda sama yang, beda dengan yang,
        không đúng hàng, ส่งผิด, ผิดสี, ผิดรุ่น, ไม่ตรงกับที่สั่ง,
        nothing to do with what i ordered, nothing like what i ordered,
        nada que ver con lo que pedí,
        nada a ver com o que pedi, rien à voir avec ce que j'ai commandé,
        rien à voir avec ma commande,
        hat nichts mit meiner bestellung zu tun, совсем не то что я заказывал*, 跟我买的完全不一样,
        和我买的完全不一样, 完全不是我买的, 注文したものと全然違う, 주문한 것과 전혀 다른,
        لا علاقه له بما طلبت, لا علاقه لها بما طلبت, ما له علاقه باللي طلبت*,
        ملوش علاقه باللي طلبت*,
        gak ada hubungannya sama yang saya pesan, chẳng liên quan gì đến hàng mình đặt,
        ไม่เกี่ยวกับที่สั่งเลย
    """,
    ),
    "no_reason": WordClass(
        bare=True,
        entries="""
        don't want it anymore, dont want it anymore, no longer want, no longer need, regret,
        arrepent*, arrependi*, sem querer, fehlkauf, versehentlich, aus versehen, по ошибке,
        不小心, 买错, 拍错, 間違えて, 잘못 주문, 잘못 샀, بالغلط, salah beli, salah pesan, đặt nhầm,
        mua nhầm, สั่งผิด, สั่งเกิน, ya no lo quiero, ya no lo necesito, não quero mais, não preciso mais,
        je n'en veux plus, will ich nicht mehr, brauche ich nicht, больше не нужн*, もういらない,
        brauch's nicht mehr, brauch's nur nicht mehr, brauche es nicht mehr, brauch es nicht mehr,
        brauche ihn nicht mehr, brauche sie nicht mehr, nicht mehr gebraucht, мне не нужен,
        мне не нужна, мне не нужно, он мне не нужен, она мне не нужна,
        필요 없어, 필요없어, 마음이 바뀌, ما ابيه, ما عاد ابي, ما عدت ابي, ga butuh, gak butuh,
        udah ga, không cần nữa, ko cần nữa, ไม่อยากได้, ไม่ต้องการแล้ว,
        changed my mind, don't like, do not like, don't want, don't need, no longer need,
        dont like, dont want it, dont need it, dont love, not a fan, không ưng, ko thich,
        khong thich,
        doi y, kurang suka, nao gostei, não curti, 唔啱心意, 不合心意, イメージと違,
        no longer want, ordered by mistake, by mistake, not needed, don't want it anymore,
        not as expected, didn't like, bought too many, ordered too many, ordered one too many,
        买多了, 拍多了, 多买了, 买重了, 多拍了, 買多了, compré de más, pedí de más, comprei a mais,
        j'en ai commandé trop, zu viele bestellt, заказал лишн*, заказала лишн*, 買いすぎ,
        one too many, one extra, una de más, uno de más, um a mais, uma a mais, un de trop,
        une de trop, en trop, einen zu viel, eins zu viel, eine zu viel, одну лишнюю,
        один лишний, одно лишнее, 多く頼, 多く注文, 一つ多, ひとつ多, 多买了一, 多買了一, 多了一个,
        多了一個, 하나 더 주문, 하나 더 샀, 하나 남, واحد زيادة, وحدة زيادة, kelebihan satu,
        kelebihan, dư một, dư 1, thừa một, thừa 1, เกินมาหนึ่ง, เกินมา 1,
        너무 많이 샀,
        اشتريت أكثر, kebanyakan beli*, mua dư, ซื้อเกิน,
        不想要了, 不要了, 不喜欢, 不需要了, 不想要, 买错了, 拍错了, 用不上, 不合心意, 不喜歡,
        不需要,
        ya no lo quiero, ya no la quiero, no me gusta, no me gustó, no me gustaron, no lo necesito,
        cambié de opinión, me plaît pas, me plait pas,
        me arrepentí, não gostei, não quero mais, mudei de ideia, não preciso, ne me plaît pas,
        je n'en veux plus, j'ai changé d'avis, plus besoin, gefällt mir nicht,
        brauche ich nicht mehr, meinung geändert, не понравил*, передумал*, не нужн*,
        気に入らない, 要らなくなった, いらなくなった, いらない, 要らない, 気が変わった, 마음에 안,
        필요 없, 마음이 바뀌,
        لم يعجبني, ما عجبني, ما عجبتني, مو عاجبني, مش عاجبني,
        لا أحتاج, غيرت رأيي, tidak suka, gak suka, berubah pikiran, tidak butuh,
        không thích, không cần nữa, đổi ý, ไม่ชอบ, ไม่ต้องการแล้ว, เปลี่ยนใจ,
        my mistake, my bad, i ordered the wrong, sin querer, por error mío, sem querer,
        por engano, par erreur, aus versehen, versehentlich, fehlkauf*, по ошибке, случайно,
        間違えて注文, 間違えて買, 잘못 주문, 잘못 샀, 실수로, สั่งผิด, ซื้อผิด, กดผิด, salah beli,
        salah pesan, salah order, salah checkout, đặt nhầm, mua nhầm, بالغلط, بالخطأ,
        단순변심, 단순 변심, 변심, ما عجبوني, ما عجبونيش, ما عجبنيش, ไม่ได้ใช้แล้ว, ไม่ใช้แล้ว,
        nggak kepakai, gak kepakai, ga kepakai, tidak terpakai, nggak kepake, gak kepake,
        ga kepake,
        already have one, already had one, already have the same, already got one,
        have the same one, have an identical one, have two now, ended up with two,
ended up getting two, got two of the same, two of the same,
        ya tengo uno, ya tengo una, ya tenía uno, ya tenía una, tengo uno igual, tengo una igual,
        já tenho um, já tenho uma, já tinha um, já tinha uma, j'en ai déjà un*, j'en avais déjà un*,
        hab schon einen, habe schon einen, hab schon eins, habe schon eins, hab schon eine,
        habe schon eine, уже есть такой, уже есть такая, у меня уже есть, уже был такой,
        已经有一个, 已經有一個, 已经有一台, 已經有一台, 已经有了, 已經有了, 已经有一样的,
        一模一样的, 一模一樣的, もう持って, 既に持って, 同じものを持って, 이미 있어, 이미 있어서,
        똑같은 게 있, عندي واحد, عندي وحده, عندي نفسه, sudah punya, udah punya, đã có rồi,
        มีอยู่แล้ว,
        left over, one left over, is left over, spare one, ficou sobrando, sobrando, sobrou,
        de sobra,
        me sobra, me sobró, en trop, übrig, übrig geblieben, лишний, лишняя, 多出来, 多出來, 余った,
        남아서, زياده عن الحاجه, nyisa, dư ra,
        not my style, not really my style, not my taste, no es mi estilo, no es de mi estilo,
        não é meu estilo, não é o meu estilo, pas mon style, pas mon genre, nicht mein stil,
        nicht mein geschmack, не мой стиль, не в моём стиле, не в моем стиле, 不是我的风格,
        不是我的風格, 不是我喜欢的, 好みじゃな, 好みではな, 趣味じゃな, 스타일이 아니,
        스타일이 전혀 아니,
        취향이 아니, مو ستايلي, مش ستايلي, مو ذوقي, bukan gaya saya, bukan seleraku, bukan selera,
        không hợp gu, ko hợp gu, không phải gu, ไม่ใช่สไตล์, ไม่ใช่แนว
    """,
    ),
}


# ------------------------------------------------------------------ reasons told in two parts
#: A verb of how a garment sits, then shortly a word of size: "le quedó enorme", "ficou-me mesmo
#: justo", "taillent vraiment petit", "fällt klein aus", "runs small". Neither word is a reason
#: alone ("me queda una duda", "a big thank you"); together they tell a size.
FIT_VERBS = WordClass("""
queda, quedan, quedó, quedo, quedaron, quedaba, quedaban, quedaría, fica, ficam, ficou,
ficaram, ficava, ficavam, serve, servem, serviu, taille, taillent, taillait, va trop, vont trop,
sitzt, sitzen, saß, fällt, fallen, fiel, runs, run, running, came up, comes up, come up, fits, fit,
fitted, сидит, сидят, сидел*, село, сели, садится
""")
FIT_SIZES = WordClass("""
grande*, enorme*, gigante*, chic*, pequeñ*, pequen*, apretad*, apertad*, ajustad*, justo, justa,
justos, justas, holgad*, folgad*, anch*, larg*, cort*, curt*, estrech*, estreit*, inmens*, diminut*,
minúscul*, petit*, grand*, serré*, étroit*, klein*, groß*, gross*, eng, enger, weit*, kurz*,
small*, big*, large*, tight*, loose*, short*, tiny, huge, narrow*, мал*, велик*, тесн*, узк*,
маленьк*, больш*, свободн*
""")
#: What may stand between a verb of fit and its word of size: degree words and the pronoun of
#: whom it fits ("le quedó demasiado ancho", "ficou-me mesmo justo", "run really small").
FIT_BETWEEN = WordClass("""
very, really, way, too, a bit, a little, so, quite, super, pretty, kind of, on me, me, le, te,
nos, les, lhe, -me, -lhe, -te, muy, demasiado, bastante, un poco, re, súper, algo, tan, medio,
muito, mesmo, bem, demais, um pouco, meio, trop, vraiment, franchement, un peu, très, assez,
hyper, plutôt, zu, sehr, viel, etwas, deutlich, total, ziemlich, echt, recht, extrem, mir, ihm,
ihr, очень, слишком, немного, чуть, сильно, совсем, мне, ему, ей
""")
#: The seam of a garment, and that it came apart, with words between: "jahitan pinggirnya udah
#: pada lepas", "la costura del bolsillo se abrió", "the seams on the side split": a defect.
SEAMS = WordClass("""
seam, seams, stitching, costura, costuras, couture, coutures, naht, nähte, шов, швы, шва,
jahitan, jahitannya, đường may, đường chỉ, الخياطه, خياطه, الخياطة, خياطة,
缝线, 接缝, 缝合, 針腳, 针脚, 縫い目, 솔기, 박음질, 바느질, 실밥, ตะเข็บ,
zipper, zip, the zip, zippers, cremallera, cierre, zíper, ziper, fecho, fermeture éclair,
fermeture eclair, fermeture, reißverschluss, reissverschluss, молния, 拉链, 拉鍊, ファスナー,
チャック, 지퍼, سوسته, السوسته, سحاب, السحاب, resleting, sleting, khóa kéo, dây kéo, ซิป
""")
COMING_APART = WordClass("""
split, splits, ripped, rip, came undone, come undone, coming undone, came apart, coming apart,
opened, open, gave way, se abrió, se abrieron, se soltó, se soltaron, se descosió, se rompió,
se rompieron, abierta*, soltó, abriu, abriram, soltou, soltaram, rebentou, rebentaram,
descoseu, rasgou, rompeu, a lâché, ont lâché, lâche, lâché*, craqué*, se défait, s'est défait*,
aufgegangen, gerissen, offen, geplatzt, löst sich, разош*, распорол*, лопнул*, порвал*,
lepas, copot, robek, sobek, putus, terbuka, bung, tuột, rách, انفك*, اتفك*, فك*, اتقطع*,
开了, 开线, 断了, 裂开, 脱了, 开裂, ほつれ, ほどけ, 裂け, 破れ, 터졌, 터져, 풀렸, 풀려, 뜯어졌,
뜯겼, หลุด, แตก, ขาด
""")
#: The padding of an item, and that it sank or went flat, with words between: "الاسفنج اللي
#: جواها نزل خالص", "the foam in the seat has gone completely flat": a defect.
PADDING = WordClass("""
foam, padding, filling, cushioning, stuffing, espuma, relleno, acolchado, enchimento,
mousse, rembourrage, schaum, schaumstoff, polsterung, füllung, пена, поролон, наполнитель,
اسفنج, الاسفنج, حشوه, الحشوه, busa, isian, mút, đệm mút, 海绵, 填充, 泡棉, スポンジ, クッション,
ウレタン, 스펀지, 쿠션, ฟองน้ำ
""")
SINKING = WordClass("""
sank, sunk, sagged, sagging, went flat, gone flat, flattened, collapsed, se hundió, se hunde,
se aplastó, se aplanó, afundou, afunda, achatou, s'est affaissé*, s'affaisse, tassé*,
eingesunken, zusammengefallen, platt, просел*, проседает, продавил*, сплющил*, نزل, نزلت,
هبط, هبطت, اتفعص*, kempes, ambles, bị xẹp, xẹp, lún, 塌了, 塌陷, 扁了, 变扁, へたって, へたった,
へたり, 潰れた, 꺼졌, 꺼져, 주저앉, ยุบ, แบน
""")
#: Making noises, with words between: "macht nach 2 Wochen Geräusche", "makes this awful
#: noise", "hace un ruido horrible", "издаёт странный звук": a defect.
MAKES = WordClass("""
makes, making, made, make, hace, hacía, hizo, faz, fazendo, fez, fait, faisait, macht,
machte, издаёт, издает, издавал*, 发出, 有, 出る, 나요, 나는, يطلع, بيطلع, bikin, ngeluarin,
mengeluarkan, phát ra, kêu, มีเสียง
""")
NOISES = WordClass("""
noise, noises, sound like, sounds like, ruido*, ruidito*, barulho*, bruit*, geräusch*, lärm,
шум*, звук*, скрежет*, 噪音, 杂音, 雜音, 异响, 怪声, 音が, 소리, 소음, صوت, اصوات, bunyi, suara,
tiếng, เสียง
""")
#: Where two words tell a reason only together: a first word, then a second shortly after
#: (either order where `either`), in one clause.
PAIRED_REASONS: tuple[tuple[str, WordClass, WordClass, bool, WordClass | None], ...] = (
    ("size", FIT_VERBS, FIT_SIZES, False, FIT_BETWEEN),
    ("defective", SEAMS, COMING_APART, True, None),
    ("defective", PADDING, SINKING, True, None),
    ("defective", MAKES, NOISES, False, None),
)
#: How far apart, in words (characters in scripts without spaces: four a word), the two may be.
PAIR_WINDOW = 4


def paired_reasons(clause: str) -> set[str]:
    """The reasons one normalised clause tells in two words ("le quedó enorme": size; "jahitan
    pinggirnya udah pada lepas": a defect), the second not negated."""
    found: set[str] = set()
    for code, first, second, either, between in PAIRED_REASONS:
        a, b = first.finditer(clause), second.finditer(clause)
        if a and b and any(_near(clause, x, y, either, between) for x in a for y in b):
            found.add(code)
    return found


def _near(
    n: str, x: re.Match[str], y: re.Match[str], either: bool, between: WordClass | None
) -> bool:
    """Whether `y` follows `x` closely (or precedes it, where `either`), the second not negated
    (a negator before the first reaches it: "no me queda grande"), and only words of `between`
    (any words, when None) stand between them."""
    if y.start() < x.end():
        return either and x.start() >= y.end() and _near(n, y, x, False, between)
    if negated(n, y.start(), y.end()):
        return False
    gap = n[x.end() : y.start()]
    if between is not None:
        return between.coverage(gap) == 1.0 or not gap.strip()
    if _UNSPACED.search(gap) or not gap.strip():
        return len(gap.replace(" ", "")) <= PAIR_WINDOW * 4
    return len(gap.split()) <= PAIR_WINDOW


#: "I ordered X but got Y" tells a wrong item without its words: ordering, then what came.
ORDERED = WordClass("""
i ordered, i bought, i picked, ordered, pedí, compré, encomendei, comprei, pedi, j'ai commandé,
commandé, commandée, commandés, commandées, ich habe bestellt, bestellt, bestellte, bestellten,
bestelltes, bestellter, заказывал*, заказал*, 买的是, 买的, 订的, 下单的是,
拍的是, 拍的, 订咗, 买咗, 下单选的, 下单时选的,
下单, 下單, 注文した, 頼んだ, 주문한, 주문했, 시킨, طلبت, اشتريت, saya pesan, aku pesan, pesan,
pesen, beli, pesennya, pesannya,
em đặt, mình đặt, đặt, dat, สั่ง
""")
#: Part of what was ordered missing from what came ("only one of the two came", "另一件呢",
#: "มาใบเดียว", "satunya mana"): "only one", "one is missing", "the other one".
PART_MISSING = WordClass("""
only one came, only one arrived, only got one, only received one, one is missing, one missing,
the other one, where's the other, where is the other, solo llegó uno, solo llegó una,
solo me llegó uno, solo me llegó una, falta uno, falta una, la otra, el otro, só chegou um,
só chegou uma, falta um, falta uma, o outro, a outra, un seul, une seule, il en manque, l'autre,
nur einer, nur eins, nur eine, einer fehlt, eins fehlt, der andere, die andere, das andere,
только один, только одна, только одно, не хватает, второй, вторая, второе,
只到了一, 只收到一, 只来了一, 少了一, 另一件, 另一个, 另外一个, 另外一件, 得一件, 得一个,
1つしか, 一つしか, 1個しか, 一個しか, 1点しか, もう一つ, もう1つ, 足りない,
하나만, 한 개만, 1개만, 나머지 하나, 하나가 없, 하나 없,
وحدة بس, واحدة بس, واحد بس, وحده بس, الثانية, الثاني, ناقص, ناقصة,
cuma 1, cuma satu, hanya 1, hanya satu, satunya mana, satunya lagi, yang satu lagi, kurang 1,
kurang satu, chỉ có 1, chỉ nhận được 1, thiếu 1, thiếu một, cái còn lại, cái kia,
มาใบเดียว, มาอันเดียว, มาชิ้นเดียว, มาตัวเดียว, มาแค่, ได้แค่, อีกใบ, อีกอัน, อีกชิ้น, อีกตัว, ขาดไป
""")
GOT_INSTEAD = WordClass("""
got, received, came, arrived, sent me, they sent, instead, me llegó, llegó, llegaron, me llegaron,
vino, vinieron, me mandaron, recibí, me ha llegado, me han llegado, ha llegado, han llegado,
he recibido, me han mandado, me han enviado,
recebi, veio, vieram, chegou, j'ai reçu, reçu, geliefert wurde, bekommen, erhalten,
kam, пришёл, пришел, пришла, пришло, пришли, прислали, получил*, 收到, 结果, 寄来, 发来,
届いた, 来た,
届いたのは, 왔, 받았, 배송된, وصلني, وصلتني, جاني, datang, dateng, dapet, yang datang, nhận được,
nhan duoc, ได้มา, ได้รับ, ส่งมา, showed up, turned up, what came, nyampe, yg nyampe, yang nyampe,
到手, 到手的, 到货的
""")
#: "Instead of" before what was ordered ("a blender came instead of the coffee maker I ordered").
INSTEAD_OF = WordClass("""
instead of, rather than, en vez de, en vez del, en lugar de, en lugar del, em vez de, em vez do,
em vez da, no lugar de, no lugar do, no lugar da, au lieu de, au lieu du, au lieu des,
à la place de, statt, anstatt, anstelle, вместо, 而不是, 不是我, bukannya, alih-alih, thay vì,
แทนที่จะเป็น, بدل, بدلا من
""")
#: Inside what came: "inside", "in the box", "внутри", "盒子里", "ในกล่อง".
INSIDE = WordClass("""
inside, inside it, in the box, in the parcel, in the package, dentro, adentro, en la caja,
en el paquete, na caixa, no pacote, dedans, à l'intérieur, dans le colis, dans la boîte, drin,
darin, im paket, im karton, внутри, в коробке, в посылке, 里面, 裡面, 盒子里, 箱子里, 包裹里,
中身, 箱の中, 안에, 상자 안에, جوه, جوا, داخل, في العلبه, di dalam, isinya, di kotak,
bên trong, trong hộp, ข้างใน, ในกล่อง
""")
CONTRAST = WordClass("""
but, yet, instead, pero, y me, mas, e recebi, mais, aber, а, но, 但, 但是, 结果, 可是, のに, けど,
and what, y lo que, e o que, et ce qui, und was,
는데, 인데, 그런데, بس, لكن, و, tapi, malah, mà, nhưng, แต่
""")

# --------------------------------------------------------------------------- which order
#: When an order was placed, and how far it got, as customers say it to tell orders apart.
YESTERDAY = WordClass(
    bare=True,
    entries="""
yesterday, last night, 昨天, 昨晚, 昨日, 昨夜, 어제, вчера, вчерашн*, ayer, ontem, hier, gestern,
hôm qua, tối qua, เมื่อวาน, kemarin, أمس, امس, البارحة
""",
)
TODAY = WordClass(
    bare=True,
    entries="""
today, this morning, earlier today, 今天, 今日, 今早, 오늘, сегодня, сегодняшн*, hoy, hoje,
aujourd'hui, heute, hôm nay, sáng nay, วันนี้, hari ini, tadi pagi, اليوم
""",
)
DELIVERED = WordClass(
    bare=True,
    entries="""
delivered, arrived, already came, received, got it, 签收, 已签收, 已经签收, 到了, 收到了, 簽收,
已簽收, 收到的, 届いた, 届いてる, 届いている, 到着済み, 배송 완료, 도착한, 받은, доставлен*,
доставили, пришёл, пришел, получил*, привезли, привезл*, уже пришл*, пришло, пришла,
llegó, llego, entregad*, recibí, entregue, chegou, recebi,
livrée, livré, reçu*, arrivée, geliefert, angekommen, erhalten, đã giao, đã nhận, giao rồi,
ได้รับแล้ว, ส่งถึงแล้ว, ถึงมือ, ได้รับของ, وصل, وصلني, استلمت, sudah sampai, sudah diterima, udah sampai,
已经到了, 到咗, 收咗, 已收到, đã nhận được, nhận rồi, đã tới, already arrived, came already
""",
)


#: Indonesian chat spellings, written out, for the closed classes that list the full words:
#: "yg blm dikirim" is "yang belum dikirim", "udah sampe" is "sudah sampai".
_INFORMAL = {
    "blm": "belum",
    "blum": "belum",
    "udh": "sudah",
    "udah": "sudah",
    "sdh": "sudah",
    "dah": "sudah",
    "sampe": "sampai",
    "nyampe": "sampai",
    "nyampai": "sampai",
    "yg": "yang",
    "dikrim": "dikirim",
    "dikirm": "dikirim",
    # the negator as typed: "ga bisa nyala", "nggak nyala" are "gak bisa nyala", "gak nyala"
    "ga": "gak",
    "gk": "gak",
    "nggak": "gak",
    "ngga": "gak",
    "enggak": "gak",
    "engga": "gak",
    "tdk": "tidak",
}


def written_out(normalized: str) -> str:
    """A normalised text with Indonesian chat spellings written out."""
    return " ".join(_INFORMAL.get(w, w) for w in normalized.split())


ON_THE_WAY = WordClass(
    bare=True,
    entries="""
on the way, on its way, in transit, shipped, out for delivery, being delivered, 在路上, 运输中,
已发货, 发货了, 配送中, 派送中, 運送中, 已出貨, 配達中, 発送済み, 輸送中, 배송 중, 배송중,
в пути, отправлен*, en camino, en tránsito, enviado, a caminho, em trânsito, enviado, en route,
en cours de livraison, expédiée, expédié, unterwegs, versandt, verschickt, đang giao,
đang vận chuyển, กำลังจัดส่ง, อยู่ระหว่างขนส่ง, กำลังส่ง, กำลังมา, في الطريق, تم الشحن,
sedang dikirim, dalam perjalanan, sudah dikirim
""",
)
OLDER = WordClass(
    bare=True,
    entries="""
oldest, the oldest, 最旧, 最舊, 最早, 最早的, 最老, 一番古い, 古いの, 古い方, 오래된, 제일 오래된,
älteste*, ältere*, самый старый, самый ранний, старый заказ, más antiguo, más antigua, la más vieja,
el más viejo, mais antigo, mais antiga, la plus ancienne, le plus ancien, plus ancien*, paling lama,
terlama, yang lama, cũ nhất, đơn cũ nhất, เก่าสุด, เก่าที่สุด, اقدم, الاقدم, القديم,
older, the older one, earlier one, the first one i ordered, the old one, previous, the other day,
之前的, 早的, 旧的, 上次的, 上次, 以前的, 先买的, 之前那, 早一点的, 較早, 之前那個, 前の, 古い方,
最初の注文, 이전, 예전, 먼저 주문, 지난번, старый, старому, прошлый, прошлому, предыдущ*,
первый заказ, anterior, el viejo, el más viejo, el primero que pedí, antigo, o mais antigo,
ancienne, plus ancienne, précédente, ältere, frühere, vorherige, cũ, đơn cũ, trước đó, อันเก่า,
ก่อนหน้า, الأقدم, القديم, السابق, yang lama, sebelumnya,
the earlier one, ordered first, the one i ordered first, el de antes, el que pedí primero,
o de antes, o primeiro que eu fiz, o primeiro que fiz, o primeiro que pedi, celle d'avant,
la première commandée, die frühere, die zuerst bestellte, который раньше, тот что раньше,
заказывал раньше, yang duluan, yang pertama dipesan, đơn đặt trước, cái đặt trước,
สั่งก่อน, อันที่สั่งก่อน, อันแรกที่สั่ง, 先に注文した, 先に頼んだ, 前に注文した, 먼저 시킨, 먼저 산,
اللي طلبته الاول, 先下的, 先下单的
""",
)
NEWER = WordClass(
    bare=True,
    entries="""
newest, the newest, 最新, 最近下的, 一番新しい, 新しいの, 제일 최근, 가장 최근, neueste*, neuere*,
самый новый, самый последний, más reciente, más nuevo, más nueva, mais novo, mais nova,
la plus récente, plus récent*, paling baru, terbaru, mới nhất, ใหม่สุด, ใหม่ที่สุด, احدث, الاحدث,
newer, newest, latest, most recent, the recent one, the new one, the last one i ordered,
最近的, 新的, 最新的, 最新那, 后买的, 刚买的, 刚下的, 最近那, 最近買, 新しい方, 最新の, 最近の,
新买的, 新買的, 新下的, 比较新, 比較新, 较新, 較新, 后下的, 後下的, 後買的, 剛買的, 新しく買った,
최근, 최신, 새로 주문, последний, новый, свежий, el más reciente, el último que pedí, el nuevo,
mais recente, o último, o novo, la plus récente, la dernière, la nouvelle, neueste, letzte,
neuere, đơn mới, mới nhất, gần đây, อันใหม่, ล่าสุด, الأحدث, الأخير, الجديد, yang baru,
terbaru, the later one, ordered later, the one i ordered later, el de después, el que pedí
después, o de depois, o que pedi depois, celle d'après, commandée après, die spätere,
die später bestellte, который позже, тот что позже, заказывал позже, yang belakangan,
yang dipesan belakangan, đơn đặt sau, cái đặt sau, สั่งทีหลัง, อันที่สั่งทีหลัง, ทีหลัง,
後で注文した, 後から注文した, あとで頼んだ, 나중에 시킨, 나중에 산, 나중에 주문한,
اللي طلبته بعدين, 后来下的, 後來下的, 后来买的, 後來買的
""",
)
LAST_WEEK = WordClass(
    bare=True,
    entries="""
last week, last weeks, last week's, a week ago, 上周, 上週, 上个星期, 上個星期, 上礼拜, 上禮拜,
上星期, 先週, 지난주, 지난 주, на прошлой неделе, с прошлой недели, прошлой недели,
la semana pasada, semana pasada, semana passada, la semaine dernière, la semaine derniere,
letzte woche, letzten woche, vorige woche, tuần trước, tuần rồi, สัปดาห์ที่แล้ว, อาทิตย์ที่แล้ว, อาทิตย์ก่อน,
الأسبوع الماضي, الاسبوع الماضي, الاسبوع اللي فات, minggu lalu, minggu kemarin
""",
)
#: The day before yesterday, a day of its own ("el de antes de ayer", "前天下的"): two days ago,
#: not yesterday's order.
DAY_BEFORE_YESTERDAY = WordClass(
    bare=True,
    entries="""
the day before yesterday, day before yesterday, 前天, 一昨日, おととい, おとつい, 그저께,
그제, позавчера, позавчерашн*, antes de ayer, antier, anteayer, anteontem, antes de ontem,
avant-hier, avant hier, vorgestern, hôm kia, kemarin lusa, เมื่อวานซืน, أول أمس, اول امس, أول امبارح,
اول امبارح, امس الاول
""",
)
#: "3 days ago", "hace 3 días", "三天前", "قبل ٣ أيام": a count of days back (digits, or a
#: Chinese numeral), its unit of days in every language.
_DAYS_AGO = re.compile(
    r"(?<![0-9])([0-9]{1,2}|[一二两三四五六七八九十])\s?(?:days?\s+ago|days?\s+back|天前|日前|일\s?전|"
    r"(?:дн(?:я|ей|ь)|сут\w*)\s+назад|hari\s+(?:yang\s+)?(?:lalu|lewat|kemarin)|ngày\s+trước|"
    r"ngay\s+truoc|วัน(?:ก่อน|ที่แล้ว))"
    r"|(?:hace|há|ha|faz|il\s+y\s+a|vor|قبل)\s+([0-9]{1,2})\s?(?:días|dias|día|dia|jours?|tagen?|"
    r"ايام|أيام|يوم)"
)
_CN_DAYS = {c: i + 1 for i, c in enumerate("一二三四五六七八九十")} | {"两": 2}


def days_ago_named(normalized: str) -> int | None:
    """How many days back a reply says its order was placed ("the day before yesterday": 2,
    "vor 3 Tagen": 3), or None. Eastern Arabic and Thai digits are read as digits."""
    n = normalized.translate(_EASTERN_DIGITS)
    if DAY_BEFORE_YESTERDAY.search(n):
        return 2
    m = _DAYS_AGO.search(n)
    if m is None:
        return None
    said = m.group(1) or m.group(2)
    return int(said) if said.isdigit() else _CN_DAYS.get(said)


_EASTERN_DIGITS = str.maketrans(
    "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
    "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9"
    "\u0e50\u0e51\u0e52\u0e53\u0e54\u0e55\u0e56\u0e57\u0e58\u0e59",
    "012345678901234567890123456789",
)


LAST_MONTH = WordClass(
    bare=True,
    entries="""
last month, last month's, a month ago, 上个月, 上個月, 上月, 先月, 지난달, 지난 달,
в прошлом месяце, прошлого месяца, прошлом месяце, el mes pasado, del mes pasado,
mês passado, do mês passado, le mois dernier, du mois dernier, letzten monat, letzter monat,
im letzten monat, vorigen monat, tháng trước, tháng rồi, เดือนที่แล้ว, เดือนก่อน,
الشهر الماضي, الشهر اللي فات, bulan lalu, bulan kemarin
""",
)
#: Month names (1-12) in the shipped languages, for "October's order", "10月の", "tháng 10".
MONTHS: tuple[WordClass, ...] = tuple(
    WordClass(bare=True, entries=e)
    for e in (
        "january, jan, enero, janeiro, janvier, januar, январ*, januari, มกรา*, يناير",
        "february, feb, febrero, fevereiro, février, fevrier, februar, феврал*, februari, "
        "กุมภา*, فبراير",
        "march, marzo, março, marco, mars, märz, maerz, март*, maret, มีนา*, مارس",
        "april, abril, avril, апрел*, เมษา*, أبريل, ابريل",
        "mayo, maio, mai, мая, май, mei, พฤษภา*, مايو",
        "june, junio, junho, juin, juni, июн*, มิถุนา*, يونيو",
        "july, julio, julho, juillet, juli, июл*, กรกฎา*, يوليو",
        "august, agosto, août, aout, августа, август, agustus, สิงหา*, أغسطس, اغسطس",
        "september, sept, septiembre, setembro, septembre, сентябр*, กันยา*, سبتمبر",
        "october, oct, octubre, outubro, octobre, oktober, октябр*, ตุลา*, أكتوبر, اكتوبر",
        "november, nov, noviembre, novembro, novembre, ноябр*, พฤศจิกา*, نوفمبر",
        "december, dec, diciembre, dezembro, décembre, decembre, dezember, декабр*, desember, "
        "ธันวา*, ديسمبر",
    )
)
_MONTH_NUMBER = re.compile(
    r"(?<![0-9])(1[0-2]|0?[1-9])\s?(?:月|월)(?![0-9]{1,2}\s?[日号號일])"
    r"|(?:tháng|thang|bulan|เดือน)\s?(1[0-2]|0?[1-9])(?![0-9])"
)


#: Days of the week (Monday first), for "上礼拜五下的那单", "the one from last Friday", "el del
#: viernes": words that are also an ordinal or a week ("segunda", "thứ hai", "minggu",
#: "อาทิตย์") only with what makes them a day.
WEEKDAYS: tuple[WordClass, ...] = tuple(
    WordClass(bare=True, entries=e)
    for e in (
        "monday, lunes, segunda-feira, segunda feira, "
        "fiz na segunda, pedi na segunda, comprei na segunda, feita na segunda, segunda passada, "
        "lundi, montag, понедельник*, senin, "
        "hôm thứ hai, thứ hai tuần, thứ 2 tuần, วันจันทร์, يوم الاثنين, يوم الإثنين, 周一, 週一, "
        "星期一, 礼拜一, 禮拜一, 月曜, 월요일",
        "tuesday, martes, terça-feira, terça feira, "
        "fiz na terça, pedi na terça, comprei na terça, feita na terça, terça passada, "
        "mardi, dienstag, вторник*, selasa, "
        "hôm thứ ba, thứ ba tuần, thứ 3 tuần, วันอังคาร, الثلاثاء, 周二, 週二, 星期二, 礼拜二, "
        "禮拜二, 火曜, 화요일",
        "wednesday, miércoles, miercoles, quarta-feira, quarta feira, "
        "fiz na quarta, pedi na quarta, comprei na quarta, feita na quarta, quarta passada, "
        "mercredi, mittwoch, "
        "в среду, среда, rabu, hôm thứ tư, thứ tư tuần, thứ 4 tuần, วันพุธ, الأربعاء, الاربعاء, "
        "周三, 週三, 星期三, 礼拜三, 禮拜三, 水曜, 수요일",
        "thursday, jueves, quinta-feira, quinta feira, "
        "fiz na quinta, pedi na quinta, comprei na quinta, feita na quinta, quinta passada, "
        "jeudi, donnerstag, четверг*, kamis, "
        "hôm thứ năm, thứ năm tuần, thứ 5 tuần, วันพฤหัส*, الخميس, 周四, 週四, 星期四, 礼拜四, "
        "禮拜四, 木曜, 목요일",
        "friday, viernes, sexta-feira, sexta feira, "
        "fiz na sexta, pedi na sexta, comprei na sexta, feita na sexta, sexta passada, "
        "vendredi, freitag, пятниц*, jumat, jum'at, "
        "jumaat, hôm thứ sáu, thứ sáu tuần, thứ 6 tuần, วันศุกร์, ศุกร์ที่แล้ว, الجمعة, الجمعه, "
        "周五, 週五, 星期五, 礼拜五, 禮拜五, 金曜, 금요일",
        "saturday, sábado, sabado, samedi, samstag, sonnabend, суббот*, sabtu, hôm thứ bảy, "
        "thứ bảy tuần, thứ 7 tuần, วันเสาร์, เสาร์ที่แล้ว, السبت, 周六, 週六, 星期六, 礼拜六, "
        "禮拜六, 土曜, 토요일",
        "sunday, domingo, dimanche, sonntag, воскресень*, hari minggu, chủ nhật, วันอาทิตย์, "
        "الأحد, الاحد, 周日, 週日, 周天, 星期日, 星期天, 礼拜天, 禮拜天, 礼拜日, 日曜, 일요일",
    )
)


def weekday_named(normalized: str) -> int | None:
    """The one day of the week a text names (0 for Monday), or None ("black friday" is a
    sale, not a Friday)."""
    if "black friday" in normalized or "黑五" in normalized:
        return None
    found = {i for i, klass in enumerate(WEEKDAYS) if klass.search(normalized)}
    return found.pop() if len(found) == 1 else None


#: A month in Chinese numerals ("十月", "十一月买的"), not a count of months ("一个月", "两月").
_CN_MONTH = re.compile(
    r"(?<![一二两三四五六七八九十几上下这這个個0-9])(十[一二]?|[一二三四五六七八九])月"
)
_CN_MONTHS = {c: i + 1 for i, c in enumerate("一二三四五六七八九十")}


def month_named(normalized: str) -> int | None:
    """The one month a text names ("October's", "10月", "十月", "tháng 10", "bulan oktober"),
    or None."""
    if date_named(normalized) is not None:
        return None  # a day of the month: date_named reads it
    found = {i + 1 for i, klass in enumerate(MONTHS) if klass.search(normalized)}
    found |= {int(m.group(1) or m.group(2)) for m in _MONTH_NUMBER.finditer(normalized)}
    for m in _CN_MONTH.finditer(normalized):
        w = m.group(1)
        found.add(_CN_MONTHS[w] if len(w) == 1 else 10 + (_CN_MONTHS.get(w[1:], 0)))
    return found.pop() if len(found) == 1 else None


#: A day and month written in digits: "11/11", "11.11", "11月11日", "11월 11일", "ngày 11/11".
_DAY_MONTH = re.compile(
    r"(?<![0-9.,/$€£¥₽])([0-3]?[0-9])\s?[/.]\s?([01]?[0-9])(?![0-9,]|\.[0-9])"
    r"|(?<![0-9])(1[0-2]|0?[1-9])\s?[月월]\s?([0-3]?[0-9])\s?[日号號일]"
)
#: A day before a month's name: "11 de noviembre", "le 11 novembre", "am 11. November",
#: "11 ноября", "11 november".
_DAY_BEFORE_NAME = re.compile(r"(?<![0-9])([0-3]?[0-9])\.?\s(?:de\s)?(\w+)")
#: Shopping days known by their date: Singles' Day (11.11), Double Twelve, 6.18.
_SHOPPING_DAYS = {"双十一": (11, 11), "双11": (11, 11), "双十二": (12, 12), "双12": (12, 12)}


#: Black Friday by its names: a day whose date moves with the year.
BLACK_FRIDAY = WordClass(
    bare=True,
    entries="""
black friday, blackfriday, viernes negro, sexta-feira negra, sexta negra, vendredi noir,
schwarzer freitag, чёрная пятница, черная пятница, черную пятницу, чёрную пятницу, 黑五,
黑色星期五, ブラックフライデー, ブラフラ, 블랙프라이데이, 블프, الجمعة البيضاء, الجمعة السوداء,
جمعة البيضاء, الجمعه البيضا, بالجمعة البيضاء, بالجمعة السوداء,
بلاك فرايداي, بالبلاك فرايداي, البلاك فرايداي, thứ sáu đen, แบล็คฟรายเดย์
""",
)


def _black_friday(year: int) -> tuple[int, int]:
    """The (month, day) of Black Friday: the day after the fourth Thursday of November."""
    first = date(year, 11, 1)
    thursday = 1 + (3 - first.weekday()) % 7
    return (11, thursday + 21 + 1)


def date_named(normalized: str) -> tuple[tuple[int, int], ...] | None:
    """The (month, day) readings of the one day a text names, or None: "11/11" -> ((11, 11),),
    "3/11" -> ((11, 3), (3, 11)) (day or month first), "11月11日", "双十一", "11 de noviembre"."""
    n = normalized.translate(_to_simplified())
    for word, day in _SHOPPING_DAYS.items():
        if word in n:
            return (day,)
    if BLACK_FRIDAY.search(normalize(n)):  # "the Black Friday one": the day after Thanksgiving
        return (_black_friday(datetime.now(UTC).year),)
    m = _DAY_MONTH.search(n)
    if m is not None:
        if m.group(3):
            return ((int(m.group(3)), int(m.group(4))),)
        a, b = int(m.group(1)), int(m.group(2))
        readings = {(b, a), (a, b)}
        valid = tuple(sorted((mo, d) for mo, d in readings if 1 <= mo <= 12 and 1 <= d <= 31))
        return valid or None
    for m in _DAY_BEFORE_NAME.finditer(n):
        months = [i + 1 for i, klass in enumerate(MONTHS) if klass.fullmatch(m.group(2))]
        if len(months) == 1 and 1 <= int(m.group(1)) <= 31:
            return ((months[0], int(m.group(1))),)
    return None


#: A change asked for ahead of the parcel leaving ("can I change the size before you ship
#: it?", "发货前能换个颜色吗"): the order is still the shop's to change.
BEFORE_SHIPPING = WordClass(
    bare=True,
    entries="""
before you ship*, before it ship*, before shipping, before you send*, before it's sent, before it
is sent, before sending, before dispatch*, before it goes out, 发货前, 发货之前, 寄出前, 出货前,
出貨前, 發貨前, antes de que lo envíen, antes de que la envíen, antes de enviar*, antes del envío,
antes de que salga, antes do envio, antes de enviar, antes de sair, avant l'envoi, avant
l'expédition, avant d'expédier, avant de l'envoyer, vor dem versand, vor versand, bevor sie
versend*, bevor es verschickt, bevor ihr versendet, до отправки, перед отправкой, 発送前, 出荷前,
発送する前, 발송 전에, 출고 전, 보내기 전, قبل الشحن, قبل ما تشحن*, قبل الإرسال, sebelum dikirim,
sebelum kirim, sebelum dikirimkan, trước khi gửi, trước khi giao, trước khi ship, ก่อนส่ง,
ก่อนจัดส่ง
""",
)
UNSHIPPED = WordClass(
    bare=True,
    entries="""
not shipped, hasn't shipped, not sent, not yet shipped, not dispatched, still processing,
还没发货, 没发货, 未发货, todavía no envían, no han enviado, aún no envían, 발송 안 된, 발송 안된,
아직 발송, 아직 배송 안,  還沒出貨, 沒出貨, 未出貨, 還沒發貨, 未発送, 発送されてない, まだ発送,
배송 안 된, 배송 전, 아직 배송, не отправ*, не отгруж*, no ha salido, no enviado, sin enviar,
todavía no sale, todavía no salió, aún no salió, não foi enviado, não enviado, ainda não saiu,
pas encore expédiée,
pas expédiée, pas encore partie, noch nicht verschickt, nicht versendet, noch nicht versandt,
chưa giao, chưa gửi, chưa ship, ยังไม่ส่ง, ยังไม่จัดส่ง, لم يُشحن, لم يشحن, ما انشحن, belum dikirim,
belum dikirimkan,
hasnt shipped, havent shipped, hasn't been shipped, hasnt been shipped, not shipped yet,
hasn't been sent, not sent yet, not out yet, still being processed, 还没寄, 未寄出, 仲未寄, 仲未出,
未出货, 还没出货, 还没发, 未发, aún no se envía, todavía no se envía, no lo han enviado,
ainda não foi enviado, ainda não enviaram, pas encore envoyé*, pas encore parti*,
noch nicht raus, noch nicht unterwegs, ещё не отправ*, еще не отправ*, まだ発送されていない,
아직 안 보낸, 아직 발송 안, 출발 안 한, 출발 안 했, 아직 출발, 출고 안, 아직 출고,
chưa được giao, chưa vận chuyển, chưa được gửi, ยังไม่ได้ส่ง,
ยังไม่ได้จัดส่ง, لسه ما انشحن, ما انشحن بعد, ما انشحن*, ما تشحن*, لم يتم شحن*,
belum dikirim, belum diproses,
belum di kirim, belum kirim,
hasn't left the warehouse, hasnt left the warehouse, not left the warehouse, hasn't left,
hasnt left, still in the warehouse, still at the warehouse, 还在仓库, 还没出库, 未出库,
todavía en el almacén, no ha salido del almacén, aún en el almacén, sigue en el almacén,
todavía está en el almacén, ainda no armazém, continua no armazém, est toujours à l'entrepôt,
ist noch im lager,
ainda não saiu do armazém, pas encore quitté l'entrepôt, encore à l'entrepôt, noch im lager,
noch nicht aus dem lager, ещё на складе, еще на складе, не покинул* склад, まだ倉庫,
倉庫から出ていない, 아직 창고, 창고에 있는, لسه في المستودع, ما طلع من المستودع,
لا يزال في المستودع, masih di gudang, belum keluar gudang, vẫn ở kho, vẫn còn ở kho,
chưa rời kho, chưa xuất kho, ยังอยู่ในคลัง, ยังไม่ออกจากคลัง
""",
)


# --------------------------------------------------------------------------- trouble
#: Words of a parcel in trouble: which of several orders a question is about.
TROUBLE = WordClass("""
stuck, not moving, hasn't moved, has not moved, no update, no updates, not updated, hasn't updated,
delayed, late, lost, missing, returned, sent back, customs, held, hasn't arrived, never arrived,
still not here, problem, issue, wrong, what happened, going on,
卡住, 不动, 没动, 没更新, 没有更新, 不更新, 延误, 延迟, 丢了, 丢件, 退回, 海关, 清关, 还没到,
没收到, 异常,
怎么了, 卡住了, 不動, 沒動, 沒更新, 延誤, 退回去, 怎麼了, 海關, 還沒到,
atascad*, no se mueve, sin actualizar, retrasad*, perdid*, devuelt*, aduana, no ha llegado,
no llega,
parad*, sem atualiza*, atrasad*, alfândega, não chegou, bloqué*, pas de mise à jour, retard*,
perdu*, renvoy*, douane, pas arrivé*, toujours pas, feststeck*, keine aktualisierung, verspät*,
verloren, zurückgeschickt, zoll, nicht angekommen, immer noch nicht, застрял*, не обновляется,
не двигается, задерж*, потерял*, вернули, таможн*, не пришл*, 止まって, 更新されない, 遅れ,
届かない,
返送, 税関, 紛失, 멈춰, 업데이트가 안, 지연, 분실, 반송, 세관, 안 와, عالق, متأخر, لم يصل, الجمارك,
ضائع, تأخر, macet, tidak bergerak, belum update, terlambat, hilang, dikembalikan, bea cukai,
belum sampai, bị kẹt, không cập nhật, trễ, thất lạc, bị hoàn, hải quan, chưa tới, chưa nhận,
ค้าง, ไม่อัปเดต, ล่าช้า, หาย, ตีกลับ, ศุลกากร, ยังไม่ได้รับ, ยังไม่มา
""")


# --------------------------------------------------------------------------- facts of a claim
#: What a customer tells about the items in passing, answering the return flow's fact questions
#: before they are asked: (flag, value) -> words.
FACTS: dict[tuple[str, bool], WordClass] = {
    ("original_packaging", True): WordClass("""
        still have the box, have the box, box is still here, box is still there, 盒子还在, 盒子在,
        盒子還在, todavía tengo la caja, tengo la caja, ainda tenho a caixa, encore la boîte,
        j'ai la boîte, karton ist noch da, karton noch da, коробка есть, коробка цела,
        коробка сохранилась, 箱はあります, 箱あります, 포장 그대로, 박스 있, العلبة موجودة,
        العلبة عندي, masih ada kotaknya, kotaknya masih ada, dusnya masih ada, dus masih ada,
        hộp vẫn còn, còn hộp, กล่องยังอยู่, original box, original packaging, in its box,
        in the box, still sealed, sealed, unopened, never opened, not opened, 原包装, 包装还在,
        没拆封, 未拆封, 还没拆封, 没拆, 未拆, 原封, 原裝, 未拆封的, 沒拆封, embalaje original,
        caja original, sin abrir, precintad*, embalagem original, caixa original, lacrad*,
        emballage d'origine, boîte d'origine, jamais ouvert*, non ouvert*, originalverpackung,
        originalkarton, ungeöffnet, nicht geöffnet, original verpackt, в оригинальной упаковке,
        в упаковке, невскрыт*, не вскрыв*, не открыва*, 未開封, 元の箱, 開けていない, 미개봉,
        뜯지 않, 원래 포장, في العلبة, العبوة الأصلية, لم يفتح, لم أفتح, masih segel, segel,
        belum dibuka, kemasan asli, chưa mở, còn nguyên hộp, nguyên seal, ยังไม่แกะ, ยังไม่เปิด,
        กล่องเดิม, ยังไม่ได้แกะ, ยังไม่ได้เปิด
    """),
    ("opened", False): WordClass("""
        unopened, never opened, not opened, still sealed, sealed, versiegelt, verschweißt, scellé*,
        sellad*, selado*, lacrado, запечатан*, 密封, 没拆封, 未拆封, 还没拆封, 没拆,
        未拆, 原封,
        沒拆封, sin abrir, precintad*, lacrad*, jamais ouvert*, non ouvert*, ungeöffnet,
        nicht geöffnet, невскрыт*, не вскрыв*, не открыва*, 未開封, 開けていない, 미개봉, 뜯지 않,
        لم يفتح, لم أفتح, masih segel, belum dibuka, chưa mở, nguyên seal, ยังไม่แกะ, ยังไม่เปิด,
        ยังไม่ได้แกะ, ยังไม่ได้เปิด
    """),
    ("opened", True): WordClass("""
        took them out, took it out, tried them, tried it on, tried it, 拆开过, 拆開, 試聽, 试用,
        試穿, 试穿, вскрыла, вскрыл, 뜯긴, 개봉했, فتحتها, جربتها, dicoba, sudah dibuka,
        udah dibuka, opened it, i opened, already opened, used it, 拆了, 拆开了, 用过, 打开了,
        已拆封, abierto, lo abrí, lo usé, aberto, usei, ouvert, je l'ai ouvert, geöffnet, benutzt,
        открыл*, вскрыл*, 開けた, 使った, 開封し, 開封済, 使いまし, 使用し, 試しまし, 개봉했, 뜯었,
        사용했, فتحت, استخدمت, sudah dibuka,
        sudah dipakai, đã mở, đã dùng, แกะแล้ว, ใช้แล้ว
    """),
    ("original_packaging", False): WordClass("""
        tossed the box, 捨てちゃ, 捨てました, threw the box away, threw away the box, thrown away,
        threw it out, no box, without the box, don't have the box, box is gone, 扔了, 丢了, 早扔了,
        没有包装, 没盒子, 没有盒子, 包装没了, 盒子扔了, 丟了, 沒有盒子, 已經丟了, la tiré,
        tiré la caja, sin caja, ya no tengo la caja, joguei fora, sem caixa, jeté, plus la boîte,
        sans la boîte, weggeworfen, keinen karton mehr, ohne karton, выбросил*, без коробки,
        коробки нет, 捨てた, 箱はない, 箱がない, 버렸, 박스 없, 상자 없, رميت, بدون علبة,
        ما عندي العلبة, dibuang, sudah dibuang, tidak ada kotak, vứt rồi, không còn hộp,
        ทิ้งไปแล้ว, ไม่มีกล่อง
    """),
    ("has_photos", True): WordClass("""
        photo, photos, picture, pictures, pic, pics, 照片, 拍了, 拍照, 图片, 圖片, foto, fotos,
        photo,
        photos,
        bild, bilder, фото, фотк*, сфотк*, снимк*, 写真, 사진, صورة, صور, اصور, تصوير, foto, ảnh,
        hình, took pictures, took photos, tomé fotos, saqué fotos, tirei fotos, pris en photo,
        fotografiert, 撮った, 撮りました, 撮影, 찍었, 찍어 놨, ถ่ายไว้, ถ่ายแล้ว, ถ่ายรูป,
รูป, 拍
    """),
}


# --------------------------------------------------------------------------- scope
def negated(n: str, start: int, end: int) -> bool:
    """Whether the word at n[start:end] falls in the scope of a negator: one of the three words
    before it ("don't cancel it", "bitte nicht stornieren"), one right before it in scripts
    without spaces ("先别取消", "อย่ายกเลิก"), or a negating verb ending right after it
    ("キャンセルしないで", "취소하지 마세요")."""
    if _THAI.match(n[start:end]) and n[:start].endswith(" "):
        hit = False  # a space ends a Thai phrase: "ใส่ไม่ได้ เล็กไป" is "can't wear, too small"
    elif _UNSPACED.search(n[start:end]):
        # a word of "all" may stand between: "不要全部取消" (don't cancel all of it); a
        # question "A-not-A" is none: "能不能取消" asks whether it can be cancelled
        before = _CJK_ALL_TAIL.sub("", n[max(0, start - 10) : start].rstrip())
        before = _A_NOT_A_TAIL.sub("", before)
        before = _FOR_ME_TAIL.sub("", before)  # "先别帮我退货": the negator's scope spans "帮我"
        hit = any(m.end() >= len(before) - 1 for m in NEGATOR_BEFORE.finditer(before))
    else:
        before = " ".join(n[:start].split()[-3:])
        hit = NEGATOR_BEFORE.search(before) is not None
    after = n[end : end + 10]
    if _HAN.match(n[end - 1]) and _HAN_NOT_AFTER.match(after.lstrip()):
        return True  # "钱不用退", "地址不用改": the thing named, then that it need not be done
    return hit or any(
        m.start() <= 3
        and (m.group(0) != "pas" or _FRENCH_NE.search(n[max(0, start - 24) : start]))
        and not (m.group(0).startswith("せん") and after[max(0, m.start() - 1) : m.start()] == "ま")
        for m in NEGATOR_AFTER.finditer(after)
    )


_THAI = re.compile(r"[\u0e00-\u0e7f]")
#: A Chinese question of the form "A-not-A" right before a verb ("能不能", "可不可以", "要不要").
_A_NOT_A_TAIL = re.compile(
    r"(?:能不能|可不可以|可以不可以|要不要|是不是|会不会|會不會|行不行|好不好)\s?$"
)
#: The Chinese "for me" between a negator and its verb ("别帮我退", "不要给我取消").
_FOR_ME_TAIL = re.compile(r"(?:帮我|幫我|给我|給我|替我|帮忙|幫忙|帮|幫)\s?$")
_HAN_NOT_AFTER = re.compile(r"(?:就|也)?(?:不用|不要|不必|不需要|無需|无需)")
_CJK_ALL_TAIL = re.compile(r"(?:全部|所有|整个|整張|整张|都|全|ぜんぶ|全部|전부|다)\s?$")
#: French negation is "ne … pas": a "pas" after the verb negates it only with its "ne" before
#: ("je ne l'annule pas"); alone it is a contrast ("un échange, pas un remboursement").
#: Kansai "せんで" is not the "ませんで" of a polite verb after the word
#: ("小さくて履けませんでした").
_FRENCH_NE = re.compile(r"(?<!\w)(?:ne|n')")


# --------------------------------------------------------------------------- questions
#: Question words and particles: a reply that asks something is a question, not an answer,
#: unless it also gives one outright. Latin/Cyrillic/Arabic ones at word boundaries anywhere;
#: the final particles of CJK, Thai and Vietnamese are in `QUESTION_END`.
QUESTION_WORDS = WordClass("""
what, when, where, why, how, which, who, whats, what's, how long, how much, how many, can i,
can you, could you, could i, do you, does it, is there, are there, is it, will it, will i, would it,
do i, did you, have you, any chance,
cuándo, cuando, cómo, como puedo, dónde, donde está, por qué, porque no, qué, cuánto, cuántos,
cuál, pueden, tienen, hay algún, hay alguna, venden, se puede,
quando, onde, por que, porque não, quanto, quantos, qual, posso, podem, vocês têm, tem como,
quand, comment, où, pourquoi, combien, quel, quelle, est-ce que, est-ce qu, puis-je, pouvez-vous,
vous avez, avez-vous, y a-t-il,
wann, wie, wo, warum, wieso, weshalb, was ist, was kostet, welche, welcher, wieviel, wie viel,
wie lange,
kann ich, können sie, koennen sie, gibt es, habt ihr, haben sie, ist es, bekomme ich,
когда, как, где, почему, зачем, что с, что за, сколько, какой, какая, какие, можно ли, ли,
есть ли, будет ли, можете,
متى, كيف, وين, اين, أين, ليش, لماذا, ماذا, شو, ايش, كم, هل, عندكم,
kapan, bagaimana, gimana, dimana, di mana, kenapa, mengapa, apa, berapa, apakah, bisa gak,
bisa nggak, bisakah, ada gak, ada ga, ada nggak,
khi nào, bao giờ, bao lâu, ở đâu, tại sao, sao, làm sao, cái gì, gì, bao nhiêu,
được không, phải không, có không
""")
QUESTION_END = re.compile(
    r"(?:吗|嗎|么|麼|没有|沒有|不|ですか|ますか|でしょうか|까|까요|나요|"
    r"ไหม|มั้ย|หรือเปล่า|หรือไม่|ไหมคะ|ไหมครับ|มั้ยคะ|มั้ยครับ|รึเปล่า|"
    r"(?<![^\W\d_])(?:không|ko|hông|chưa|ko\s+shop|ga|gak|nggak|kah))\s*[?？]*\s*$"
)
QUESTION_START = re.compile(
    r"^(?:请问|請問|问一下|問一下|想问|想問|顺便问|順便問|怎么|怎麼|什么|什麼|为什么|為什麼|多久|多少|几|幾|哪|能不能|可不可以|"
    r"有没有|有沒有|是不是|会不会|會不會|どう|いつ|どこ|なぜ|何|いくら|어떻게|언제|어디|왜|뭐|얼마|"
    r"อะไร|เมื่อไหร่|ทำไม|ยังไง|ที่ไหน|เท่าไหร่)"
)
#: Not knowing, which makes a question word beside it an indirect question ("no sé cuándo
#: llega" asks nothing) when no question mark is typed.
NOT_KNOWING = WordClass(
    bare=True,
    entries="""
don't know, dont know, do not know, no idea, no sé, no se sabe, não sei, nao sei, je ne sais pas,
je sais pas, sais pas, weiß nicht, weiss nicht, keine ahnung, не знаю, неизвестно, 不知道,
不晓得, 不曉得, 不清楚, わからない, 分からない, わかりません, 分かりません, 모르는데, 모르겠,
모르니까, 몰라서, 지도 모르, 지 모르, ไม่รู้, tidak tahu, gak tau, nggak tau, ga tau, gatau,
không biết, ko biết,
ما ادري, ما أدري, مش عارف, لا أعرف, ما اعرف
""",
)
INTERROGATIVE_INSIDE = re.compile(
    r"什么意思|什麼意思|啥意思|怎么|怎麼|什么时候|什麼時候|多久|为什么|為什麼|能不能|可不可以|有没有|有沒有|是不是|"
    r"いつ|どうして|どうやって|언제|어떻게|왜|얼마나|เมื่อไหร่|ทำไม|ยังไง|ได้ไหม|ได้มั้ย|"
    r"ได้หรือเปล่า"
)


#: A subject right after a question word makes it a conjunction: "when I opened it", "когда я".
_SUBJECT = re.compile(
    r"\s*(?:i|it|we|they|he|she|you|the|my|yo|lo|la|el|je|j'|il|elle|on|ich|es|er|sie|wir|"
    r"я|мы|он|она|они|eu|ele|ela|saya|aku|kami|tôi|em|mình|انا|أنا)\b"
)
_CLAUSES = re.compile(
    r"[,，、;；.!?。！？¿؟\n]+|\s(?:but|and|so|pero|mas|mais|aber|но|а|tapi|nhưng|แต่|لكن)\s"
)


def asks(text: str) -> bool:
    """Whether a reply asks a question: a question word at the head of a clause ("when it
    arrived it was cracked" is no question, but it is one with a question mark), a question
    particle at its end, a Chinese or Thai interrogative, or a question mark after more than
    a few words (a bare "the blue one?" is a tentative answer)."""
    raw = unicodedata.normalize("NFKC", text).strip()
    if not normalize(raw):
        return False
    marked = "?" in raw or "¿" in raw or "؟" in raw
    if not marked and NOT_KNOWING.search(normalize(raw)):
        # "언제 들어올지도 모르는데", "不知道什么时候到": when, not known, is no question asked
        raw = " ".join(c for c in _CLAUSES.split(raw) if not NOT_KNOWING.search(normalize(c)))
        if not normalize(raw):
            return False
    if INTERROGATIVE_INSIDE.search(normalize(raw)):
        return True
    for clause in _CLAUSES.split(raw):
        n = normalize(clause)
        if not n:
            continue
        if QUESTION_START.search(n):
            return True
        for m in QUESTION_WORDS.finditer(n):
            # a question word may follow a word or two ("so when..."); a verb with its
            # subject asks only at the head ("kann ich", not "Fotos kann ich schicken")
            reach = 0 if " " in m.group(0) else 2
            head = len(n[: m.start()].split()) <= reach and not _SUBJECT.match(n[m.end() :])
            if marked or head:
                return True
        pieces = n.split() if _UNSPACED.search(n) else [n]
        # a particle said alone is no question's end: "没有" and "không" alone are noes
        ends = (QUESTION_END.search(p) for p in pieces)
        if any(m is not None and m.start() > 0 for m in ends) and (
            _UNSPACED.search(n) or len(n.split()) >= 3
        ):
            return True
    n = normalize(raw)
    unspaced = _UNSPACED.search(n) is not None
    return marked and (len(n.split()) >= 4 or len(n.replace(" ", "")) >= (8 if unspaced else 12))


# --------------------------------------------------------------------------- what options are about
#: The matters a shop's options are about, each with its common words in every language: a
#: reply and an option's label that name the same matter agree even when no word is shared
#: ("I'd rather get my money back" and "Cancel and get a full refund", "lấy voucher" and
#: "Nhận voucher 20.000đ và chờ").
CONCEPTS: dict[str, WordClass] = {
    "cancel": ACTION_VERBS["cancel_order"],
    "return": ACTION_VERBS["return_request"],
    "address": WordClass("""
        address, deliver to, ship to, 地址, 收货地址, 收件, dirección, direccion, endereço,
        endereco, adresse, anschrift, lieferadresse, lieferanschrift, versandadresse,
        zustelladresse, адрес*, 住所, お届け先, 配送先, 주소, 배송지, عنوان,
        alamat, địa chỉ, dia chi, ที่อยู่, العنوان, مكان التوصيل, مكان الاستلام, delivery location,
        place of delivery, lugar de entrega, local de entrega, lieu de livraison, lieferort,
        место доставки, 配送場所, 送货地点, 收货地点, 배송 장소, lokasi pengiriman, nơi giao hàng,
        สถานที่จัดส่ง
    """),
    "refund": WordClass("""
        refund*, money back, my money, uangnya, dananya, reimburse*, 退款, 退钱, 返钱, reembolso*,
        reembols*,
        devolución del dinero, dinero, estorno, dinheiro, rembours*, argent, erstattung*,
        erstatten, geld zurück, geld, возврат денег, вернуть деньги, деньги, 返金, お金, 환불,
        돈, استرداد, استرجاع المبلغ, فلوس, فلوسي, المبلغ, refund, dana, uang, hoàn tiền, tiền,
        คืนเงิน, เงินคืน, plata, lana, guita, grana, pognon, fric, thune, kohle, бабки, 钱, 錢,
        duit, ตังค์, เงิน, rückzahlung*, rückerstattung*, денег, الفلوس
    """),
    "exchange": WordClass("""
        exchange*, swap*, replace*, replacement, a new one, new one, 换个新的, 换一个, 换个, 换新,
        换货, 換個, 換一個, 換新, 換貨, 调换, 調換, cambio, cambiar*, cámbi*, reemplaz*, reponer,
        reposición, uno nuevo, una nueva, otro igual, otra igual, troca*, trocar, substitu*,
        um novo, uma nova, outro igual, échang*, remplac*, un nouveau, une nouvelle, umtausch*,
        tausch*, ersatz*, ein neues, einen neuen, eine neue, обмен*, замен*, новый, новую, 交換,
        取り替え, 取替, 新しいの, 新品と, 교환, 바꿔, 새 걸로, 새걸로, 새 제품, استبدال, تبديل,
        بدلو*, بدله, بدلها, ابدله, ابدلها, بواحد ثاني, بواحد جديد, واحد جديد, tukar*, ganti*,
        yang baru, đổi, cái mới, hàng mới, เปลี่ยน, อันใหม่, ชิ้นใหม่
    """),
    "coupon": WordClass("""
        coupon*, voucher*, discount, promo*, code, credit, 优惠券, 券, 折扣, 红包, cupón, cupon,
        descuento, cupom, desconto, bon d'achat, bon de réduction, réduction, gutschein*,
        rabatt*, купон*, промокод*, скидк*, クーポン, 割引, 쿠폰, 할인, قسيم*, كوبون*, خصم,
        kupon, voucher, diskon, potongan, mã giảm giá, giảm giá, คูปอง, ส่วนลด, โค้ด,
        store credit, un avoir, d'avoir, crédito, credito, saldo, guthaben, баллы, бонус*, баланс*,
        ポイント, 적립금, 포인트, رصيد, 余额, 購物金, 购物金, เครดิต
    """),
    "wait": WordClass("""
        wait*, keep waiting, 等, 等待, 等着, esper*, aguard*, attend*, wart*, ждать, жду,
        подожд*, подожду, 待つ, 待ちます, 待って, 기다*, انتظ*, استن*, tunggu*, nunggu, chờ,
        đợi, รอ
    """),
    "ship": WordClass("""
        ship*, send, dispatch*, priority, express, 发货, 先发, 优先, 寄出, envío, enviar,
        envio, envía, prioridad, prioritario, prioritário, envoi, expédi*, prioritaire,
        versand, versenden, schicken, vorrangig, priorität, отправ*, доставк*, приоритет*,
        発送, 優先, 배송, 발송, 우선, شحن, ارسال, أولوي*, اولوي*, kirim*, prioritas, giao,
        gửi, ưu tiên, ship, ส่ง, จัดส่ง, ด่วน
    """),
    "human": WordClass(
        bare=True,
        entries="""
        human, person, agent, someone, staff, representative, operator, real person, 人工,
        客服, 真人, agente, persona, atendente, humano, pessoa, conseiller, humain, personne,
        mitarbeiter*, mensch, оператор*, человек*, сотрудник*, менеджер*, オペレーター, 担当者,
        人と, 상담원, 상담사, 사람, موظف*, شخص, انسان, خدمة العملاء, cs, admin, agen,
        manusia, orang, nhân viên, người thật, tư vấn, เจ้าหน้าที่, แอดมิน, พนักงาน, 专人,
        專人, 负责人, 負責人, manager, gerente, responsable, 担当の方, 담당자, مسؤول
    """,
    ),
    "status": WordClass("""
        track*, status, where is, where's, where are, wheres, 到咗边, 去咗边, 物流, 到哪, 查询,
        订单状态, 进度, rastre*, seguimiento,
        estado, dónde está, donde esta, cadê, onde está, suivi, statut, où est, verfolg*,
        sendung*, wo ist, отслед*, статус*, где, 追跡, 状況, どこ, 배송조회, 조회, 상태, 어디,
        تتبع, حالة, وين, اين, lacak, status, di mana, mana, tra cứu, theo dõi, ở đâu, đâu,
        ติดตาม, สถานะ, อยู่ไหน, ถึงไหน
    """),
    "part": WordClass(
        bare=True,
        entries="""
        some, some of, a few, only some, part, partial, one of, just one, only one, 部分, 一部分,
        其中, 只要一个, 一个就好, solo uno, solo una, só um, só uma, seulement un, seulement une,
        nur eins, только один, только одну, 1つだけ, ひとつだけ, 하나만, 한 개만, واحد بس,
        وحده بس, satu saja, satu aja, chỉ một, แค่ชิ้นเดียว, แค่อันเดียว,
        只退, 几件, algunos, algunas, solo algunos, parte, alguns, algumas, só alguns,
        quelques, certains, une partie, einige, einzelne, nur ein*, teil*, часть, несколько,
        только, пару, 一部, いくつか, 일부, 몇 개, بعض, جزء, sebagian, beberapa, một số,
        một vài, một phần, บางส่วน, บางชิ้น, บางอัน
    """,
    ),
    "original": WordClass("""
        original payment, original method, original card, same card, my card, the card, card,
        back on my card, to my card, 原路, 原路返回, 原支付, 原付款, 银行卡, 信用卡, 卡里, 卡上,
        tarjeta, mi tarjeta, medio de pago original, método de pago original,
        metodo de pago original,
        cartão, cartao, meu cartão, pagamento original, forma de pagamento original, carte,
        ma carte, moyen de paiement initial, moyen de paiement d'origine, karte, auf die karte,
        meine karte, ursprüngliche zahlungsart, ursprüngliche zahlungsmethode, карт*,
        исходный способ оплаты, тот же способ, カード, 元の支払い方法, 元の決済方法, 카드,
        원래 결제 수단, 결제 수단으로, بطاقة, البطاقة, بطاقتي, الدفع الاصلي,
        طريقة الدفع الاصلية, kartu,
        kartu kredit, metode pembayaran awal, thẻ, phương thức thanh toán ban đầu, บัตร,
        ช่องทางเดิม
    """),
    "colour": WordClass("""
        colour*, color*, 颜色, 顏色, 色, 색, 색깔, 색상, cor, cores, couleur*, farbe*, цвет*, لون,
        اللون, الوان, ألوان, warna, màu, mau sac, สี
    """),
    "whole": ALL,
    "continue": WordClass("""
        continue, go on, carry on, keep going, proceed, 继续, 繼續, 接着, continuar, sigue,
        seguir, sigamos, prosseguir, continuer, continue, poursuivre, weiter*, fortfahren,
        fortsetz*, продолж*, дальше, 続け*, 続行, 進め*, 계속, 진행, كمل, اكمل, استمر, تابع, متابعه,
        lanjut*, teruskan, tiếp tục, tiếp, ต่อ, ดำเนินการต่อ, finish this, finish it, let's finish,
        get it done, see it through, 办完, 辦完, 弄完, terminemos, terminar el trámite, finalicemos,
        vamos terminar, vamos concluir, allons jusqu'au bout, jusqu'au bout, bis zum ende,
        zu ende bringen, до конца, доведём до конца, доведем до конца, 最後まで, 끝까지,
        sampai selesai, selesaikan, làm cho xong, làm tiếp, ทำให้เสร็จ, ทำต่อ, نكمل, خلصها
    """),
    "drop": ABORT,
}


#: A matter negated that means another: "lieber nicht weiter" is to drop it, "не весь" is a part.
NEGATED_AS = {"continue": "drop", "whole": "part"}


def concepts(normalized: str, *, refused: bool = False) -> set[str]:
    """The matters a text names; a matter whose word is negated ("don't cancel") is left out,
    or taken as its opposite ("لا أريد المتابعة" is to drop it). With `refused`, the matters
    negated instead."""
    found: set[str] = set()
    for name, klass in CONCEPTS.items():
        for m in klass.finditer(normalized):
            if negated(normalized, m.start(), m.end()) != refused:
                if name in NEGATED_AS and not refused:
                    found.add(NEGATED_AS[name])
                continue
            found.add(name)
            break
    return found


#: A thing said to be fine ("the mat's fine", "人蔘那盒沒問題", "الجزمة تمام"): not the one chosen
#: when an item or an order is asked for.
FINE = WordClass(
    bare=True,
    entries="""
is fine, s fine, are fine, is ok, s ok, are ok, is okay, are okay, is good, are good, is perfect,
are perfect, works fine, work fine, nothing wrong with, no problem with, está bien, están bien,
esta bien, estan bien, está perfecto, están perfectos, tá bom, está bom, estão bons, tá ótimo,
está ótimo, tá certinho, est bien, sont bien, est nickel, sont nickel, est ok, sont ok,
ist ok, sind ok, ist gut, sind gut, ist in ordnung, sind in ordnung, ist alles gut,
в порядке, нормальн*, всё хорошо, все хорошо, aman, gapapa, ga apa-apa, gak apa-apa,
nggak apa-apa, baik-baik saja, aman kok, không sao, vẫn ổn, bình thường, ไม่เป็นไร,
ไม่มีปัญหา, ปกติดี, ยังดีอยู่, تمام, سليم, سليمة, كويس, كويسة, ما فيه شي, ما فيها شي,
没问题, 沒問題, 没事, 沒事, 没毛病, 沒毛病, 好好的, 问题不大, 問題ない, 問題なし, 大丈夫,
異常なし, 괜찮아요, 괜찮고, 괜찮은데, 괜찮아, 문제없어요, 문제없고, 문제 없어요, 멀쩡해요,
멀쩡하고, 이상 없어요,
fits well, fits fine, fits perfectly, fits great, fit well, fit fine, fit perfectly, fit great,
quedaron bien, quedó bien, quedo bien, queda bien, quedan bien, me quedan bien, ficou certinho,
ficaram certinhos, ficou bom, ficaram bons, ficou ótimo, ficaram ótimos, ficou perfeito, serviu,
serviram, me va bien, me vont bien, va très bien, vont très bien, passt gut, passt perfekt,
passen gut, passen perfekt, sitzt gut, sitzen gut, passt, passen, подошёл, подошел, подошла,
подошли, сидит хорошо, сидят хорошо, 穿着刚好, 穿着正好, 刚刚好, 合适, 合身, 正合适, ぴったり,
ちょうどいい, ちょうど良い, 딱 맞아요, 딱 맞고, 잘 맞아요, 잘 맞고, udah pas, sudah pas, pas banget,
muat, vừa vặn, mặc vừa, vừa in, พอดี, ใส่พอดี, مضبوط, مظبوط, مقاسه مضبوط, مقاسها مضبوط
""",
)


#: "Both" and "half of them", for a quantity asked (number words are in `numbers`).
BOTH = WordClass(
    bare=True,
    entries="""
both, both of them, dua2nya, dua-duanya, beides, 两个都, 兩個都, 两件都, 都两个, 両方, 二つとも,
둘 다, 두 개 다, оба, обе,
ambos, ambas, los dos, las dos, os dois, as duas, les deux, beide, كلاهما, الاثنين, الثنين,
keduanya, dua-duanya,
cả hai, ทั้งสอง, ทั้งคู่
""",
)
HALF = WordClass(
    bare=True,
    entries="""
half, half of them, 一半, 半分, 절반, 반만, половин*, la mitad, mitad, metade, la moitié, moitié,
hälfte, die hälfte, نص, نصف, نصهم, setengah, separuh, một nửa, nửa, ครึ่ง, ครึ่งหนึ่ง
""",
)


# --------------------------------------------------------------------------- facts, in parts
#: The parts a fact question's answer is made of, for answers no phrase holds: a verb of
#: opening or using (negated: not opened), the box or packaging with a verb of throwing away
#: or of still having it, photos (negated: none).
OPENING = WordClass("""
opened, open it, opened it, unpacked, unboxed, unwrapped, tried it, tried them, tried on,
tried it on, wore, worn, used, 拆, 打开, 开封, 有开, 开了, 开过, 打开过, 试穿, 试用, 用过, 穿过,
戴过, 開封,
abrí, abierto, abierta, desempaqu*, probé, me lo probé, usé, usado, usada, abri, aberto,
aberta, desembal*, experimentei, usei, ouvert, ouverte, déballé*, essayé*, porté*, utilisé*,
geöffnet, ausgepackt, aufgemacht, took it out, took them out, taken out,
sacado, saqué, lo saqué, la saqué, tirei da, tirado da, sorti, sortie, sortis, sorties,
herausgenommen, rausgenommen, genommen aus, aus der verpackung genommen, aus dem karton genommen,
достал*, вынул*, вытащил*, 拿出来, 拿出來, 取出, 出した, 出して, 꺼내, 꺼냈, أخرجت*,
dikeluarin, dikeluarkan, keluarin, lấy ra, đã lấy ra, เอาออก, หยิบออก, anprobiert, getragen,
benutzt, ausprobiert, открыл*,
открыт*, вскрыл*, распаков*, примерял*, примерила, носил*, пользовал*, 開け, 使っ, 使い, 試着,
뜯, 개봉, 열어, 사용, 입어 봤, 착용, فتحت, فتحته, فتحتها, مفتوح, جربت, لبست, استخدمت, buka,
dibuka, dipakai, pakai, dicoba, mở, bóc, khui, dùng, mặc thử, แกะ, เปิด, ลองใส่, ใช้แล้ว
""")
DISCARDING = WordClass("""
threw, thrown, throw away, tossed, binned, discarded, got rid of, 扔, 丢, 丟, tiré, tiro,
recycling, recycled, in the trash, the trash, the garbage, the bin, reciclaje, reciclé, basura,
reciclagem, reciclei, lixo, recyclage, recyclé, poubelle, altpapier, recycelt, müll, мусор*,
помойк*, переработк*, 回收, 垃圾, 废品, ゴミ, 資源ごみ, 쓰레기, 분리수거, الزبالة, زبالة, القمامة,
sampah, rongsok, thùng rác, rác, ve chai, ขยะ, รีไซเคิล,
boté, la tiré, joguei, jogamos, jeté, jetée, weggeworfen, weggeschmissen, entsorgt, выкинул*,
выбросил*, 捨て, 버렸, 버림, رميت, رميته, رميتها, dibuang, buang, kebuang, vứt, ทิ้ง
""")
PACKAGING = WordClass("""
box, packaging, package, packing, wrapping, original box, 盒, 盒子, 包装, 外包装, 箱, 箱子,
caja, cajita, empaque, caixinha, boîtier, коробочк*, embalaje, caixa, embalagem, boîte, emballage,
carton, karton, verpackung,
schachtel, коробк*, упаковк*, パッケージ, 外箱, 상자, 박스, 포장, علبه, العلبه, كرتون,
كرتونه, تغليف, kotak, kotaknya, dus, dusnya, kardus, kemasan, hộp, vỏ hộp, bao bì, กล่อง,
บรรจุภัณฑ์
""")
STILL_HAVE = WordClass("""
still have, still got, kept, i have, i've got, still here, 留着, 留著, 还在, 還在, 还有, 有的,
todavía tengo, aún tengo, tengo, guardé, guardado, guardada, ainda tenho, tenho, guardei,
j'ai gardé, je l'ai, encore, j'ai, noch da, aufgehoben, habe noch, hab noch, ist noch da,
hab ich noch, habe ich noch, hab ich, habe ich,
есть, сохранил*, осталась, остался, ある, あります, 取ってあります, 있어요, 있습니다, 있어,
있는데, 있긴, 있고,
موجود, موجوده, عندي, محتفظ, masih ada, masih, ada, vẫn còn, còn, vẫn giữ, ยังอยู่, ยังมี,
เก็บไว้
""")


#: Photos taken already ("I took some", "ya las tomé", "撮りました"): the photo question's yes.
PHOTOS_TAKEN = WordClass("""
i took, took some, took a few, took them, i've taken, already taken, tomé, saqué, ya tomé,
ya saqué, tirei, já tirei, j'ai pris, j'en ai pris, déjà pris, hab welche gemacht,
habe welche gemacht, hab fotos gemacht, schon gemacht, сфотографировал*, сфоткал*, сделал* фото,
撮った, 撮りました, 撮ってあります, 拍了, 拍好了, 已经拍, 已經拍, 찍었, 찍어 놨, 찍어놨, صورت,
صورتها, صورته, sudah foto, udah foto, udah difoto, sudah difoto, đã chụp, chụp rồi, ถ่ายแล้ว,
ถ่ายไว้
""")
#: A time to come ("later", "tonight", "when I get home", "晚点", "nanti"): photos to be taken
#: then are none now.
LATER = WordClass("""
later, tonight, tomorrow, when i get home, when i'm home, when im home, when i get back,
in a bit, más tarde, mas tarde, luego, mañana, esta noche, al rato, en la noche, depois,
mais tarde, amanhã, amanha, hoje à noite, à noite, de noite, plus tard, ce soir, demain,
tout à l'heure, en rentrant, später, heute abend, morgen, nachher, wenn ich zu hause bin,
позже, потом, вечером, завтра, когда приду, 後で, あとで, 今夜, 明日, 帰ったら, 나중에, 이따,
이따가, 저녁에, 내일, 집에 가서, بعدين, الليله, بكره, لما ارجع, nanti, besok, nanti malam, ntar,
lát nữa, tối nay, ngày mai, để tối, về nhà, เดี๋ยว, คืนนี้, พรุ่งนี้, ทีหลัง, 晚点, 晚點, 等下,
ща, щас, сейчас сфот*, if needed, if you need, if you need them, if necessary, si hace falta,
si es necesario, si necesitas, se precisar, se for preciso, si besoin, si nécessaire,
falls nötig, wenn nötig, wenn ihr braucht, если надо, если нужно, 需要的话, 要的话, 必要なら,
필요하면, لو تحتاج, اذا تحتاج, kalau perlu, klo perlu, nếu cần, ถ้าต้องการ, ถ้าจำเป็น,
待会, 待會, 明天, 回家, 晚上, 一会儿, 一會兒
""")
#: Verbs of sending ("I'll send them later"): what is sent later is had now.
SENDING = WordClass("""
send, sending, mando, mandar, envío, envio, enviar, envio, mandarei, enviarei, envoie,
envoyer, envoyer, schicke, schicken, schick, отправлю, пришлю, скину, 发给, 發給, 发你, 发过去,
送ります, 送る, 보낼게, 보내 드릴, 보내드릴, ابعت, ارسل, ابعتلك, kirim, kirimin, gửi, ส่ง
""")


_CLAUSE_BREAK = re.compile(
    r"[,，、;；.!?。！？…\n]+|\s(?:but|pero|mas|mais|aber|но|а|tapi|cuma|hanya|nhưng|chỉ|แต่|แค่|"
    r"لكن|بس)\s|但是|可是|不过|けど|지만"
)


def clauses(text: str) -> list[str]:
    """A reply's clauses, normalised: where the scope of a negation ends ("not broken, just
    small")."""
    return [c for c in (normalize(p) for p in _CLAUSE_BREAK.split(text)) if c]


# --------------------------------------------------------------------------- every order
#: "All my orders", "which of my orders", "todos mis pedidos", "所有订单", "semua pesanan":
#: the customer asks about every order of theirs at once, not about one of them.
EVERY_ORDER = WordClass(
    bare=True,
    entries="""
all my orders, all of my orders, all the orders, all orders, every order, each of my orders,
which of my orders, which orders,
todos mis pedidos, todos los pedidos, cada pedido, cuáles de mis pedidos, qué pedidos,
todos os meus pedidos, todos os pedidos, quais dos meus pedidos, quais pedidos,
toutes mes commandes, toutes les commandes, chaque commande, quelles commandes,
lesquelles de mes commandes,
alle meine bestellungen, alle bestellungen, alle meine pakete, jede bestellung,
welche meiner bestellungen, welche bestellungen,
все мои заказы, всех моих заказ*, все заказы, всем заказам, каждый заказ,
какие из моих заказов, какие заказы,
所有订单, 所有的订单, 全部订单, 全部的订单, 我的订单都, 每个订单, 每一单, 哪些订单, 哪几单,
所有訂單, 全部訂單, 哪些訂單,
全部の注文, すべての注文, 全ての注文, 注文を全部, 注文を全て, 注文をすべて, どの注文, 注文全部,
모든 주문, 주문 전부, 전체 주문, 주문 다, 어떤 주문,
جميع طلباتي, كل طلباتي, كل الطلبات, جميع الطلبات, أي طلبات, اي طلبات,
semua pesanan, semua orderan, semua order, pesanan mana aja, pesanan mana saja,
pesanan yang mana aja, semua paket,
tất cả đơn, tất cả các đơn, các đơn hàng của, những đơn nào, đơn nào chưa, mọi đơn,
ทุกออเดอร์, ออเดอร์ทั้งหมด, คำสั่งซื้อทั้งหมด, ทุกคำสั่งซื้อ, ออเดอร์ไหนบ้าง
""",
)
