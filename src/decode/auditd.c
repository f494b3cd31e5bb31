#include "auditd.h"

#include "../core/hex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What an EXECVE record borrows from the SYSCALL record before it (same serial). */
static const char *const carried[] = {"exe", "comm", "pid", "ppid", "uid", "auid", "cwd"};
#define NCARRIED (sizeof carried / sizeof carried[0])

struct fk_auditd {
    char serial[32];
    char value[NCARRIED][1024];
    bool have[NCARRIED];
};

fk_auditd *fk_auditd_new(void)
{
    return calloc(1, sizeof(fk_auditd));
}

void fk_auditd_free(fk_auditd *a)
{
    free(a);
}

/* auditd writes text that may hold spaces, quotes or control bytes as bare hex
 * (a0=2F746D702F78 for "/tmp/x"); these are the fields where it does so. EXECVE's
 * a0, a1, ... are strings too; SYSCALL's a0..a3 are numbers in hex and stay as they are. */
static bool encodable(fk_str key, bool execve)
{
    static const char *const names[] = {"comm",     "exe",  "name", "cwd",  "proctitle",
                                        "cmd",      "acct", "data", "path", "key",
                                        "hostname", "old",  "new",  "ocomm"};
    if (execve && key.n >= 2 && key.p[0] == 'a' && key.p[1] >= '0' && key.p[1] <= '9')
        return true;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (fk_str_eq(key, names[i]))
            return true;
    return false;
}

/* Bare hex of even length decodes to text; NUL (between proctitle's arguments)
 * becomes a space. Anything else stays as written. */
static fk_str unhex(fk_str v, fk_arena *arena, fk_event *ev)
{
    if (v.n < 2 || v.n % 2)
        return v;
    for (size_t i = 0; i < v.n; i++)
        if (fk_hexval(v.p[i]) < 0)
            return v;
    char *out = fk_arena_alloc(arena, v.n / 2 + 1);
    if (!out) {
        ev->alloc_failed = true;
        return v;
    }
    size_t k = v.n / 2;
    for (size_t i = 0; i < k; i++) {
        char c = (char)(fk_hexval(v.p[2 * i]) << 4 | fk_hexval(v.p[2 * i + 1]));
        out[i] = c == '\0' ? ' ' : c;
    }
    while (k && out[k - 1] == ' ') /* proctitle ends with its last NUL */
        k--;
    out[k] = '\0';
    return (fk_str){out, k};
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\x1d'; /* GS: where ENRICHED fields start */
}

typedef struct {
    fk_event *ev;
    fk_arena *arena;
    bool execve;
    fk_str carried[NCARRIED];
    fk_str exe, comm, uid, auid, res, addr, acct;
    fk_str args[64]; /* EXECVE a0.. in order, for the command line */
    int nargs;
} record;

static void note(record *r, fk_str key, fk_str v)
{
    for (size_t i = 0; i < NCARRIED; i++)
        if (fk_str_eq(key, carried[i]))
            r->carried[i] = v;
    if (fk_str_eq(key, "exe"))
        r->exe = v;
    else if (fk_str_eq(key, "comm"))
        r->comm = v;
    else if (fk_str_eq(key, "uid"))
        r->uid = v;
    else if (fk_str_eq(key, "auid"))
        r->auid = v;
    else if (fk_str_eq(key, "res") || fk_str_eq(key, "success"))
        r->res = v;
    else if (fk_str_eq(key, "addr"))
        r->addr = v;
    else if (fk_str_eq(key, "acct"))
        r->acct = v;
    else if (r->execve && key.n >= 2 && key.p[0] == 'a') {
        int idx = 0;
        size_t i = 1;
        for (; i < key.n && key.p[i] >= '0' && key.p[i] <= '9' && idx < 1000; i++)
            idx = idx * 10 + (key.p[i] - '0');
        if (i == key.n && idx < 64 && idx == r->nargs)
            r->args[r->nargs++] = v;
    }
}

/* name=value pairs separated by blanks; values bare, "double-quoted" or 'single-quoted'
 * (msg='op=... acct="root" res=success' holds pairs of its own, read the same way). */
static int pairs(record *r, const char *p, const char *end, int depth)
{
    while (p < end) {
        while (p < end && is_space(*p))
            p++;
        const char *k = p;
        while (p < end && *p != '=' && !is_space(*p))
            p++;
        if (p >= end || *p != '=') /* a word without '=': not a field */
            continue;
        fk_str key = {k, (size_t)(p - k)};
        p++;
        fk_str v;
        bool quoted = false;
        if (p < end && (*p == '"' || *p == '\'')) {
            char q = *p++;
            const char *vs = p;
            while (p < end && *p != q)
                p++;
            v = (fk_str){vs, (size_t)(p - vs)};
            if (p < end)
                p++;
            quoted = true;
            if (q == '\'' && depth == 0 && fk_str_eq(key, "msg")) {
                if (pairs(r, v.p, v.p + v.n, depth + 1))
                    return -1;
                continue;
            }
        } else {
            const char *vs = p;
            while (p < end && !is_space(*p))
                p++;
            v = (fk_str){vs, (size_t)(p - vs)};
        }
        if (key.n == 0)
            continue;
        if (!quoted && encodable(key, r->execve))
            v = unhex(v, r->arena, r->ev);
        if (fk_event_add(r->ev, r->arena, key, v))
            return -1;
        note(r, key, v);
    }
    return 0;
}

static const char *find(const char *p, const char *end, const char *lit)
{
    size_t n = strlen(lit);
    for (; p + n <= end; p++)
        if (*p == lit[0] && !memcmp(p, lit, n))
            return p;
    return NULL;
}

/* SYSCALL: remember its process fields. EXECVE of the same serial: add those it lacks. */
static int carry(fk_auditd *a, record *r, fk_str type, fk_str serial)
{
    if (fk_str_eq(type, "SYSCALL")) {
        a->serial[0] = '\0';
        if (serial.n >= sizeof a->serial)
            return 0;
        memcpy(a->serial, serial.p, serial.n);
        a->serial[serial.n] = '\0';
        for (size_t i = 0; i < NCARRIED; i++) {
            a->have[i] = r->carried[i].n > 0 && r->carried[i].n < sizeof a->value[i];
            if (a->have[i]) {
                memcpy(a->value[i], r->carried[i].p, r->carried[i].n);
                a->value[i][r->carried[i].n] = '\0';
            }
        }
        return 0;
    }
    if (!r->execve || !a->serial[0] || strlen(a->serial) != serial.n ||
        memcmp(a->serial, serial.p, serial.n))
        return 0;
    for (size_t i = 0; i < NCARRIED; i++)
        if (a->have[i] && !r->carried[i].n) {
            char *v = fk_arena_strndup(r->arena, a->value[i], strlen(a->value[i]));
            if (!v)
                return -1;
            r->carried[i] = (fk_str){v, strlen(v)};
            if (fk_event_add(r->ev, r->arena, (fk_str){carried[i], strlen(carried[i])},
                             r->carried[i]))
                return -1;
            note(r, (fk_str){carried[i], strlen(carried[i])}, r->carried[i]);
        }
    return 0;
}

fk_dec_status fk_auditd_decode(fk_auditd *a, const char *line, size_t n, fk_event *ev,
                               fk_arena *arena, const char **why)
{
    const char *p = line, *end = line + n;
    while (p < end && is_space(*p))
        p++;
    if (p == end)
        return FK_DEC_SKIP;
    /* "type=X msg=audit(" at the start, after "node=host ", or after a syslog header */
    const char *type = find(p, end, "type=");
    const char *msg = type ? find(type, end, " msg=audit(") : NULL;
    if (!type || !msg) {
        *why = "expected an audit record: type=NAME msg=audit(SECONDS.MS:SERIAL): ...";
        return FK_DEC_BAD;
    }
    if (end - p > 5 && !memcmp(p, "node=", 5)) {
        const char *h = p + 5, *he = h;
        while (he < end && !is_space(*he))
            he++;
        ev->host = (fk_str){h, (size_t)(he - h)};
        if (fk_event_add(ev, arena, FK_STR("node"), ev->host))
            goto oom;
    }
    fk_str tname = {type + 5, (size_t)(msg - type - 5)};
    const char *stamp = msg + 11, *colon = stamp;
    while (colon < end && *colon != ':' && *colon != ')')
        colon++;
    const char *close = colon;
    while (close < end && *close != ')')
        close++;
    if (tname.n == 0 || colon >= end || *colon != ':' || close >= end) {
        *why = "expected msg=audit(SECONDS.MS:SERIAL) after the record type";
        return FK_DEC_BAD;
    }
    /* the time: seconds.milliseconds since the epoch */
    int64_t secs = 0, ms = 0;
    int frac = 0;
    const char *q = stamp;
    /* twelve digits of seconds reach the year 33658: more is no audit stamp */
    for (; q < colon && *q >= '0' && *q <= '9' && q - stamp < 12; q++)
        secs = secs * 10 + (*q - '0');
    if (q < colon && *q == '.')
        for (q++; q < colon && *q >= '0' && *q <= '9'; q++)
            if (frac < 3) {
                ms = ms * 10 + (*q - '0');
                frac++;
            }
    if (q != colon || q == stamp) {
        *why = "expected seconds.milliseconds in msg=audit(...)";
        return FK_DEC_BAD;
    }
    while (frac++ < 3)
        ms *= 10;
    ev->time_ms = secs * 1000 + ms;
    ev->has_time = true;

    record r;
    memset(&r, 0, sizeof r);
    r.ev = ev;
    r.arena = arena;
    r.execve = fk_str_eq(tname, "EXECVE");
    if (fk_event_add(ev, arena, FK_STR("type"), tname) ||
        fk_event_add(ev, arena, FK_STR("serial"), (fk_str){colon + 1, (size_t)(close - colon - 1)}))
        goto oom;
    const char *rest = close + 1;
    if (rest < end && *rest == ':')
        rest++;
    if (pairs(&r, rest, end, 0) ||
        carry(a, &r, tname, (fk_str){colon + 1, (size_t)(close - colon - 1)}))
        goto oom;

    /* typed fields, for the other engines and the alert */
    ev->image = r.exe;
    ev->program = FK_STR("auditd"); /* comm is a field of its own: rules ask for it */
    ev->user = r.acct.n ? r.acct : r.auid.n && !fk_str_eq(r.auid, "4294967295") ? r.auid : r.uid;
    if (r.addr.n && fk_ip_parse(r.addr.p, r.addr.n, &ev->src_ip))
        ev->src_host = r.addr;
    if (r.execve) {
        ev->kind = FK_KIND_PROCESS;
        size_t len = 0;
        for (int i = 0; i < r.nargs; i++)
            len += r.args[i].n + 1;
        char *cmd = len ? fk_arena_alloc(arena, len) : NULL;
        if (len && !cmd)
            goto oom;
        size_t k = 0;
        for (int i = 0; i < r.nargs; i++) {
            if (i)
                cmd[k++] = ' ';
            memcpy(cmd + k, r.args[i].p, r.args[i].n);
            k += r.args[i].n;
        }
        ev->command_line = (fk_str){cmd, k};
    } else if (fk_str_eq(tname, "USER_LOGIN") || fk_str_eq(tname, "USER_AUTH") ||
               fk_str_eq(tname, "USER_ACCT")) {
        ev->kind = FK_KIND_AUTH;
        ev->outcome = fk_str_eq(r.res, "success") || fk_str_eq(r.res, "yes") ? FK_OUTCOME_SUCCESS
                                                                             : FK_OUTCOME_FAILURE;
    }
    ev->raw = (fk_str){line, n};
    return ev->alloc_failed ? FK_DEC_BAD : FK_DEC_OK;
oom:
    *why = "out of memory";
    return FK_DEC_BAD;
}
