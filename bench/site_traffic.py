#!/usr/bin/env python3
"""A second set of generated everyday traffic, held out from the readers' changes.

benign_traffic.py is what the web readers were checked against while they were
written, so a false-alarm rate measured on it flatters them. This module was written
afterwards, from other sources of ordinary requests, and is used only to measure: a
small site's public traffic as its logs hold it over several years (content-management
paths and their asset versions, directory-listing sort keys, matrix parameters), the
query languages of REST and search APIs that put operators in the query string (OData's
$filter, PostgREST's select and or=(...), Solr's field:value, Elasticsearch's q),
crawlers, feed readers, text browsers and libraries of many vintages, and the search
engines' and link shorteners' redirect referrers. Nothing in it is an attack.

    crs_eval.py ... --generated N --generator site_traffic
"""
import random
import urllib.parse

POSTS = ["getting-started-with-rsync", "why-i-left-the-cloud", "a-week-in-hokkaido", "notes-on-tcp-keepalive",
         "select-the-right-ssd", "drop-your-old-habits", "union-busting-history", "how-to-read-a-stack-trace",
         "bash-tips-for-the-impatient", "sleep-and-productivity", "the-cat-who-came-back", "exec-summary-2015",
         "or-else-a-short-story", "delete-facebook", "insert-witty-title-here", "my-etc-folder-is-a-mess",
         "ping-pong-diplomacy", "ls-colors-explained", "where-clause-tips", "order-of-operations",
         "kubernetes-the-hard-way-notes", "php-7-migration-notes", "javascript-promises", "tea-ceremony"]
TAGS = ["linux", "ruby-on-rails", "c%2B%2B", "sql", "travel", "photography", "security", "bash", "python",
        "web", "japan", "cooking", "devops", "networking", "music"]
WORDS = ["how to", "kill process", "drop table if exists", "select star", "rm -rf node_modules", "sleep mode",
         "cat /proc/cpuinfo meaning", "union find algorithm", "update python", "echo off", "ping timeout",
         "exec format error", "wget recursive", "curl post json", "bash for loop", "awk print column",
         "sed replace newline", "order by desc", "group by month", "join two tables", "alert box css",
         "script tag async", "eval in python", "system32 folder", "passwd command", "chmod 755",
         "sudo apt update", "grep -r", "tar xzf", "vim quit", "find -name", "ssh-keygen", "netstat -an",
         "ipconfig /all", "dir /s", "net user", "powershell get-childitem", "onload event", "iframe height",
         "base64 decode", "url encode", "utf-8 bom", "%20 meaning", "null vs undefined", "1=1 meaning",
         "'or' in sql", "true or false quiz", "and gate", "c# string format", "f# tutorial", "<div> center"]
UAS = [
    "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2272.101 Safari/537.36",
    "Mozilla/5.0 (Windows NT 6.3; WOW64; Trident/7.0; rv:11.0) like Gecko",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:36.0) Gecko/20100101 Firefox/36.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10_2) AppleWebKit/600.4.10 (KHTML, like Gecko) Version/8.0.4 Safari/600.4.10",
    "Mozilla/5.0 (iPad; CPU OS 8_2 like Mac OS X) AppleWebKit/600.1.4 (KHTML, like Gecko) Version/8.0 Mobile/12D508 Safari/600.1.4",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 8_1_3 like Mac OS X) AppleWebKit/600.1.4 (KHTML, like Gecko) Mobile/12B466 [FBAN/FBIOS;FBAV/26.0.0.31.15;FBBV/8016932;FBDV/iPhone7,2;FBMD/iPhone;FBSN/iPhone OS;FBSV/8.1.3;FBSS/2; FBCR/SoftBank;FBID/phone;FBLC/ja_JP;FBOP/5]",
    "Mozilla/5.0 (Linux; Android 4.4.2; SAMSUNG SM-T530 Build/KOT49H) AppleWebKit/537.36 (KHTML, like Gecko) Version/1.5 Chrome/28.0.1500.94 Safari/537.36",
    "Mozilla/5.0 (Linux; U; Android 4.1.2; ja-jp; SC-06D Build/JZO54K) AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 Mobile Safari/534.30",
    "Mozilla/5.0 (BlackBerry; U; BlackBerry 9800; en) AppleWebKit/534.1+ (KHTML, like Gecko) Version/6.0.0.337 Mobile Safari/534.1+",
    "Mozilla/5.0 (Windows Phone 10.0; Android 4.2.1; Microsoft; Lumia 950) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/46.0.2486.0 Mobile Safari/537.36 Edge/13.10586",
    "Mozilla/5.0 (Nintendo 3DS; U; ; en) Version/1.7412.EU",
    "Mozilla/5.0 (PlayStation 4 2.50) AppleWebKit/537.73 (KHTML, like Gecko)",
    "Mozilla/5.0 (SMART-TV; Linux; Tizen 2.3) AppleWebKit/538.1 (KHTML, like Gecko) SamsungBrowser/1.0 TV Safari/538.1",
    "Mozilla/5.0 (compatible; Konqueror/4.5; FreeBSD) KHTML/4.5.4 (like Gecko)",
    "Mozilla/5.0 (X11; Linux i686) AppleWebKit/537.36 (KHTML, like Gecko) Ubuntu Chromium/37.0.2062.94 Chrome/37.0.2062.94 Safari/537.36",
    "Mozilla/5.0 (X11; OpenBSD amd64; rv:28.0) Gecko/20100101 Firefox/28.0",
    "Mozilla/5.0 (Windows NT 5.1; rv:31.0) Gecko/20100101 Firefox/31.0",
    "Opera/9.80 (Windows NT 6.1; WOW64) Presto/2.12.388 Version/12.17",
    "Links (2.8; Linux 3.16.0-4-amd64 x86_64; GNU C 4.8.2; text)",
    "Lynx/2.8.8dev.15 libwww-FM/2.14 SSL-MM/1.4.1 GNUTLS/2.12.20",
    "w3m/0.5.3+git20180125",
    "Mozilla/5.0 (compatible; MJ12bot/v1.4.5; http://www.majestic12.co.uk/bot.php?+)",
    "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
    "Mozilla/5.0 (compatible; Exabot/3.0; +http://www.exabot.com/go/robot)",
    "ia_archiver (+http://www.alexa.com/site/help/webmasters; crawler@alexa.com)",
    "Mozilla/5.0 (compatible; DotBot/1.1; http://www.opensiteexplorer.org/dotbot, help@moz.com)",
    "Mozilla/5.0 (compatible; Linux x86_64; Mail.RU_Bot/2.0; +http://go.mail.ru/help/robots)",
    "Mozilla/5.0 (compatible; Qwantify/2.4w; +https://www.qwant.com/)/2.4w",
    "Mozilla/5.0 (compatible; Yahoo! Slurp China; http://misc.yahoo.com.cn/help.html)",
    "Feedly/1.0 (+http://www.feedly.com/fetcher.html; like FeedFetcher-Google)",
    "Tiny Tiny RSS/1.15.3 (http://tt-rss.org/)",
    "UniversalFeedParser/5.0.1 +http://feedparser.org/",
    "NetNewsWire/4.0.0 (Mac OS X; http://netnewswire.com/)",
    "WordPress/4.1.1; http://blog.example.org",
    "Xenu Link Sleuth/1.3.8",
    "libwww-perl/6.08", "Java/1.7.0_45", "Ruby", "Go 1.1 package http", "Wget/1.13.4 (linux-gnu)",
    "curl/7.38.0", "Python-urllib/2.7", "Apache-HttpClient/UNAVAILABLE (java 1.4)",
    "Mozilla/5.0 (Windows NT 6.1; WOW64; rv:40.0) Gecko/20100101 Firefox/40.1 (Windows; U; en-US; .NET CLR 3.5.30729)",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Safari/605.1.15 (Ecosia ios@5.6.0)",
]
REFERRERS = [
    "-", "http://www.google.com/search?q={q}", "https://www.google.co.uk/", "http://www.bing.com/search?q={q}&qs=n&form=QBRE",
    "http://r.search.yahoo.com/_ylt=A0LEVr3bcAhVzEwAjfxXNyoA;_ylu=X3oDMTEzcTB1dmFtBGNvbG8DYmYxBHBvcwMxBHZ0aWQDQjE1MDlfMQRzZWMDc3I-/RV=2/RE=1426645340/RO=10/RU=http%3a%2f%2fblog.example.org%2f/RK=0/RS=Xb8oSgN5BMbb7i.Vl__Ga6E1k9Y-",
    "http://www.reddit.com/r/linux/comments/2y8p0x/{p}/", "https://news.ycombinator.com/item?id=9187432",
    "http://t.co/Xq2vB3nTz", "android-app://com.google.android.googlequicksearchbox",
    "http://www.baidu.com/s?wd={q}&rsv_spt=1&issp=1&f=8&rsv_bp=0&rsv_idx=2&ie=utf-8&tn=baiduhome_pg",
    "http://yandex.ru/clck/jsredir?from=yandex.ru%3Bsearch%2F%3Bweb%3B%3B&text=&etext=713.Ab_Cd-Ef&uuid=&state=PEtFfuTeVD",
    "http://m.facebook.com/", "http://localhost:8080/", "http://192.168.1.10/wiki/Main_Page",
    "http://webcache.googleusercontent.com/search?q=cache:AbCdEf12GhIJ:blog.example.org/{p}/+&cd=1&hl=en&ct=clnk&gl=jp",
    "http://translate.google.com/translate?hl=en&sl=ja&u=http://blog.example.org/&prev=search",
    "http://blog.example.org/{p}/", "http://blog.example.org/?s={q}", "http://blog.example.org/page/2/",
    "https://duckduckgo.com/", "http://search.naver.com/search.naver?where=nexearch&query={q}&sm=top_hty&fbm=1",
    "http://www.so.com/s?q={q}&src=srp&fr=none", "https://l.messenger.com/l.php?u=http%3A%2F%2Fblog.example.org%2F&h=ATPx",
]


def _q(text):
    return urllib.parse.quote_plus(text)


def _hex(rng, n):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def _target(rng):
    p = rng.choice(POSTS)
    y, m = rng.choice([2013, 2014, 2015, 2016]), rng.randint(1, 12)
    choices = [
        lambda: "/%d/%02d/%02d/%s/" % (y, m, rng.randint(1, 28), p),
        lambda: "/?p=%d" % rng.randint(1, 3000),
        lambda: "/?s=" + _q(rng.choice(WORDS)),
        lambda: "/page/%d/" % rng.randint(2, 40),
        lambda: "/tag/%s/" % rng.choice(TAGS),
        lambda: "/category/%s/feed/" % rng.choice(["linux", "notes", "travel"]),
        lambda: "/feed/", lambda: "/comments/feed/", lambda: "/robots.txt", lambda: "/favicon.ico",
        lambda: "/apple-touch-icon-precomposed.png", lambda: "/sitemap_index.xml",
        lambda: "/wp-content/themes/twentyfifteen/style.css?ver=4.1.1",
        lambda: "/wp-includes/js/jquery/jquery.js?ver=1.11.1",
        lambda: "/wp-content/uploads/%d/%02d/IMG_%04d-300x200.jpg" % (y, m, rng.randint(1, 9999)),
        lambda: "/wp-cron.php?doing_wp_cron=1426150023.5619058609008789062500",
        lambda: "/%d/%02d/%02d/%s/?replytocom=%d" % (y, m, rng.randint(1, 28), p, rng.randint(1, 900)),
        lambda: "/%s/?share=%s&nb=1" % (p, rng.choice(["facebook", "twitter", "google-plus-1", "email"])),
        lambda: "/%s/?utm_source=feedburner&utm_medium=feed&utm_campaign=Feed%%3A+example+%%28Example+Blog%%29" % p,
        lambda: "/index.php?option=com_content&view=article&id=%d&Itemid=101" % rng.randint(1, 200),
        lambda: "/node/%d?destination=node/%d%%23comment-form" % (rng.randint(1, 500), rng.randint(1, 500)),
        lambda: "/files/?C=%s;O=%s" % (rng.choice("NMSD"), rng.choice("AD")),
        lambda: "/shop/cart.do;jsessionid=%s" % _hex(rng, 32).upper(),
        lambda: "/downloads/setup-%d.%d.%d.exe" % (rng.randint(1, 3), rng.randint(0, 9), rng.randint(0, 9)),
        lambda: "/docs/unix/%s.html" % rng.choice(["cat", "ls", "grep", "chmod", "kill", "ping", "sleep"]),
        lambda: "/man/1/%s" % rng.choice(["bash", "wget", "curl", "nc", "sh", "passwd", "id", "whoami"]),
        lambda: "/~%s/index.html" % rng.choice(["tanaka", "smith", "lee"]),
        lambda: "/avatar/%s?d=identicon&s=96&r=G" % _hex(rng, 32),
        # APIs whose query languages put operators in the query string
        lambda: "/odata/Products?$filter=" + urllib.parse.quote("Price gt %d and Category eq 'Books'" % rng.randint(5, 50))
        + "&$orderby=Name%20desc&$top=10&$select=Name,Price",
        lambda: "/odata/People?$filter=" + urllib.parse.quote("startswith(LastName, 'O''Br') or City eq 'Tokyo'"),
        lambda: "/rest/people?select=id,name,age&age=gte.%d&order=age.desc&or=(age.lt.18,age.gt.65)" % rng.randint(18, 40),
        lambda: "/rest/orders?select=*,items(*)&status=in.(open,pending)&limit=20&offset=40",
        lambda: "/solr/select?q=title%%3A%s+AND+year%%3A%%5B2010+TO+2015%%5D&start=0&rows=10&wt=json&fl=id,title"
        % rng.choice(["linux", "python", "sql"]),
        lambda: "/search/_search?q=" + urllib.parse.quote('user:kimchy AND message:"hello world" OR tags:(a b)'),
        lambda: "/api/items?fields=id,name,email&include=author,comments&filter%5Bstatus%5D=open&sort=-updated_at",
        lambda: "/api/v1/stats?from=now-7d&to=now&interval=1h&metric=avg(latency)",
        lambda: "/jsonp/feed?callback=jsonp%d&_=%d" % (rng.randint(10**9, 10**10), rng.randint(10**12, 10**13)),
        lambda: "/go?url=" + urllib.parse.quote("http://example.org/article?id=%d&ref=blog" % rng.randint(1, 99), safe=""),
        lambda: "/login?returnUrl=%2Fadmin%2Fposts%3Fstatus%3Ddraft",
        lambda: "/calc?expr=" + urllib.parse.quote(rng.choice(["(2+3)*4", "10/3", "2**8", "max(1,2)"]), safe=""),
        lambda: "/?_escaped_fragment_=/products/%d" % rng.randint(1, 99),
        lambda: "/track.gif?e=pv&url=" + urllib.parse.quote("http://blog.example.org/%s/" % p, safe="")
        + "&res=1920x1080&cd=24&cookie=1&tz=-540",
    ]
    return rng.choice(choices)()


def generate(count, seed=20150317):
    """Returns count requests as (method, uri, version, user_agent, referrer)."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        uri = _target(rng)
        method = "GET"
        if uri.startswith("/rest/") or uri.startswith("/odata/"):
            method = rng.choice(["GET", "GET", "GET", "PATCH", "DELETE"])
        elif rng.random() < 0.03:
            method = rng.choice(["HEAD", "POST", "OPTIONS"])
        referrer = (rng.choice(REFERRERS).replace("{q}", _q(rng.choice(WORDS)))
                    .replace("{p}", rng.choice(POSTS)))
        out.append((method, uri, rng.choice(["HTTP/1.1", "HTTP/1.0"]), rng.choice(UAS), referrer))
    return out
