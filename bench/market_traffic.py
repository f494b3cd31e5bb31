#!/usr/bin/env python3
"""A tenth set of generated everyday traffic: consumer marketplaces. Written (2026-12-04,
twelfth session) after that session's changes and before fukurou ran on it, to be
measured on it once as held out.

Its sources: a job board (searches for the skills employers name: SQL, C#, .NET, Unix
shell, "rm" as in records management; salary ranges, remote flags), travel booking
(multi-city flights with IATA codes and passenger arrays, hotel searches with dates and
rooms, rail passes), real estate (floor plans such as 2LDK, price and area ranges, walk
minutes, map bounds), classifieds and auctions (conditions, categories by path,
"or best offer"), restaurant reservations, event tickets with seat maps, a social
network's hashtags and mentions, a news site's article slugs, comments paging and
paywall parameters, and the affiliate and comparison sites that link to all of them.
Nothing in it is an attack.

    crs_eval.py ... --generated N --generator market_traffic
"""
import urllib.parse

from gen_common import request_lines, hex_token as _hex

Q = urllib.parse.quote
QP = urllib.parse.quote_plus

SKILLS = ["SQL DBA", "C# .NET developer", "Unix shell (bash/perl)", "records management (RM)", "Oracle PL/SQL",
          "Python & Django", "DevOps: Docker, K8s", "SAP ABAP", "drop shipping coordinator", "select buyer",
          "Javaエンジニア", "データベース管理者", "C/C++ embedded", "union organizer", "exec assistant", "cat groomer"]


def jobs(r):
    return r.choice([
        lambda: "/jobs/search?q=%s&l=%s&radius=%d&salary=%s&remote=%s&sort=%s&page=%d" % (
            QP(r.choice(SKILLS)), QP(r.choice(["Tokyo", "Osaka-fu", "Kobe, Hyogo", "remote"])), r.choice([10, 25, 50]),
            Q(r.choice(["5000000-8000000", "8000000+", "any"])), r.choice(["true", "hybrid", "false"]), r.choice(["date", "relevance", "-salary"]), r.randint(1, 9)),
        lambda: "/jobs/%d-%s?from=%s&tk=%s" % (r.randint(10**6, 10**7), r.choice(["sql-server-dba", "c-sharp-developer", "unix-admin-bash"]), r.choice(["serp", "alert", "email"]), _hex(r, 16)),
        lambda: "/api/v2/jobs?keywords=%s&employment_type[]=full_time&employment_type[]=contract&posted_within=%s" % (Q(r.choice(SKILLS)), r.choice(["24h", "7d", "30d"])),
        lambda: "/companies/%s/reviews?filter=%s&sort=helpful" % (r.choice(["acme-corp", "o-neill-and-sons", "union-pacific"]), Q(r.choice(["rating>=4", "role:engineer", "location:Tokyo"]))),
    ])()


IATA = ["HND", "NRT", "KIX", "ITM", "CTS", "FUK", "OKA", "ICN", "TPE", "SIN", "LAX", "SFO", "LHR", "CDG"]


def travel(r):
    a, b, c = r.sample(IATA, 3)
    return r.choice([
        lambda: "/flights/search?trip=multi&legs[0][from]=%s&legs[0][to]=%s&legs[0][date]=2024-0%d-%02d&legs[1][from]=%s&legs[1][to]=%s&legs[1][date]=2024-0%d-%02d&adults=%d&children=%d&infants=0&cabin=%s" % (
            a, b, r.randint(1, 9), r.randint(1, 28), b, c, r.randint(1, 9), r.randint(1, 28), r.randint(1, 4), r.randint(0, 3), r.choice(["economy", "premium_economy", "business"])),
        lambda: "/flights/%s-%s/2024-0%d-%02d?sort=price_a&stops=%s&airlines=%s&dep=%s" % (a.lower(), b.lower(), r.randint(1, 9), r.randint(1, 28), r.choice(["0", "0,1", "any"]), Q(r.choice(["NH,JL", "MM|GK", "-ZG"])), Q("06:00-12:00")),
        lambda: "/hotels/search?destination=%s&checkin=2024-0%d-%02d&checkout=2024-0%d-%02d&rooms=%s&price=%s&stars=%s&amenities=%s" % (
            Q(r.choice(["Kyoto Station", "Shinjuku, Tokyo", "Namba (Osaka)", "那覇"])), r.randint(1, 9), r.randint(1, 20), r.randint(1, 9), r.randint(21, 28),
            Q(r.choice(["2:0", "1:2,5", "2:0|1:0"])), Q(r.choice(["10000-20000", "<15000", "30000+"])), Q("4,5"), Q(r.choice(["onsen,breakfast", "wifi;parking", "pet-friendly"]))),
        lambda: "/rail/passes?region=%s&days=%d&class=%s&age=%s" % (r.choice(["kansai", "hokuriku", "all-japan"]), r.choice([3, 5, 7, 14]), r.choice(["ordinary", "green"]), Q(r.choice(["adult", "child(6-11)"]))),
    ])()


def realestate(r):
    return r.choice([
        lambda: "/rent/search?pref=%d&city=%s&layout=%s&rent_min=%d&rent_max=%d&area_min=%d&walk=%d&built=%s&options=%s" % (
            r.randint(1, 47), Q(r.choice(["神戸市中央区", "Minato-ku", "Setagaya"])), Q(r.choice(["1K,1DK", "2LDK", "3LDK+S"])), r.choice([50000, 80000]),
            r.choice([120000, 200000]), r.choice([20, 40]), r.choice([5, 10, 15]), r.choice(["new", "<10y", "any"]), Q(r.choice(["autolock,bath_toilet_separate", "pets_ok|2f_or_above", "-loft"]))),
        lambda: "/buy/map?bounds=%.5f,%.5f,%.5f,%.5f&zoom=%d&price=%s&type=%s" % (34.6 + r.random() / 10, 135.1 + r.random() / 10, 34.7 + r.random() / 10, 135.3 + r.random() / 10, r.randint(12, 17),
                                                                     Q(r.choice(["3000-5000", "<=4000", "8000+"])), r.choice(["mansion", "house", "land"])),
        lambda: "/property/%d?ref=%s&photo=%d#floorplan" % (r.randint(10**6, 10**7), r.choice(["map", "list", "alert_mail"]), r.randint(1, 30)),
    ])()


def classifieds(r):
    return r.choice([
        lambda: "/search?keyword=%s&category_id=%d&status=%s&price_min=%d&price_max=%d&item_condition_id=%s&sort=%s" % (
            QP(r.choice(["iPhone 15 (used)", "select comfort bed", "union jack flag", "drop-leaf table", "nintendo switch OR ps5", "cat tree -broken", "\"rm\" 2024"])),
            r.randint(1, 9000), r.choice(["on_sale", "sold_out"]), r.choice([0, 1000]), r.choice([10000, 50000]), Q(r.choice(["1,2", "3", "1|2|3"])), r.choice(["created_time", "price", "score"])),
        lambda: "/auctions/%s/%s?o=%s&b=%d&n=%d&aucmaxprice=%d&istatus=%d" % (r.choice(["computers", "home-garden"]), r.choice(["desktops", "furniture/tables"]), r.choice(["bids", "end_time"]), r.randint(1, 500), r.choice([50, 100]), r.randint(1000, 99999), r.choice([1, 2])),
        lambda: "/item/%s?ref=%s&offer=%s" % (_hex(r, 10), r.choice(["search", "home", "profile"]), Q(r.choice(["or best offer", "$50 firm", "trade OK"]))),
    ])()


def leisure(r):
    return r.choice([
        lambda: "/restaurants/%s?date=2024-0%d-%02d&time=%s&party=%d&seating=%s&q=%s" % (r.choice(["tokyo/ginza", "osaka/umeda", "kobe/sannomiya"]), r.randint(1, 9), r.randint(1, 28),
                                                                                    Q(r.choice(["18:30", "19:00-21:00"])), r.randint(1, 8), r.choice(["counter", "table|private", "any"]), QP(r.choice(["sushi & sake", "cat café", "drop-in bar", "イタリアン"]))),
        lambda: "/events/%d/seats?section=%s&rows=%s&qty=%d&price_level=%s" % (r.randint(10**5, 10**6), Q(r.choice(["S1", "Arena A", "2F-Balcony"])), Q(r.choice(["1-10", "A,B,C"])), r.randint(1, 4), r.choice(["1", "2;3"])),
        lambda: "/tags/%s?src=%s&f=%s" % (Q(r.choice(["#SELECT2024", "#unionstation", "#防災", "#cat", "#DropTheMic"]).lstrip("#")), r.choice(["hashtag_click", "typed_query"]), r.choice(["live", "top", "media"])),
        lambda: "/search?q=%s&src=typed_query" % Q(r.choice(["from:@jma_bousai since:2024-03-01", "#earthquake OR #地震 min_faves:100", "\"drop table\" lang:ja", "@support_jp (refund OR 返金)", "to:@city_kobe -filter:replies"])),
    ])()


def news(r):
    return r.choice([
        lambda: "/articles/2024/0%d/%02d/%s?page=%d&comments=%s" % (r.randint(1, 9), r.randint(1, 28), r.choice(["select-committee-report-published", "union-rejects-offer", "drop-in-prices", "or-else-says-minister", "cat-rescued-from-roof"]), r.randint(1, 3), r.choice(["top", "newest"])),
        lambda: "/api/comments?article_id=%d&cursor=%s&limit=%d&order=%s" % (r.randint(10**5, 10**6), _hex(r, 24), r.choice([20, 50]), r.choice(["newest", "oldest", "-likes"])),
        lambda: "/paywall/check?aid=%d&ref=%s&meter=%d&utm_source=%s" % (r.randint(10**5, 10**6), Q("https://www.google.com/", safe=""), r.randint(0, 5), r.choice(["newsletter", "push", "line"])),
        lambda: "/go?url=%s&aff=%s&pid=%s" % (Q(r.choice(["https://www.example-shop.jp/item/123?variant=red&utm_campaign=spring", "https://travel.example.com/hotels/kyoto?checkin=2024-04-01"]), safe=""), _hex(r, 8), _hex(r, 12)),
    ])()


KINDS = [(jobs, 16), (travel, 18), (realestate, 14), (classifieds, 18), (leisure, 16), (news, 18)]

UAS = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.105 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Twitterbot/1.0", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
]
REFERRERS = ["-", "-", "https://www.google.co.jp/", "https://search.yahoo.co.jp/search?p=2LDK+%E7%A5%9E%E6%88%B8",
             "https://t.co/Xy12Ab34Cd", "https://www.example-news.jp/articles/2024/03/01/union-rejects-offer"]


def _method(rng, kind, uri):
    return "GET"


def generate(count, seed=20261206):
    """Returns count requests as (method, uri, version, user_agent, referrer)."""
    return request_lines(count, seed, KINDS, UAS, REFERRERS, ["HTTP/1.1", "HTTP/2.0"], _method)


if __name__ == "__main__":
    for m, u, v, a, ref in generate(20):
        print(m, u[:170])
