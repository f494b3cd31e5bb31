#!/usr/bin/env python3
"""A fifth set of generated everyday traffic: the public sites of critical-infrastructure
operators and the older web applications they still run. Written (2026-12-04, tenth
session) after the rules taught by portal_traffic.py and infra_traffic.py and before
fukurou ran on this set, to be measured on it once as held out.

Its sources: railway timetables and fares, flight status, an electricity retailer's
usage pages and outage map, a bank's internet banking, stock quotes, a hospital's
appointment booking, parcel tracking, weather forecasts, telecom support searches; and
the frameworks behind many such sites for twenty years (classic ASP, JSP servlets and
Struts actions, ColdFusion fuseactions, Lotus Notes views, old CGI search forms with
their and/or switches, vBulletin and phpBB, MediaWiki's and Joomla's URLs, Drupal's
views filters, AMP pages, calendar feeds, accessibility and print switches, A/B test
parameters). Nothing in it is an attack.

    crs_eval.py ... --generated N --generator sector_traffic
"""
import random
import urllib.parse

Q = urllib.parse.quote
QP = urllib.parse.quote_plus

STATIONS = ["東京", "新大阪", "名古屋", "博多", "仙台", "札幌", "Shin-Osaka", "Kyoto"]
WORDS_JA = ["料金 プラン", "停電 情報", "振込 手数料", "予約 変更", "解約 方法", "5G エリア", "再配達", "台風 運休"]
WORDS_EN = ["select a plan", "outage map", "transfer limit", "cancel order", "or more", "union station", "drop-off point",
            "and/or", "1/2 price", "login & security", "what's new", "Q&A"]
UAS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SO-51D) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.6167.101 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 6.1; Trident/7.0; rv:11.0) like Gecko",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.6167.160 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "DoCoMo/2.0 SH905i(c100;TB;W24H16)", "KDDI-SH3E UP.Browser/6.2_7.2.7.1.K.2.234 (GUI) MMP/2.0",
]


def _d(r):
    return "2024%02d%02d" % (r.randint(1, 12), r.randint(1, 28))


def sector(r):
    return r.choice([
        lambda: "/timetable?from=%s&to=%s&date=%s&time=%02d%02d&type=%s" % (Q(r.choice(STATIONS)), Q(r.choice(STATIONS)), _d(r),
                                                                          r.randint(5, 23), r.choice([0, 15, 30, 45]), r.choice(["dep", "arr", "first", "last"])),
        lambda: "/fare/search?dep=%s&arr=%s&seat=reserved&adult=1&child=0&discount=none" % (Q(r.choice(STATIONS)), Q(r.choice(STATIONS))),
        lambda: "/flight-status?flight=%s&date=%s" % (Q("NH %d" % r.randint(1, 999)), _d(r)),
        lambda: "/mypage/usage?meter=%012d&period=2024-%02d&unit=kWh&compare=last_year" % (r.randint(0, 10**12), r.randint(1, 12)),
        lambda: "/outage/map?lat=35.%04d&lng=139.%04d&zoom=%d&pref=13" % (r.randint(0, 9999), r.randint(0, 9999), r.randint(8, 15)),
        lambda: "/ib/login.do", lambda: "/ib/transfer/confirm.do?token=%032x&step=2" % r.getrandbits(128),
        lambda: "/quote?code=%d.T&range=1y&interval=1d" % r.randint(1300, 9999),
        lambda: "/reserve/slots?dept=%s&doctor=%d&date=%s&am_pm=%s" % (Q(r.choice(["内科", "小児科", "整形外科"])), r.randint(1, 30), _d(r), r.choice(["am", "pm"])),
        lambda: "/track?number=%04d-%04d-%04d&carrier=%s" % (r.randint(0, 9999), r.randint(0, 9999), r.randint(0, 9999), r.choice(["yamato", "sagawa", "jp"])),
        lambda: "/forecast?area=%06d&days=7" % r.choice([130000, 270000, 400000, 16000]),
        lambda: "/support/faq?category=%s&q=%s" % (r.choice(["5g", "billing", "sim"]), QP(r.choice(WORDS_JA + WORDS_EN))),
        lambda: "/search?q=%s&sort=relevance&page=%d" % (QP(r.choice(WORDS_JA + WORDS_EN)), r.randint(1, 5)),
    ])()


def legacy(r):
    return r.choice([
        lambda: "/default.asp?id=%d&cat=%s" % (r.randint(1, 400), r.choice(["news", "ir", "recruit"])),
        lambda: "/news/detail.asp?NewsID=%d&Lang=JP" % r.randint(1, 9999),
        lambda: "/servlet/Controller?action=list&page=%d&sort=date%%20desc" % r.randint(1, 20),
        lambda: "/member/login.action", lambda: "/order/history.action?page=%d&pageSize=20" % r.randint(1, 9),
        lambda: "/index.cfm?fuseaction=news.detail&id=%d" % r.randint(1, 999),
        lambda: "/public/notice.nsf/view?OpenView&Start=%d&Count=30&Expand=1" % r.randint(1, 300),
        lambda: "/public/notice.nsf/0/%032X?OpenDocument" % r.getrandbits(128),
        lambda: "/cgi-bin/search.cgi?kw=%s&andor=%s&max=20&sort=score" % (QP(r.choice(WORDS_JA + WORDS_EN)), r.choice(["and", "or"])),
        lambda: "/cgi-bin/mt/mt-search.cgi?IncludeBlogs=1&search=%s&limit=20" % QP(r.choice(WORDS_EN)),
        lambda: "/forum/showthread.php?t=%d&page=%d" % (r.randint(1, 99999), r.randint(1, 9)),
        lambda: "/forum/viewtopic.php?f=%d&t=%d&start=%d" % (r.randint(1, 30), r.randint(1, 9999), r.choice([0, 15, 30])),
        lambda: "/w/index.php?title=Special:Search&search=%s&fulltext=1&ns0=1" % QP(r.choice(WORDS_EN)),
        lambda: "/w/index.php?title=%s&action=history&offset=&limit=50" % Q(r.choice(["Main_Page", "停電", "Q&A"])),
        lambda: "/index.php?option=com_content&task=view&id=%d&Itemid=%d" % (r.randint(1, 300), r.randint(1, 60)),
        lambda: "/events?field_date_value%%5Bmin%%5D=2024-01-01&field_date_value%%5Bmax%%5D=2024-12-31&type=All&page=%d" % r.randint(0, 5),
        lambda: "/amp/news/2024/%02d/%d.html" % (r.randint(1, 12), r.randint(1, 999)),
        lambda: "/calendar.ics?start=%s&end=%s&category=%s" % (_d(r), _d(r), Q("停電,工事")),
        lambda: "/?fontsize=%s&contrast=%s" % (r.choice(["large", "normal"]), r.choice(["high", "normal"])),
        lambda: "/news/2024/%d.html?print=1" % r.randint(1, 999),
        lambda: "/?variant=%s&exp=%s" % (r.choice(["A", "B"]), r.choice(["hero_test_2024", "cta-color"])),
        lambda: "/redirect?url=%s" % Q("https://www.example.co.jp/ir/2024/q3.pdf", safe=""),
        lambda: "/i/index.html?uid=NULLGWDOCOMO&guid=ON",
    ])()


REFERRERS = ["-", "-", "https://www.google.co.jp/", "https://search.yahoo.co.jp/", "https://www.bing.com/",
             "https://www.example.co.jp/", "https://www.example.co.jp/search?q=%E6%96%99%E9%87%91", "https://t.co/aBcD1234"]


def generate(count, seed=20241206):
    """Returns count requests as (method, uri, version, user_agent, referrer)."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        uri = (sector if rng.random() < 0.55 else legacy)(rng)
        method = "POST" if uri.endswith((".do", ".action")) and rng.random() < 0.5 else "GET"
        out.append((method, uri, rng.choice(["HTTP/1.1", "HTTP/1.1", "HTTP/2.0", "HTTP/1.0"]), rng.choice(UAS), rng.choice(REFERRERS)))
    return out


if __name__ == "__main__":
    for m, u, v, a, ref in generate(12):
        print(m, u, v, a[:30], ref)
