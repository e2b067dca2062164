"""Long URLs and Latin words are put in a span that may break anywhere; Thai text, tags,
attributes and the text of a textarea are left as they are."""

from ita_portal.long_words import breakable

URL = "https://www.nathon.go.th/news/2569/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7"


def test_a_long_url_in_text_is_put_in_a_breakable_span():
    html = f'<td><a href="{URL}">ข่าว</a> ดูที่ {URL} ภายใน ๑๕ วัน</td>'
    assert breakable(html) == (
        f'<td><a href="{URL}">ข่าว</a> ดูที่ <span class="ita-long">{URL}</span> ภายใน ๑๕ วัน</td>'
    )


def test_thai_text_and_short_latin_words_are_left_as_they_are():
    html = "<p>มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน (ITA) E-Service ข้อ O12</p>"
    assert breakable(html) == html


def test_the_text_of_a_textarea_a_script_and_the_title_is_left_as_it_is():
    html = (
        f"<title>{URL}</title><textarea name=text>ดูที่ {URL}</textarea>"
        f'<script src="/static/x.js">{URL}</script><select><option>{URL}</option></select>'
        f"<p>{URL}</p>"
    )
    assert breakable(html) == html.replace(
        f"<p>{URL}</p>", f'<p><span class="ita-long">{URL}</span></p>'
    )
