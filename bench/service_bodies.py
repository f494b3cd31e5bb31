"""A fourth set of everyday request bodies, as ECS JSON log lines: what the machinery
around a site posts, machine to machine. Written (2026-12-04, eleventh session) before
fukurou ran on it, to be measured on it once as held out.

Its sources:

  - OAuth 2.0 and OpenID Connect back channels: token requests (authorisation code with
    PKCE, refresh, client credentials, device code), introspection, back-channel logout;
  - webhooks: a forge's push and pipeline events (commit messages, changed file names),
    Alertmanager's and Grafana's alerts (PromQL in their annotations), a payment
    provider's events, an inbound-mail relay's parsed message;
  - error and telemetry reports: Sentry envelopes with stack traces and the SQL error
    that raised them, OpenTelemetry spans and logs whose attributes hold the database
    statement, browsers' CSP violation reports;
  - provisioning and operations APIs: SCIM users and PATCH operations with their filter
    paths, Alertmanager silences with regular-expression matchers, AWX job launches
    with host patterns, Kubernetes JSON patches and manifests (a container's command
    line), a registry's manifest, Git LFS batches;
  - log shipping: Elasticsearch bulk requests of ordinary web-server and sshd lines.

Nothing in it is an attack. Usage: bench/crs_eval.py ... --body-generator service_bodies."""
import json

from gen_common import body_lines, hex_token as _hex, b64url_token as _b64u

UAS = ["Go-http-client/2.0", "python-requests/2.31.0", "GitHub-Hookshot/5e6f7a8", "gitlab/16.8.1", "Alertmanager/0.26.0",
       "Grafana/10.3.3", "Stripe/1.0 (+https://stripe.com/docs/webhooks)", "sentry.python/1.40.0", "OTel-OTLP-Exporter-Go/1.21.0",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
       "kubectl/v1.29.2 (linux/amd64) kubernetes/4b8e819", "git-lfs/3.3.0 (GitHub; linux amd64; go 1.19.8)", "Elastic-filebeat/8.12.1",
       "Keycloak/23.0", "okhttp/4.12.0"]
USERS = ["t.suzuki", "k.tanaka", "s.obrien", "a.sato", "svc-ci"]
NAMES = [("Sean", "O'Brien"), ("Hiroshi", "Tanaka"), ("Zoë", "Müller"), ("太郎", "山田"), ("Mary-Jane", "D'Souza")]


def _jwt(r):
    return ".".join([_b64u(r, 36), _b64u(r, 180), _b64u(r, 64)])


def oauth(r):
    return r.choice([
        lambda: ("/realms/members/protocol/openid-connect/token", "form", [
            ("grant_type", "authorization_code"), ("code", _b64u(r, 30) + "." + _b64u(r, 12)),
            ("redirect_uri", r.choice(["https://portal.example.go.jp/callback", "http://localhost:3000/api/auth/callback/keycloak"])),
            ("code_verifier", _b64u(r, 48)), ("client_id", "portal-web")]),
        lambda: ("/oauth2/token", "form", [("grant_type", "refresh_token"), ("refresh_token", _jwt(r)), ("scope", "openid profile email offline_access")]),
        lambda: ("/oauth2/v2.0/token", "form", [("grant_type", "client_credentials"), ("client_id", "a1b2c3d4-5678-90ab-cdef-1234567890ab"),
                                               ("client_secret", _b64u(r, 30)), ("scope", "api://ingest/.default")]),
        lambda: ("/oauth2/device_authorization", "form", [("client_id", "cli-tool"), ("scope", "read:cases write:cases")]),
        lambda: ("/oauth2/introspect", "form", [("token", _b64u(r, 32)), ("token_type_hint", "access_token")]),
        lambda: ("/backchannel-logout", "form", [("logout_token", _jwt(r))]),
    ])()


COMMITS = ["Fix SQL injection in search (#412): use bound parameters", "Drop the old users table after migration",
           "Makefile: rm -rf build/ before packaging", "Add /etc/nginx/conf.d/portal.conf template",
           "Revert \"Escape <script> in comments\"", "Bump lodash from 4.17.20 to 4.17.21", "docs: explain `curl -sSf | sh` risks",
           "Handle O'Brien in name sorting", "ci: run `make test` on push; cache ~/.cache/pip"]
FILES = ["src/db/query.sql", ".github/workflows/ci.yml", "etc/nginx/nginx.conf", "scripts/deploy.sh", "app/views/search.py",
         "config/database.yml", "README.md", "migrations/0042_drop_users.sql"]


def webhooks(r):
    alert_expr = r.choice(['rate(http_requests_total{code=~"5.."}[5m]) / rate(http_requests_total[5m]) > 0.05',
                           'node_filesystem_avail_bytes{mountpoint="/var"} / node_filesystem_size_bytes < 0.1',
                           'up{job="node"} == 0', 'increase(sshd_failed_logins_total[10m]) > 50'])
    return r.choice([
        lambda: ("/hooks/forge", "json", {"ref": "refs/heads/main", "before": _hex(r, 40), "after": _hex(r, 40),
                                          "repository": {"full_name": "infra/portal", "clone_url": "https://git.example.go.jp/infra/portal.git"},
                                          "pusher": {"name": r.choice(USERS)},
                                          "commits": [{"id": _hex(r, 40), "message": r.choice(COMMITS), "added": r.sample(FILES, 1),
                                                       "modified": r.sample(FILES, 2), "removed": []} for _ in range(r.randint(1, 3))]}),
        lambda: ("/hooks/pipeline", "json", {"object_kind": "pipeline", "object_attributes": {"id": r.randint(1, 99999), "ref": "main",
                                             "status": r.choice(["success", "failed"]), "stages": ["build", "test", "deploy"]},
                                             "builds": [{"name": "test", "stage": "test", "status": "success",
                                                         "commit": {"message": r.choice(COMMITS)}}]}),
        lambda: ("/api/v1/alerts/webhook", "json", {"version": "4", "status": r.choice(["firing", "resolved"]), "receiver": "soc",
                                                    "alerts": [{"labels": {"alertname": r.choice(["HighErrorRate", "DiskAlmostFull", "NodeDown", "SSHBruteForce"]),
                                                                           "instance": "web01:9100", "severity": "critical"},
                                                                "annotations": {"summary": "%s on web01" % r.choice(["5xx rate above 5%", "/var below 10% free"]),
                                                                                "description": "Expression: %s" % alert_expr,
                                                                                "runbook_url": "https://wiki.example.go.jp/runbooks/disk#clean-up"},
                                                                "startsAt": "2024-12-04T01:02:03Z", "generatorURL": "http://prometheus:9090/graph?g0.expr=" + alert_expr}]}),
        lambda: ("/hooks/payments", "json", {"id": "evt_" + _b64u(r, 18), "type": r.choice(["payment_intent.succeeded", "charge.refunded"]),
                                             "data": {"object": {"amount": r.randint(100, 90000), "currency": "jpy",
                                                                 "description": "Order #%d - %s" % (r.randint(1000, 9999), " ".join(r.choice(NAMES))),
                                                                 "metadata": {"cart": "2 x USB-C hub; 1 x \"Pro\" cable"}}}}),
        lambda: ("/inbound/mail", "multipart", [("from", "\"%s %s\" <%s@example.jp>" % (r.choice(NAMES) + (r.choice(USERS),))),
                                               ("subject", r.choice(["Re: [SOC-123] Suspicious login from 203.0.113.7", "Fwd: invoice #4471 (urgent)"])),
                                               ("text", "Hi,\n\nPlease see below. The user's password was reset at 10:02 & the session killed.\n\n> On Tue, SOC wrote:\n> cat the log and grep for 'Accepted'?\n"),
                                               ("html", "<div dir=\"ltr\"><p>Hi,</p><p>Please see below.</p><blockquote class=\"gmail_quote\">On Tue, SOC wrote:</blockquote></div>")]),
    ])()


def reports(r):
    sql_error = r.choice(['syntax error at or near "\'" LINE 1: SELECT * FROM cases WHERE title = \'O\'Brien\' ^',
                          'duplicate key value violates unique constraint "users_email_key"',
                          "Table 'portal.sessions' doesn't exist"])
    frames = [{"filename": "app/views/search.py", "function": "search", "lineno": 42,
               "context_line": "    cursor.execute(\"SELECT id, title FROM cases WHERE org_id = %s AND status = %s\", (org, status))"},
              {"filename": "/usr/lib/python3/dist-packages/django/db/backends/utils.py", "function": "_execute", "lineno": 89,
               "context_line": "return self.cursor.execute(sql, params)"}]
    span_sql = r.choice(["SELECT id, name FROM orders WHERE customer_id = ? AND status IN (?, ?) ORDER BY created_at DESC LIMIT 50",
                         "UPDATE sessions SET last_seen = $1 WHERE id = $2", "INSERT INTO audit (actor, action, at) VALUES ($1, $2, now())",
                         "DELETE FROM cart_items WHERE cart_id = ? AND sku = ?"])
    return r.choice([
        lambda: ("/api/12/envelope/", "raw", "\n".join([
            json.dumps({"event_id": _hex(r, 32), "sent_at": "2024-12-04T01:02:03Z"}),
            json.dumps({"type": "event"}),
            json.dumps({"level": "error", "platform": "python", "exception": {"values": [{"type": "ProgrammingError", "value": sql_error,
                                                                                          "stacktrace": {"frames": frames}}]},
                        "request": {"url": "https://portal.example.go.jp/search", "query_string": "q=O%27Brien&page=2"}})])),
        lambda: ("/v1/traces", "json", {"resourceSpans": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "orders-api"}}]},
                                        "scopeSpans": [{"spans": [{"traceId": _hex(r, 32), "spanId": _hex(r, 16), "name": "SELECT portal.orders",
                                                                   "attributes": [{"key": "db.system", "value": {"stringValue": "postgresql"}},
                                                                                  {"key": "db.statement", "value": {"stringValue": span_sql}},
                                                                                  {"key": "code.filepath", "value": {"stringValue": "/usr/src/app/orders/repo.go"}}]}]}]}]}),
        lambda: ("/v1/logs", "json", {"resourceLogs": [{"scopeLogs": [{"logRecords": [{"severityText": "INFO", "body": {"stringValue": r.choice([
            "GET /api/orders?status=open 200 12ms", "user k.tanaka logged in from 10.1.2.3", "cron: ran /usr/local/bin/backup.sh (exit 0)",
            "config reloaded from /etc/app/config.yaml"])}}]}]}]}),
        lambda: ("/csp-report", "json", {"csp-report": {"document-uri": "https://www.example.go.jp/news/", "referrer": "",
                                                        "violated-directive": r.choice(["script-src-elem", "img-src", "style-src-attr"]),
                                                        "effective-directive": "script-src-elem", "original-policy": "default-src 'self'; script-src 'self' https://www.googletagmanager.com; report-uri /csp-report",
                                                        "blocked-uri": r.choice(["inline", "eval", "https://connect.facebook.net/en_US/fbevents.js"]),
                                                        "script-sample": r.choice(["window.dataLayer = window.dataLayer || [];", "", "(function(w,d,s,l,i){w[l]=w[l]||[];"]),
                                                        "status-code": 200}}),
    ])()


def operations(r):
    given, family = r.choice(NAMES)
    return r.choice([
        lambda: ("/scim/v2/Users", "json", {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "%s@example.go.jp" % r.choice(USERS),
                                            "name": {"givenName": given, "familyName": family}, "active": True,
                                            "emails": [{"value": "%s@example.go.jp" % r.choice(USERS), "primary": True}]}),
        lambda: ("/scim/v2/Groups/%s" % _hex(r, 8), "json", {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                                                             "Operations": [{"op": "remove", "path": "members[value eq \"%s\"]" % _hex(r, 8)},
                                                                            {"op": "add", "path": "members", "value": [{"value": _hex(r, 8)}]}]}),
        lambda: ("/api/v2/silences", "json", {"matchers": [{"name": "alertname", "value": r.choice(["Disk.*|Mem.*", "NodeDown", "HighErrorRate|HighLatency"]), "isRegex": True},
                                                           {"name": "instance", "value": "web0[1-3]:9100", "isRegex": True}],
                                              "startsAt": "2024-12-04T01:00:00Z", "endsAt": "2024-12-04T03:00:00Z", "createdBy": r.choice(USERS),
                                              "comment": r.choice(["maintenance: reboot web01 && web02", "patching; see CHG-1234", "noisy until the disk is replaced"])}),
        lambda: ("/api/v2/job_templates/%d/launch/" % r.randint(1, 60), "json", {"limit": r.choice(["web*:&prod:!web03", "db-primary", "all:!windows"]),
                                                                               "extra_vars": {"service": "nginx", "state": "restarted", "serial": "30%"}}),
        lambda: ("/apis/apps/v1/namespaces/portal/deployments/api", "json", [{"op": "replace", "path": "/spec/replicas", "value": r.randint(2, 6)},
                                                                             {"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "registry.example.go.jp/portal/api:1.%d.0" % r.randint(1, 40)}]),
        lambda: ("/api/v1/namespaces/portal/configmaps", "json", {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "nginx-conf"},
                                                                   "data": {"default.conf": "server {\n  listen 8080;\n  location / { try_files $uri $uri/ /index.html; }\n  location /api/ { proxy_pass http://api:8000; }\n}\n"}}),
        lambda: ("/apis/batch/v1/namespaces/ops/cronjobs", "json", {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "log-rotate"},
                                                                     "spec": {"schedule": "0 3 * * *", "jobTemplate": {"spec": {"template": {"spec": {"containers": [
                                                                         {"name": "rotate", "image": "debian:bookworm-slim",
                                                                          "command": ["/bin/sh", "-c", "find /var/log/app -name '*.log' -mtime +7 -delete"]}],
                                                                         "restartPolicy": "OnFailure"}}}}}}),
        lambda: ("/v2/portal/api/manifests/1.4.0", "json", {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                                                            "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:" + _hex(r, 64), "size": 7023},
                                                            "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:" + _hex(r, 64), "size": r.randint(1000, 9 * 10**7)}]}),
        lambda: ("/infra/portal.git/info/lfs/objects/batch", "json", {"operation": "download", "transfers": ["basic"], "ref": {"name": "refs/heads/main"},
                                                                      "objects": [{"oid": _hex(r, 64), "size": r.randint(1000, 10**8)}]}),
    ])()


def shipping(r):
    lines = ['10.1.2.%d - - [04/Dec/2024:01:02:03 +0900] "GET /news/2024/0312.html HTTP/1.1" 200 5123 "https://www.google.co.jp/" "Mozilla/5.0"' % r.randint(1, 254),
             "Dec  4 01:02:03 bastion sshd[%d]: Accepted publickey for deploy from 10.0.0.5 port %d ssh2: ED25519 SHA256:%s" % (r.randint(100, 99999), r.randint(1024, 65535), _b64u(r, 32)),
             "Dec  4 01:02:04 web01 CRON[%d]: (root) CMD (cd / && run-parts --report /etc/cron.hourly)" % r.randint(100, 99999),
             "Dec  4 01:02:05 web01 systemd[1]: Started Daily apt upgrade and clean activities."]
    docs = []
    for _ in range(r.randint(1, 4)):
        docs.append(json.dumps({"index": {"_index": "logs-web-2024.12.04"}}))
        docs.append(json.dumps({"@timestamp": "2024-12-04T01:02:03Z", "message": r.choice(lines), "host": {"name": "web01"}}))
    return ("/_bulk", "raw", "\n".join(docs) + "\n")


KINDS = [(0.20, oauth), (0.45, webhooks), (0.65, reports), (0.90, operations), (1.01, shipping)]


def _multipart(*fields):
    boundary = "xYzZY"
    parts = ["--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary, k, v) for k, v in fields]
    return boundary, "".join(parts) + "--%s--\r\n" % boundary


def generate(n, seed=20261205):
    """n JSON log lines of everyday machine-to-machine requests with bodies (a JSON
    patch, a list, is sent with PATCH)."""
    return body_lines(n, seed, KINDS, UAS, _multipart,
                      method=lambda shape, data: "PATCH" if isinstance(data, list) and shape == "json" else "POST")


if __name__ == "__main__":
    for line in generate(10):
        print(line[:300])
