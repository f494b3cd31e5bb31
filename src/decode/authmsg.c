#include "authmsg.h"

#include <string.h>

/* Templates are literal text with captures: {u} user, {i} address, {p} port,
 * {m} method, {c} command, {*} anything. A capture runs to the next literal of the template (or to
 * the end of the message); user names therefore may not contain that literal, which
 * holds for the delimiters these daemons write. */
typedef struct {
    const char *program; /* prefix of the program name, e.g. "sshd" */
    const char *tmpl;
    fk_outcome outcome;
    const char *service;
} auth_template;

static const auth_template templates[] = {
    {"sshd", "Failed {m} for invalid user {u} from {i} port {p}", FK_OUTCOME_FAILURE, "ssh"},
    {"sshd", "Failed {m} for {u} from {i} port {p}", FK_OUTCOME_FAILURE, "ssh"},
    {"sshd", "Accepted {m} for {u} from {i} port {p}", FK_OUTCOME_SUCCESS, "ssh"},
    {"sshd", "Invalid user {u} from {i} port {p}", FK_OUTCOME_FAILURE, "ssh"},
    {"sshd", "Invalid user {u} from {i}", FK_OUTCOME_FAILURE, "ssh"},
    {"sshd",
     "error: maximum authentication attempts exceeded for invalid user {u} from {i} port {p}",
     FK_OUTCOME_FAILURE, "ssh"},
    {"sshd", "error: maximum authentication attempts exceeded for {u} from {i} port {p}",
     FK_OUTCOME_FAILURE, "ssh"},
    {"sshd", "User {u} from {i} not allowed because {*}", FK_OUTCOME_FAILURE, "ssh"},
    {"sshd", "pam_unix(sshd:auth): authentication failure; {*} rhost={i}  user={u}",
     FK_OUTCOME_FAILURE, "ssh"},
    {"sshd", "pam_unix(sshd:auth): authentication failure; {*} rhost={i}", FK_OUTCOME_FAILURE,
     "ssh"},
    {"sudo", "pam_unix(sudo:auth): authentication failure; {*} user={u}", FK_OUTCOME_FAILURE,
     "sudo"},
    {"sudo", "{u} : {*} incorrect password attempt{*}", FK_OUTCOME_FAILURE, "sudo"},
    {"sudo", "{u} : user NOT in sudoers{*}", FK_OUTCOME_FAILURE, "sudo"},
    {"sudo", "{u} : TTY={*}COMMAND={c}", FK_OUTCOME_SUCCESS, "sudo"},
    {"su", "FAILED SU (to {*}) {u} on {*}", FK_OUTCOME_FAILURE, "su"},
    {"su", "FAILED su for {*} by {u}", FK_OUTCOME_FAILURE, "su"},
    {"su", "pam_unix(su{*}:auth): authentication failure; logname={u} {*}", FK_OUTCOME_FAILURE,
     "su"},
    {"su", "Successful su for {*} by {u}", FK_OUTCOME_SUCCESS, "su"},
    {"su", "(to {*}) {u} on {*}", FK_OUTCOME_SUCCESS, "su"},
    {"login", "FAILED LOGIN {*} FROM {i} FOR {u}, {*}", FK_OUTCOME_FAILURE, "login"},
    {"login", "FAILED LOGIN {*} FOR {u}, {*}", FK_OUTCOME_FAILURE, "login"},
    {"login", "pam_unix(login:auth): authentication failure; {*} user={u}", FK_OUTCOME_FAILURE,
     "login"},
};

typedef struct {
    fk_str user, ip, port, method, command;
} captures;

/* Matches message against a template; fills the captures. */
static bool match(const char *t, const char *s, const char *end, captures *c)
{
    while (*t) {
        if (t[0] == '{' && t[1] && t[2] == '}') {
            char kind = t[1];
            t += 3;
            /* the literal after the capture, up to the next capture or the end */
            const char *lit = t;
            size_t litlen = 0;
            while (lit[litlen] &&
                   !(lit[litlen] == '{' && lit[litlen + 1] && lit[litlen + 2] == '}'))
                litlen++;
            const char *stop;
            if (litlen == 0) {
                stop = end;
            } else {
                stop = NULL;
                for (const char *q = s; q + litlen <= end; q++)
                    if (memcmp(q, lit, litlen) == 0) {
                        stop = q;
                        break;
                    }
                if (!stop)
                    return false;
            }
            fk_str v = {s, (size_t)(stop - s)};
            while (v.n && *v.p == ' ') { /* sudo pads the user name */
                v.p++;
                v.n--;
            }
            if (v.n == 0 && kind != '*')
                return false;
            if (kind == 'u')
                c->user = v;
            else if (kind == 'i')
                c->ip = v;
            else if (kind == 'p')
                c->port = v;
            else if (kind == 'm')
                c->method = v;
            else if (kind == 'c')
                c->command = v;
            s = stop;
            continue;
        }
        if (s >= end || *s != *t)
            return false;
        s++;
        t++;
    }
    /* Trailing text after the template ("ssh2", "[preauth]") is allowed. */
    return true;
}

bool fk_auth_recognize(fk_str program, fk_str message, fk_event *ev, fk_arena *arena)
{
    fk_str msg = message;
    /* rsyslog folds repeats: "message repeated 3 times: [ Failed password ...]" */
    static const char rep[] = "message repeated ";
    if (msg.n > sizeof rep && memcmp(msg.p, rep, sizeof rep - 1) == 0) {
        const char *open = memchr(msg.p, '[', msg.n);
        if (open && open + 2 < msg.p + msg.n) {
            size_t skip = (size_t)(open - msg.p) + 2;
            msg = (fk_str){msg.p + skip, msg.n - skip};
            if (msg.n && msg.p[msg.n - 1] == ']')
                msg.n--;
        }
    }
    for (size_t i = 0; i < sizeof templates / sizeof templates[0]; i++) {
        const auth_template *t = &templates[i];
        size_t plen = strlen(t->program);
        if (program.n < plen || memcmp(program.p, t->program, plen) != 0)
            continue;
        captures c = {0};
        if (!match(t->tmpl, msg.p, msg.p + msg.n, &c))
            continue;
        ev->kind = FK_KIND_AUTH;
        ev->outcome = t->outcome;
        if (c.user.n)
            ev->user = c.user;
        fk_ip ip;
        if (c.ip.n && fk_ip_parse(c.ip.p, c.ip.n, &ip))
            ev->src_ip = ip;
        int port = 0;
        for (size_t k = 0; k < c.port.n && k < 6 && c.port.p[k] >= '0' && c.port.p[k] <= '9'; k++)
            port = port * 10 + (c.port.p[k] - '0');
        if (c.port.n && port <= 65535)
            ev->src_port = port;
        fk_event_add(ev, arena, FK_STR("auth_service"), (fk_str){t->service, strlen(t->service)});
        if (c.command.n)
            ev->command_line = c.command;
        if (c.method.n)
            fk_event_add(ev, arena, FK_STR("auth_method"), c.method);
        return true;
    }
    return false;
}
