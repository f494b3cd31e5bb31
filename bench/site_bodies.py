"""A second set of everyday request bodies, as ECS JSON log lines, written after the
readers' free-text rules (2026-12-03, ninth session) and before they were run on it: what
the detectors were never shaped by. Where bench/benign_bodies.py holds a shop's forms and
API, this holds what sites for developers, wikis, forums, help desks and their tooling
receive all day, and where people write about commands, SQL and files as a matter of
course:

  - posts and comments in Markdown (Discourse's raw, GitHub's and GitLab's body/note,
    Mastodon's status), with inline code and fenced blocks of shell, SQL and config;
  - wiki edits (MediaWiki's wpTextbox1 wikitext with templates, tables and references,
    the edit summary) and forum posts in BBCode ([code], [quote]);
  - help-desk tickets (a subject, a comment body, tags, custom fields);
  - browsers' and SDKs' reports: Content-Security-Policy violation reports (a policy is
    ';'-separated with quoted keywords), error reports with stack traces and file paths;
  - webhooks (a push with commit messages and changed files, a payment event);
  - OAuth token requests and SAML responses, analytics beacons;
  - admin screens saving settings: cron schedules, validation patterns, email templates
    with placeholders, allow-lists of paths;
  - Japanese forms (full-width text, addresses, furigana).

Usage: bench/crs_eval.py ... --body-generator site_bodies."""
import base64
import random
import urllib.parse

from gen_common import body_of, ecs_line, pick_by_edge

NAMES = ["Akira", "Beatriz", "Chen Wei", "Dmitri", "Eun-ji", "Fatima", "Gustav", "Haruka", "Ines", "Jonas",
         "Kenji", "Léa", "Mihai", "Noor", "Olu", "Priya", "Quentin", "Rin", "Søren", "Tomás"]
UAS = ["Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0",
       "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
       "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0 Mobile Safari/537.36",
       "GitHub-Hookshot/8a3c2e1", "Stripe/1.0 (+https://stripe.com/docs/webhooks)", "sentry.javascript.browser/7.114.0",
       "Discourse/3.2", "Zendesk Webhook", "curl/8.5.0", "Go-http-client/2.0"]

# What people write on a site for developers: questions, answers and notes that name
# commands, SQL, paths and settings as the subject they are talking about.
SENTENCES = [
    "After upgrading to 3.2 the build fails on CI but works locally.",
    "I ran `npm ci && npm run build` and it still picks up the old lockfile.",
    "Which is faster here, a LEFT JOIN or a subquery with EXISTS?",
    "The docs say to set `max_connections = 200` in postgresql.conf; is that still right?",
    "You need to escape the quote: `WHERE name = 'O''Brien'` works in both dialects.",
    "Check /var/log/nginx/error.log first, the 502 usually explains itself there.",
    "Thanks, that fixed it! Marking as solved.",
    "On Windows the path is C:\\Users\\you\\AppData\\Roaming\\app\\config.json instead.",
    "It only happens when the file name has a space in it, e.g. 'my report.pdf'.",
    "Try `git fetch --all; git reset --hard origin/main` if you have no local changes.",
    "We pin the image to python:3.12-slim and install with pip install -r requirements.txt.",
    "Does anyone know why SELECT COUNT(*) is slow on this table with 40M rows?",
    "The cron line is `0 3 * * * /usr/local/bin/backup.sh > /dev/null 2>&1`.",
    "Same here on Ubuntu 24.04 with kernel 6.8 - rolling back to 6.5 helped.",
    "I'm new to this, sorry if it's a dumb question :)",
    "+1, we see this in production too (about 3% of requests).",
    "Could you share the output of `uname -a` and `docker version`?",
    "Use DROP TABLE IF EXISTS in the migration, otherwise re-running it fails.",
    "Works for me with curl -X POST -H 'Content-Type: application/json' -d @body.json.",
    "The regex ^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$ rejects some valid addresses.",
]
CODE_BLOCKS = [
    ("sh", "$ sudo systemctl restart nginx\n$ journalctl -u nginx --since today | tail -n 50"),
    ("sh", "cd ~/src/app\nmake clean && make -j4\n./configure --prefix=/usr/local"),
    ("sql", "SELECT u.id, u.email, COUNT(o.id) AS orders\nFROM users u\nLEFT JOIN orders o ON o.user_id = u.id\n"
            "WHERE u.created_at > '2024-01-01'\nGROUP BY u.id, u.email\nHAVING COUNT(o.id) > 5;"),
    ("sql", "ALTER TABLE invoices ADD COLUMN paid_at timestamptz;\nCREATE INDEX invoices_paid ON invoices (paid_at);"),
    ("yaml", "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"8080:80\"\n    volumes:\n      - ./conf:/etc/nginx/conf.d:ro"),
    ("python", "import subprocess\nout = subprocess.run(['ls', '-la'], capture_output=True, text=True)\nprint(out.stdout)"),
    ("js", "const res = await fetch('/api/items?page=2&limit=50');\nif (!res.ok) throw new Error(res.statusText);"),
    ("ini", "[mysqld]\ninnodb_buffer_pool_size = 4G\nslow_query_log = 1\nslow_query_log_file = /var/log/mysql/slow.log"),
    ("", "Traceback (most recent call last):\n  File \"/srv/app/manage.py\", line 22, in <module>\n"
         "    main()\nKeyError: 'DATABASE_URL'"),
]
WIKI = [
    "{{Infobox software\n| name = Example\n| released = {{Start date|2011|05|03}}\n| programming language = [[C (programming language)|C]]\n}}\n"
    "'''Example''' is a [[free software]] tool for [[data compression]].<ref>{{cite web |url=https://example.org/about |title=About |access-date=2024-02-01}}</ref>",
    "== Installation ==\nOn [[Debian]] run <code>apt install example</code>; on other systems build from source:\n"
    "<syntaxhighlight lang=\"bash\">\n./configure && make && sudo make install\n</syntaxhighlight>",
    "{| class=\"wikitable sortable\"\n|-\n! Version !! Date !! Notes\n|-\n| 1.0 || 2019-03-01 || First release\n|-\n| 2.0 || 2021-07-15 || New file format; drops Windows XP\n|}",
    "The station opened in 1927 and was rebuilt after the [[1995 Great Hanshin earthquake|1995 earthquake]].\n\n== References ==\n{{Reflist}}\n[[Category:Railway stations in Hyōgo Prefecture]]",
]
BBCODE = [
    "[quote=\"{name}\"]Did you try the safe mode?[/quote]\nYes, same result. Here is the log:\n[code]ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: YES)[/code]",
    "[b]Solved[/b]: the cable was the problem. [url=https://forum.example.org/t/1234]See this thread[/url] for the details.",
    "My setup:\n[list]\n[*]CPU: Ryzen 7 7700\n[*]RAM: 32 GB DDR5\n[*]OS: Arch Linux (kernel 6.9)\n[/list]\nAny ideas?",
    "[code]\nfor f in *.jpg; do convert \"$f\" -resize 50% \"small_$f\"; done\n[/code]\nThis halves every picture in the folder.",
]
TEMPLATES = [
    "Hello {{ user.first_name }},\n\nYour order #{{ order.number }} has shipped. Track it at {{ order.tracking_url }}.\n\n{{ shop.name }}",
    "Dear {first_name},\nyour appointment is on {date} at {time}. Reply STOP to opt out.",
    "<p>Hi {{name}},</p><p>Your password was changed on {{date}}. If this wasn't you, <a href=\"{{reset_url}}\">reset it</a>.</p>",
    "%recipient.name%, your invoice %invoice.id% of %invoice.total% is due on %invoice.due%.",
]
COMMITS = [
    "Fix N+1 query in OrderSerializer", "Revert \"Drop users.legacy_id column\"", "Bump lodash from 4.17.20 to 4.17.21",
    "Add retry with backoff to the S3 uploader", "docs: explain how to run `make test` locally",
    "Use parameterised queries in report export (#812)", "ci: cache ~/.cargo and target/", "Merge branch 'main' into feature/search",
    "Handle ';' in CSV fields when importing", "Remove /tmp cleanup from entrypoint.sh",
]
FILES = ["src/db/migrations/0042_add_paid_at.sql", "app/models/order.rb", "Makefile", ".github/workflows/ci.yml",
         "docs/install.md", "scripts/deploy.sh", "config/nginx/site.conf", "package-lock.json", "src/main.rs", "README.md"]
JA = [
    "いつもお世話になっております。請求書の再発行をお願いできますでしょうか。",
    "ログインできません。パスワードを再設定しても「認証に失敗しました」と表示されます。",
    "東京都千代田区霞が関１－２－３　ＸＸビル４階",
    "明日の打ち合わせ（10:00～11:30）の資料をお送りします；ご確認ください。",
    "サーバーの/var/log/messagesに同じエラーが出ています。",
]


def b64(raw):
    return base64.b64encode(raw).decode()


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def markdown(r):
    parts = r.sample(SENTENCES, r.randint(1, 3))
    if r.random() < 0.6:
        lang, code = r.choice(CODE_BLOCKS)
        parts.insert(r.randint(0, len(parts)), "```%s\n%s\n```" % (lang, code))
    if r.random() < 0.2:
        parts.append("> %s" % r.choice(SENTENCES))
    return "\n\n".join(parts)


def post(r):
    kind = r.random()
    if kind < 0.3:
        return "/posts.json", "json", {"raw": markdown(r), "topic_id": r.randint(1000, 99999),
                                       "reply_to_post_number": r.choice([None, r.randint(1, 40)])}
    if kind < 0.55:
        return "/repos/acme/app/issues/%d/comments" % r.randint(1, 4000), "json", {"body": markdown(r)}
    if kind < 0.7:
        return "/api/v4/projects/%d/merge_requests/%d/notes" % (r.randint(1, 900), r.randint(1, 300)), "json", {
            "note": markdown(r), "internal": r.random() < 0.1}
    if kind < 0.85:
        return "/api/v1/statuses", "json", {"status": "%s #linux #devops" % r.choice(SENTENCES),
                                            "visibility": r.choice(["public", "unlisted"]), "language": "en"}
    return "/t/%d/reply" % r.randint(1, 9999), "form", [
        ("subject", "Re: " + r.choice(["Build fails", "Slow query", "Nginx 502", "Permissions"])),
        ("message", r.choice(BBCODE).replace("{name}", r.choice(NAMES))),
        ("attach_sig", "1"), ("post", "Submit"), ("creation_time", str(1717000000 + r.randint(0, 10 ** 6)))]


def wiki(r):
    title = r.choice(["Example_(software)", "Kobe_Station", "List_of_file_formats", "Talk:SQL"])
    return "/index.php?title=%s&action=submit" % title, "form", [
        ("wpTextbox1", r.choice(WIKI)), ("wpSummary", r.choice(["/* Installation */ update for 2.0", "ref", "typo", "rv vandalism"])),
        ("wpEditToken", b64url(r.randbytes(16)) + "+\\"), ("wpStarttime", "20240601%06d" % r.randint(0, 235959)),
        ("wpSave", "Save changes"), ("model", "wikitext"), ("format", "text/x-wiki")]


def ticket(r):
    return "/api/v2/tickets.json", "json", {"ticket": {
        "subject": r.choice(["Cannot log in", "Invoice wrong", "Export to CSV broken", "API returns 500"]),
        "comment": {"body": "\n".join(r.sample(SENTENCES + JA, r.randint(1, 3)))},
        "priority": r.choice(["low", "normal", "high"]), "tags": r.sample(["billing", "api", "login", "urgent", "vip"], 2),
        "custom_fields": [{"id": 360001, "value": r.choice(["v2.3.1", "v3.0.0-rc1"])},
                          {"id": 360002, "value": "https://app.example.com/reports/%d?tab=export&fmt=csv" % r.randint(1, 999)}]}}


def report(r):
    if r.random() < 0.5:
        return "/csp-report", "json", {"csp-report": {
            "document-uri": "https://www.example.jp/products/%d" % r.randint(1, 500),
            "referrer": "https://www.google.com/", "violated-directive": r.choice(["script-src-elem", "img-src", "style-src"]),
            "effective-directive": "script-src-elem",
            "original-policy": "default-src 'self'; script-src 'self' 'nonce-%s' https://cdn.example.com; "
                               "img-src 'self' data: https:; object-src 'none'; base-uri 'none'; report-uri /csp-report" % b64(r.randbytes(12)),
            "disposition": "enforce", "blocked-uri": r.choice(["inline", "eval", "https://ads.example.net/tag.js"]),
            "line-number": r.randint(1, 900), "source-file": "https://www.example.jp/static/js/main.%s.js" % r.randbytes(4).hex(),
            "status-code": 200, "script-sample": ""}}
    frames = [{"filename": r.choice(["webpack:///./src/components/Cart.tsx", "/var/www/app/node_modules/react-dom/cjs/react-dom.production.min.js",
                                     "app:///static/js/main.js", "/srv/app/venv/lib/python3.12/site-packages/django/db/models/query.py"]),
               "function": r.choice(["Array.map", "renderWithHooks", "Cart.render", "QuerySet.get", "<anonymous>"]),
               "lineno": r.randint(1, 4000), "colno": r.randint(1, 120), "in_app": r.random() < 0.5} for _ in range(r.randint(2, 6))]
    return "/api/%d/store/" % r.randint(1, 50), "json", {
        "event_id": r.randbytes(16).hex(), "platform": r.choice(["javascript", "python"]), "level": "error",
        "exception": {"values": [{"type": r.choice(["TypeError", "KeyError", "DoesNotExist"]),
                                  "value": r.choice(["Cannot read properties of undefined (reading 'map')",
                                                     "'DATABASE_URL'", "Order matching query does not exist."]),
                                  "stacktrace": {"frames": frames}}]},
        "request": {"url": "https://app.example.com/cart?step=2&coupon=", "headers": {"User-Agent": r.choice(UAS[:3])}},
        "tags": {"release": "web@%d.%d.%d" % (r.randint(1, 9), r.randint(0, 30), r.randint(0, 9)), "environment": "production"}}


def webhook(r):
    if r.random() < 0.6:
        return "/hooks/github", "json", {
            "ref": "refs/heads/%s" % r.choice(["main", "release/2.4", "feature/search"]),
            "before": r.randbytes(20).hex(), "after": r.randbytes(20).hex(),
            "repository": {"full_name": "acme/app", "clone_url": "https://github.com/acme/app.git"},
            "commits": [{"id": r.randbytes(20).hex(), "message": r.choice(COMMITS),
                         "author": {"name": r.choice(NAMES), "email": "dev%d@example.com" % r.randint(1, 99)},
                         "added": r.sample(FILES, r.randint(0, 2)), "modified": r.sample(FILES, r.randint(1, 3)), "removed": []}
                        for _ in range(r.randint(1, 3))]}
    return "/hooks/stripe", "json", {
        "id": "evt_" + b64url(r.randbytes(18)), "object": "event", "type": r.choice(["checkout.session.completed", "invoice.paid"]),
        "data": {"object": {"id": "cs_" + b64url(r.randbytes(18)), "amount_total": r.randint(100, 99999), "currency": "jpy",
                            "customer_details": {"email": "buyer%d@example.jp" % r.randint(1, 999), "name": r.choice(NAMES)},
                            "metadata": {"order_id": str(r.randint(1, 10 ** 6)), "note": r.choice(SENTENCES)}}}}


def signin(r):
    if r.random() < 0.5:
        return "/oauth/token", "form", [
            ("grant_type", "authorization_code"), ("code", b64url(r.randbytes(24))),
            ("redirect_uri", "https://app.example.jp/auth/callback?next=/dashboard&lang=ja"),
            ("client_id", "web-%d" % r.randint(1, 9)), ("code_verifier", b64url(r.randbytes(32)))]
    assertion = ('<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_%s" Version="2.0" '
                 'IssueInstant="2024-06-01T10:00:00Z"><saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">'
                 'https://idp.example.jp/</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>'
                 '</samlp:Status></samlp:Response>' % r.randbytes(16).hex())
    return "/saml/acs", "form", [("SAMLResponse", b64(assertion.encode())), ("RelayState", "/admin/reports?tab=monthly")]


def beacon(r):
    return "/g/collect", "form", [
        ("v", "2"), ("tid", "G-%s" % b64url(r.randbytes(6)).upper()), ("cid", "%d.%d" % (r.randint(10 ** 8, 10 ** 9), 1717000000)),
        ("en", r.choice(["page_view", "scroll", "search", "file_download"])),
        ("dl", "https://www.example.jp/search?q=%s&page=%d" % (urllib.parse.quote(r.choice(["drop table", "rm -rf", "how to use grep | sort"])), r.randint(1, 3))),
        ("dt", r.choice(["Search results | Example", "Download | Example", "Kobe & Osaka tours - Example"])),
        ("ul", "ja-jp"), ("sr", "1920x1080"), ("ep.file_name", "/files/manual_v2.pdf")]


def settings(r):
    return "/admin/settings", "json", {
        "backup": {"schedule": r.choice(["0 3 * * *", "*/15 * * * *", "30 2 * * 1-5"]), "keep": r.randint(3, 30),
                   "target": r.choice(["/mnt/backup/db", "s3://acme-backups/prod/"])},
        "validation": {"username": "^[a-z0-9_-]{3,16}$", "postcode": "^\\d{3}-\\d{4}$"},
        "email": {"subject": "Your order {{ order.number }}", "template": r.choice(TEMPLATES)},
        "uploads": {"allowed": [".jpg", ".png", ".pdf", ".docx"], "max_mb": 20, "dir": "/srv/app/uploads"},
        "maintenance_message": r.choice(["Back at 06:00 JST; sorry for the trouble.", "メンテナンス中です。しばらくお待ちください。"])}


def ja_form(r):
    return "/contact/confirm", "form", [
        ("name", r.choice(["山田 太郎", "佐藤 花子", "鈴木 一郎"])), ("kana", r.choice(["ヤマダ タロウ", "サトウ ハナコ"])),
        ("zip", "100-%04d" % r.randint(0, 9999)), ("address", r.choice(JA[2:3] + ["大阪府大阪市北区梅田１丁目"])),
        ("tel", "03-%04d-%04d" % (r.randint(0, 9999), r.randint(0, 9999))), ("inquiry", "\r\n".join(r.sample(JA, 2))),
        ("agree", "1")]


KINDS = [(0.30, post), (0.38, wiki), (0.50, ticket), (0.64, report), (0.76, webhook), (0.82, signin),
         (0.88, beacon), (0.94, settings), (1.01, ja_form)]


def generate(n, seed=20261203):
    """n JSON log lines of everyday requests with bodies, from the sources above."""
    r = random.Random(seed)
    out = []
    for _ in range(n):
        path, shape, data = pick_by_edge(r, KINDS)(r)
        request = {"method": "POST", "body": {"content": body_of(shape, data)[0]}}
        out.append(ecs_line("2024-06-01T00:00:00Z", "203.0.113.%d" % r.randint(1, 254), path, r.choice(UAS), request))
    return out
