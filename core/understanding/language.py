"""Language of one chat message, right on very short text ("好的", "refund?", "нет", "はい").

The shipped combination (measured against langdetect and lingua in `bench/nlu.py`):
1. Unicode script decides most languages outright: Hangul -> ko, kana -> ja, Thai -> th,
   Arabic -> ar, Cyrillic -> ru, Vietnamese-only letters -> vi.
2. Han-only text: Japanese-only kanji forms -> ja; otherwise Chinese, Simplified vs Traditional
   by counting characters that exist in only one of the two sets; ties go to the conversation's
   previous language, then the locale hint, then Simplified.
3. Other Latin-script text: the language head of our trained character n-gram model (en es pt
   fr de id vi), combined in log space with the previous language and the locale hint, which
   weigh more the shorter the message. Text with no language in it ("ok", "123", "👍") keeps
   the previous language, else the hint, else the default.
Identifiers carry no language: e-mail addresses, URLs and any code or number with a digit in
it (order and tracking numbers, phones) are removed before any of this, so a bare
"jean.dupont@example.fr" or "SO-10587" keeps the conversation's language (low confidence).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.understanding.model import NluModel
from core.understanding.types import LANGUAGES

if TYPE_CHECKING:
    import numpy as np

_SIMPLIFIED_ONLY = frozenset(
    "们这个来时说对会没过还发货订单买卖东为么样问题请谢给号码电话务员处换钱运费邮递经现实际将让"
    "认识应该开关门间帮边网页账备质双条颜写错误证据图张选择调办续联络线车辆马鸟鱼长场报纸书难觉"
    "点击优价减满赠积红币银级详细态额试补偿赔损坏块钟岁头脑饭汉语国区县广苏宁辽龙湾陆气总统产装"
    "签达预计几乐欢爱亲听见楼层园库仓显状询转专业动绑机验诉讼劲烂骗后欧儿种类颗两万亿与丝严丽举"
    "义乌乔习乡乱争亏亚亩仅从仑仪众伙伞伟传伤伦伪体佣侠侣侦侧侨俩俭债倾储党兰兴兹养兽冈册军农冯"
    "决况冻净凉凑凤凭凯划刘则刚创删别刮剂剧劝励劳势勋医华协卢卫却厂厅历压厌参变叙叶叹吓吗启吴呜"
    "响哑啰团围圆圣坚坛垄垒垦执扩扫扬扰抚抢护担拟拥拦拨挂挡挣挤挥掷摄摆摇撑敌数斋断无旧旷昼晒晓"
    "暂术杀杂权极构枪柜标栏树档桥检横歼残毕毙汇汤沟沪泪泽洁济浅测浏浓涂涛润涨渐温湿滚滞滤灭灯灵"
    "灾炉炼烦热爷牵犹狱独猎猪环琐画畅疗疯痒盏盖盘矿砖础确礼祸离称稳穷窍窝笔笼筑简粮紧纠纤约纪纯"
    "纳纵纷练组织终结绕绘绝继绩维综缓编缩罗罚职聪肃胁脉脏脚舰艺节苹荐药获莱营萝虑虫虽虾衬袜观规"
    "视览触讨训议讯记讲许论设访评诊词译诚读课谁谈谱贝负贡财责贤败贩贪贫购贯贴贵贷贺资赏赖赚赛赞"
    "赶趋跃践踪轨轮软轻载较辅辈辑输迁迈进远违连迟适逻遗邻郑酱释针钓钢钥铁铃铺链销锁锅键镇镜闪闭"
    "闯闲闹阅队阳阴阵阶陈险随隐雾静顶项顺须顾顿领频风飞饥饮饰饱饿馆骑鸡麦黄齐齿复尽"
)
_TRADITIONAL_ONLY = frozenset(
    "們這個來時說對會沒過還發貨訂單買賣東為麼樣問題請謝給號碼電話務員處換錢運費郵遞經現實際將讓"
    "認識應該開關門間幫邊網頁賬備質雙條顏寫錯誤證據圖張選擇調辦續聯絡線車輛馬鳥魚長場報紙書難覺"
    "點擊優價減滿贈積紅幣銀級詳細態額試補償賠損壞塊鐘歲頭腦飯漢語國區縣廣蘇寧遼龍灣陸氣總統產裝"
    "簽達預計幾樂歡愛親聽見樓層園庫倉顯狀詢轉專業動綁機驗訴訟勁爛騙後歐兒種類顆兩萬億與絲嚴麗舉"
    "義烏喬習鄉亂爭虧亞畝僅從崙儀眾夥傘偉傳傷倫偽體傭俠侶偵側僑倆儉債傾儲黨蘭興茲養獸岡冊軍農馮"
    "決況凍淨涼湊鳳憑凱劃劉則剛創刪別颳劑劇勸勵勞勢勳醫華協盧衛卻廠廳歷壓厭參變敘葉嘆嚇嗎啟吳嗚"
    "響啞囉團圍圓聖堅壇壟壘墾執擴掃揚擾撫搶護擔擬擁攔撥掛擋掙擠揮擲攝擺搖撐敵數齋斷無舊曠晝曬曉"
    "暫術殺雜權極構槍櫃標欄樹檔橋檢橫殲殘畢斃匯湯溝滬淚澤潔濟淺測瀏濃塗濤潤漲漸溫濕滾滯濾滅燈靈"
    "災爐煉煩熱爺牽猶獄獨獵豬環瑣畫暢療瘋癢盞蓋盤礦磚礎確禮禍離稱穩窮竅窩筆籠築簡糧緊糾纖約紀純"
    "納縱紛練組織終結繞繪絕繼績維綜緩編縮羅罰職聰肅脅脈髒腳艦藝節蘋薦藥獲萊營蘿慮蟲雖蝦襯襪觀規"
    "視覽觸討訓議訊記講許論設訪評診詞譯誠讀課誰談譜貝負貢財責賢敗販貪貧購貫貼貴貸賀資賞賴賺賽贊"
    "趕趨躍踐蹤軌輪軟輕載較輔輩輯輸遷邁進遠違連遲適邏遺鄰鄭醬釋針釣鋼鑰鐵鈴鋪鏈銷鎖鍋鍵鎮鏡閃閉"
    "闖閒鬧閱隊陽陰陣階陳險隨隱霧靜頂項順須顧頓領頻風飛饑飲飾飽餓館騎雞麥黃齊齒復複盡"
)
# Japanese shinjitai kanji that are neither Simplified nor Traditional Chinese forms.
_JAPANESE_ONLY = frozenset(
    "発払届変済売続対気実伝帰駅戻込様価険図広読説営応圧従検験楽薬拡県聴悪鉄銭転軽関歳"
)

_VIETNAMESE_ONLY = frozenset(
    "ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
    "ĂĐƠƯẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ"
)

# Runs of the characters identifiers are made of; a run with a digit, "@" or "://" in it is an
# identifier. Bounded runs: the scan is linear however long the text.
_CODE_RUN = re.compile(r"[A-Za-z0-9#/_.:()+@%?=&~-]{1,256}")
_NEUTRAL_WORDS = frozenset({"ok", "okay", "okk", "k", "kk", "oke", "thx", "lol", "hmm", "pls"})
_LATIN_LETTER = re.compile(r"[a-zA-ZÀ-ɏḀ-ỿ]")
_WORDS = re.compile(r"[^\W\d_]+")

_LOCALE_ALIASES = {
    "zh": "zh_Hans",
    "zh_hans": "zh_Hans",
    "zh_cn": "zh_Hans",
    "zh_sg": "zh_Hans",
    "zh_my": "zh_Hans",
    "zh_hant": "zh_Hant",
    "zh_tw": "zh_Hant",
    "zh_hk": "zh_Hant",
    "zh_mo": "zh_Hant",
    "in": "id",  # the old ISO 639 code some platforms still send
}


def normalize_locale(hint: str | None) -> str | None:
    """Map a platform locale ("en-US", "zh-hans", "zh_CN", "pt-BR") to a supported code or None."""
    if not hint:
        return None
    h = hint.strip().replace("-", "_").lower()
    if not h:
        return None
    parts = h.split("_")
    if parts[0] == "zh":
        if "hant" in parts or any(p in ("tw", "hk", "mo") for p in parts[1:]):
            return "zh_Hant"
        return "zh_Hans"
    if h in _LOCALE_ALIASES:
        return _LOCALE_ALIASES[h]
    base = _LOCALE_ALIASES.get(parts[0], parts[0])
    return base if base in LANGUAGES else None


def without_identifiers(text: str) -> str:
    """The text without e-mails, URLs, codes and numbers: what is left says the language."""

    def keep(m: re.Match[str]) -> str:
        run = m.group(0)
        if "@" in run or "://" in run or run.lower().startswith("www.") or _has_digit(run):
            return " "
        return run

    return _CODE_RUN.sub(keep, text)


def _has_digit(run: str) -> bool:
    return any("0" <= c <= "9" for c in run)


@dataclass(frozen=True)
class LanguageGuess:
    language: str
    confidence: float
    method: str  # "script", "han", "model", "context"


class LanguageDetector:
    """Script rules + the model's Latin language head + context (previous language, hint)."""

    #: log-prior bonus for the previous language / the hint; scaled by 1/(number of words)
    PREVIOUS_WEIGHT = 3.0
    HINT_WEIGHT = 2.5

    def __init__(self, model: NluModel, default: str = "en") -> None:
        self.model = model
        self.latin = model.language_labels
        self.default = default if default in LANGUAGES else "en"

    def detect(
        self,
        text: str,
        locale_hint: str | None = None,
        previous_language: str | None = None,
        latin_probs: np.ndarray | None = None,
    ) -> LanguageGuess:
        hint = normalize_locale(locale_hint)
        prev = previous_language if previous_language in LANGUAGES else None
        cleaned = without_identifiers(text)
        if cleaned != text:
            text, latin_probs = cleaned, None
        hangul = kana = han = thai = arabic = cyrillic = latin = viet = 0
        simp = trad = jp_only = 0
        for ch in text:
            o = ord(ch)
            if o < 0x80:
                if ("a" <= ch <= "z") or ("A" <= ch <= "Z"):
                    latin += 1
                continue
            if 0xAC00 <= o <= 0xD7A3 or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
                hangul += 1
            elif 0x3040 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF or 0xFF66 <= o <= 0xFF9D:
                if o not in (0x30FB, 0x30FC):  # ・ ー are used in Chinese text too
                    kana += 1
            elif 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF:
                han += 1
                if ch in _SIMPLIFIED_ONLY:
                    simp += 1
                elif ch in _TRADITIONAL_ONLY:
                    trad += 1
                elif ch in _JAPANESE_ONLY:
                    jp_only += 1
            elif 0x0E00 <= o <= 0x0E7F:
                thai += 1
            elif 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0xFB50 <= o <= 0xFEFF:
                arabic += 1
            elif 0x0400 <= o <= 0x04FF:
                cyrillic += 1
            elif ch in _VIETNAMESE_ONLY:
                viet += 1
                latin += 1
            elif _LATIN_LETTER.match(ch):
                latin += 1

        if hangul:
            return LanguageGuess("ko", 0.99, "script")
        if kana:
            return LanguageGuess("ja", 0.99, "script")
        counts = {"han": han, "th": thai, "ar": arabic, "ru": cyrillic}
        best = max(counts, key=counts.__getitem__)
        if counts[best] and counts[best] * 2 >= latin:
            if best != "han":
                return LanguageGuess(best, 0.99, "script")
            return self._han(simp, trad, jp_only, prev, hint)
        if viet:
            return LanguageGuess("vi", 0.98, "script")
        if not latin:
            return self._context(prev, hint)
        words = [w.lower() for w in _WORDS.findall(text)]
        if not words or all(w in _NEUTRAL_WORDS for w in words):
            return self._context(prev, hint)
        probs = self.model.score(text).language if latin_probs is None else latin_probs
        scale = 1.0 / len(words)
        # One or two words say little about the language: temper the model, trust the context.
        temper = min(1.0, len(words) / 3.0)
        best_lang, best_score, total = self.default, -math.inf, 0.0
        scores = []
        for lang, p in zip(self.latin, probs, strict=True):
            s = temper * math.log(max(float(p), 1e-9))
            if lang == prev:
                s += self.PREVIOUS_WEIGHT * scale
            if lang == hint:
                s += self.HINT_WEIGHT * scale
            scores.append(s)
            if s > best_score:
                best_lang, best_score = lang, s
        total = sum(math.exp(s - best_score) for s in scores)
        return LanguageGuess(best_lang, 1.0 / total, "model")

    def _han(
        self, simp: int, trad: int, jp_only: int, prev: str | None, hint: str | None
    ) -> LanguageGuess:
        if jp_only and jp_only >= max(simp, trad):
            return LanguageGuess("ja", 0.9, "han")
        if simp > trad:
            return LanguageGuess("zh_Hans", 0.97, "han")
        if trad > simp:
            return LanguageGuess("zh_Hant", 0.97, "han")
        for ctx in (prev, hint):
            if ctx in ("zh_Hans", "zh_Hant", "ja"):
                return LanguageGuess(ctx, 0.8, "han")
        return LanguageGuess("zh_Hans", 0.7, "han")

    def _context(self, prev: str | None, hint: str | None) -> LanguageGuess:
        return LanguageGuess(prev or hint or self.default, 0.5, "context")
