#!/usr/bin/env python3
"""The hub under attack, measured (issue 10). Starts `fukurou serve` on a fresh data
folder and reports:

  1. the server's memory (RSS) before and after 100 unauthenticated 10 MB uploads;
  2. a legitimate client's median and p99 latency (API key) alone, then while 64
     clients guess passwords over HTTP Basic;
  3. a release of 30,000 indicators: its duration, and another client's latency while
     it runs;
  4. whether a client is still served while 2,000 idle connections are held open from
     another loopback address (127.0.0.2).

usage: bench/hub_attack.py FUKUROU_BINARY [WORKDIR]
"""
import http.client, json, os, shutil, socket, statistics, subprocess, sys, tempfile, threading, time

BIN = os.path.abspath(sys.argv[1])
WORK = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="fk-attack-")
DATA = os.path.join(WORK, "d")


def admin(*args, env=None):
    out = subprocess.run([BIN, "admin", "--data", DATA, *args], capture_output=True, text=True,
                         env=env, check=True)
    return out.stdout.strip()


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def request(port, method, path, key=None, body=None, headers=None, timeout=60):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    h = dict(headers or {})
    if key:
        h["Authorization"] = "Bearer " + key
    if body is not None:
        h.setdefault("Content-Type", "application/json")
    t = time.perf_counter()
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, data, (time.perf_counter() - t) * 1000


def latencies(port, key, seconds, headers=None):
    out, end = [], time.time() + seconds
    while time.time() < end:
        status, _, ms = request(port, "GET", "/api/v1/me", key, headers=headers)
        assert status == 200, status
        out.append(ms)
    return out


def summary(ms):
    ms = sorted(ms)
    return f"median {statistics.median(ms):.1f} ms, p99 {ms[int(len(ms) * 0.99) - 1]:.1f} ms, n={len(ms)}"


def guess_process(port, stop, counts):
    import base64
    local = {"401": 0, "429": 0, "other": 0}
    lock = threading.Lock()

    def guess(i):
        auth = base64.b64encode(f"carol:wrong guess {i}".encode()).decode()
        while not stop.is_set():
            try:
                st, _, _ = request(port, "GET", "/api/v1/me",
                                   headers={"Authorization": "Basic " + auth})
                k = str(st) if str(st) in local else "other"
            except Exception:
                k = "other"
            with lock:
                local[k] += 1

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(64)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    counts.update(local)


def main():
    shutil.rmtree(DATA, ignore_errors=True)
    admin("org", "create", "NISC", "--sector", "centre")
    admin("org", "create", "PowerCo", "--sector", "electricity", "--domain", "power.example")
    env = dict(os.environ, PW="a long enough password")
    admin("account", "create", "ana", "--org", "NISC", "--role", "centre-analyst",
          "--password-env", "PW", env=env)
    admin("account", "create", "carol", "--org", "PowerCo", "--role", "member-reporter",
          "--password-env", "PW", env=env)
    analyst = admin("apikey", "create", "ana").split()[0]
    member = admin("apikey", "create", "carol").split()[0]
    log = open(os.path.join(WORK, "server.log"), "w")
    srv = subprocess.Popen([BIN, "serve", "--data", DATA, "--listen", "127.0.0.1:0", "--quiet"],
                           stderr=subprocess.PIPE, text=True)
    line = srv.stderr.readline()
    port = int(line.split("(port ")[1].split(")")[0])
    threading.Thread(target=lambda: [log.write(l) for l in srv.stderr], daemon=True).start()
    try:
        # 1. unauthenticated uploads
        request(port, "GET", "/api/v1/me", analyst)
        before = rss_kb(srv.pid)
        blob = b"a" * (10 << 20)
        refused = 0
        for _ in range(100):
            try:
                status, _, _ = request(port, "POST", "/api/v1/reports", None, blob)
                refused += status == 401
            except (ConnectionError, socket.timeout, http.client.HTTPException):
                refused += 1  # the server closed before taking the body
        after = rss_kb(srv.pid)
        print(f"1. RSS before {before / 1024:.1f} MB, after 100 unauthenticated 10 MB uploads "
              f"{after / 1024:.1f} MB (growth {(after - before) / 1024:.1f} MB); {refused} refused")

        # 2. password guessing
        import base64
        basic = {"Authorization": "Basic " + base64.b64encode(b"ana:a long enough password").decode()}
        alone = latencies(port, member, 5)
        alone_pw = latencies(port, None, 5, basic)
        # the guessers run in their own process (64 threads), so that the measuring
        # client does not wait for them on Python's interpreter lock
        import multiprocessing
        counts = multiprocessing.Manager().dict({"401": 0, "429": 0, "other": 0})
        stop = multiprocessing.Event()
        guessers = multiprocessing.Process(target=guess_process, args=(port, stop, counts))
        guessers.start()
        time.sleep(1)
        during = latencies(port, member, 10)
        during_pw = latencies(port, None, 10, basic)
        stop.set()
        guessers.join()
        print(f"2. legitimate client alone: {summary(alone)}")
        print(f"   while 64 clients guess passwords: {summary(during)}; guesses answered "
              f"401 {counts['401']}, 429 {counts['429']}, other {counts['other']}")
        print(f"   a client signing in with its password (Basic) alone: {summary(alone_pw)}; "
              f"while the guessing goes on: {summary(during_pw)}")

        # 3. a release of 30,000 indicators
        inds = [f"198.18.{i // 250}.{i % 250 + 1}" if i % 2 else f"bad{i}.evil.test"
                for i in range(30000)]
        rep = {"type": "blocklist", "title": "big list", "description": "30,000 indicators",
               "fields": {"purpose": "block", "valid_until": "2027-01-01T00:00:00Z"}, "indicators": inds, "tlp": "GREEN", "pap": "GREEN",
               "consent": "members"}
        st, body, ms = request(port, "POST", "/api/v1/reports", member, json.dumps(rep))
        assert st == 201, body[:300]
        rid = json.loads(body)["id"]
        st, body, _ = request(port, "POST", f"/api/v1/reports/{rid}/triage", analyst,
                              json.dumps({"severity": 2, "reasons": {"society": "-", "systems": "-"}}))
        assert st == 200, body[:300]
        result = {}

        def release():
            result["r"] = request(port, "POST", f"/api/v1/reports/{rid}/release", analyst,
                                  json.dumps({"tier": "advisory", "audience": {"all_members": True}}),
                                  timeout=600)

        t = threading.Thread(target=release)
        t.start()
        during_release = []
        while t.is_alive():
            during_release.append(request(port, "GET", "/api/v1/me", member)[2])
        t.join()
        st, body, ms = result["r"]
        assert st == 201, body[:300]
        print(f"3. release of 30,000 indicators: {ms / 1000:.2f} s "
              f"({json.loads(body).get('withheld_indicators')} withheld); another client meanwhile: "
              f"{summary(during_release)}")
        st, body, ms = request(port, "GET", "/api/v1/releases", member)
        print(f"   GET /api/v1/releases after it: {len(body)} bytes in {ms:.1f} ms")

        # 4. idle connections from another address
        idle = []
        for _ in range(2000):
            s = socket.socket()
            try:
                s.bind(("127.0.0.2", 0))
                s.connect(("127.0.0.1", port))
                idle.append(s)
            except OSError:
                s.close()
                break
        time.sleep(0.5)
        st, _, ms = request(port, "GET", "/api/v1/me", member, timeout=10)
        print(f"4. {len(idle)} idle connections from 127.0.0.2 (the server keeps at most 256 per "
              f"address): a client on 127.0.0.1 got {st} in {ms:.1f} ms")
        for s in idle:
            s.close()
    finally:
        srv.terminate()
        srv.wait()


if __name__ == "__main__":
    main()
