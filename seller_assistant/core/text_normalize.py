"""Fold buyer text to one form before matching: half-width, lower case, Simplified Chinese."""

from __future__ import annotations

import unicodedata
from functools import cache

# Traditional -> Simplified for the characters buyers' messages and our lexicons use. A full
# conversion table (OpenCC) is megabytes; matching needs only the characters a lexicon names,
# and a character missing here simply stays as it is. Pairs: traditional, then simplified.
_PAIRS = (
    "發发貨货麼么後后還还單单號号寄寄運运遞递達达過过這这個个們们來来時时間间為为幾几"
    "嗎吗呢呢請请問问謝谢讓让說说話话給给關关開开會会對对錯错實实際际與与樣样麵面裡里"
    "壞坏碎碎裂裂漏漏爛烂壓压損损滲渗髒脏撞撞摔摔凹凹痕痕變变濕湿灑洒瓶瓶蓋盖裝装箱箱"
    "質质品品量量差差假假偽伪廠厂劣劣異异味味黴霉蟲虫線线頭头做做工工粗粗糙糙斷断響响"
    "聲声雜杂電电無无連连壽寿褪褪色色縮缩掉掉漆漆過过敏敏應应反反"
    "退退款款換换貨货錢钱取取消消申申請请僅仅退退訂订購购買买賣卖拍拍誤误重重複复"
    "投投訴诉評评價价負负舉举報报檢检騙骗騙骗曝曝光光介介入入仲仲裁裁糾纠紛纷協协"
    "臺台灣湾淘淘寶宝貝贝客客服服務务官官方方處处理理決决補补償偿賠赔"
    "現现庫库存存尺尺寸寸碼码號号顏颜圖图片片描描述述符符款款式式規规格格材材紙纸"
    "優优惠惠便便宜宜郵邮費费運运險险贈赠禮礼送送嗎吗還还沒没有有齊齐配配件件少少"
    "物物流流遞递轉转驛驿櫃柜簽签收收派派員员區区縣县鄉乡鎮镇門门戶户址址錄录寫写"
    "動动停停滯滞卡卡丟丢遺遗失失慢慢快快急急儘尽盡尽趕赶催催等等待待久久週周幾几"
    "顯显示示資资訊讯息息態态狀状況况異异常常件件回回退退宅宅配配"
    "麻麻煩烦拜拜託托謝谢闆板老老顧顾歡欢喜喜愛爱讚赞滿满意意辛辛苦苦確确認认沒没問问題题"
    "東东西西樣样紅红藍蓝綠绿黃黄黑黑白白紫紫淺浅深深舊旧新新廣广東东經经濟济"
    "張张條条隻只雙双對对套套組组層层盤盘碗碗杯杯壺壶鍋锅罐罐袋袋盒盒桶桶"
    "熱热涼凉溫温暖暖冷冷燒烧壺壶鐘钟點点鐘钟時时書书說说讀读寫写聽听見见觀观覽览"
    "電电腦脑機机視视頻频錄录燈灯鍵键盤盘線线網网絡络軟软體体歷历曆历"
    "們们倆俩您您妳你他他她她它它誰谁為为麼么怎怎樣样哪哪裏里邊边"
    "與与從从於于給给讓让將将把把被被對对向向跟跟和和並并並并卻却雖虽然然但但"
    "應应該该須须能能夠够會会肯肯願愿敢敢得得著着了了過过嗎吗嘛嘛吧吧啊啊呀呀啦啦"
    "歲岁齡龄寶宝嬰婴兒儿童童孩孩媽妈爸爸親亲戚戚朋朋友友"
    "證证據据記记錄录憑凭紀纪擔担責责任任權权益益維维護护義义務务規规則则"
    "傳传達达遠远近近區区縣县鎮镇庄庄莊庄場场廳厅館馆飯饭"
    "級级極极積积擊击題题標标準准質质價价錢钱賬账帳账轉转帳账戶户銀银"
    "紅红包包領领簽签約约專专業业產产庫库廠厂種种類类幣币圓圆園园團团"
    "誠诚懇恳歉歉抱抱諒谅解解釋释決决定定處处罰罚顧顾慮虑擾扰亂乱"
    "週周歲岁夠够鬆松緊紧擠挤邊边壞坏禮礼燦灿爛烂聯联絡络繫系係系"
    "刪删除除選选擇择項项檔档類类別别賴赖顆颗粒粒團团隊队陣阵"
    "氣气剛刚燙烫撥拨鐵铁鋼钢齒齿錶表圍围測测試试驗验筆笔緩缓蹤踪惡恶參参紹绍製制"
    "適适輩辈長长滴滴幫帮準准備备給给評评論论亂乱們们"
    "營营稱称畫画噁恶嚴严鬧闹氣气餘余較较厲厉歸归黏粘膠胶邊边縫缝針针織织綿绵棉棉"
)

TRADITIONAL_TO_SIMPLIFIED = {
    _PAIRS[i]: _PAIRS[i + 1] for i in range(0, len(_PAIRS) - 1, 2) if _PAIRS[i] != _PAIRS[i + 1]
}
_FOLD = str.maketrans(TRADITIONAL_TO_SIMPLIFIED)

# Buyers type curly quotes and several apostrophes; one form keeps English patterns simple.
_PUNCT = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"'})


@cache
def _fold_cached(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    # NFKC turns full-width letters, digits and punctuation (ａｂｃ１２３！) into their ASCII forms.
    folded = unicodedata.normalize("NFKC", text)
    return folded.translate(_PUNCT).translate(_FOLD).lower()


def fold(text: str) -> str:
    """The form every lexicon entry and every message is matched in; same length is not promised."""
    if len(text) <= 200:
        return _fold_cached(text)
    return _fold(text)


def is_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)
