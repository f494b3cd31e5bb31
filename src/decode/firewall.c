#include "firewall.h"

#include <string.h>

/* The value of " KEY=" in msg (up to the next space), or an empty slice. */
static fk_str kv(fk_str msg, const char *key)
{
    size_t klen = strlen(key);
    const char *p = msg.p, *end = msg.p + msg.n;
    while (p < end) {
        const char *hit = memmem(p, (size_t)(end - p), key, klen);
        if (!hit)
            break;
        if (hit == msg.p || hit[-1] == ' ' || hit[-1] == ']') {
            const char *v = hit + klen, *e = v;
            while (e < end && *e != ' ')
                e++;
            return (fk_str){v, (size_t)(e - v)};
        }
        p = hit + klen;
    }
    return (fk_str){NULL, 0};
}

static int port(fk_str v)
{
    int n = 0;
    if (v.n == 0 || v.n > 5)
        return -1;
    for (size_t i = 0; i < v.n; i++) {
        if (v.p[i] < '0' || v.p[i] > '9')
            return -1;
        n = n * 10 + (v.p[i] - '0');
    }
    return n <= 65535 ? n : -1;
}

bool fk_firewall_recognize(fk_str message, fk_event *ev, fk_arena *arena)
{
    fk_str src = kv(message, "SRC="), dst = kv(message, "DST=");
    fk_ip s, d;
    if (!src.n || !dst.n || !fk_ip_parse(src.p, src.n, &s) || !fk_ip_parse(dst.p, dst.n, &d))
        return false;
    ev->kind = FK_KIND_NETWORK;
    ev->src_ip = s;
    ev->dst_ip = d;
    ev->src_port = port(kv(message, "SPT="));
    ev->dst_port = port(kv(message, "DPT="));
    static const char *const keys[][2] = {
        {"PROTO=", "protocol"}, {"IN=", "in_interface"}, {"OUT=", "out_interface"}};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        fk_str v = kv(message, keys[i][0]);
        if (v.n)
            fk_event_add(ev, arena, (fk_str){keys[i][1], strlen(keys[i][1])}, v);
    }
    /* "[UFW BLOCK]" or an iptables --log-prefix such as "DROP-IN: " names the action */
    const char *p = message.p, *end = message.p + message.n;
    if (p < end && *p == '[') {
        const char *close = memchr(p, ']', (size_t)(end - p));
        if (close) {
            const char *sp = memchr(p, ' ', (size_t)(close - p));
            fk_str action = sp ? (fk_str){sp + 1, (size_t)(close - sp - 1)}
                               : (fk_str){p + 1, (size_t)(close - p - 1)};
            fk_event_add(ev, arena, FK_STR("action"), action);
        }
    } else {
        const char *in = memmem(p, (size_t)(end - p), "IN=", 3);
        size_t n = in ? (size_t)(in - p) : 0;
        while (n && (p[n - 1] == ' ' || p[n - 1] == ':'))
            n--;
        if (n)
            fk_event_add(ev, arena, FK_STR("action"), (fk_str){p, n});
    }
    return true;
}
