#!/usr/bin/env python3
"""An eighth set of generated everyday traffic: what the APIs behind mobile apps and
single-page applications receive. Written (2026-12-04, twelfth session) before fukurou
ran on it, to be measured on it once as held out.

Its sources: JSON:API and REST conventions (filter[...], include, sparse fieldsets,
sort=-field, cursors in base64, expand[] and range operators as a payment API writes
them), search-as-you-type against hosted search (Algolia's filters, Meilisearch's
filter expressions, Typesense's filter_by), GraphQL persisted queries over GET, a mobile
app's start-up calls (configuration, feature flags, remote config, push registration,
app-site association), attribution links, store finders with coordinates, dashboards'
time ranges and groupings, a shop front's collection filters and cart calls, payment
returns, WebAuthn, a chat application's history, a meeting service's join links, a
documentation site's searches (people search for the syntax they need), and queries in
Korean, Chinese, Arabic, Thai and emoji. Nothing in it is an attack.

    crs_eval.py ... --generated N --generator app_traffic
"""
import base64
import json
import urllib.parse

from gen_common import request_lines, hex_token as _hex, b64url_token as _b64u

Q = urllib.parse.quote
QP = urllib.parse.quote_plus


def _cursor(r):
    doc = {"id": r.randint(1, 10**7), "created_at": "2024-0%d-%02dT%02d:00:00Z" % (r.randint(1, 9), r.randint(1, 28), r.randint(0, 23))}
    return base64.urlsafe_b64encode(json.dumps(doc).encode()).decode().rstrip("=")


TITLES = ["select committee report", "drop-in clinic hours", "union budget 2024", "O'Neill", "rock & roll",
          "1=1 buy one get one", "or else", "cat café", "the order of things", "where to vote", "防災マップ", "교통 정보",
          "北京 天气", "مواعيد العمل", "ร้านอาหาร ใกล้ฉัน", "🍣 near me", "C# vs Java", "50% off", "ask & answer"]


def jsonapi(r):
    return r.choice([
        lambda: "/api/v2/articles?filter[title]=%s&include=author,comments.author&fields[articles]=title,body,published_at&fields[people]=name&sort=-published_at&page[size]=%d" % (
            Q(r.choice(TITLES)), r.choice([10, 25, 50])),
        lambda: "/api/v2/articles?page[cursor]=%s&page[size]=20" % _cursor(r),
        lambda: "/api/v1/users?filter[status]=%s&filter[created_at][gte]=%s&sort=last_name,-created_at&include=roles" % (
            r.choice(["active", "invited", "suspended"]), Q("2024-01-01T00:00:00+09:00")),
        lambda: "/api/v1/orders?status[]=paid&status[]=shipped&created_after=%d&limit=%d&offset=%d" % (r.randint(1700000000, 1710000000), r.choice([20, 100]), r.choice([0, 100, 200])),
        lambda: "/v1/charges?limit=%d&expand[]=data.customer&expand[]=data.invoice&created[gte]=%d&created[lte]=%d&starting_after=ch_%s" % (
            r.choice([10, 25]), r.randint(1700000000, 1705000000), r.randint(1705000000, 1710000000), _b64u(r, 18).replace("-", "x").replace("_", "y")),
        lambda: "/api/v3/tickets?q=%s&per_page=30&page=%d" % (QP(r.choice(["status:open priority:high", "assignee:me -label:wontfix", "type:incident created>2024-03-01"])), r.randint(1, 9)),
        lambda: "/api/items?select=id,name,price&order=price.desc,name.asc&price=gte.%d&tags=cs.%s" % (r.randint(100, 5000), Q("{sale,new}")),
        lambda: "/api/v1/reports/%d?fields=id,title,summary,author(name,email)&lang=%s" % (r.randint(1, 9999), r.choice(["ja", "en", "ko", "zh-Hans"])),
    ])()


def search(r):
    typed = r.choice(TITLES)
    prefix = typed[:r.randint(1, len(typed))]
    return r.choice([
        lambda: "/1/indexes/products/query?x-algolia-agent=%s&x-algolia-application-id=%s&x-algolia-api-key=%s&query=%s&hitsPerPage=%d&filters=%s" % (
            Q("Algolia for JavaScript (4.22.1); Browser; instantsearch.js (4.63.0)"), _hex(r, 10).upper(), _hex(r, 32), Q(prefix),
            r.choice([8, 20]), Q(r.choice(['price < 100 AND category:"shoes"', 'NOT brand:"Acme" AND in_stock:true', '(color:red OR color:blue) AND size:M', 'published_at > 1700000000']))),
        lambda: "/indexes/movies/search?q=%s&filter=%s&limit=%d&attributesToHighlight=*" % (
            Q(prefix), Q(r.choice(["genre = 'horror' AND year > 2000", "rating >= 4.5 OR (genre IN [comedy, drama] AND NOT adult = true)", "release_date 1990 TO 1999"])), r.choice([10, 20])),
        lambda: "/collections/books/documents/search?q=%s&query_by=title,authors&filter_by=%s&sort_by=%s&per_page=%d" % (
            Q(prefix), Q(r.choice(["publication_year:>=2000 && ratings_count:>100", "authors:=[`Haruki Murakami`, `Banana Yoshimoto`]", "is_available:true"])),
            Q(r.choice(["ratings_count:desc", "_text_match:desc,publication_year:asc"])), r.choice([10, 24])),
        lambda: "/api/suggest?term=%s&limit=8&_=%d" % (Q(prefix), r.randint(1700000000000, 1710000000000)),
        lambda: "/search?q=%s&type=%s&page=%d" % (QP(typed), r.choice(["all", "news", "docs", "images"]), r.randint(1, 5)),
    ])()


DOC_SEARCHES = ["how to use select for update", "bash if [ -f file ]", "<script> tag async defer", "etc/hosts windows",
                "python subprocess.run(['ls', '-l'])", "sql where id in (1,2,3)", "curl -X POST -d @file.json", "nginx location ~ \\.php$",
                "find . -name '*.log' -mtime +7 -delete", "git reset --hard HEAD~1", "powershell Get-Process | Sort CPU", "php echo $_GET",
                "chmod 755 vs 644", "SELECT COUNT(*) FROM users GROUP BY country", "docker run -v /var/run/docker.sock", "jq '.items[] | .name'",
                "{{ variable }} jinja", "xargs -0 rm", "../ relative path", "onerror event handler img", "UNION vs UNION ALL performance",
                "iptables -A INPUT -p tcp --dport 22 -j ACCEPT", "cmd /c dir", "Runtime.getRuntime().exec"]


def docs(r):
    q = r.choice(DOC_SEARCHES)
    return r.choice([
        lambda: "/search?q=%s" % QP(q),
        lambda: "/search/?q=%s&check_keywords=yes&area=default" % QP(q),
        lambda: "/docs/search?query=%s&version=%s&lang=%s" % (Q(q), r.choice(["latest", "v2.4", "8.x"]), r.choice(["en", "ja"])),
        lambda: "/_/api/v3/search/?q=%s&project=%s&version=latest" % (QP(q), r.choice(["requests", "flask", "ansible-docs"])),
        lambda: "/api/search?q=%s&tags=%s&sort=relevance&page=1" % (QP(q), Q(r.choice(["bash", "sql", "javascript", "linux;shell"]))),
        lambda: "/questions/tagged/%s?tab=Votes" % r.choice(["bash", "sql-server", "php", "regex", "c%23"]),
    ])()


def graphql(r):
    op, variables = r.choice([
        ("SearchProducts", {"query": r.choice(TITLES), "first": 24, "after": None, "filters": {"price": {"lte": 5000}, "inStock": True}}),
        ("ViewerNotifications", {"first": 20, "unreadOnly": r.choice([True, False])}),
        ("ArticleBySlug", {"slug": r.choice(["union-budget-2024", "select-committee", "o-neill-interview"]), "locale": "ja"}),
        ("StoreHours", {"storeId": str(r.randint(1, 500)), "date": "2024-03-%02d" % r.randint(1, 28)}),
    ])
    return r.choice([
        lambda: "/graphql?operationName=%s&variables=%s&extensions=%s" % (
            op, Q(json.dumps(variables, ensure_ascii=False, separators=(",", ":")), safe=""),
            Q(json.dumps({"persistedQuery": {"version": 1, "sha256Hash": _hex(r, 64)}}, separators=(",", ":")), safe="")),
        lambda: "/api/graphql?queryId=%s&variables=%s" % (_hex(r, 32), Q(json.dumps(variables, separators=(",", ":")), safe="")),
    ])()


APPS = ["5.12.0", "5.11.3", "4.9.1 (build 4091)", "6.0.0-beta.2"]
DEVICES = ["iPhone15,2", "iPhone12,8", "SM-S918B", "Pixel 8", "SO-51C", "iPad13,18"]


def mobile(r):
    return r.choice([
        lambda: "/api/app/v3/config?platform=%s&app_version=%s&os_version=%s&device_model=%s&locale=%s&tz=%s" % (
            r.choice(["ios", "android"]), Q(r.choice(APPS)), r.choice(["17.3.1", "14", "16.7.5"]), Q(r.choice(DEVICES)),
            r.choice(["ja_JP", "en_US", "ko_KR", "zh_TW"]), Q(r.choice(["Asia/Tokyo", "Asia/Seoul", "America/Los_Angeles"]), safe="")),
        lambda: "/sdk/evalx/%s/contexts/%s" % (_hex(r, 24), base64.urlsafe_b64encode(json.dumps({"kind": "user", "key": "u-%d" % r.randint(1, 10**6), "country": "JP", "appVersion": r.choice(APPS)}).encode()).decode().rstrip("=")),
        lambda: "/v1/projects/example-app/namespaces/firebase:fetch?key=%s" % _b64u(r, 29),
        lambda: "/api/devices/push-token?token=%s&platform=%s&sandbox=%s" % (_hex(r, 64) if r.random() < 0.5 else _b64u(r, 110), r.choice(["apns", "fcm"]), r.choice(["true", "false"])),
        lambda: r.choice(["/.well-known/apple-app-site-association", "/apple-app-site-association", "/.well-known/assetlinks.json"]),
        lambda: "/api/app/v3/home?sections=banner,recommend,news&limit=%d&since_id=%d&ab=%s" % (r.choice([10, 20]), r.randint(1, 10**8), r.choice(["home_v2:b", "ctrl", "reco-exp-7:treatment"])),
        lambda: "/api/v1/versions/check?current=%s&platform=android&channel=%s" % (Q(r.choice(APPS)), r.choice(["play", "galaxy", "direct"])),
        lambda: "/static/app/%s/main.%s.bundle.js.map" % (r.choice(APPS).split(" ")[0], _hex(r, 8)),
    ])()


def attribution(r):
    return r.choice([
        lambda: "/click?pid=%s&c=%s&af_adset=%s&af_ad=%s&af_sub1=%s&deep_link_value=%s&af_dp=%s" % (
            r.choice(["googleadwords_int", "line_int", "x_int"]), Q(r.choice(["spring_sale", "new-user 2024", "retarget|lapsed"])),
            Q("adset #%d" % r.randint(1, 40)), Q(r.choice(["video 15s", "carousel (3)"])), _hex(r, 12),
            Q("product?id=%d&ref=ad" % r.randint(1, 99999), safe=""), Q("exampleapp://product/%d" % r.randint(1, 99999), safe="")),
        lambda: "/l/%s?$deeplink_path=%s&~channel=%s&~feature=sharing&$og_title=%s" % (
            _b64u(r, 8), Q("article/%d" % r.randint(1, 9999), safe=""), r.choice(["line", "email", "sms"]), Q(r.choice(TITLES))),
        lambda: "/r?u=%s&sig=%s&t=%d" % (Q("https://www.example.jp/campaign/spring?utm_source=newsletter&utm_medium=email&utm_campaign=2024_03", safe=""), _hex(r, 40), r.randint(1700000000, 1710000000)),
    ])()


def places(r):
    lat, lng = 35 + r.random(), 139 + r.random()
    return r.choice([
        lambda: "/api/stores/nearby?lat=%.6f&lng=%.6f&radius=%s&open_now=%s&sort=distance&services=%s" % (
            lat, lng, r.choice(["500m", "2km", "10km"]), r.choice(["true", "false"]), Q(r.choice(["atm,parking", "pharmacy", "wifi|ev_charger"]))),
        lambda: "/tiles/v3/%d/%d/%d.pbf?access_token=%s" % (r.randint(5, 16), r.randint(0, 60000), r.randint(0, 30000), _b64u(r, 30)),
        lambda: "/geocode/json?address=%s&components=country:JP&language=ja&key=%s" % (Q(r.choice(["東京都千代田区丸の内1-9-1", "1-1 Chiyoda, Chiyoda City", "大阪市北区梅田3丁目1−1"])), _b64u(r, 29)),
        lambda: "/api/v1/bbox?bbox=%.4f,%.4f,%.4f,%.4f&zoom=%d&layers=%s" % (lng, lat, lng + 0.05, lat + 0.05, r.randint(10, 17), Q("shelters,hospitals,flood_zones")),
    ])()


def dashboards(r):
    return r.choice([
        lambda: "/api/metrics?from=%s&to=now&interval=%s&group_by=%s&agg=%s" % (
            Q(r.choice(["now-1h", "now-24h", "now-7d/d"])), r.choice(["1m", "5m", "1h"]), Q(r.choice(["host,service", "region", "status_code"])), r.choice(["avg", "p95", "sum"])),
        lambda: "/api/v1/events?since=%s&until=%s&severity=%s&limit=200" % (Q("2024-03-01T00:00:00+09:00"), Q("2024-03-02T00:00:00+09:00"), r.choice(["warning,critical", "info"])),
        lambda: "/api/logs?query=%s&start=%d&end=%d" % (Q(r.choice(['service:checkout AND status:error', 'host:web-0* -env:staging', '@http.status_code:[500 TO 599]', 'message:"connection reset by peer"'])),
                                                      r.randint(1700000000000, 1705000000000), r.randint(1705000000000, 1710000000000)),
        lambda: "/d-solo/%s/overview?orgId=1&panelId=%d&from=%d&to=%d&var-env=%s&theme=light" % (_b64u(r, 6), r.randint(1, 40), r.randint(1700000000000, 1705000000000), r.randint(1705000000000, 1710000000000), r.choice(["prod", "stg"])),
    ])()


def shop(r):
    return r.choice([
        lambda: "/collections/%s?filter.v.price.gte=%d&filter.v.price.lte=%d&filter.p.m.custom.color=%s&sort_by=%s" % (
            r.choice(["all", "sale", "new-arrivals"]), r.choice([0, 1000]), r.choice([5000, 20000]), Q(r.choice(["Red", "Navy Blue", "赤"])),
            r.choice(["price-ascending", "best-selling", "created-descending"])),
        lambda: "/products/%s?variant=%d" % (r.choice(["tote-bag", "t-shirt-o-neck", "mug-350ml"]), r.randint(10**13, 10**14)),
        lambda: "/cart/add.js?id=%d&quantity=%d&properties[Engraving]=%s" % (r.randint(10**13, 10**14), r.randint(1, 3), QP(r.choice(["I ♥ U", "To: Ken & Mari", "No. 1 Dad", "#2024"]))),
        lambda: "/cart/change.js?line=%d&quantity=0" % r.randint(1, 4),
        lambda: "/checkout/return?payment_intent=pi_%s&payment_intent_client_secret=pi_%s_secret_%s&redirect_status=%s" % (
            _b64u(r, 18).replace("-", "A").replace("_", "b"), _b64u(r, 18).replace("-", "A").replace("_", "b"), _b64u(r, 18).replace("-", "c").replace("_", "D"), r.choice(["succeeded", "failed"])),
        lambda: "/recommendations/products.json?product_id=%d&limit=4&intent=related" % r.randint(10**9, 10**10),
    ])()


def account(r):
    return r.choice([
        lambda: "/webauthn/register/options?attestation=none&authenticatorSelection=%s&displayName=%s" % (
            Q(json.dumps({"residentKey": "preferred", "userVerification": "preferred"}, separators=(",", ":")), safe=""), Q(r.choice(["Tanaka Hiroshi", "O'Brien", "山田"]))),
        lambda: "/api/v1/me/sessions?current=true&include=device,location",
        lambda: "/account/verify-email?token=%s&email=%s" % (_b64u(r, 32), Q(r.choice(["t.tanaka@example.jp", "o'brien@example.ie", "user+news@example.com"]), safe="")),
        lambda: "/password/reset?token=%s&expires=%d&signature=%s" % (_hex(r, 40), r.randint(1700000000, 1710000000), _hex(r, 64)),
    ])()


def chat(r):
    return r.choice([
        lambda: "/api/v4/channels/%s/posts?page=0&per_page=60&since=%d&skipFetchThreads=false&collapsedThreads=true" % (_hex(r, 26), r.randint(1700000000000, 1710000000000)),
        lambda: "/api/v4/users/me/teams/%s/channels/members?page=0&per_page=200" % _hex(r, 26),
        lambda: "/api/v1/chat.search?roomId=%s&searchText=%s&count=20" % (_b64u(r, 12), Q(r.choice(["deploy failed", "rm -rf", "password reset", "select * from"]))),
        lambda: "/files/%s/preview?size=%s" % (_hex(r, 26), r.choice(["thumb", "preview"])),
        lambda: "/j/%d?pwd=%s&uname=%s" % (r.randint(8000000000, 9999999999), _b64u(r, 24), Q(r.choice(["Tanaka (Ops)", "Guest #3", "O'Brien | SOC"]))),
        lambda: "/meeting/join?confno=%d&tk=%s&role=attendee&lang=ja-JP" % (r.randint(8000000000, 9999999999), _b64u(r, 40)),
    ])()


KINDS = [(jsonapi, 15), (search, 14), (docs, 8), (graphql, 8), (mobile, 14), (attribution, 5), (places, 7), (dashboards, 6),
         (shop, 11), (account, 5), (chat, 7)]

UAS = [
    "ExampleApp/5.12.0 (iPhone; iOS 17.3.1; Scale/3.00)",
    "ExampleApp/5.11.3 (Android 14; Pixel 8; Build/UQ1A.240205.002)",
    "okhttp/4.12.0", "Dalvik/2.1.0 (Linux; U; Android 13; SO-51C Build/64.1.C.0.145)",
    "CFNetwork/1490.0.4 Darwin/23.2.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Line/13.20.0",
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.105 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.0.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
    "axios/1.6.7", "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)", "Expo/2.29.7 CFNetwork/1490.0.4 Darwin/23.2.0",
]
SITE = "https://app.example.jp"
REFERRERS = ["-", "-", "-", SITE + "/", SITE + "/search?q=union", SITE + "/products/tote-bag?variant=40123456789012",
             "https://www.google.com/", "https://t.co/" + "Ab3dE5fG7h", "android-app://com.google.android.gm/"]


def _method(rng, kind, uri):
    if uri.startswith(("/cart/add.js", "/cart/change.js", "/1/indexes/")) or "firebase:fetch" in uri or "push-token" in uri:
        return "POST"
    return "GET"


def generate(count, seed=20261204):
    """Returns count requests as (method, uri, version, user_agent, referrer)."""
    return request_lines(count, seed, KINDS, UAS, REFERRERS, ["HTTP/1.1", "HTTP/2.0"], _method)


if __name__ == "__main__":
    for m, u, v, a, ref in generate(30):
        print(m, u[:160], v, a[:30], ref)
