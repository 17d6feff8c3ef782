"""A reply to a confirmation that makes the action wait on a condition: "only if the label
is free", "如果不用加运费就改", "送料変わらないならそれで", "반품비 안 들면 할게요". It is
neither a yes nor a no: acting on it would decide what the customer left open, so the question
stays open and the condition is answered (as a question of its own) or the question is put
again.

A polite "if possible", "если можно", "لو سمحت" is no condition, nor a "whether" ("let me see
if it fits", "me fala se o estorno cai no cartão")."""

from __future__ import annotations

import re

from core.understanding import lexicon as lx

#: Words that open a condition. The bare "si" / "se" of Spanish, French and Portuguese are left
#: out (a yes, a pronoun, a "whether" as often as an "if"); their "only if" forms are in.
CONDITION = lx.WordClass("""
if, only if, as long as, so long as, provided that, providing that, unless, on condition that,
solo si, sólo si, siempre y cuando, siempre que, con tal de que, con tal que, a menos que,
a condición de que, mientras no,
só se, somente se, apenas se, desde que, contanto que, a não ser que, a menos que,
seulement si, uniquement si, à condition que, à condition qu', pourvu que, sauf si, tant que,
nur wenn, wenn, falls, sofern, solange, vorausgesetzt, außer wenn,
если, только если, лишь бы, при условии,
kalau, kalo, klo, klau, asal, asalkan, jika, jikalau, apabila,
nếu, miễn là, với điều kiện,
اذا, لو, بشرط, طالما,
如果, 要是, 只要, 假如, 假设, 前提是, 的话, ถ้า, หาก
""")
#: Conditions that are only politeness or leave the choice to the shop: "if possible", "if you
#: can", "wenn möglich", "если можно", "kalau bisa", "لو سمحت", "可以的话", "ถ้าได้".
POLITE = lx.WordClass("""
if possible, if you can, if you could, if you don't mind, if you dont mind, if that's ok,
if thats ok, if it's ok, if its ok, if that's okay, if it's okay, if so, if you want, if needed,
if necessary, if you please, if it's possible, if that works,
si es posible, si se puede, si puedes, si pueden, se possível, se possivel, se puder, se der,
si possible, si vous pouvez, si c'est possible,
wenn möglich, wenn es geht, wenn's geht, wenns geht, falls möglich, wenn das geht,
если можно, если возможно, если не сложно, если не трудно, если получится, если так,
kalau bisa, kalo bisa, klo bisa, jika bisa, jika memungkinkan, kalau memungkinkan,
kalau boleh, kalo boleh, kalau begitu, kalo gitu, klo gitu, kalau gitu,
nếu được, nếu có thể, nếu vậy,
اذا ممكن, لو ممكن, لو سمحت, لو سمحتي, لو سمحتوا, لو سمحتو, اذا سمحت, اذا سمحتي, لو تكرمت,
اذا تكرمت, اذا امكن, لو امكن,
如果可以, 可以的话, 如果方便, 方便的话, 要是可以, 可能的话, 如果可能, 这样的话, 那样的话, 的话就好,
ถ้าได้, ถ้าเป็นไปได้, ถ้าสะดวก, หากเป็นไปได้, หากสะดวก
""")
#: A condition on the action's failing, or a concession: "if it doesn't work out, that's
#: fine", "even if it's late", "gpp kalo ga pasti", "如果不行也没关系", "auch wenn". It says
#: what the customer accepts should the action fail, never what the action waits on: a yes.
_ID_NOT = ("ga", "gak", "nggak", "ngga", "enggak", "tidak", "tak", "g")
_ID_IF = ("kalau", "kalo", "klo", "klau", "jika")
_ID_WORKS = ("pasti", "bisa", "berhasil", "jadi", "dapat", "sempat", "keburu")
FALLBACK = lx.WordClass(
    """
even if, even though, if it doesn't work*, if it does not work*, if it doesn't go through,
if it fails, if that fails, if it's not possible, if it is not possible, if not possible,
if it can't be done, if it cannot be done, if you can't, if you cannot, if it's too late,
if it is too late, if it's not guaranteed, if not guaranteed, if it doesn't happen,
aunque, incluso si, si no se puede, si no es posible, si no funciona, si no sale,
si no llega a tiempo,
mesmo que, mesmo se, ainda que, se não der, se não for possível, se não conseguirem,
se não funcionar,
même si, si ça ne marche pas, si ce n'est pas possible, si c'est trop tard, si vous ne pouvez pas,
auch wenn, selbst wenn, wenn es nicht klappt, wenn's nicht klappt, falls es nicht klappt,
wenn es nicht geht, falls es nicht geht, wenn es nicht möglich ist, wenn es zu spät ist,
даже если, если не получится, если не выйдет, если не удастся, если нельзя, если не успеете,
walaupun, meskipun, biarpun, sekalipun, walau,
"""
    + ", ".join(f"{i} {n} {w}" for i in _ID_IF for n in _ID_NOT for w in _ID_WORKS)
    + """,
dù, kể cả khi, kể cả, nếu không được, nếu không kịp, nếu không thành công,
即使, 就算, 哪怕, 如果不行, 要是不行, 如果来不及, 要是来不及, 如果没成功,
如果不成功, 不行的话, 来不及的话,
حتى لو, حتى اذا, لو ما قدرتوا, اذا ما قدرتوا, لو ما صار, اذا ما صار, لو ما ينفع, اذا ما ينفع,
แม้ว่า, ถึงแม้, ถ้าไม่ได้, ถ้าไม่ทัน, หากไม่ได้
""",
    bare=True,
)
#: Verbs a "whether" hangs on: "see if", "know if", "tell me if", "مدري اذا".
WHETHER = lx.WordClass("""
see, know, check, ask, wonder, wondering, sure, tell me, let me know, find out, idk, dunno,
confirm, whether, fala, diz, pergunt*, saber, sei, знаю, узнать, уточн*, dime, dígame, díganme,
me dices, avísame, avisa, pregunto, sabes, sabe, no sé, dis-moi, dites-moi, demande, savoir,
sais, vérifie*,
مدري, ادري, اعرف, عارف, شوف, اشوف, بشوف, تاكد, اسال
""")
#: Japanese "…なら" after a verb or an adjective; not "それなら" (then), "可能なら" (if possible),
#: "無理なら"/"ダメなら" (if it can't be done: a fallback), nor the "ならない" of "must".
_JA_IF = re.compile(
    r"(?<!それ)(?<!これ)(?<!じゃ)(?<!では)(?<!可能)(?<!できる)(?<!無理)(?<!无理)(?<!だめ)(?<!ダメ)なら(?:ば)?(?![なずんぬ])"
)
#: A Korean verb ending in the conditional "-면" ("들면", "없으면"); not the words ending so that
#: are no condition ("화면", "라면", "그러면") nor the polite "해 주시면".
_KO_IF = re.compile(r"[가-힣]*[가-힣]면(?!\S)")
_KO_NOT_IF = frozenset(
    "그러면 그렇다면 그럼면 가능하면 가능하다면 괜찮으면 괜찮으시면 화면 라면 측면 반면 정면 전면 "
    "이면 표면 방면 내면 외면 수면 한편 당면 국수면 냉면".split()
)
_KO_POLITE = ("주시면", "주면", "되시면")
#: The bare "si" of Spanish and French, and the "se" of Portuguese, as an "if": followed, with
#: no comma between, by the subject, a pronoun or the verb of a clause ("si me mandan la guía",
#: "si le retour est payant", "se vocês pagarem"). "Sí, me…", "si, je veux bien", "si si", "si
#: me parece", "si es ese" are yeses; the Spanish reflexive "se" ("se me rompió") is no "if".
_BARE_IF = re.compile(
    r"(?<![\w'])(?:si\s+(?!me\s+(?:parece|gusta|interesa)|l[oa]s?\s+(?:quiero|necesito))"
    r"(?:me|te|le|les|lo|la|los|las|nos|el|ellos|ellas|ustedes|usted|yo|tú|mi|mis|su|sus|hay|no|il|elle|ils|elles|on|vous|je|j'|c'est|ça|ce|"
    r"mon|ma|mes|votre|vos|ne|n')|se\s+(?:vocês|você|voces|voce|o|a|os|as|for|forem|tiver|"
    r"tiverem|puder|puderem|não|nao|eu|ele|ela|eles|elas))(?![\w])",
    re.I,
)


#: Vietnamese "nếu … thì" typed without its marks ("neu kip thi doi"): the bare "neu" alone
#: is the German "neu" (new), with "thi" after it an "if … then".
_VI_IF_THEN = re.compile(r"(?<!\w)neu\s(?:\S+\s){1,14}thi(?!\w)")


def conditional(text: str) -> bool:
    """Whether a reply makes its yes or no wait on a condition of its own."""
    n = lx.normalize(text)
    if not n:
        return False
    polite = [(m.start(), m.end()) for m in POLITE.finditer(n)]
    polite += [(m.start(), m.end()) for m in FALLBACK.finditer(n)]
    for m in CONDITION.finditer(n):
        if any(s <= m.start() < e for s, e in polite):
            continue
        if m.group(0) in ("if", "اذا", "لو", "kalau", "kalo", "klo", "wenn", "если"):
            before = n[: m.start()].split()[-2:]
            if before and WHETHER.search(" ".join(before)):
                continue  # "let me see if it fits", "не знаю, если"
        if m.group(0) == "的话" and m.start() < 2:
            continue
        return True
    if _JA_IF.search(n) or _VI_IF_THEN.search(n):
        return True
    for m in _BARE_IF.finditer(text.casefold()):
        if POLITE.pattern.match(lx.normalize(text.casefold()[m.start() :])):
            continue  # "si es posible", "se possível"
        before = lx.normalize(text[: m.start()]).split()[-2:]
        if before and WHETHER.search(" ".join(before)):
            continue  # "dime si me regresan el envío", "me fala se o estorno cai"
        return True
    for m in _KO_IF.finditer(n):
        word = m.group(0)
        if word in _KO_NOT_IF or word.endswith(_KO_POLITE) or len(word) < 2:
            continue
        if word == "안되면" or (word == "되면" and n[: m.start()].rstrip().endswith("안")):
            continue  # "안 되면": if it can't be done, a fallback
        return True
    return False
