"""What the generators of everyday traffic share: picking a kind of request by weight,
and writing a request with a body as an ECS JSON log line (the shape bench/crs_eval.py
and fukurou's JSON decoder read)."""
import json
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
