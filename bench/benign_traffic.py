#!/usr/bin/env python3
"""Generated everyday web traffic, the second benign set of crs_eval.py (issue 4).

The CRS regression tests that expect no rule to fire are few (about 200 fit a log
line) and many of them are attacks that another rule catches. A WAF's false alarms
in production come from ordinary requests whose text looks like code: searches for
"union station" or "drop shipping", names with apostrophes, redirect parameters
holding URLs, JSON and base64 in parameters, array parameters, REST methods, API
clients and monitoring agents. This module builds such requests from templates with
a fixed seed, so every run measures the same lines. Nothing in it is an attack; a
signature that fires here is a false alarm.
"""
import random
import urllib.parse

SEARCHES = [
    "union station tickets", "select comfort mattress", "drop shipping business", "how to delete my account",
    "script writing course", "alert settings iphone", "update firmware router", "table tennis club tokyo",
    "order by phone", "cat food grain free", "echo dot setup", "python tutorial for beginners",
    "linux ls command options", "sleep apnea clinic", "ping pong table size", "executive summary template",
    "bash birthday party ideas", "where to eat in osaka", "and or not logic gates", "insert coin arcade",
    "from scratch recipe", "null hypothesis example", "system requirements", "exec chair review",
    "rock & roll hall of fame", "c++ vector sort", "1 + 1 = 2 proof", "what is 3*4", "o'reilly books",
    "the who concert 2024", "id card renewal", "passwd file format explained", "javascript array map",
    "<br> tag html", "sql server express download", "wget vs curl", "cmd prompt shortcuts",
    "東京 天気", "確定申告 e-tax", "電力 需給 ひっ迫", "新幹線 予約", "サイバー攻撃 ニュース",
    "ransomware insurance", "select all shortcut mac", "union of sets symbol", "having fun quotes",
    "waitfor delay meaning", "benchmark gpu 2024", "character encoding utf-8", "ascii table",
    "sleep 8 hours", "case when excel", "group by pandas", "from a to z", "like a boss",
]
NAMES = ["O'Brien", "D'Angelo", "Mary-Jane", "Jean-Luc Picard", "山田 太郎", "Zoë Łukasz", "Anne & Bob",
         "Dr. Who", "R2-D2", "José O'Neil"]
COMMENTS = [
    "Great product! Would buy again :)", "Doesn't work with 2.4GHz; returned it.",
    "Size runs small -- order one up.", "5/5 - fast delivery (2 days)", "It's \"ok\", nothing special.",
    "Works on Windows 10 & macOS 14", "Price < 3000 yen, worth it", "Love it <3",
    "Select the blue one, not the red one", "I'd rather drop it than update it again...",
    "とても良い商品でした。", "配送が早くて助かりました！",
]
PAGES = [
    "/", "/index.html", "/about", "/contact", "/news/2024/05/01/notice.html", "/news/", "/products",
    "/products/{id}", "/products/{id}/reviews", "/category/{slug}/page/{n}", "/search", "/cart", "/checkout",
    "/login", "/logout", "/mypage", "/mypage/orders/{id}", "/docs/v1.2/getting-started", "/docs/api/v2/auth.html",
    "/blog/{year}/{month}/{slug}", "/tags/{slug}", "/faq", "/privacy-policy", "/terms", "/sitemap.xml",
    "/robots.txt", "/favicon.ico", "/feed", "/feed/atom.xml", "/ja/お知らせ", "/download/report-2024.pdf",
    "/download/manual_v3.1.zip", "/wp-content/uploads/{year}/{month}/photo-{n}.jpg", "/wp-json/wp/v2/posts",
    "/static/js/app.{hash}.js", "/static/css/main.{hash}.css", "/images/logo.png", "/images/banner@2x.webp",
    "/fonts/NotoSansJP-Regular.woff2", "/api/v1/users/{id}", "/api/v1/users/{id}/orders", "/api/v1/search",
    "/api/v2/items/{id}/stock", "/graphql", "/healthz", "/.well-known/security.txt",
    "/.well-known/acme-challenge/{hash}", "/user/settings/notifications", "/events/2024-05-03",
    "/calendar/2024/05", "/shop/item/{id}-{slug}", "/recipes/{slug}", "/jobs/engineer-(remote)",
    "/catalog/c++-books", "/files/minutes_2024-05-01.docx",
]
SLUGS = ["spring-sale", "new-arrivals", "how-to-select-a-laptop", "union-pacific-history", "drop-in-class",
         "script-tips", "alert-system-update", "tokyo-osaka", "cat-care", "echo-chamber", "1-2-3-go",
         "delete-vs-remove", "or-and-not", "select-your-plan"]
UAS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.67",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36 Line/14.6.1",
    "Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
    "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)",
    "okhttp/4.12.0", "Dalvik/2.1.0 (Linux; U; Android 13; SO-51C Build/67.1.F.2.118)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "facebookexternalhit/1.1",
    "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
    "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17531; Pro)",
    "Go-http-client/2.0", "Java/17.0.10", "Apache-HttpClient/4.5.14 (Java/17.0.10)",
    # older browsers as real logs still hold them: locales ("; id)", "; ja;"), CPU
    # names ("; arm;"), Windows tokens and semicolon lists that read like shell
    "Mozilla/5.0 (Linux; U; Android 4.0.3; id; GT-I9100 Build/IML74K) AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 Mobile Safari/534.30",
    "Mozilla/5.0 (Linux; U; Android 2.3.6; ja-jp; SC-02C Build/GINGERBREAD) AppleWebKit/533.1 (KHTML, like Gecko) Version/4.0 Mobile Safari/533.1",
    "Mozilla/5.0 (Windows NT 6.2; ARM; Trident/7.0; Touch; rv:11.0; WPDesktop; Lumia 1520) like Gecko",
    "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.2; ARM; Trident/6.0; Touch)",
    "Mozilla/5.0 (X11; CrOS armv7l 13597.84.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0.4472.114 Safari/537.36",
    "Mozilla/5.0 (X11; U; Linux arm; id) AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 Safari/534.30",
    "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; WOW64; Trident/4.0; SLCC2; .NET CLR 2.0.50727; .NET CLR 3.5.30729; Media Center PC 6.0)",
    "Opera/9.80 (Android; Opera Mini/7.5.33361/31.1448; U; id) Presto/2.8.119 Version/11.1010",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/115.0 (time; test)",
    "curl/7.88.1", "Wget/1.21.3", "python-requests/2.31.0", "PostmanRuntime/7.37.3", "axios/1.6.8",
    "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)", "Python-urllib/3.11",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
    "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.201 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
]
REFERRERS = [
    "-", "https://www.example.jp/", "https://www.example.jp/products", "https://www.google.com/",
    "https://www.google.co.jp/search?q={q}", "https://search.yahoo.co.jp/search?p={q}",
    "https://www.bing.com/search?q={q}&form=QBLH", "https://t.co/AbCdEf1234", "https://www.facebook.com/",
    "https://line.me/R/", "android-app://com.google.android.gm/", "https://www.example.jp/search?q={q}",
    "https://mail.example.co.jp/owa/?ae=Item&t=IPM.Note", "https://www.example.jp/blog/2024/05/spring-sale#comments",
    # search redirects as browsers sent them, with their encoded target URLs and tokens
    "https://www.google.com/url?sa=t&rct=j&q=&esrc=s&source=web&cd=1&cad=rja&uact=8&ved=0CCAQFjAA&url=https%3A%2F%2Fwww.example.jp%2Fproducts%2F&ei=AbCdEfGhIjKlMnOp&usg=AFQjCNHx1y2z3-aBcD_eFgH&bvm=bv.123456789,d.dGo",
    "https://www.google.co.jp/url?sa=t&rct=j&q=%E9%9B%BB%E5%8A%9B&esrc=s&source=web&cd=3&ved=2ahUKEwj&url=https%3A%2F%2Fwww.example.jp%2F%3Fq%3Da%26b%3Dc&usg=AOvVaw0",
    "https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.example.jp%2F%3Ffbclid%3DIwAR0&h=AT0aBc-DeF_gHi",
    "https://www.baidu.com/link?url=Xyz_AbC-123dEf&wd=&eqid=9f8e7d6c00012345000000036",
    "https://duckduckgo.com/?q={q}&t=h_&ia=web",
    # the referring page's own URL, encoded twice over as redirects write it
    "https://www.google.co.jp/url?sa=t&rct=j&q=&esrc=s&source=web&cd=3&ved=0CCkQFjAC&url=http%3A%2F%2Fwww.example.jp%2Fblog%2F%25E6%2597%25A5%25E8%25A8%2598%2F&ei=AbC&usg=AFQjCNE&sig2=xyz&bvm=bv.1,d.dGY",
    "http://www.example.jp/list?cat=%25E3%2581%2582&sort=new",
]


def _fill(rng, template):
    return (template.replace("{id}", str(rng.randint(1, 99999)))
            .replace("{slug}", rng.choice(SLUGS))
            .replace("{n}", str(rng.randint(1, 40)))
            .replace("{year}", str(rng.choice([2023, 2024])))
            .replace("{month}", "%02d" % rng.randint(1, 12))
            .replace("{hash}", "%08x" % rng.getrandbits(32)))


def _q(text, plus=True):
    return urllib.parse.quote_plus(text) if plus else urllib.parse.quote(text, safe="")


def _query(rng):
    choices = [
        lambda: "q=" + _q(rng.choice(SEARCHES)),
        lambda: "q=" + _q(rng.choice(SEARCHES)) + "&page=%d&sort=%s" % (rng.randint(1, 9), rng.choice(
            ["price_asc", "price_desc", "newest", "relevance", "-created_at"])),
        lambda: "utm_source=%s&utm_medium=%s&utm_campaign=%s" % (
            rng.choice(["newsletter", "google", "line", "x.com"]), rng.choice(["email", "cpc", "social"]),
            rng.choice(["spring_sale_2024", "golden-week", "select+plan", "drop%2Fin"])),
        lambda: "fbclid=IwAR%s" % "".join(rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
                                          for _ in range(rng.randint(40, 80))),
        lambda: "gclid=Cj0KCQjw%s" % "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789_-")
                                             for _ in range(60)),
        lambda: "redirect=" + _q("https://www.example.jp/mypage/orders/%d?tab=history" % rng.randint(1, 9999), False),
        lambda: "next=/mypage/settings&lang=" + rng.choice(["ja", "en", "zh-CN", "ko"]),
        lambda: "callback=jQuery%d_%d&_=%d" % (rng.randint(10**15, 10**16), rng.randint(10**12, 10**13),
                                                  rng.randint(10**12, 10**13)),
        lambda: "date=2024-05-%02d&time=%02d%%3A%02d" % (rng.randint(1, 31), rng.randint(0, 23), rng.randint(0, 59)),
        lambda: "email=" + _q("taro.yamada+%d@example.co.jp" % rng.randint(1, 99)),
        lambda: "name=" + _q(rng.choice(NAMES)),
        lambda: "comment=" + _q(rng.choice(COMMENTS)),
        lambda: "filter%5Bbrand%5D=" + rng.choice(["acme", "sony", "muji"]) + "&filter%5Bprice%5D%5Bmax%5D=5000",
        lambda: "ids=%s" % ",".join(str(rng.randint(1, 999)) for _ in range(rng.randint(2, 8))),
        lambda: "json=" + _q('{"cart":[{"id":%d,"qty":%d}],"coupon":null}' % (rng.randint(1, 999), rng.randint(1, 5))),
        lambda: "token=" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
                                   for _ in range(43)),
        lambda: "state=%08x-%04x-4%03x-a%03x-%012x&code=%s" % (rng.getrandbits(32), rng.getrandbits(16),
                                                              rng.getrandbits(12), rng.getrandbits(12),
                                                              rng.getrandbits(48), "4%2F0Ad" + "x" * 20),
        lambda: "file=" + rng.choice(["report-2024.pdf", "minutes.docx", "photo_01.jpg", "catalog.xlsx"]),
        lambda: "path=" + _q(rng.choice(["/docs/intro", "/mypage", "/products/123"]), False),
        lambda: "price_min=1000&price_max=5000&in_stock=true",
        lambda: "v=%d.%d.%d" % (rng.randint(1, 5), rng.randint(0, 20), rng.randint(0, 99)),
        lambda: "query=" + _q("{ viewer { login repositories(first: 10) { nodes { name } } } }"),
        lambda: "expr=" + _q(rng.choice(["3*4", "(1+2)/3", "2^10", "sqrt(16)"])),
        lambda: "tz=Asia%2FTokyo&format=json",
        # legacy clients: JavaScript's escape() (%uXXXX for Japanese), Shift_JIS and EUC-JP
        lambda: "q=" + "".join(("%%u%04X" if ord(c) > 0xff else "%%%02X") % ord(c)
                               for c in rng.choice(["東京 天気", "確定申告", "１２３"])),
        lambda: "q=" + _q(rng.choice(["東京 天気", "新幹線 予約", "電力"]).encode(rng.choice(["shift_jis", "euc_jp"]))),
        # placeholders a mail tool or a template never filled in, as they reach the logs
        lambda: "utm_campaign=%7B%7Bcampaign.name%7D%7D&uid=%24%7Buser_id%7D",
        # REST framework filter lookups, a text area sent with GET, a nested redirect
        lambda: "price__gte=%d&created__lt=2024-05-01&name__icontains=%s" % (
            rng.randint(100, 5000), rng.choice(["tea", "cup"])),
        lambda: "message=" + _q("Hello,\r\nPlease send the invoice.\r\nThanks"),
        lambda: "return_to=" + _q("/login?next=" + _q("/mypage/orders?page=2", False), False),
    ]
    return rng.choice(choices)()


def generate(count, seed=20240501):
    """Returns count requests as (method, uri, version, user_agent, referrer)."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        path = _fill(rng, rng.choice(PAGES))
        path = urllib.parse.quote(path, safe="/@.-_~()+,")
        method = "GET"
        if path.startswith("/api/") or path == "/graphql":
            method = rng.choice(["GET", "GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
        elif path in ("/login", "/checkout", "/cart"):
            method = rng.choice(["GET", "POST"])
        elif rng.random() < 0.02:
            method = "HEAD"
        elif path.startswith("/docs/") and rng.random() < 0.1:
            method = rng.choice(["PROPFIND", "OPTIONS"])  # WebDAV clients on shared documents
        uri = path + ("?" + _query(rng) if rng.random() < 0.55 else "")
        referrer = rng.choice(REFERRERS).replace("{q}", _q(rng.choice(SEARCHES)))
        out.append((method, uri, rng.choice(["HTTP/1.1", "HTTP/2.0"]), rng.choice(UAS), referrer))
    return out
