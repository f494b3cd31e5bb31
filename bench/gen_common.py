"""What the generators of everyday traffic share: picking a kind of request by weight,
and writing a request with a body as an ECS JSON log line (the shape bench/crs_eval.py
and fukurou's JSON decoder read)."""
import base64
import json
import random
import urllib.parse


def pick(rng, kinds):
    """One of kinds, a list of (item, weight), drawn by weight with one rng.uniform."""
    x = rng.uniform(0, sum(w for _, w in kinds))
    for item, w in kinds:
        x -= w
        if x <= 0:
            return item
    return kinds[-1][0]


def ecs_line(timestamp, ip, path, ua, request):
    """A POST's log line: request is ECS's http.request (method, body.content, ...)."""
    return json.dumps({"@timestamp": timestamp, "source": {"ip": ip}, "url": {"original": path},
                       "user_agent": {"original": ua},
                       "http": {"request": request, "response": {"status_code": 200}}}, ensure_ascii=False)


def pick_by_edge(rng, kinds):
    """One of kinds, a list of (cumulative edge, item) in rising order, by one rng.random."""
    x = rng.random()
    return next(item for edge, item in kinds if x < edge)


def body_of(shape, data, multipart=None):
    """A request's body text: JSON, XML as given, a multipart body (multipart(*data) gives
    the boundary and the text) or a form; and its content type when it must be said."""
    if shape == "json":
        return json.dumps(data, ensure_ascii=False), None
    if shape == "xml":
        return data, None
    if shape == "multipart":
        boundary, body = multipart(*data)
        return body, "multipart/form-data; boundary=" + boundary
    return urllib.parse.urlencode(data), None


def body_lines(n, seed, kinds, uas, multipart=None, method=None):
    """n ECS log lines of POSTed bodies: each a kind drawn from kinds (pick_by_edge), which
    gives (path, shape, data); shape "raw" is the body as given, the others body_of's.
    method(shape, data) names the method (default POST)."""
    r = random.Random(seed)
    out = []
    for _ in range(n):
        path, shape, data = pick_by_edge(r, kinds)(r)
        body, mime = (data, None) if shape == "raw" else body_of(shape, data, multipart)
        request = {"method": method(shape, data) if method else "POST", "body": {"content": body}}
        if mime:
            request["mime_type"] = mime
        out.append(ecs_line("2024-12-04T00:00:00Z", "192.0.2.%d" % r.randint(1, 254), path, r.choice(uas), request))
    return out


def request_lines(count, seed, kinds, uas, referrers, versions, method):
    """count access-log requests as (method, uri, version, user_agent, referrer): each a
    kind drawn from kinds (pick) that makes its URI; method(rng, kind, uri) names the method."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        kind = pick(rng, kinds)
        uri = kind(rng)
        out.append((method(rng, kind, uri), uri, rng.choice(versions), rng.choice(uas), rng.choice(referrers)))
    return out


def hex_token(r, n):
    """n random hexadecimal digits (ids, nonces, hashes), from one getrandbits."""
    return "%0*x" % (n, r.getrandbits(4 * n))


def b64url_token(r, n):
    """n random bytes in unpadded URL-safe base64 (state, nonces, keys)."""
    return base64.urlsafe_b64encode(bytes(r.getrandbits(8) for _ in range(n))).decode().rstrip("=")
