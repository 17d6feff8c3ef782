"""Who pays for sending a return back: a question asked in the middle of a return ("who pays
the return shipping?", "Обратную пересылку я оплачиваю или вы?", "الشحن عليكم صح؟"), or the
condition of a yes ("sending it back costs me nothing, right? if so, go ahead"). The shop's
policy answers it for the return at hand: the shop pays for defective, damaged or wrong items,
the customer otherwise (`core.policies.shipping_payer`)."""

from __future__ import annotations

from core.understanding import lexicon as lx
from core.understanding.conditions import conditional

#: The cost of sending a return back, named in one word or phrase: "return shipping",
#: "Rückporto", "frais de retour", "退货运费", "返送料", "반품비", "ongkir retur".
RETURN_POSTAGE = lx.WordClass("""
return shipping, return postage, return label, return fee, return fees, return shipping fee,
gastos de devolución, gastos de devolucion, costo de devolución, coste de devolución,
envío de devolución, etiqueta de devolución, frete de devolução, frete da devolução,
frete de volta, custo da devolução, etiqueta de devolução, frais de retour, frais de renvoi,
port du retour, étiquette de retour, rückporto, rücksendekosten, rückversand, rückversandkosten,
retourenschein, retourenlabel, rücksendeetikett, обратная пересылка, обратную пересылку,
обратной пересылки, обратная доставка, обратную доставку, обратной доставки, обратная отправка,
обратную отправку, 退货运费, 退貨運費, 寄回运费, 寄回運費, 退回运费, 退回運費, 来回运费, 來回運費,
运费险, 運費險, 返送料, 返品送料, 返送の送料, 返品の送料, 반품비, 반품 배송비, 반송비, 왕복 배송비,
شحن الارجاع, شحن الإرجاع, رسوم الارجاع, تكلفة الارجاع, شحن الرجوع, ongkir retur, ongkos retur,
biaya retur, ongkir balik, ongkos kirim balik, biaya kirim balik, phí trả hàng, phí gửi trả,
phí ship trả hàng, phí ship hoàn, phí vận chuyển trả hàng, ค่าส่งคืน, ค่าส่งกลับ, ค่าขนส่งคืน
""")
#: Shipping, postage, or the sending back itself.
POSTAGE = lx.WordClass("""
shipping, postage, delivery fee, courier, label, sending it back, send it back, ship it back,
sending back, sending them back, send them back, mailing it back, posting it back,
envío, envio, porte, portes, mensajería, mandarlo de vuelta, enviarlo de vuelta, de vuelta,
frete, envio, postagem, correio, mandar de volta, enviar de volta,
frais de port, envoi, renvoi, renvoyer, expédition, colissimo,
versand, porto, versandkosten, zurückschicken, zurücksenden, rücksendung,
доставк*, пересылк*, отправк*, почт*, курьер*,
运费, 運費, 邮费, 郵費, 快递费, 快遞費, 寄回,
送料, 配送料, 着払い, 返送,
배송비, 택배비, 왕복,
الشحن*, شحن*, التوصيل, الشحنه, الشحنة, رجوع الشحن*,
ongkir, ongkos kirim, biaya kirim, pengiriman,
phí ship, phí vận chuyển, phí gửi, tiền ship,
ค่าส่ง, ค่าขนส่ง, ค่าจัดส่ง
""")
#: Who pays, or what it costs: "who pays", "free", "on you", "corre por su cuenta", "за чей
#: счёт", "你们出", "無料", "누가 내", "عليكم", "ditanggung", "miễn phí", "ใครจ่าย".
PAYER = lx.WordClass("""
who pays, pay, pays, paid, paying, free, cost, costs, charge, charged, on you, on me, covered,
cover, covers, your cost, my cost, costs me nothing, on the house,
quién paga, quien paga, pago, paga, pagan, pagar, gratis, gratuito, cuesta, costo, coste,
por su cuenta, por tu cuenta, por mi cuenta, cargo,
quem paga, pagam, grátis, de graça, custa, custo, por conta,
qui paie, payer, payé, paye, payez, gratuit, gratuite, coûte, à votre charge, à ma charge,
frais, offert,
zahlen, zahlt, zahle, bezahlt, bezahlen, kostenlos, gratis, kostet, kosten, übernehmen,
übernimmt, trägt, tragen,
оплачива*, оплат*, плати*, плачу, бесплатн*, стоит, стоимост*, за ваш счёт, за ваш счет,
за чей счёт, за чей счет, за мой счёт, за мой счет,
谁出, 誰出, 谁付, 誰付, 谁承担, 誰承擔, 承担, 承擔, 包邮, 包郵, 免费, 免費, 要钱, 要錢, 收费, 收費,
你们出, 你們出, 我出, 自己出, 谁给, 誰給,
負担, 払, 無料, 持ち, 有料, かかり,
부담, 내야, 내나요, 무료, 누가, 드나요, 들어요, 비용,
عليكم, علي, عليّ, يدفع, ادفع, تدفعون, ندفع, مجاني, مجانا, على حسابكم, تتحملون, يتحمل, مين,
bayar, gratis, ditanggung, tanggung, siapa,
ai trả, trả phí, miễn phí, chịu, shop chịu,
ใครจ่าย, จ่าย, ฟรี, ออกให้, รับผิดชอบ
""")


def return_shipping_asked(text: str) -> bool:
    """Whether a reply asks (or makes its yes wait on) who pays for sending the items back."""
    if not (lx.asks(text) or conditional(text)):
        return False
    n = lx.normalize(text)
    if RETURN_POSTAGE.search(n) is not None:
        return True
    return POSTAGE.search(n) is not None and PAYER.search(n) is not None
