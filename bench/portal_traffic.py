#!/usr/bin/env python3
"""A third set of generated everyday traffic: what a member organisation's own servers
receive, written before fukurou ran on it (2026-12-04) and measured on it once as held
out.

benign_traffic.py taught the readers and site_traffic.py taught the Referer and
free-text rules, so neither says any more how fukurou fares on traffic no one tuned
for. This set comes from other places: the public portal of a ministry or a city
(Japanese searches in UTF-8 and Shift_JIS, forms, press releases), a web shop, the
tools an organisation runs for itself (webmail and ActiveSync, SharePoint and its REST
API, Jira's JQL, Confluence's CQL, Grafana's InfluxQL and Prometheus' PromQL through
their HTTP APIs, Kibana, GitLab, Nextcloud's WebDAV, Moodle), single sign-on (OAuth
codes and states, SAML redirects), analytics and advertising beacons with page titles
and click ids, signed download links, GraphQL over GET, the health checks of load
balancers and monitoring, today's browsers, apps, link-preview bots and AI crawlers.
Nothing in it is an attack; what people type is in the proportions a portal sees
(most searches plain words, a few with quotes, ampersands, slashes or signs).

    crs_eval.py ... --generated N --generator portal_traffic
"""
import base64
import random
import urllib.parse

from gen_common import pick

Q = urllib.parse.quote


def _qs(text):
    """a form's encoding of what someone typed (spaces as '+')"""
    return urllib.parse.quote_plus(text)


SEARCH_JA = ["申請書 ダウンロード", "マイナンバーカード 更新", "確定申告 e-Tax", "住民票 コンビニ交付",
             "パスワード 忘れた", "補助金 中小企業 2024", "入札 公告", "防災 ハザードマップ", "ごみ 分別 アプリ",
             "保育園 入園 申込み", "採用 募集要項", "報道発表 令和6年", "情報セキュリティ 対策基準", "個人情報保護方針",
             "サイバー攻撃 注意喚起", "ふるさと納税", "パブリックコメント", "統計 人口 推移", "道路 通行止め", "ワクチン 接種"]
SEARCH_EN = ["passport renewal", "form 1040 instructions", "how to reset password", "office hours",
             "press release december", "procurement notice", "annual report 2023", "contact us",
             "data breach notification", "job openings", "o'hare parking", "AT&T store hours", "q&a",
             "C++ course", "50% off", "size 10 1/2", "\"exact phrase\" search", "usb-c to usb-a (3m)",
             "12\" pizza pan", "rock & roll", "t-shirt + jeans", "what does 'select all' do",
             "site:example.go.jp budget", "filetype:pdf guidelines", "price < $100", "-minus word",
             "phishing email report", "ransomware guidance", "cve-2024-3400", "log4j patch"]
PRODUCTS = ["noise-cancelling-headphones", "usb-c-hub-7-in-1", "ergonomic-chair", "o-neill-hoodie",
            "12-inch-pizza-pan", "cotton-t-shirt", "lan-cable-cat6-3m", "ssd-1tb-nvme", "rice-cooker-5-5go"]
TITLES = ["Home | City of Example", "お知らせ一覧 | 総務省", "Search results - Example Shop",
          "Sign in to your account", "Incident Response Runbook - SEC - Confluence", "[SOC-1234] Phishing wave - Jira",
          "Inbox (3) - tanaka@example.go.jp - Outlook", "Cart (2 items) | Example Shop",
          "令和6年度 予算概要 | 財務局", "Q&A: Filing your return | Tax Office", "404 Not Found",
          "Dashboard - Grafana", "Discover - Elastic", "O'Reilly Media - Technology Books"]
FILES = ["O'Reilly - Learning SQL.pdf", "report (final).xlsx", "見積書_2024.pdf", "議事録 12月.docx",
         "budget #2 v3.xlsx", "photo 2024-12-01 10.15.jpg", "notes & todo.txt", "select list.csv"]
REPO_FILES = ["README.md", "src/main.c", "roles/common/files/etc/ssh/sshd_config",
              "roles/web/templates/etc/nginx/conf.d/site.conf.j2", "docker/etc/supervisord.conf",
              "scripts/backup.sh", ".gitlab-ci.yml", "db/migrations/001_init.sql", "config/settings.py"]
BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Line/13.20.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36 OPR/105.0.0.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
]
CLIENTS = [
    "MyCityApp/5.12.0 (iPhone; iOS 17.1.2; Scale/3.00)", "okhttp/4.12.0",
    "Dalvik/2.1.0 (Linux; U; Android 14; Pixel 7 Build/UQ1A.240105.004)", "CFNetwork/1485 Darwin/23.1.0",
    "python-requests/2.31.0", "Go-http-client/2.0", "Java/17.0.9", "Apache-HttpClient/4.5.14 (Java/17.0.9)",
    "axios/1.6.2", "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)", "curl/8.4.0", "Wget/1.21.4",
    "PostmanRuntime/7.36.0", "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17029; Pro)",
    "Microsoft-WebDAV-MiniRedir/10.0.19045", "Apple-iPhone15C2/2101.5", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) "
    "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 SkypeUriPreview Preview/0.5 "
    "skype-url-preview@microsoft.com", "Mozilla/5.0 (X11; Linux x86_64) Nextcloud-android/3.27.0",
    "Mozilla/5.0 (Windows) mirall/3.11.0 (build 20231214) (Nextcloud, windows-10.0.19045 ClientArchitecture: x86_64 "
    "OsArchitecture: x86_64)",
]
BOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", "Twitterbot/1.0",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    "Mozilla/5.0 (compatible; Linespider/1.1; +https://lin.ee/4dwXkTH)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.0; +https://openai.com/gptbot)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", "CCBot/2.0 (https://commoncrawl.org/faq/)",
    "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)",
    "Mozilla/5.0 (compatible; PetalBot;+https://webmaster.petalsearch.com/site/petalbot)",
]
PROBES = ["kube-probe/1.27", "ELB-HealthChecker/2.0", "Prometheus/2.45.0", "Zabbix", "check_http/v2.3.3 (nagios-plugins 2.3.3)",
          "Datadog Agent/7.48.0", "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)",
          "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)", "GoogleHC/1.0",
          "Blackbox Exporter/0.24.0"]


def _b64(rng, n, urlsafe=False):
    raw = bytes(rng.randrange(256) for _ in range(n))
    return (base64.urlsafe_b64encode(raw) if urlsafe else base64.b64encode(raw)).decode()


def _hex(rng, n):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def _guid(rng):
    h = _hex(rng, 32).upper()
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def _jwt_like(rng, claims):
    head = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').decode().rstrip("=")
    body = base64.urlsafe_b64encode(claims.encode()).decode().rstrip("=")
    return "%s.%s.%s" % (head, body, _b64(rng, 32, True).rstrip("="))


def _sjis(text):
    return urllib.parse.quote_plus(text.encode("shift_jis"))


def _portal(rng):
    ja = rng.choice(SEARCH_JA)
    return rng.choice([
        lambda: "/", lambda: "/index.html", lambda: "/about/", lambda: "/press/2024/%02d%02d.html" % (rng.randint(1, 12), rng.randint(1, 28)),
        lambda: "/soshiki/%d/%d.html" % (rng.randint(1, 40), rng.randint(1000, 9999)),
        lambda: "/kurashi/gomi/index.html", lambda: "/event/?ym=2024%02d" % rng.randint(1, 12),
        lambda: "/search?q=" + _qs(ja) + "&page=%d" % rng.randint(1, 3),
        lambda: "/search/result.html?kw=" + _qs(rng.choice(SEARCH_EN)) + "&sort=date",
        lambda: "/cgi-bin/search.cgi?kw=" + _sjis(ja) + "&charset=sjis",
        lambda: "/docs/%s.pdf" % Q("令和6年度_予算概要"), lambda: "/files/" + Q(rng.choice(FILES)),
        lambda: "/form/inquiry?category=%d&ref=%s" % (rng.randint(1, 9), Q("/kurashi/gomi/index.html", safe="")),
        lambda: "/law/document?lawid=325AC00000002%02d&keyword=" % rng.randint(0, 99) + _qs(ja),
        lambda: "/news/rss.xml", lambda: "/sitemap.xml", lambda: "/robots.txt", lambda: "/favicon.ico",
        lambda: "/apple-touch-icon.png", lambda: "/.well-known/security.txt", lambda: "/ads.txt",
        lambda: "/.well-known/apple-app-site-association", lambda: "/.well-known/assetlinks.json",
        lambda: "/.well-known/openid-configuration", lambda: "/.well-known/change-password",
        lambda: "/.well-known/acme-challenge/" + _b64(rng, 32, True).rstrip("="),
        lambda: "/manifest.json", lambda: "/sw.js", lambda: "/browserconfig.xml",
    ])()


def _shop(rng):
    return rng.choice([
        lambda: "/item/%d/?sku=%s-%d&color=%s&size=%s" % (rng.randint(1, 99999), rng.choice(["ABC", "TSH", "HD"]), rng.randint(1, 999),
                                                           Q("ブラック"), rng.choice(["S", "M", "L", "XL", "10%201%2F2"])),
        lambda: "/products/%s?variant=%d" % (rng.choice(PRODUCTS), rng.randint(10**12, 10**13)),
        lambda: "/search?q=" + _qs(rng.choice(SEARCH_EN)) + "&sort=%s" % rng.choice(["price", "-price", "new", "rank"]),
        lambda: "/cart/add?id=%d&qty=%d" % (rng.randint(1, 9999), rng.randint(1, 3)),
        lambda: "/checkout/payment?step=2&method=%s" % rng.choice(["card", "konbini", "paypay"]),
        lambda: "/account/orders/2024-%06d" % rng.randint(1, 999999),
        lambda: "/collections/sale?filter.v.price.gte=1000&filter.v.price.lte=5000&sort_by=price-ascending",
        lambda: "/products/%s?utm_source=newsletter&utm_medium=email&utm_campaign=%s&utm_content=%s" % (
            rng.choice(PRODUCTS), Q("winter_sale_50%_off"), Q("buy 1 & get 1 free!")),
        lambda: "/?gclid=" + _b64(rng, 60, True).rstrip("=") + "&gad_source=1",
        lambda: "/?fbclid=IwAR" + _b64(rng, 45, True).rstrip("="),
        lambda: "/landing?msclkid=%s&utm_source=bing&utm_medium=cpc" % _hex(rng, 32),
        lambda: "/newsletter?mc_cid=%s&mc_eid=%s" % (_hex(rng, 10), _hex(rng, 10)),
        lambda: "/blog/post?_hsenc=p2ANqtz-" + _b64(rng, 60, True).rstrip("=") + "&_hsmi=%d" % rng.randint(10**7, 10**8),
        lambda: "/_next/image?url=%s&w=%d&q=75" % (Q("/images/%s.jpg" % rng.choice(PRODUCTS), safe=""), rng.choice([640, 1080, 1920])),
        lambda: "/_next/data/%s/products/%s.json?slug=%s" % (_hex(rng, 20), rng.choice(PRODUCTS), rng.choice(PRODUCTS)),
        lambda: "/_next/static/chunks/pages/%s-%s.js" % (Q("[slug]"), _hex(rng, 16)),
        lambda: "/assets/index-%s.css" % _b64(rng, 6, True).rstrip("="),
        lambda: "/css2?family=Noto+Sans+JP:wght@400;700&display=swap",
        lambda: "/maps/api/staticmap?center=35.6812,139.7671&zoom=14&size=600x300&markers=color:red%7Clabel:A%7C35.6812,139.7671&key=AIza"
        + _b64(rng, 26, True).rstrip("="),
        lambda: "/tiles/%d/%d/%d.png" % (rng.randint(3, 18), rng.randint(0, 9999), rng.randint(0, 9999)),
    ])()


def _beacon(rng):
    title = rng.choice(TITLES)
    page = "https://www.example.go.jp/" + rng.choice(["", "press/", "search?q=" + _qs(rng.choice(SEARCH_JA)), "kurashi/gomi/"])
    return rng.choice([
        lambda: "/g/collect?v=2&tid=G-%s&gtm=45je3c10&_p=%d&cid=%d.%d&ul=ja-jp&sr=1920x1080&en=page_view&dl=%s&dt=%s&_s=%d" % (
            _hex(rng, 10).upper(), rng.randint(10**8, 10**9), rng.randint(10**8, 10**9), rng.randint(10**8, 10**9),
            Q(page, safe=""), Q(title, safe=""), rng.randint(1, 9)),
        lambda: "/matomo.php?action_name=%s&idsite=1&rec=1&r=%d&h=%d&m=%d&s=%d&url=%s&urlref=%s&_id=%s&send_image=0&pdf=1&cookie=1&res=1920x1080" % (
            Q(title, safe=""), rng.randint(100000, 999999), rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59),
            Q(page, safe=""), Q("https://www.google.com/", safe=""), _hex(rng, 16)),
        lambda: "/tr/?id=%d&ev=PageView&dl=%s&rl=&if=false&ts=%d&sw=1920&sh=1080&v=2.9.141" % (
            rng.randint(10**14, 10**15), Q(page, safe=""), rng.randint(10**12, 10**13)),
        lambda: "/b/ss/examplegov/1/JS-2.22.4/s%d?AQB=1&ndh=1&pageName=%s&g=%s&AQE=1" % (
            rng.randint(10**12, 10**13), Q(title, safe=""), Q(page, safe="")),
    ])()


def _sso(rng):
    state = _jwt_like(rng, '{"returnTo":"/owa/?path=/mail/inbox","nonce":"%s"}' % _hex(rng, 16))
    saml = _b64(rng, rng.randint(200, 400))
    return rng.choice([
        lambda: "/oauth2/callback?code=%s&scope=%s&authuser=0&prompt=none&state=%s" % (
            Q("4/0AX4Xf" + _b64(rng, 40, True)), Q("email profile openid https://www.googleapis.com/auth/userinfo.email", safe=""), state),
        lambda: "/login/oauth2/code/azure?code=0.A" + _b64(rng, 90, True).rstrip("=") + "&state=" + _hex(rng, 32)
        + "&session_state=" + _guid(rng).lower(),
        lambda: "/saml/SSO?SAMLRequest=%s&RelayState=%s&SigAlg=%s&Signature=%s" % (
            Q(saml, safe=""), Q("https://portal.example.go.jp/dashboard?tab=alerts", safe=""),
            Q("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", safe=""), Q(_b64(rng, 256), safe="")),
        lambda: "/owa/auth/logon.aspx?replaceCurrent=1&url=%s" % Q("https://mail.example.go.jp/owa/#path=/mail", safe=""),
        lambda: "/owa/?ae=Item&t=IPM.Note&id=" + Q(_b64(rng, 90), safe="") + "&exvsurl=1",
        lambda: "/Microsoft-Server-ActiveSync?Cmd=Sync&User=%s&DeviceId=%s&DeviceType=iPhone" % (
            Q("EXAMPLE\\tanaka", safe=""), _hex(rng, 32).upper()),
        lambda: "/adfs/ls/?SAMLRequest=%s&RelayState=%s" % (Q(saml, safe=""), Q("ss:mem:" + _hex(rng, 64), safe="")),
        lambda: "/auth/realms/staff/protocol/openid-connect/auth?client_id=portal&redirect_uri=%s&response_type=code&scope=openid&nonce=%s&code_challenge=%s&code_challenge_method=S256" % (
            Q("https://portal.example.go.jp/callback", safe=""), _hex(rng, 16), _b64(rng, 32, True).rstrip("=")),
        lambda: "/download/report.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=%s&X-Amz-Date=20241201T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=%s" % (
            Q("AKIA%s/20241201/ap-northeast-1/s3/aws4_request" % _hex(rng, 16).upper(), safe=""), _hex(rng, 64)),
        lambda: "/video/intro.mp4?Expires=%d&Signature=%s&Key-Pair-Id=K%s" % (
            rng.randint(1700000000, 1800000000), _b64(rng, 128).replace("+", "-").replace("=", "_").replace("/", "~"), _hex(rng, 12).upper()),
    ])()


def _tools(rng):
    """what an organisation's own tools send"""
    jql = rng.choice(['project = SOC AND status in ("In Progress", Open) ORDER BY priority DESC',
                      'assignee = currentUser() AND resolution = Unresolved order by updated DESC',
                      'labels = phishing AND created >= -7d', 'text ~ "password reset" AND project = HELP'])
    influx = rng.choice(['SELECT mean("usage_idle") FROM "cpu" WHERE time >= now() - 6h GROUP BY time(1m) fill(null)',
                         'SELECT count("value") FROM "http_errors" WHERE "host" = \'web01\' AND time > now() - 1h',
                         'SHOW TAG VALUES FROM "disk" WITH KEY = "path"'])
    promql = rng.choice(['sum(rate(http_requests_total{status=~"5.."}[5m])) by (job)',
                         'up{job="node"} == 0', 'histogram_quantile(0.99, rate(latency_bucket[5m]))'])
    return rng.choice([
        lambda: "/rest/api/2/search?jql=" + Q(jql, safe="") + "&maxResults=50&fields=summary,status",
        lambda: "/browse/SOC-%d" % rng.randint(1, 5000), lambda: "/secure/Dashboard.jspa",
        lambda: "/pages/viewpage.action?pageId=%d" % rng.randint(10**6, 10**8),
        lambda: "/display/SEC/Incident+Response+Runbook",
        lambda: "/rest/api/content/search?cql=" + Q('space = SEC and text ~ "phishing" order by lastmodified desc', safe=""),
        lambda: "/api/datasources/proxy/uid/%s/query?db=telegraf&q=%s&epoch=ms" % (_hex(rng, 9), Q(influx, safe="")),
        lambda: "/api/v1/query_range?query=%s&start=%d&end=%d&step=15" % (Q(promql, safe=""), rng.randint(1700000000, 1700500000), rng.randint(1700500000, 1701000000)),
        lambda: "/api/saved_objects/_find?type=index-pattern&fields=title&per_page=10000",
        lambda: "/app/discover", lambda: "/internal/search/ese",
        lambda: "/infra/ansible/-/blob/main/" + rng.choice(REPO_FILES),
        lambda: "/infra/ansible/-/raw/main/%s?inline=false" % rng.choice(REPO_FILES),
        lambda: "/api/v4/projects/%d/repository/files/%s/raw?ref=main" % (rng.randint(1, 900), Q(rng.choice(REPO_FILES), safe="")),
        lambda: "/infra/ansible/-/merge_requests/%d/diffs?commit_id=%s" % (rng.randint(1, 900), _hex(rng, 40)),
        lambda: "/remote.php/dav/files/tanaka/" + Q(rng.choice(FILES)),
        lambda: "/remote.php/dav/files/tanaka/%s/" % Q("資料"),
        lambda: "/index.php/apps/files/?dir=%s&fileid=%d" % (Q("/Documents/2024"), rng.randint(1, 99999)),
        lambda: "/ocs/v2.php/apps/notifications/api/v2/notifications?format=json",
        lambda: "/sites/soumu/_api/web/lists/getbytitle('%s')/items?$select=Title,Modified&$filter=%s&$top=100" % (
            rng.choice(["Documents", "Announcements", "Tasks"]), Q("Modified gt datetime'2024-01-01T00:00:00Z'")),
        lambda: "/sites/soumu/Shared%%20Documents/Forms/AllItems.aspx?RootFolder=%s&FolderCTID=0x0120%s&View=%s" % (
            Q("/sites/soumu/Shared Documents/会議資料", safe=""), _hex(rng, 30).upper(), Q("{%s}" % _guid(rng), safe="")),
        lambda: "/_layouts/15/download.aspx?SourceUrl=" + Q("/sites/soumu/Shared Documents/" + rng.choice(FILES), safe=""),
        lambda: "/_layouts/15/WopiFrame.aspx?sourcedoc=%s&file=%s&action=default" % (Q("{%s}" % _guid(rng), safe=""), Q(rng.choice(FILES), safe="")),
        lambda: "/mod/quiz/attempt.php?attempt=%d&cmid=%d&page=%d" % (rng.randint(1, 9999), rng.randint(1, 999), rng.randint(0, 9)),
        lambda: "/course/view.php?id=%d" % rng.randint(1, 300),
        lambda: "/wp-json/wp/v2/posts?per_page=10&_embed=1", lambda: "/?rest_route=/wp/v2/users/me&_locale=user",
        lambda: "/wp-admin/post.php?post=%d&action=edit" % rng.randint(1, 3000),
        lambda: "/admin/content?title=&type=All&status=1&items_per_page=50&order=changed&sort=desc",
        lambda: "/zabbix.php?action=dashboard.view&dashboardid=%d" % rng.randint(1, 20),
        lambda: "/graphql?query=%s&variables=%s&operationName=GetUser" % (
            Q("query GetUser($id: ID!) { user(id: $id) { name email teams { name } } }", safe=""),
            Q('{"id":"%d"}' % rng.randint(1, 99999), safe="")),
        lambda: "/api/search?filter=%s&sort=%s" % (Q('{"status":["open","closed"],"owner":"me"}', safe=""), Q('["-created"]', safe="")),
        lambda: "/api/v2/feed?since_id=%d&count=20&lang=ja&device=%s&os=%s&app_version=%s" % (
            rng.randint(1, 10**6), Q("iPhone14,2", safe=""), Q("iOS 17.1.2", safe=""), Q("5.12.0(1234)", safe="")),
        lambda: "/socket.io/?EIO=4&transport=polling&t=%s&sid=%s" % (_b64(rng, 5, True).rstrip("="), _b64(rng, 15, True)),
        lambda: "/api/v4/users/me/teams/unread",
    ])()


def _health(rng):
    return rng.choice(["/healthz", "/readyz", "/actuator/health", "/health", "/server-status?auto", "/nginx_status",
                       "/metrics", "/ping", "/status.php", "/api/health?full=1"])


REFERRERS = ["-", "-", "-", "https://www.google.com/", "https://www.bing.com/", "https://search.yahoo.co.jp/",
             "https://t.co/{t}", "https://l.facebook.com/", "https://www.linkedin.com/", "android-app://com.google.android.gm/",
             "https://teams.microsoft.com/", "https://outlook.office.com/", "https://www.example.go.jp/",
             "https://www.example.go.jp/search?q={ja}&page=2", "https://shop.example.jp/search?q={en}&sort=price",
             "https://jira.example.go.jp/issues/?jql={jql}", "https://portal.example.go.jp/dashboard?tab=alerts",
             "https://search.yahoo.co.jp/search?p={ja}&ei=UTF-8", "https://www.google.co.jp/search?q={ja}"]


def generate(count, seed=20241204):
    """Returns count requests as (method, uri, version, user_agent, referrer)."""
    rng = random.Random(seed)
    out = []
    kinds = [(_portal, 30), (_shop, 22), (_beacon, 10), (_sso, 8), (_tools, 22), (_health, 8)]
    for _ in range(count):
        kind = pick(rng, kinds)
        uri = kind(rng)
        method = "GET"
        if kind is _health:
            ua = rng.choice(PROBES)
        elif kind is _tools:
            ua = rng.choice(BROWSERS + CLIENTS)
            if uri.startswith("/remote.php/dav"):
                method = rng.choice(["PROPFIND", "GET", "PUT", "MOVE"])
            elif uri.startswith("/internal/") or uri.startswith("/api/v4/users"):
                method = "POST"
        else:
            ua = rng.choice(BROWSERS * 3 + CLIENTS + BOTS)
        if kind is _beacon and rng.random() < 0.5:
            method = "POST"
        referrer = (rng.choice(REFERRERS).replace("{t}", _b64(rng, 7, True).rstrip("="))
                    .replace("{ja}", _qs(rng.choice(SEARCH_JA))).replace("{en}", _qs(rng.choice(SEARCH_EN)))
                    .replace("{jql}", Q("project = SOC AND text ~ \"login\"", safe="")))
        if kind is _health:
            referrer = "-"
        out.append((method, uri, rng.choice(["HTTP/1.1", "HTTP/1.1", "HTTP/2.0"]), ua, referrer))
    return out


if __name__ == "__main__":
    for m, u, v, a, r in generate(20):
        print(m, u, v, a, r)
