"""Everyday requests with bodies and cookies, as ECS JSON log lines (http.request.body.content,
http.request.headers.cookie): what a site, its API and its users send all day. Sign-in and
search forms; comments and contact messages in plain prose (which names commands, SQL and
markup as words); JSON API calls with nested objects, arrays, numbers, dates and URLs;
GraphQL queries; SOAP and XML-RPC calls; multipart uploads of pictures and documents; and
the cookies browsers carry (analytics, consent strings, sessions, JWTs, CSRF tokens, cart
state). Written without looking at what the detectors report on them; used to count false
alarms on bodies (bench/crs_eval.py --generated-bodies)."""
import base64
import json
import random
import urllib.parse

WORDS = ("report invoice meeting schedule travel budget shipping order refund account profile "
         "printer network update release backup server table select drop union script alert "
         "window document cookie password admin root user group delete insert where from "
         "system exec shell command python java php node template include file path").split()
PROSE = [
    "Thanks for the quick reply! The order arrived on Tuesday.",
    "How do I select more than one item in the table view?",
    "I tried to drop the old backup but the admin page said no.",
    "Our script runs every night; can the report include yesterday's rows?",
    "Please delete my account and all data, as per GDPR.",
    "Where can I find the Python and Java examples from the talk?",
    "The printer on the 3rd floor says 'paper jam' again :(",
    "Great article. I use sudo apt update && apt upgrade every week too.",
    "Is <b>bold</b> allowed in comments? Testing 1, 2, 3...",
    "Price was $40 (or 4,000 yen) - is that with tax?",
    "I'd like to union the two lists from the CSV export, where do I start?",
    "My son's school uses this; the login from home doesn't work though.",
    "Can't run the installer: it says C:\\Program Files\\App is read-only.",
    "See https://example.org/docs?page=2&lang=en for the details.",
    "100% agree -- the new layout is much better than the old one!",
    "お問い合わせありがとうございます。明日の会議は10時からです。",
]
NAMES = ["Alice", "Bob", "Carol", "Daisuke", "Emi", "Frank", "Grace", "Hiroshi", "O'Brien", "Zoë"]
UAS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
       "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
       "okhttp/4.12.0", "python-requests/2.31.0", "axios/1.6.8", "PostmanRuntime/7.37.0"]


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def jwt(r):
    head = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64url(json.dumps({"sub": str(r.randint(1, 99999)), "name": r.choice(NAMES),
                              "iat": 1700000000 + r.randint(0, 10 ** 7)}).encode())
    return "%s.%s.%s" % (head, body, b64url(r.randbytes(32)))


def cookies(r):
    jar = ["_ga=GA1.2.%d.%d" % (r.randint(10 ** 8, 10 ** 9), 1700000000 + r.randint(0, 10 ** 7)),
           "_gid=GA1.2.%d.%d" % (r.randint(10 ** 8, 10 ** 9), 1700000000 + r.randint(0, 10 ** 7))]
    pick = r.random()
    if pick < 0.3:
        jar.append("PHPSESSID=%s" % "".join(r.choice("abcdefghijklmnopqrstuv0123456789") for _ in range(26)))
    elif pick < 0.55:
        jar.append("session=%s" % jwt(r))
    elif pick < 0.75:
        jar.append("JSESSIONID=%s" % r.randbytes(16).hex().upper())
    else:
        jar.append("connect.sid=%s" % urllib.parse.quote("s:" + b64url(r.randbytes(18)) + "." + b64url(r.randbytes(32))))
    if r.random() < 0.5:
        jar.append("OptanonConsent=" + urllib.parse.quote(
            "isGpcEnabled=0&datestamp=Mon Jan 01 2024 10:00:00 GMT+0900&version=202401.1.0"
            "&groups=C0001:1,C0002:%d,C0003:1&hosts=&consentId=%s" % (r.randint(0, 1), r.randbytes(8).hex()), safe=""))
    if r.random() < 0.4:
        jar.append("cart=" + urllib.parse.quote(json.dumps({"items": [{"sku": "A-%d" % r.randint(100, 999), "n": r.randint(1, 3)}]}), safe=""))
    if r.random() < 0.4:
        jar.append("wp-settings-1=" + urllib.parse.quote("libraryContent=browse&editor=html&mfold=o", safe=""))
    if r.random() < 0.5:
        jar.append("csrftoken=%s" % b64url(r.randbytes(24)))
    if r.random() < 0.3:
        jar.append("lang=%s" % r.choice(["ja", "en-US", "ja-JP"]))
    if r.random() < 0.2:
        jar.append("recently_viewed=%s" % "|".join(str(r.randint(1000, 9999)) for _ in range(3)))
    r.shuffle(jar)
    return "; ".join(jar)


def form(r):
    kind = r.random()
    if kind < 0.25:
        return "/login", "username=%s&password=%s&remember=on&csrf=%s" % (
            urllib.parse.quote_plus(r.choice(NAMES).lower()),
            urllib.parse.quote_plus("".join(r.choice("abcXYZ0123!@#$%^&*()_+-=';\"<>") for _ in range(12))),
            b64url(r.randbytes(16)))
    if kind < 0.45:
        return "/search", "q=%s&sort=%s&page=%d" % (urllib.parse.quote_plus(" ".join(r.sample(WORDS, r.randint(1, 4)))),
                                                   r.choice(["relevance", "date", "price_asc"]), r.randint(1, 9))
    if kind < 0.8:
        return "/comments", "author=%s&email=%s&comment=%s&post_id=%d" % (
            urllib.parse.quote_plus(r.choice(NAMES)), urllib.parse.quote_plus("%s@example.jp" % r.choice(NAMES).lower()),
            urllib.parse.quote_plus(" ".join(r.sample(PROSE, r.randint(1, 3)))), r.randint(1, 5000))
    return "/contact", "name=%s&subject=%s&message=%s&phone=%s" % (
        urllib.parse.quote_plus(r.choice(NAMES)), urllib.parse.quote_plus(r.choice(["Order", "Refund", "Question", "Bug report"])),
        urllib.parse.quote_plus("\r\n".join(r.sample(PROSE, 2))), urllib.parse.quote_plus("+81 3-1234-%04d" % r.randint(0, 9999)))


def api(r):
    kind = r.random()
    if kind < 0.3:
        return "/api/v2/orders", json.dumps({
            "customer": {"id": r.randint(1, 10 ** 6), "name": r.choice(NAMES), "email": "%s@example.com" % r.choice(NAMES).lower()},
            "items": [{"sku": "SKU-%d" % r.randint(1000, 9999), "qty": r.randint(1, 5), "price": round(r.uniform(1, 300), 2)}
                      for _ in range(r.randint(1, 4))],
            "note": r.choice(PROSE), "coupon": None, "gift": r.random() < 0.2,
            "created": "2024-01-%02dT%02d:00:00+09:00" % (r.randint(1, 28), r.randint(0, 23))})
    if kind < 0.5:
        return "/graphql", json.dumps({
            "operationName": "GetUser",
            "query": "query GetUser($id: ID!) { user(id: $id) { id name orders(first: 10) { edges { node { id total } } } } }",
            "variables": {"id": str(r.randint(1, 99999))}})
    if kind < 0.65:
        return "/api/profile", json.dumps({"displayName": r.choice(NAMES), "bio": r.choice(PROSE),
                                            "website": "https://%s.example.net/" % r.choice(NAMES).lower(),
                                            "settings": {"theme": "dark", "notifications": {"email": True, "sms": False}},
                                            "tags": r.sample(WORDS, 3)})
    if kind < 0.8:
        return "/api/events", json.dumps([{"type": r.choice(["click", "view", "scroll"]),
                                           "path": "/products/%d" % r.randint(1, 500),
                                           "ts": 1700000000000 + r.randint(0, 10 ** 9)} for _ in range(r.randint(1, 5))])
    return "/api/upload", json.dumps({"filename": "photo_%d.jpg" % r.randint(1, 999), "contentType": "image/jpeg",
                                      "data": base64.b64encode(r.randbytes(r.randint(30, 120))).decode()})


def xml(r):
    if r.random() < 0.6:
        return "/ws/StockService", (
            '<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
            'xmlns:m="http://example.org/stock"><soap:Header><m:Auth>%s</m:Auth></soap:Header><soap:Body><m:GetPrice>'
            '<m:Item>%s</m:Item><m:Note><![CDATA[%s]]></m:Note></m:GetPrice></soap:Body></soap:Envelope>' % (
                b64url(r.randbytes(12)), r.choice(["Apples", "Pears", "Rice & Beans", "Tea"]), r.choice(PROSE)))
    return "/xmlrpc", ('<?xml version="1.0"?><methodCall><methodName>wp.getPosts</methodName><params>'
                       '<param><value><int>1</int></value></param><param><value><string>%s</string></value></param>'
                       '</params></methodCall>' % r.choice(NAMES))


def multipart(r):
    boundary = "----WebKitFormBoundary" + b64url(r.randbytes(12))[:16]
    name = r.choice(["IMG_%04d.JPG" % r.randint(1, 9999), "report-q%d.pdf" % r.randint(1, 4), "notes.txt", "写真.png"])
    content = r.choice(["\x89PNG\r\n\x1a\n" + "".join(chr(r.randint(32, 126)) for _ in range(40)),
                        "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj",
                        r.choice(PROSE)])
    parts = ['--%s\r\nContent-Disposition: form-data; name="title"\r\n\r\n%s\r\n' % (boundary, r.choice(PROSE)),
             '--%s\r\nContent-Disposition: form-data; name="file"; filename="%s"\r\nContent-Type: application/octet-stream\r\n\r\n%s\r\n'
             % (boundary, name, content)]
    return "/upload", "".join(parts) + "--%s--\r\n" % boundary


def generate(n, seed=20240101):
    """n JSON log lines of everyday requests with bodies or cookies."""
    r = random.Random(seed)
    out = []
    for _ in range(n):
        pick = r.random()
        method = "POST"
        if pick < 0.3:
            path, body = form(r)
        elif pick < 0.6:
            path, body = api(r)
        elif pick < 0.7:
            path, body = xml(r)
        elif pick < 0.8:
            path, body = multipart(r)
        else:
            method, path, body = "GET", r.choice(["/", "/products/%d" % r.randint(1, 500), "/cart", "/account"]), ""
        request = {"method": method, "headers": {"cookie": cookies(r)}}
        if body:
            request["body"] = {"content": body}
        out.append(json.dumps({"@timestamp": "2024-01-01T00:00:00Z", "source": {"ip": "198.51.100.%d" % r.randint(1, 254)},
                               "url": {"original": path}, "user_agent": {"original": r.choice(UAS)},
                               "http": {"request": request, "response": {"status_code": 200}}}, ensure_ascii=False))
    return out
