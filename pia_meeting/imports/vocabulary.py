"""The words published minutes are read by (DOMAIN §3): titles of people, the words that name
a side, speaker label words, in-body heading words and the header's keys. Data only; the
readers that use them are in header.py, people.py, speakers.py and body.py.

A new header form usually needs only a row in HEADER_LABELS (a key word and the field it
fills); a field of a new kind also needs its handler in header.FIELDS.
"""

from __future__ import annotations

import re

from pia_meeting.core.model import Side

# -- titles of people -------------------------------------------------------------------------

MEMBER_TITLES = ("会長職務代理者", "職務代理者", "副委員長", "委員長", "副会長", "会長", "委員")
STAFF_TITLES = (
    "統括リーダー",
    "担当リーダー",
    "グループリーダー",
    "リーダー",
    "課長補佐",
    "課長代理",
    "担当課長",
    "担当係長",
    "担当部長",
    "主任主査",
    "主任主事",
    "センター長",
    "事務局長",
    "副主幹",
    "部会長",
    "副部長",
    "副課長",
    "副参事",
    "主任技師",
    "専門員",
    "調整監",
    "課長",
    "部長",
    "局長",
    "次長",
    "室長",
    "所長",
    "館長",
    "区長",
    "係長",
    "主任",
    "主査",
    "主事",
    "主幹",
    "参事",
    "理事",
    "係員",
    "技師",
    "補佐",
    "職員",
)
# Longest first: 「課長補佐」 must be found before 「補佐」.
TITLES = tuple(sorted(MEMBER_TITLES + STAFF_TITLES, key=len, reverse=True))
CHAIR_TITLES = ("会長", "委員長")
# The member titles a bare label names (「会長」 alone is the 会長 of the roll).
ROLE_TITLES = ("会長", "副会長", "委員長", "副委員長", "会長職務代理者", "職務代理者")

# The end of a department's name (「…戸籍住民課」) and a title that is its head (「課長」).
UNIT_END = re.compile(r"(?:局|部|室|課|係|班|センター|事務所|館|グループ)$")
UNIT_TITLE = re.compile(r"^(課|部|局|室|所|館|区|係|センター)長$")

# -- sides and speaker labels -----------------------------------------------------------------

SIDE_WORDS: dict[str, Side] = {
    "審査会委員": Side.MEMBER,
    "出席委員": Side.MEMBER,
    "委員": Side.MEMBER,
    "事務局": Side.SECRETARIAT,
    "説明者": Side.EXPLAINER,
    "実施機関": Side.EXPLAINER,
    "参考人": Side.EXPLAINER,
    "説明員": Side.EXPLAINER,
    "関係者": Side.EXPLAINER,
}
EXPLAINER_WORDS = tuple(w for w, s in SIDE_WORDS.items() if s == Side.EXPLAINER)
ANSWER_WORDS = ("回答", "答", "答弁")
QUESTION_WORDS = ("質問", "問")
LABEL_WORDS = frozenset(
    {*SIDE_WORDS, *ANSWER_WORDS, *QUESTION_WORDS, *MEMBER_TITLES, "意見", "議長", "司会"}
)
# In brackets at the start of a line, yet never a speaker.
NOT_LABELS = frozenset({"公開", "非公開", "公開審議", "非公開審議", "一部非公開", "案", "注"})
# The member label of the reference's style, for members anonymised as one.
MEMBER_LABEL = "審査会委員"
# Members anonymised by letter: 「委員A」.
LETTER_LABEL = re.compile(r"^委員([A-Za-zＡ-Ｚａ-ｚ])$")

# Headings of agenda categories (「議題 審議事項 / 報告事項」): never items of their own.
AGENDA_CATEGORIES = frozenset(
    {"審議事項", "報告事項", "諮問事項", "協議事項", "議事", "議題", "案件", "その他の事項"}
)
# Lines of a meeting's programme (次第) that are no agenda item.
PROGRAMME_WORDS = frozenset(
    {
        "開会",
        "閉会",
        "開会あいさつ",
        "会長あいさつ",
        "あいさつ",
        "挨拶",
        "会長挨拶",
        "閉会あいさつ",
        "議事",
        "議題",
        "報告",
        "報告事項",
        "審議事項",
        "諮問事項",
        "協議事項",
    }
)


# -- the body -------------------------------------------------------------------------------

HEADING_WORDS = frozenset(
    {
        "質疑応答",
        "質疑",
        "質疑応答終了",
        "意見聴取",
        "意見聴取終了",
        "意見交換",
        "審議",
        "審議終了",
        "説明",
        "説明終了",
        "答申",
        "開会",
        "閉会",
        "報告",
        "その他",
        "説明の概要",
        "議事概要",
        "議事の概要",
        "会議概要",
        "議事要旨",
        "質疑の概要",
        "審議の概要",
        "主な質疑",
        "主な意見",
        "質疑・意見",
        "質疑応答の概要",
        *PROGRAMME_WORDS,
    }
)

# -- the title and the header -----------------------------------------------------------------

# What the title line calls the document; 要旨/概要 make it a summary record.
DOC_WORDS = (
    "議事録",
    "会議録",
    "議事要旨",
    "会議要旨",
    "議事概要",
    "会議概要",
    "会議の概要",
    "議事の概要",
    "議事要録",
    "会議要録",
    "会議概略",
    "議事概略",
    "会議要点",
    "議事要点",
    "審議結果",
    "開催結果",
    "会議結果",
)

# Header key words (spaces between their characters and either width of brackets are
# tolerated when read) and the field each fills; header.FIELDS reads each field.
HEADER_LABELS: tuple[tuple[str, str], ...] = (
    ("開催日時", "date"),
    ("開催年月日", "date"),
    ("開催日", "date"),
    ("日時", "date"),
    ("日付", "date"),
    ("開催場所", "place"),
    ("場所", "place"),
    ("会場", "place"),
    ("項目", "agenda"),
    ("会議次第", "agenda"),
    ("次第", "agenda"),
    ("議題", "agenda"),
    ("案件", "agenda"),
    ("付議事項", "agenda"),
    ("出席者", "attendees"),
    ("出席者等", "attendees"),
    ("出席委員", "members"),
    ("委員", "members"),
    ("事務局", "secretariat"),
    ("説明者", "explainers"),
    ("実施機関", "explainers"),
    ("参考人", "explainers"),
    ("説明員", "explainers"),
    ("関係者", "explainers"),
    ("欠席者", "absent"),
    ("欠席委員", "absent"),
    ("傍聴人の数", "observers"),
    ("傍聴者の数", "observers"),
    ("傍聴人数", "observers"),
    ("傍聴者数", "observers"),
    ("傍聴人", "observers"),
    ("傍聴者", "observers"),
    ("議事内容", "body"),
    ("会議記録", "body"),
    ("会議の記録", "body"),
    ("会議の経過(要点)", "body_summary"),
    ("会議の経過(要旨)", "body_summary"),
    ("議事の経過(要旨)", "body_summary"),
    ("議事要録", "body_summary"),
    ("内容", "body"),
    ("会議の経過", "body"),
    ("議事の経過", "body"),
    ("議事経過", "body"),
    ("審議内容", "body"),
    ("会議内容", "body"),
    ("議事", "body"),
    ("議事(要旨)", "body_summary"),
    ("議事の要旨", "body_summary"),
    ("議事要旨", "body_summary"),
    ("議事概要", "body_summary"),
    ("議事の概要", "body_summary"),
    ("審議の概要", "body_summary"),
    ("会議資料一覧", "materials"),
    ("会議資料", "materials"),
    ("配布資料", "materials"),
    ("配付資料", "materials"),
    ("資料", "materials"),
    ("会議名", "board"),
    ("会議の名称", "board"),
    ("会議名称", "board"),
    ("審議会等名称", "board"),
    ("審議会等の名称", "board"),
    ("名称", "board"),
    ("公開または非公開の別", "openness"),
    ("公開又は非公開の別", "openness"),
    ("公開・非公開の別", "openness"),
    ("非公開の理由", "closed_reason"),
    ("非公開理由", "closed_reason"),
    ("公開・非公開", "openness"),
    ("公開の可否", "openness"),
    ("議事録署名人", "signer"),
    ("会議録署名人", "signer"),
    ("署名委員", "signer"),
    ("掲載形式", "record_form"),
    ("記録方式", "record_form"),
    ("会議録の形式", "record_form"),
)

# Words of a summary record (要点筆記): in the title, a body key or a 掲載形式 value.
SUMMARY_WORDS = ("要旨", "要点", "概要", "概略", "要録")
