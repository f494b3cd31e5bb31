#!/usr/bin/env python3
"""A sixth set of generated everyday traffic: the machinery around a site rather than its
pages. Written (2026-12-04, eleventh session) before fukurou ran on it, to be measured
on it once as held out.

Its sources: analytics and advertising beacons (Google Analytics, GA4, Matomo, a pixel),
error reporting (Sentry), image services (Next.js, imgix, Cloudinary, Thumbor), sign-in
(OAuth 2.0 and OpenID Connect with PKCE, SAML redirects, logout), certificate checks
(OCSP by GET, CRLs, ACME challenges, .well-known documents), package and update clients
(APT, PyPI, npm, Maven, the Go module proxy, Docker's registry, git over HTTP, Windows
and Chrome updates, captive-portal probes), signed cloud-storage URLs (S3, Azure, GCS),
Exchange (OWA, ActiveSync, Autodiscover, MAPI), monitoring consoles (Nagios, Zabbix,
Cacti, Grafana dashboards with PromQL variables), data tools (Jupyter, Airflow,
Superset, Kibana reporting in Rison), open data (CKAN, SPARQL, e-Stat), literature
search with boolean syntax (PubMed), maps (tiles, an embedded Google map's pb=), and
real-time transports (socket.io, SignalR). Nothing in it is an attack.

    crs_eval.py ... --generated N --generator service_traffic
"""
import base64
import json
import urllib.parse

from gen_common import request_lines, hex_token as _hex, b64url_token as _b64u

Q = urllib.parse.quote
QP = urllib.parse.quote_plus


def _b64(r, n):
    return base64.b64encode(bytes(r.getrandbits(8) for _ in range(n))).decode()


SITE = "https://www.example.go.jp"
PAGES = ["/", "/news/2024/0312.html", "/policy/cyber/index.html", "/search?q=%E6%83%85%E5%A0%B1", "/en/about/",
         "/procedures/apply?step=2", "/faq/#q3"]
TITLES = ["トップページ | 例示省", "Cybersecurity Policy – Example Agency", "Search results: 'union' & more",
          "FAQ (よくある質問)", "News release: drop in reports, 2024"]


def analytics(r):
    page = SITE + r.choice(PAGES)
    return r.choice([
        lambda: "/collect?v=1&_v=j101&a=%d&t=pageview&_s=1&dl=%s&dr=%s&ul=ja&de=UTF-8&dt=%s&sd=24-bit&sr=1920x1080&vp=1903x969&je=0&_u=%s~&jid=&gjid=&cid=%d.%d&tid=UA-%d-1&_gid=%d.%d&z=%d" % (
            r.getrandbits(30), Q(page, safe=""), Q("https://www.google.co.jp/", safe=""), Q(r.choice(TITLES), safe=""),
            r.choice(["QACAAEABAAAAAC", "IEBAAEABAAAAAC"]), r.getrandbits(30), r.randint(1600000000, 1710000000), r.randint(1000000, 9999999),
            r.getrandbits(30), r.randint(1700000000, 1710000000), r.getrandbits(31)),
        lambda: "/g/collect?v=2&tid=G-%s&gtm=45je4130&_p=%d&cid=%d.%d&ul=ja-jp&sr=390x844&_s=%d&sid=%d&sct=%d&seg=1&dl=%s&dt=%s&en=%s&ep.search_term=%s&_et=%d" % (
            _hex(r, 10).upper(), r.getrandbits(30), r.getrandbits(30), r.randint(1600000000, 1710000000), r.randint(1, 9),
            r.randint(1700000000, 1710000000), r.randint(1, 40), Q(page, safe=""), Q(r.choice(TITLES), safe=""),
            r.choice(["page_view", "scroll", "click", "view_search_results", "file_download"]),
            Q(r.choice(["select plan", "drop-off", "1=1 campaign", "or/and", "パスワード 再設定"]), safe=""), r.randint(1, 9000)),
        lambda: "/matomo.php?action_name=%s&idsite=1&rec=1&r=%06d&h=%d&m=%d&s=%d&url=%s&urlref=%s&_id=%s&_idn=0&send_image=0&_refts=0&pdf=1&qt=0&realp=0&wma=0&fla=0&java=0&ag=0&cookie=1&res=1536x864&pv_id=%s&pf_net=%d&pf_srv=%d" % (
            Q(r.choice(TITLES), safe=""), r.randint(0, 999999), r.randint(0, 23), r.randint(0, 59), r.randint(0, 59),
            Q(page, safe=""), Q("https://t.co/" + _b64u(r, 6), safe=""), _hex(r, 16), _b64u(r, 4), r.randint(0, 200), r.randint(5, 900)),
        lambda: "/tr/?id=%d&ev=%s&dl=%s&rl=&if=false&ts=%d&cd[content_ids]=%s&cd[content_type]=product&cd[value]=%d&cd[currency]=JPY&sw=1920&sh=1080&v=2.9.%d&r=stable&o=4126" % (
            r.getrandbits(50), r.choice(["PageView", "ViewContent", "AddToCart", "Purchase"]), Q(page, safe=""),
            r.randint(1700000000000, 1710000000000), Q(json.dumps([str(r.randint(100, 999))]), safe=""), r.randint(100, 90000), r.randint(100, 160)),
        lambda: "/api/%d/envelope/?sentry_key=%s&sentry_version=7&sentry_client=sentry.javascript.browser%%2F7.%d.0" % (
            r.randint(2, 40), _hex(r, 32), r.randint(50, 110)),
        lambda: "/b/ss/examplegov/1/JS-2.22.0/s%d?AQB=1&ndh=1&pf=1&t=%s&fid=%s&ce=UTF-8&pageName=%s&g=%s&c.&a.&activitymap.&page=%s&link=%s&region=main&.activitymap&.a&.c&pe=lnk_o&pev2=%s&AQE=1" % (
            r.getrandbits(40), Q("4/2/2024 10:12:33 4 -540"), _hex(r, 16).upper(), Q(r.choice(TITLES)), Q(page, safe=""),
            Q("home"), Q(r.choice(["Apply now", "Download PDF (2 MB)", "Sign in / Register"])), Q("Exit: example.org")),
    ])()


IMAGES = ["/images/hero-2024.jpg", "/uploads/2024/03/minister.png", "/static/img/map_of_japan.webp",
          "/media/ir/q3 report cover.jpg"]


def images(r):
    img = r.choice(IMAGES)
    return r.choice([
        lambda: "/_next/image?url=%s&w=%d&q=75" % (Q(img, safe=""), r.choice([384, 640, 828, 1080, 1920])),
        lambda: "%s?auto=format,compress&fit=crop&crop=faces,edges&w=%d&h=%d&dpr=2&ixlib=js-3.8.0" % (img, r.choice([300, 600]), r.choice([200, 400])),
        lambda: "/image/upload/c_fill,g_auto,w_%d,h_%d/f_auto,q_auto:good/v%d/site/%s" % (r.choice([400, 800]), r.choice([300, 600]), r.randint(1600000000, 1710000000), img.rsplit("/", 1)[1].replace(" ", "%20")),
        lambda: "/unsafe/%dx%d/smart/filters:quality(80):format(webp)/%s" % (r.choice([300, 640]), r.choice([0, 200]), "cdn.example.go.jp" + img.replace(" ", "%20")),
        lambda: "/resize?src=%s&width=%d&fit=cover&format=avif" % (Q("https://cdn.example.go.jp" + img, safe=""), r.choice([320, 768])),
        lambda: "%s?v=%s&w=%d" % (img.replace(" ", "%20"), _hex(r, 8), r.choice([150, 300])),
    ])()


CLIENTS = ["portal-web", "member-spa", "0oa1b2c3d4e5F6g7h8", "a1b2c3d4-5678-90ab-cdef-1234567890ab"]


def signin(r):
    redirect = r.choice(["https://portal.example.go.jp/callback", "https://app.example.jp/auth/callback?lang=ja",
                         "http://localhost:3000/api/auth/callback/keycloak", "com.example.app:/oauth2redirect"])
    return r.choice([
        lambda: "/realms/members/protocol/openid-connect/auth?response_type=code&client_id=%s&redirect_uri=%s&scope=%s&state=%s&nonce=%s&code_challenge=%s&code_challenge_method=S256&response_mode=query&prompt=%s&ui_locales=ja" % (
            r.choice(CLIENTS), Q(redirect, safe=""), Q(r.choice(["openid profile email", "openid offline_access", "openid roles web-origins"])), _b64u(r, 16),
            _b64u(r, 16), _b64u(r, 32), r.choice(["login", "consent", "none"])),
        lambda: "/oauth2/v2.0/authorize?client_id=%s&scope=%s&redirect_uri=%s&response_type=code&response_mode=fragment&state=%s&client_info=1&x-client-SKU=msal.js.browser&x-client-VER=3.7.1&client-request-id=%s" % (
            CLIENTS[3], Q("User.Read openid profile offline_access"), Q(redirect, safe=""), _b64u(r, 40), CLIENTS[3]),
        lambda: "/callback?code=%s&state=%s&session_state=%s&iss=%s" % (_b64u(r, 24), _b64u(r, 16), CLIENTS[3], Q("https://sso.example.go.jp/realms/members", safe="")),
        lambda: "/logout?id_token_hint=%s.%s.%s&post_logout_redirect_uri=%s&state=%s" % (
            _b64u(r, 36), _b64u(r, 120), _b64u(r, 64), Q("https://portal.example.go.jp/", safe=""), _b64u(r, 8)),
        lambda: "/saml2/idp/SSOService?SAMLRequest=%s&RelayState=%s&SigAlg=%s&Signature=%s" % (
            Q(_b64(r, 300), safe=""), Q("https://portal.example.go.jp/cases?view=mine", safe=""),
            Q("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", safe=""), Q(_b64(r, 256), safe="")),
        lambda: "/.well-known/openid-configuration", lambda: "/.well-known/jwks.json",
        lambda: "/authorize/resume?state=%s&error=access_denied&error_description=%s" % (_b64u(r, 12), QP("User cancelled the login (code=1)")),
    ])()


PKGS = [("o/openssl", "libssl3_3.0.11-1~deb12u2_amd64.deb"), ("p/python3.11", "python3.11-minimal_3.11.2-6+deb12u1_amd64.deb"),
        ("c/curl", "libcurl4_7.88.1-10+deb12u5_amd64.deb"), ("s/systemd", "systemd_252.22-1~deb12u1_amd64.deb")]


def packages(r):
    return r.choice([
        lambda: "/debian/dists/bookworm%s/InRelease" % r.choice(["", "-updates", "-security"]),
        lambda: "/debian/pool/main/%s/%s" % r.choice(PKGS),
        lambda: "/debian-security/dists/bookworm-security/main/binary-amd64/by-hash/SHA256/%s" % _hex(r, 64),
        lambda: "/simple/%s/" % r.choice(["requests", "pyyaml", "typing-extensions", "zope-interface"]),
        lambda: "/packages/%s/%s/%s/requests-2.31.0-py3-none-any.whl#sha256=%s" % (_hex(r, 2), _hex(r, 2), _hex(r, 60), _hex(r, 64)),
        lambda: "/-/v1/search?text=%s&size=20&from=0&quality=0.65&popularity=0.98&maintenance=0.5" % Q(r.choice(["keywords:react date", "@types/node", "scope:babel"])),
        lambda: "/@babel%%2fcore/-/core-7.%d.0.tgz" % r.randint(20, 24),
        lambda: "/maven2/org/apache/commons/commons-lang3/3.%d.0/commons-lang3-3.%d.0.pom.sha1" % ((r.randint(9, 14),) * 2),
        lambda: "/github.com/%s/@v/%s" % (r.choice(["!azure/go-autorest", "!burnt!sushi/toml", "golang/protobuf"]), r.choice(["list", "v1.3.2.info", "v1.3.2.mod", "v1.3.2.zip"])),
        lambda: "/v2/library/%s/manifests/%s" % (r.choice(["nginx", "postgres", "debian"]), r.choice(["latest", "16-bookworm", "sha256:" + _hex(r, 64)])),
        lambda: "/v2/_catalog?n=100&last=%s" % Q(r.choice(["team/api", "infra/node-exporter"]), safe=""),
        lambda: "/%s.git/info/refs?service=git-upload-pack" % r.choice(["infra/ansible", "web/portal", "tools/ioc-sync"]),
        lambda: "/msdownload/update/v3/static/trustedr/en/authrootstl.cab?%s" % _hex(r, 16),
        lambda: "/filestreamingservice/files/%s?P1=%d&P2=404&P3=2&P4=%s" % (CLIENTS[3], r.randint(1700000000, 1710000000), Q(_b64(r, 64), safe="")),
        lambda: "/service/update2/json?cup2key=%d:%d&cup2hreq=%s" % (r.randint(10, 13), r.getrandbits(32), _hex(r, 64)),
        lambda: r.choice(["/connecttest.txt", "/generate_204", "/hotspot-detect.html", "/ncsi.txt", "/success.txt?ipv4"]),
        lambda: "/%s" % Q(_b64(r, 83), safe="+="),
        lambda: "/crl/%s.crl" % r.choice(["GTS1C3", "DigiCertGlobalG2TLSRSASHA2562020CA1-1", "jprs-dv-ca-g2"]),
        lambda: "/.well-known/acme-challenge/%s" % _b64u(r, 32),
        lambda: r.choice(["/.well-known/security.txt", "/.well-known/apple-app-site-association", "/.well-known/assetlinks.json",
                          "/.well-known/change-password", "/.well-known/traffic-advice", "/.well-known/mta-sts.txt"]),
    ])()


def storage(r):
    key = r.choice(["reports/2024/q3 summary.pdf", "exports/alerts-2024-03-01.csv.gz", "uploads/evidence/pcap_0312.zip",
                    "logs/web01/access.log.1"])
    return r.choice([
        lambda: "/%s?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=%s&X-Amz-Date=20240312T%02d%02d00Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=%s" % (
            Q(key), Q("AKIA%s/20240312/ap-northeast-1/s3/aws4_request" % _hex(r, 16).upper(), safe=""), r.randint(0, 23), r.randint(0, 59), _hex(r, 64)),
        lambda: "/?list-type=2&prefix=%s&delimiter=%%2F&encoding-type=url&max-keys=1000" % Q(key.rsplit("/", 1)[0] + "/", safe=""),
        lambda: "/%s?partNumber=%d&uploadId=%s" % (Q(key), r.randint(1, 40), _b64u(r, 60)),
        lambda: "/%s?%s" % (Q(key), r.choice(["uploads", "acl", "versioning", "tagging", "versionId=" + _b64u(r, 24)])),
        lambda: "/evidence/%s?sv=2022-11-02&ss=b&srt=sco&sp=rwdlacupiytfx&se=2024-03-%02dT%02d:00:00Z&st=2024-03-01T00:00:00Z&spr=https&sig=%s" % (
            Q(key), r.randint(2, 28), r.randint(0, 23), Q(_b64(r, 32), safe="")),
        lambda: "/bucket/%s?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=%s&X-Goog-Date=20240312T000000Z&X-Goog-Expires=900&X-Goog-SignedHeaders=host&X-Goog-Signature=%s" % (
            Q(key), Q("sync@project.iam.gserviceaccount.com/20240312/auto/storage/goog4_request", safe=""), _hex(r, 256)),
    ])()


USERS = ["t.suzuki", "k.tanaka", "soc-shift", "a.sato"]


def exchange(r):
    return r.choice([
        lambda: "/owa/?ae=Item&t=IPM.Note&id=%s&exvsurl=1" % Q("RgAAAA" + _b64(r, 60), safe=""),
        lambda: "/owa/service.svc?action=%s&EP=1&ID=-%d&AC=1" % (r.choice(["GetItem", "FindConversation", "GetAccessTokenforResource", "SubscribeToNotification"]), r.randint(1, 400)),
        lambda: "/owa/calendar/%s@example.go.jp/%s/calendar.ics" % (_hex(r, 32), _hex(r, 40)),
        lambda: "/Microsoft-Server-ActiveSync?Cmd=%s&User=%s&DeviceId=%s&DeviceType=%s" % (
            r.choice(["Sync", "Ping", "FolderSync", "SendMail", "ItemOperations"]), Q("EXAMPLE\\" + r.choice(USERS)), _hex(r, 32).upper(), r.choice(["iPhone", "Android", "Outlook"])),
        lambda: "/autodiscover/autodiscover.%s" % r.choice(["xml", "json?Email=%s%%40example.go.jp&Protocol=ActiveSync&RedirectCount=1" % r.choice(USERS)]),
        lambda: "/mapi/emsmdb/?MailboxId=%s@example.go.jp" % _hex(r, 32),
        lambda: "/EWS/Exchange.asmx", lambda: "/ecp/?rfr=owa&p=PersonalSettings/Password.aspx",
        lambda: "/rpc/rpcproxy.dll?mail.example.go.jp:6001",
    ])()


HOSTS = ["web01", "db-primary", "fw-edge-2", "dns.example.go.jp"]


def monitoring(r):
    return r.choice([
        lambda: "/cgi-bin/nagios4/status.cgi?host=%s&style=detail&servicestatustypes=28&hoststatustypes=15" % r.choice(HOSTS + ["all"]),
        lambda: "/cgi-bin/nagios4/cmd.cgi?cmd_typ=%d&host=%s&service=%s" % (r.choice([7, 34, 55, 56]), r.choice(HOSTS), Q(r.choice(["HTTP", "Disk /var", "PING", "SSH"]))),
        lambda: "/cgi-bin/nagios4/extinfo.cgi?type=2&host=%s&service=%s" % (r.choice(HOSTS), Q(r.choice(["Current Load", "Swap Usage"]))),
        lambda: "/zabbix/zabbix.php?action=%s" % r.choice(["dashboard.view", "problem.view&filter_set=1&severities%5B4%5D=4", "latest.view&hostids%5B%5D=10084&filter_application=CPU"]),
        lambda: "/zabbix/history.php?action=showgraph&itemids%%5B%%5D=%d&from=now-1h&to=now" % r.randint(20000, 40000),
        lambda: "/cacti/graph_image.php?local_graph_id=%d&rra_id=0&graph_start=%d&graph_end=%d&graph_height=120&graph_width=500" % (
            r.randint(1, 400), r.randint(1700000000, 1705000000), r.randint(1705000000, 1710000000)),
        lambda: "/d/%s/%s?orgId=1&from=now-%s&to=now&var-host=%s&var-job=%s&refresh=30s" % (
            _b64u(r, 6), r.choice(["node-exporter-full", "nginx-overview", "ingest-pipeline"]), r.choice(["6h", "24h", "7d"]),
            Q(r.choice(HOSTS + ["All", "$__all"])), Q(r.choice(["node", "api|worker", ".*"]))),
        lambda: "/api/v1/query_range?query=%s&start=%d&end=%d&step=%d" % (
            Q(r.choice(['sum by (code) (rate(http_requests_total{job="api",code=~"5.."}[5m]))',
                        'histogram_quantile(0.99, sum(rate(request_seconds_bucket[5m])) by (le))',
                        'up == 0 or absent(up{job="node"})', 'node_filesystem_avail_bytes{mountpoint="/"} / node_filesystem_size_bytes < 0.1']), safe=""),
            r.randint(1700000000, 1705000000), r.randint(1705000000, 1710000000), r.choice([15, 60, 300])),
        lambda: "/api/v1/alerts?silenced=false&inhibited=false&filter=%s" % Q('severity=~"critical|warning"', safe=""),
        lambda: "/munin/example.go.jp/%s/index.html" % r.choice(HOSTS),
    ])()


def datatools(r):
    return r.choice([
        lambda: "/user/%s/api/contents/%s?type=notebook&content=1&_=%d" % (r.choice(USERS), Q(r.choice(["work/ioc triage.ipynb", "analysis/beacon-hunt.ipynb"])), r.randint(1700000000000, 1710000000000)),
        lambda: "/user/%s/api/kernels/%s/channels?session_id=%s" % (r.choice(USERS), CLIENTS[3], _hex(r, 32)),
        lambda: "/user/%s/terminals/websocket/%d" % (r.choice(USERS), r.randint(1, 4)),
        lambda: "/user/%s/lab/tree/%s" % (r.choice(USERS), Q(r.choice(["notebooks/Untitled.ipynb", "scripts/rm_old_logs.sh", "etc/config.yaml"]))),
        lambda: "/api/v1/dags/~/dagRuns?order_by=-execution_date&limit=25&state=%s" % r.choice(["failed", "running", "success"]),
        lambda: "/tree?dag_id=%s&num_runs=25&root=" % r.choice(["nvd_incremental", "stix_export", "delete_old_partitions"]),
        lambda: "/superset/explore/?form_data=%s&slice_id=%d" % (Q(json.dumps({"slice_id": r.randint(1, 90), "viz_type": "table", "adhoc_filters": [{"clause": "WHERE", "comparator": "high", "operator": "==", "subject": "severity"}]}), safe=""), r.randint(1, 90)),
        lambda: "/api/reporting/generate/csv_searchsource?jobParams=%s" % Q("(browserTimezone:Asia/Tokyo,columns:!(host.name,source.ip),objectType:search,searchSource:(filter:!((meta:(index:'logs-*'),query:(match_phrase:(event.outcome:failure)))),query:(language:kuery,query:'http.response.status_code >= 500 and not url.path : \"/health\"')),title:'Failed logins (24h)',version:'8.11.0')", safe=""),
        lambda: "/api/saved_objects/_find?type=index-pattern&search_fields=title&search=%s&per_page=100" % Q(r.choice(["logs*", "filebeat-*", "alerts-*"])),
        lambda: "/app/discover?_g=%s" % Q("(filters:!(),refreshInterval:(pause:!t,value:0),time:(from:now-15m,to:now))", safe=""),
    ])()


def opendata(r):
    return r.choice([
        lambda: "/api/3/action/package_search?q=%s&fq=%s&rows=20&start=%d&sort=%s" % (
            QP(r.choice(["tags:transport", "title:避難所", "res_format:CSV AND organization:mlit"])), QP(r.choice(["organization:city-a", "license_id:cc-by"])),
            r.choice([0, 20, 40]), QP(r.choice(["metadata_modified desc", "score desc, name asc"]))),
        lambda: "/sparql?query=%s&format=json" % QP(r.choice([
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s ?label WHERE { ?s rdfs:label ?label . FILTER(lang(?label) = 'ja') } LIMIT 100",
            "SELECT DISTINCT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n) LIMIT 20",
            "ASK { <http://data.example.go.jp/id/station/1> ?p ?o }"])),
        lambda: "/rest/3.0/app/json/getStatsData?appId=%s&statsDataId=%010d&cdCat01=%03d&cdArea=%05d&lang=J&metaGetFlg=Y&cntGetFlg=N" % (_hex(r, 40), r.randint(0, 10**10 - 1), r.randint(100, 300), r.randint(1000, 47000)),
        lambda: "/pubmed/?term=%s&sort=date&size=50" % QP(r.choice([
            "(ransomware[Title/Abstract]) AND (hospital OR healthcare) AND 2020:2024[dp]",
            "\"phishing\"[MeSH Terms] NOT review[pt]", "covid-19 AND (vaccine* OR immunization)"])),
        lambda: "/search?query=%s&type=patent" % QP(r.choice(["(TI=\"battery\" OR AB=\"battery\") AND PD>=20200101", "applicant:(Toyota OR Denso) and ipc:H01M"])),
        lambda: "/tiles/%d/%d/%d.png" % (r.randint(5, 18), r.randint(0, 200000), r.randint(0, 100000)),
        lambda: "/maps/embed?pb=!1m18!1m12!1m3!1d%d.%d!2d139.%d!3d35.%d!2m3!1f0!2f0!3f0!3m2!1i1024!2i768!4f13.1!3m3!1m2!1s0x%s%%3A0x%s!2z%s!5e0!3m2!1sja!2sjp!4v%d!5m2!1sja!2sjp" % (
            r.randint(1000, 9999), r.randint(0, 999), r.randint(0, 99999), r.randint(0, 99999), _hex(r, 16), _hex(r, 16), Q(_b64(r, 24), safe=""), r.randint(1600000000000, 1710000000000)),
        lambda: "/socket.io/?EIO=4&transport=%s&t=%s%s" % (r.choice(["polling", "websocket"]), _b64u(r, 5), r.choice(["", "&sid=" + _b64u(r, 15)])),
        lambda: "/signalr/connect?transport=webSockets&clientProtocol=1.5&connectionToken=%s&connectionData=%s&tid=%d" % (
            Q(_b64(r, 90), safe=""), Q(json.dumps([{"name": "alerthub"}]), safe=""), r.randint(0, 10)),
        lambda: "/hubs/cases/negotiate?negotiateVersion=1",
    ])()


KINDS = [(analytics, 22), (images, 12), (signin, 10), (packages, 14), (storage, 7), (exchange, 9), (monitoring, 10),
         (datatools, 7), (opendata, 9)]

UAS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.0.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
    "Debian APT-HTTP/1.3 (2.6.1)", "pip/23.0.1 {\"ci\":null,\"cpu\":\"x86_64\",\"implementation\":{\"name\":\"CPython\",\"version\":\"3.11.2\"},\"installer\":{\"name\":\"pip\",\"version\":\"23.0.1\"},\"openssl_version\":\"OpenSSL 3.0.11 19 Sep 2023\",\"python\":\"3.11.2\",\"system\":{\"name\":\"Linux\",\"release\":\"6.1.0-18-amd64\"}}",
    "npm/10.2.4 node/v20.11.1 linux x64 workspaces/false", "Go-http-client/1.1", "git/2.39.2", "docker/24.0.7 go/go1.20.10 git-commit/311b9ff kernel/6.1.0-18-amd64 os/linux arch/amd64 UpstreamClient(Docker-Client/24.0.7 \\(linux\\))",
    "Microsoft-CryptoAPI/10.0", "Microsoft-Delivery-Optimization/10.0", "Microsoft NCSI", "Apple-iPhone15C2/2102.1.23", "Outlook-iOS/723.4027091.prod.iphone (4.2409.0)",
    "Prometheus/2.48.1", "Grafana/10.3.3", "Zabbix", "check_http/v2.3.3 (nagios-plugins 2.3.3)", "Apache-HttpClient/4.5.14 (Java/17.0.10)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
]
REFERRERS = ["-", "-", "-", SITE + "/", SITE + "/news/2024/0312.html", "https://portal.example.go.jp/cases?view=mine",
             "https://sso.example.go.jp/realms/members/protocol/openid-connect/auth", "https://grafana.example.go.jp/d/abc/ingest"]


def _method(rng, kind, uri):
    if kind is analytics and rng.random() < 0.3:
        return "POST"
    if "Microsoft-Server-ActiveSync" in uri or "/EWS/" in uri or "/mapi/" in uri:
        return "POST"
    if "partNumber=" in uri or "/api/v1/dags" in uri and rng.random() < 0.2:
        return "PUT"
    return "GET"


def generate(count, seed=20241207):
    """Returns count requests as (method, uri, version, user_agent, referrer)."""
    return request_lines(count, seed, KINDS, UAS, REFERRERS, ["HTTP/1.1", "HTTP/1.1", "HTTP/2.0"], _method)


if __name__ == "__main__":
    for m, u, v, a, ref in generate(20):
        print(m, u[:160], v, a[:30], ref)
