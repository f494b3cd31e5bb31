#!/usr/bin/env python3
"""A sixth set of generated everyday request bodies: what the collaboration tools of a
member organisation and its mobile apps post. Written (2026-12-04, twelfth session)
before fukurou ran on it, to be measured on it once as held out.

Its sources:

  - team chat (Mattermost's and Rocket.Chat's post APIs, incoming webhooks with Slack's
    mrkdwn and blocks): messages with code blocks, inline code, mentions and emoji;
  - code review and issue trackers: a forge's merge-request notes with suggestion blocks
    and diffs, Redmine's Textile updates, Jira's wiki markup ({code}, {noformat}),
    GitHub-flavoured issue bodies with task lists;
  - a help-desk chat widget's messages and a survey's free-text answers;
  - a mobile app's JSON: analytics batches with search terms, profile and address
    changes, crash reports with stack traces and file paths, device registration;
  - a translation platform's strings with placeholders and markup;
  - a feature-flag service's targeting rules;
  - a BI tool's saved questions (SQL written by analysts against their own warehouse).

Nothing in it is an attack. Usage: bench/crs_eval.py ... --body-generator collab_bodies."""
import json

from gen_common import body_lines

UAS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
       "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
       "Mattermost/5.7.0 (Macintosh; Intel Mac OS X 10_15_7) Electron/28.1.0",
       "ExampleApp/5.12.0 (iPhone; iOS 17.3.1; Scale/3.00)", "okhttp/4.12.0", "GitLab/16.9.1", "python-requests/2.31.0",
       "Jira/9.12.2", "curl/8.5.0"]

PEOPLE = ["tanaka", "sato.h", "obrien", "kim.minjun", "li.wei", "yamada-t"]

CHAT = ["deploy of api to prod done :tada:", "@%s can you look at the failing job? it says `permission denied (publickey)`",
        "restarting nginx on web-02, expect a blip\n```bash\nsudo systemctl restart nginx && sudo journalctl -u nginx -n 50\n```",
        "the query was slow because of the missing index:\n```sql\nSELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.created_at > now() - interval '7 days';\n```",
        "FYI I dropped the old staging DB, nobody used it since March", "who owns /etc/cron.d/backup on db-01? it fails every night",
        "lunch? 🍜", "logs show `GET /wp-login.php` from 200 IPs, all 404, ignoring", "「障害報告書」のドラフトを共有しました。確認お願いします🙏",
        "can someone approve !1423? it's the `rm -rf node_modules && npm ci` fix for the cache",
        "paste of the error:\n```\nTraceback (most recent call last):\n  File \"/srv/app/manage.py\", line 22, in <module>\n    execute_from_command_line(sys.argv)\nPermissionError: [Errno 13] Permission denied: '/var/log/app/app.log'\n```",
        "`kubectl get pods -n prod | grep -v Running` shows 3 in CrashLoopBackOff", "union meeting moved to 3pm, room #204",
        "this alert is noisy: `rate(http_requests_total{code=~\"5..\"}[5m]) > 0.1` fires on every deploy"]


def chat(r):
    text = r.choice(CHAT)
    if "%s" in text:
        text = text % r.choice(PEOPLE)
    return r.choice([
        lambda: ("/api/v4/posts", "json", {"channel_id": "%026x" % r.getrandbits(104), "message": text, "root_id": r.choice(["", "%026x" % r.getrandbits(104)]),
                                           "file_ids": [], "props": {"disable_group_highlight": True}, "metadata": {}, "pending_post_id": "%s:%d" % ("%026x" % r.getrandbits(104), r.randint(1700000000000, 1710000000000))}),
        lambda: ("/api/v1/chat.sendMessage", "json", {"message": {"rid": "GENERAL", "msg": text, "tmid": None}}),
        lambda: ("/hooks/%024x" % r.getrandbits(96), "json", {"text": "*%s* finished: <https://ci.example.jp/job/%d|#%d> (%s)" % (r.choice(["api", "web", "batch"]), r.randint(1, 9999), r.randint(1, 9999), r.choice(["success", "failed"])),
                                                              "username": "ci-bot", "icon_emoji": ":robot_face:",
                                                              "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}},
                                                                         {"type": "context", "elements": [{"type": "mrkdwn", "text": "commit `%07x` by %s" % (r.getrandbits(28), r.choice(PEOPLE))}]}]}),
    ])()


REVIEW = ["Suggestion:\n```suggestion:-0+0\n    cursor.execute(\"SELECT name FROM users WHERE id = %s\", (user_id,))\n```\nOtherwise LGTM.",
          "Why `shell=True` here? `subprocess.run([\"tar\", \"-czf\", out, path])` avoids quoting problems.",
          "```diff\n- $query = \"SELECT * FROM posts WHERE id = \" . $_GET['id'];\n+ $stmt = $pdo->prepare('SELECT * FROM posts WHERE id = ?');\n+ $stmt->execute([$_GET['id']]);\n```\nThis fixes the injection reported in #312.",
          "Nit: prefer `path.join(__dirname, '..', 'config')` to string concatenation.",
          "- [x] tests\n- [x] docs\n- [ ] changelog\n\nCloses #88. Renames `drop_table_if_exists` to `drop_if_exists`.",
          "The template escapes by default, but `{{ comment|safe }}` on line 40 doesn't. Can we use `bleach.clean()` there?",
          "Reproduced with `curl -s 'http://localhost:8080/api/items?sort=name;desc'` → 500. Stack trace attached.",
          "Moved the cron entry from `/etc/crontab` to a systemd timer (`backup.timer`)."]
TEXTILE = ["h3. Steps\n\n# Log in as admin\n# Open _Settings > Users_\n# Click *Delete*\n\n<pre><code class=\"sql\">\nDELETE FROM users WHERE last_login < '2020-01-01';\n</code></pre>",
           "Fixed in r%d. @git log --oneline -3@ shows the revert." , "See attached screenshot !error.png! and the log:\n<pre>\n[error] open() \"/usr/share/nginx/html/favicon.ico\" failed (2: No such file or directory)\n</pre>"]
JIRA = ["{code:bash}\nfind /var/log/app -name '*.gz' -mtime +30 -exec rm {} \\;\n{code}\nRun weekly.",
        "{noformat}\njava.lang.NullPointerException: Cannot invoke \"String.length()\" because \"s\" is null\n\tat com.example.Util.trim(Util.java:42)\n{noformat}",
        "h2. Impact\n* Users could not log in between 10:02 and 10:40 JST\n* {{/api/v1/session}} returned 503\n\nh2. Cause\nThe {{DROP INDEX}} in migration 0042 ran on prod before the new index was built."]


def review(r):
    return r.choice([
        lambda: ("/api/v4/projects/%d/merge_requests/%d/notes" % (r.randint(1, 400), r.randint(1, 2000)), "json", {"body": r.choice(REVIEW)}),
        lambda: ("/api/v1/repos/infra/ansible/issues/%d/comments" % r.randint(1, 500), "json", {"body": r.choice(REVIEW)}),
        lambda: ("/issues/%d.json" % r.randint(1, 9000), "json", {"issue": {"notes": r.choice(TEXTILE).replace("%d", str(r.randint(1000, 9999))), "status_id": r.choice([2, 3, 5]), "private_notes": False}}),
        lambda: ("/rest/api/2/issue/SEC-%d/comment" % r.randint(1, 3000), "json", {"body": r.choice(JIRA), "visibility": {"type": "role", "value": "Developers"}}),
        lambda: ("/repos/example/app/issues", "json", {"title": r.choice(["Login fails with 'invalid state'", "Crash when name contains '&'", "Search for \"select\" returns nothing"]),
                                                       "body": "### Steps\n1. Open `/search?q=select`\n2. Press Enter\n\n### Expected\nResults\n\n### Actual\n`500 Internal Server Error`\n\n<details><summary>Log</summary>\n\n```\nERROR: syntax error at or near \"select\"\n```\n</details>",
                                                       "labels": ["bug", "search"]}),
    ])()


HELP = ["I can't log in, it says 'invalid token' and my browser is Chrome 122 on Windows", "パスワードを忘れました。再設定メールが届きません。",
        "Where do I change my address? I moved to 1-2-3 Shiba, Minato-ku (Apt #5)", "the app crashes when I search for \"rock & roll\"",
        "Is it safe to run the script you sent? It says `curl https://example.jp/fix.sh | sh`", "My order #A-1043 shows 'shipped' but nothing arrived",
        "How do I delete my account and all my data?", "can I pay with PayPay or only card?"]
SURVEY = ["The new portal is faster, but the search ignores quotes (\"exact phrase\").", "よかったです。ただ、ログイン画面が分かりにくい。",
          "Please add dark mode; the <table> pages are hard to read on mobile.", "N/A", "1=very easy, 5=very hard: I'd say 2",
          "Drop the CAPTCHA for logged-in users, or at least make it shorter."]


def helpdesk(r):
    return r.choice([
        lambda: ("/messenger/web/conversations/%d/reply" % r.randint(10**8, 10**9), "json", {"app_id": "x1y2z3", "body": r.choice(HELP), "type": "user", "message_type": "comment",
                                                                                          "user": {"email": "%s@example.jp" % r.choice(PEOPLE)}}),
        lambda: ("/s/%d/responses" % r.randint(10**5, 10**6), "form", [("q1", str(r.randint(1, 5))), ("q2", r.choice(SURVEY)), ("q3", r.choice(["yes", "no"])), ("lang", "ja")]),
    ])()


def mobile(r):
    return r.choice([
        lambda: ("/v1/batch", "json", {"batch": [{"type": "track", "event": r.choice(["Search", "Product Viewed", "Order Completed"]),
                                                  "properties": {"query": r.choice(["select committee", "drop-in", "o'neill", "1+1 offer", "rm sale", "cat toys"]), "results": r.randint(0, 90)},
                                                  "anonymousId": "%032x" % r.getrandbits(128), "timestamp": "2024-03-0%dT10:00:00.000Z" % r.randint(1, 9),
                                                  "context": {"app": {"version": "5.12.0", "build": "5120"}, "os": {"name": "iOS", "version": "17.3.1"}, "locale": "ja-JP"}}],
                                       "sentAt": "2024-03-09T10:00:01.000Z"}),
        lambda: ("/api/app/v3/me", "json", {"display_name": r.choice(["Tanaka H.", "O'Brien", "김민준", "李伟", "<3 cats"]), "bio": r.choice(SURVEY),
                                            "address": {"postal_code": "105-0014", "line1": "芝1-2-3", "line2": r.choice(["Apt #5", "c/o O'Neill", "2F & 3F"]), "city": "港区"},
                                            "notifications": {"push": True, "email": False}}),
        lambda: ("/api/crash-reports", "json", {"platform": "android", "app_version": "5.11.3", "exception": "java.lang.IllegalStateException: Fragment not attached to a context",
                                                "stack": ["at androidx.fragment.app.Fragment.requireContext(Fragment.java:972)",
                                                          "at com.example.app.search.SearchFragment.onQuery(SearchFragment.kt:118)",
                                                          "at com.example.app.search.SearchFragment$onViewCreated$1.invoke(SearchFragment.kt:64)"],
                                                "files": ["/data/app/~~%s==/com.example.app-1/base.apk" % "Zm9vYmFy", "/data/user/0/com.example.app/cache/search.db"],
                                                "device": {"model": "SO-51C", "os": "13", "memory_free_mb": r.randint(100, 900)}}),
        lambda: ("/api/devices", "json", {"token": "%064x" % r.getrandbits(256), "platform": r.choice(["ios", "android"]), "app_version": "5.12.0",
                                          "locale": r.choice(["ja_JP", "en_US"]), "timezone": "Asia/Tokyo", "topics": ["news", "disaster-alerts", "orders"]}),
    ])()


STRINGS = [("cart.items", "{count, plural, one {# item} other {# items}}"), ("greeting", "Hello, <b>{name}</b>!"),
           ("error.path", "File %1$s not found in %2$s"), ("search.empty", "No results for \"{query}\". Try fewer words."),
           ("legal.cookies", "We use cookies. <a href=\"/privacy\">Learn more</a>"), ("ja.delete", "「{title}」を削除しますか？")]


def translations(r):
    key, text = r.choice(STRINGS)
    return ("/api/v2/projects/%d/translations" % r.randint(1, 50), "json", {"key": key, "locale": r.choice(["en", "ja", "ko"]), "text": text,
                                                                          "context": "shown in %s" % r.choice(["the cart", "a toast", "the footer"]), "is_reviewed": r.choice([True, False])})


def flags(r):
    return ("/api/v2/flags/default/%s" % r.choice(["new-search", "dark-mode", "checkout-v3"]), "json", {
        "environmentKey": r.choice(["production", "staging"]),
        "instructions": [{"kind": "addRule", "clauses": [{"attribute": r.choice(["email", "country", "appVersion"]), "op": r.choice(["endsWith", "in", "semVerGreaterThan"]),
                                                          "values": r.choice([["@example.jp"], ["JP", "KR"], ["5.11.0"]]), "negate": False}],
                          "variationId": "%032x" % r.getrandbits(128), "description": "internal users first; then 10%% of JP"}]})


QUESTIONS = ["SELECT date_trunc('day', created_at) AS day, count(*) FROM alerts WHERE org_id = 12 GROUP BY 1 ORDER BY 1",
             "SELECT severity, count(*) AS n FROM alerts WHERE created_at >= current_date - 30 GROUP BY severity ORDER BY n DESC",
             "WITH t AS (SELECT user_id, max(login_at) AS last FROM logins GROUP BY user_id) SELECT count(*) FROM t WHERE last < now() - interval '90 days'",
             "SELECT country, sum(amount) FROM orders WHERE status = 'paid' AND created_at BETWEEN '2024-01-01' AND '2024-03-31' GROUP BY country"]


def bi(r):
    return r.choice([
        lambda: ("/api/queries", "json", {"name": r.choice(["Alerts per day", "Dormant accounts", "Q1 revenue by country"]), "query": r.choice(QUESTIONS),
                                          "data_source_id": r.randint(1, 4), "options": {"parameters": []}, "schedule": None}),
        lambda: ("/api/card", "json", {"name": "Alerts by severity", "display": "bar", "visualization_settings": {},
                                       "dataset_query": {"type": "native", "database": 2, "native": {"query": r.choice(QUESTIONS), "template-tags": {}}}}),
    ])()


KINDS = [(0.24, chat), (0.42, review), (0.52, helpdesk), (0.80, mobile), (0.87, translations), (0.93, flags), (1.01, bi)]


def generate(n, seed=20261204):
    """n JSON log lines of everyday requests with bodies, from the sources above."""
    return body_lines(n, seed, KINDS, UAS)


if __name__ == "__main__":
    for line in generate(8):
        print(line[:300])
