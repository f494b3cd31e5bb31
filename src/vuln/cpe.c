#include "cpe.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char *const names[FK_CPE_ATTRIBUTES] = {
    "part",     "vendor",     "product",   "version",   "update", "edition",
    "language", "sw_edition", "target_sw", "target_hw", "other"};

const char *fk_cpe_attribute_name(int i)
{
    return i >= 0 && i < FK_CPE_ATTRIBUTES ? names[i] : "?";
}

const char *fk_cpe_relation_name(fk_cpe_relation r)
{
    static const char *const rel[] = {"DISJOINT", "EQUAL", "SUBSET", "SUPERSET", "UNDEFINED"};
    return rel[r];
}

static void all_any(fk_cpe *n)
{
    memset(n, 0, sizeof *n);
    for (int i = 0; i < FK_CPE_ATTRIBUTES; i++)
        n->a[i].kind = FK_CPE_ANY;
}

/* Appends to a value; -1 when it would not fit. */
static int put(fk_cpe_value *v, size_t *len, const char *s, size_t n)
{
    if (*len + n >= sizeof v->text)
        return -1;
    memcpy(v->text + *len, s, n);
    *len += n;
    v->text[*len] = '\0';
    return 0;
}

static int quoted(fk_cpe_value *v, size_t *len, char c)
{
    char q[2] = {'\\', c};
    return put(v, len, q, 2);
}

static bool plain(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

static int too_long(fk_err *err, int attr)
{
    return fk_errc(err, FK_ERR_INVALID, "%s: longer than %d bytes", names[attr],
                   FK_CPE_VALUE_MAX - 1);
}

/* The part is one of a (application), o (operating system), h (hardware). */
static int check_part(const fk_cpe_value *v, fk_err *err)
{
    if (v->kind == FK_CPE_STRING && strcmp(v->text, "a") && strcmp(v->text, "o") &&
        strcmp(v->text, "h"))
        return fk_errc(err, FK_ERR_INVALID, "part: expected a, o or h, not '%s'", v->text);
    return 0;
}

/* ---- formatted strings (NISTIR 7695 6.2) ------------------------------------------------ */

/* One field of a formatted string (n bytes) into v: "*" ANY, "-" NA, else a value whose
 * punctuation gets quoted; '*' may stand only at an end, '?' only in runs at the ends. */
static int unbind_value_fs(const char *s, size_t n, int attr, fk_cpe_value *v, fk_err *err)
{
    size_t len = 0;
    v->text[0] = '\0';
    if (n == 1 && s[0] == '*') {
        v->kind = FK_CPE_ANY;
        return 0;
    }
    if (n == 1 && s[0] == '-') {
        v->kind = FK_CPE_NA;
        return 0;
    }
    v->kind = FK_CPE_STRING;
    if (n == 0)
        return fk_errc(err, FK_ERR_INVALID, "%s: empty (use * or -)", names[attr]);
    for (size_t i = 0; i < n; i++) {
        char c = (char)tolower((unsigned char)s[i]);
        int rc;
        if (plain(c)) {
            rc = put(v, &len, &c, 1);
        } else if (c == '\\') {
            if (i + 1 >= n)
                return fk_errc(err, FK_ERR_INVALID, "%s: ends with a lone '\\'", names[attr]);
            /* a letter, digit or '_' needs no quoting: kept plain, so one name has one
             * form */
            char q = (char)tolower((unsigned char)s[++i]);
            rc = plain(q) ? put(v, &len, &q, 1) : quoted(v, &len, q);
        } else if (c == '*') {
            if (i != 0 && i != n - 1)
                return fk_errc(err, FK_ERR_INVALID, "%s: '*' only at the start or the end",
                               names[attr]);
            rc = put(v, &len, "*", 1);
        } else if (c == '?') {
            /* a run of '?' touching the start or the end */
            size_t a = i, b = i;
            while (a > 0 && s[a - 1] == '?')
                a--;
            while (b + 1 < n && s[b + 1] == '?')
                b++;
            if (a != 0 && b != n - 1)
                return fk_errc(err, FK_ERR_INVALID, "%s: '?' only at the start or the end",
                               names[attr]);
            rc = put(v, &len, "?", 1);
        } else if ((unsigned char)c < 0x21 || (unsigned char)c > 0x7e) {
            return fk_errc(err, FK_ERR_INVALID, "%s: a character that is not printable ASCII",
                           names[attr]);
        } else {
            rc = quoted(v, &len, c);
        }
        if (rc != 0)
            return too_long(err, attr);
    }
    return 0;
}

int fk_cpe_unbind_fs(const char *fs, fk_cpe *out, fk_err *err)
{
    all_any(out);
    if (!fs || strncmp(fs, "cpe:2.3:", 8) != 0)
        return fk_errc(err, FK_ERR_INVALID, "expected a formatted string beginning cpe:2.3:");
    const char *s = fs + 8;
    int attr = 0;
    for (;;) {
        /* the field ends at the next ':' that is not quoted */
        size_t n = 0;
        while (s[n] && s[n] != ':')
            n += s[n] == '\\' && s[n + 1] ? 2 : 1;
        if (attr >= FK_CPE_ATTRIBUTES)
            return fk_errc(err, FK_ERR_INVALID,
                           "more than %d attributes after cpe:2.3:", FK_CPE_ATTRIBUTES);
        if (unbind_value_fs(s, n, attr, &out->a[attr], err) != 0)
            return -1;
        attr++;
        if (!s[n])
            break;
        s += n + 1;
    }
    if (attr != FK_CPE_ATTRIBUTES)
        return fk_errc(err, FK_ERR_INVALID, "%d attributes after cpe:2.3:, expected %d", attr,
                       FK_CPE_ATTRIBUTES);
    return check_part(&out->a[0], err);
}

int fk_cpe_bind_fs(const fk_cpe *n, char *out, size_t cap, fk_err *err)
{
    size_t len = (size_t)snprintf(out, cap, "cpe:2.3");
    for (int i = 0; i < FK_CPE_ATTRIBUTES && len < cap; i++) {
        const fk_cpe_value *v = &n->a[i];
        out[len++] = ':';
        if (v->kind != FK_CPE_STRING) {
            if (len < cap)
                out[len++] = v->kind == FK_CPE_ANY ? '*' : '-';
            continue;
        }
        for (const char *p = v->text; *p && len < cap; p++) {
            /* "\." "\-" "\_" need no quoting in a formatted string, but for a lone "-",
             * which would read back as NA */
            if (*p == '\\' && p[1] && strchr(".-_", p[1]) && strcmp(v->text, "\\-") != 0)
                p++;
            else if (*p == '\\' && p[1])
                out[len++] = *p++;
            if (len < cap)
                out[len++] = *p;
        }
    }
    if (len >= cap)
        return fk_errc(err, FK_ERR_INVALID, "the bound name does not fit");
    out[len] = '\0';
    return 0;
}

/* ---- URIs (NISTIR 7695 6.1) ---------------------------------------------------------------- */

/* One component of a URI (n bytes) into v: "" ANY, "-" NA, else percent-decoded with
 * %01 and %02 as the wildcards '?' and '*' (at the ends only). */
static int unbind_value_uri(const char *s, size_t n, int attr, fk_cpe_value *v, fk_err *err)
{
    size_t len = 0;
    v->text[0] = '\0';
    if (n == 0) {
        v->kind = FK_CPE_ANY;
        return 0;
    }
    if (n == 1 && s[0] == '-') {
        v->kind = FK_CPE_NA;
        return 0;
    }
    v->kind = FK_CPE_STRING;
    for (size_t i = 0; i < n; i++) {
        char c = (char)tolower((unsigned char)s[i]);
        int rc;
        if (plain(c)) {
            rc = put(v, &len, &c, 1);
        } else if (c == '.' || c == '-' || c == '~') {
            rc = quoted(v, &len, c);
        } else if (c == '%') {
            unsigned code;
            if (i + 2 >= n)
                return fk_errc(err, FK_ERR_INVALID, "%s: '%%' without two hex digits", names[attr]);
            if (!isxdigit((unsigned char)s[i + 1]) || !isxdigit((unsigned char)s[i + 2]) ||
                sscanf(s + i + 1, "%2x", &code) != 1)
                return fk_errc(err, FK_ERR_INVALID, "%s: '%%' without two hex digits", names[attr]);
            if (code == 1 || code == 2) {
                /* the wildcards: '*' at an end, '?' in a run at an end */
                bool first = i == 0, last = i + 3 == n;
                if (code == 2 && !first && !last)
                    return fk_errc(err, FK_ERR_INVALID, "%s: %%02 ('*') only at an end",
                                   names[attr]);
                if (code == 1) { /* a run of %01 touching the start or the end */
                    size_t a = i, b = i + 3;
                    while (a >= 3 && !strncmp(s + a - 3, "%01", 3))
                        a -= 3;
                    while (b + 3 <= n && !strncmp(s + b, "%01", 3))
                        b += 3;
                    if (a != 0 && b != n)
                        return fk_errc(err, FK_ERR_INVALID, "%s: %%01 ('?') only at an end",
                                       names[attr]);
                }
                rc = put(v, &len, code == 1 ? "?" : "*", 1);
            } else if (strchr("!\"#$%&'()*+,/:;<=>?@[\\]^`{|}~", (int)code) && code) {
                rc = quoted(v, &len, (char)code);
            } else {
                return fk_errc(err, FK_ERR_INVALID, "%s: %%%02x is not an encoding CPE allows",
                               names[attr], code);
            }
            i += 2;
        } else {
            return fk_errc(err, FK_ERR_INVALID, "%s: '%c' must be percent-encoded in a URI",
                           names[attr], c);
        }
        if (rc != 0)
            return too_long(err, attr);
    }
    if (!strcmp(v->text, "*")) { /* %02 alone: any value, as '*' is in a formatted string */
        v->kind = FK_CPE_ANY;
        v->text[0] = '\0';
    }
    return 0;
}

int fk_cpe_unbind_uri(const char *uri, fk_cpe *out, fk_err *err)
{
    all_any(out);
    if (!uri || strncmp(uri, "cpe:/", 5) != 0)
        return fk_errc(err, FK_ERR_INVALID, "expected a URI beginning cpe:/");
    const char *s = uri + 5;
    for (int attr = FK_CPE_PART; attr <= FK_CPE_LANGUAGE; attr++) {
        size_t n = strcspn(s, ":");
        if (attr == FK_CPE_EDITION && n && s[0] == '~') {
            /* packed: ~edition~sw_edition~target_sw~target_hw~other */
            static const int packed[] = {FK_CPE_EDITION, FK_CPE_SW_EDITION, FK_CPE_TARGET_SW,
                                         FK_CPE_TARGET_HW, FK_CPE_OTHER};
            const char *p = s + 1, *end = s + n;
            for (int k = 0; k < 5; k++) {
                const char *t = memchr(p, '~', (size_t)(end - p));
                if ((k < 4) != (t != NULL))
                    return fk_errc(err, FK_ERR_INVALID,
                                   "edition: a packed edition has five parts separated by '~'");
                size_t m = t ? (size_t)(t - p) : (size_t)(end - p);
                if (unbind_value_uri(p, m, packed[k], &out->a[packed[k]], err) != 0)
                    return -1;
                p += m + 1;
            }
        } else if (unbind_value_uri(s, n, attr, &out->a[attr], err) != 0) {
            return -1;
        }
        if (!s[n])
            return check_part(&out->a[0], err);
        s += n + 1;
    }
    return fk_errc(err, FK_ERR_INVALID, "more than seven components after cpe:/");
}

/* One value bound for a URI: ANY "", NA "-", quoted characters percent-encoded but for
 * '.', '-' and letters; the wildcards as %01 and %02. */
static int bind_value_uri(const fk_cpe_value *v, char *out, size_t cap, size_t *len)
{
    if (v->kind == FK_CPE_ANY)
        return 0;
    if (v->kind == FK_CPE_NA)
        return *len + 1 < cap ? (out[(*len)++] = '-', 0) : -1;
    for (const char *p = v->text; *p; p++) {
        char enc[4] = {*p, 0};
        if (*p == '\\' && p[1]) {
            char c = *++p;
            if (plain(c) || c == '.' || c == '-')
                enc[0] = c;
            else
                snprintf(enc, sizeof enc, "%%%02x", (unsigned char)c);
        } else if (*p == '?' || *p == '*') {
            snprintf(enc, sizeof enc, "%%0%c", *p == '?' ? '1' : '2');
        }
        size_t m = strlen(enc);
        if (*len + m >= cap)
            return -1;
        memcpy(out + *len, enc, m);
        *len += m;
    }
    return 0;
}

int fk_cpe_bind_uri(const fk_cpe *n, char *out, size_t cap, fk_err *err)
{
    size_t len = (size_t)snprintf(out, cap, "cpe:/");
    bool pack = false;
    for (int i = FK_CPE_SW_EDITION; i <= FK_CPE_OTHER; i++)
        pack = pack || n->a[i].kind != FK_CPE_ANY;
    int rc = 0;
    for (int i = FK_CPE_PART; i <= FK_CPE_LANGUAGE && rc == 0 && len < cap; i++) {
        if (i > FK_CPE_PART)
            out[len++] = ':';
        if (i == FK_CPE_EDITION && pack) {
            static const int packed[] = {FK_CPE_EDITION, FK_CPE_SW_EDITION, FK_CPE_TARGET_SW,
                                         FK_CPE_TARGET_HW, FK_CPE_OTHER};
            for (int k = 0; k < 5 && rc == 0; k++) {
                if (len + 1 >= cap)
                    rc = -1;
                else
                    out[len++] = '~';
                if (rc == 0)
                    rc = bind_value_uri(&n->a[packed[k]], out, cap, &len);
            }
        } else {
            rc = bind_value_uri(&n->a[i], out, cap, &len);
        }
    }
    if (rc != 0 || len >= cap)
        return fk_errc(err, FK_ERR_INVALID, "the bound name does not fit");
    while (len > 5 && out[len - 1] == ':') /* components left empty at the end go */
        len--;
    out[len] = '\0';
    return 0;
}

int fk_cpe_parse(const char *text, fk_cpe *out, fk_err *err)
{
    if (text && !strncmp(text, "cpe:2.3:", 8))
        return fk_cpe_unbind_fs(text, out, err);
    if (text && !strncmp(text, "cpe:/", 5))
        return fk_cpe_unbind_uri(text, out, err);
    all_any(out);
    return fk_errc(err, FK_ERR_INVALID, "expected a CPE name (cpe:2.3:... or cpe:/...)");
}

int fk_cpe_value_read(const char *wfn, fk_cpe_value *v, fk_err *err)
{
    size_t len = 0, n = wfn ? strlen(wfn) : 0;
    v->text[0] = '\0';
    if (n && !strcmp(wfn, "ANY")) {
        v->kind = FK_CPE_ANY;
        return 0;
    }
    if (n && !strcmp(wfn, "NA")) {
        v->kind = FK_CPE_NA;
        return 0;
    }
    v->kind = FK_CPE_STRING;
    if (n < 2 || wfn[0] != '"' || wfn[n - 1] != '"')
        return fk_errc(err, FK_ERR_INVALID, "expected ANY, NA or a quoted value");
    for (size_t i = 1; i + 1 < n; i++) {
        char c = (char)tolower((unsigned char)wfn[i]);
        if (put(v, &len, &c, 1) != 0)
            return fk_errc(err, FK_ERR_INVALID, "longer than %d bytes", FK_CPE_VALUE_MAX - 1);
    }
    return 0;
}

/* ---- matching (NISTIR 7696) ------------------------------------------------------------------ */

bool fk_cpe_has_wildcards(const char *s)
{
    for (; *s; s++) {
        if (*s == '\\' && s[1])
            s++;
        else if (*s == '*' || *s == '?')
            return true;
    }
    return false;
}

/* How many quoting backslashes text[from, to) holds (each stands before one character). */
static size_t escapes(const char *text, size_t from, size_t to)
{
    size_t n = 0;
    for (size_t i = from; i < to; i++)
        if (text[i] == '\\') {
            n++;
            i++;
        }
    return n;
}

/* Whether the source's pattern (wildcards at its ends) takes in the target: a leading
 * '*' any prefix, leading '?'s at most that many characters; a trailing '*' any
 * suffix, trailing '?'s exactly that many (or none); the rest the same characters. */
static bool pattern_takes(const char *source, const char *target)
{
    size_t n = strlen(source), start = 0, end = n;
    long begins = 0, ends = 0;
    if (source[0] == '*') {
        start = 1;
        begins = -1;
    } else {
        while (start < n && source[start] == '?') {
            start++;
            begins++;
        }
    }
    if (end > start && source[end - 1] == '*' && (end < 2 || source[end - 2] != '\\')) {
        end--;
        ends = -1;
    } else {
        while (end > start && source[end - 1] == '?' && (end < 2 || source[end - 2] != '\\')) {
            end--;
            ends++;
        }
    }
    size_t blen = end - start, tlen = strlen(target);
    if (blen == 0 && (begins < 0 || ends < 0))
        return true; /* a lone '*' */
    /* at: where the rest may stand in the target, a character at a time (a quoted pair
     * is one); before: the characters ahead of it */
    for (size_t at = 0, before = 0; at + blen <= tlen;
         at += target[at] == '\\' && target[at + 1] ? 2 : 1, before++) {
        if (begins >= 0 && before > (size_t)begins)
            break;
        if (strncmp(target + at, source + start, blen) != 0)
            continue;
        size_t after = tlen - at - blen - escapes(target, at + blen, tlen);
        if (after > 0 && ends >= 0 && after != (size_t)ends)
            continue;
        return true;
    }
    return false;
}

unsigned fk_cpe_wildcard_mask(const fk_cpe *n)
{
    unsigned mask = 0;
    for (int i = 0; i < FK_CPE_ATTRIBUTES; i++)
        if (n->a[i].kind == FK_CPE_STRING && fk_cpe_has_wildcards(n->a[i].text))
            mask |= 1u << i;
    return mask;
}

fk_cpe_relation fk_cpe_compare_text(fk_cpe_kind skind, const char *s, fk_cpe_kind tkind,
                                    const char *t)
{
    if (tkind == FK_CPE_STRING && fk_cpe_has_wildcards(t))
        return FK_CPE_UNDEFINED;
    if (skind == FK_CPE_ANY)
        return tkind == FK_CPE_ANY ? FK_CPE_EQUAL : FK_CPE_SUPERSET;
    if (tkind == FK_CPE_ANY)
        return FK_CPE_SUBSET;
    if (skind == FK_CPE_NA || tkind == FK_CPE_NA)
        return skind == tkind ? FK_CPE_EQUAL : FK_CPE_DISJOINT;
    if (fk_cpe_has_wildcards(s))
        return pattern_takes(s, t) ? FK_CPE_SUPERSET : FK_CPE_DISJOINT;
    return strcmp(s, t) == 0 ? FK_CPE_EQUAL : FK_CPE_DISJOINT;
}

fk_cpe_relation fk_cpe_compare_value(const fk_cpe_value *s, const fk_cpe_value *t)
{
    return fk_cpe_compare_text(s->kind, s->text, t->kind, t->text);
}

fk_cpe_relation fk_cpe_compare(const fk_cpe *source, const fk_cpe *target)
{
    bool all_equal = true, subset = true, superset = true, disjoint = false;
    for (int i = 0; i < FK_CPE_ATTRIBUTES; i++) {
        fk_cpe_relation r = fk_cpe_compare_value(&source->a[i], &target->a[i]);
        disjoint = disjoint || r == FK_CPE_DISJOINT;
        all_equal = all_equal && r == FK_CPE_EQUAL;
        subset = subset && (r == FK_CPE_SUBSET || r == FK_CPE_EQUAL);
        superset = superset && (r == FK_CPE_SUPERSET || r == FK_CPE_EQUAL);
    }
    return disjoint    ? FK_CPE_DISJOINT
           : all_equal ? FK_CPE_EQUAL
           : subset    ? FK_CPE_SUBSET
           : superset  ? FK_CPE_SUPERSET
                       : FK_CPE_UNDEFINED;
}

/* ---- packed names ------------------------------------------------------------------ */

size_t fk_cpe_packed_size(const fk_cpe *n)
{
    size_t size = sizeof(fk_cpe_packed) + 1; /* the "" that ANY and NA share */
    for (int i = 0; i < FK_CPE_ATTRIBUTES; i++)
        if (n->a[i].kind == FK_CPE_STRING)
            size += strlen(n->a[i].text) + 1;
    return size;
}

fk_cpe_packed *fk_cpe_pack(const fk_cpe *n, void *room)
{
    fk_cpe_packed *p = room;
    /* at most 11 values of under 256 bytes: every offset fits 16 bits */
    size_t at = 1;
    p->text[0] = '\0';
    for (int i = 0; i < FK_CPE_ATTRIBUTES; i++) {
        p->kind[i] = (unsigned char)n->a[i].kind;
        if (n->a[i].kind != FK_CPE_STRING) {
            p->at[i] = 0;
            continue;
        }
        size_t len = strlen(n->a[i].text);
        memcpy(p->text + at, n->a[i].text, len + 1);
        p->at[i] = (uint16_t)at;
        at += len + 1;
    }
    return p;
}

void fk_cpe_unpack(const fk_cpe_packed *p, fk_cpe *out)
{
    /* a copy, not snprintf: each answer's evidence unpacks its name (eleven texts), and
     * the format's parsing was a tenth of a full match's asking */
    for (int i = 0; i < FK_CPE_ATTRIBUTES; i++) {
        const char *text = fk_cpe_packed_text(p, i);
        size_t len = strlen(text);
        if (len >= sizeof out->a[i].text)
            len = sizeof out->a[i].text - 1;
        out->a[i].kind = (fk_cpe_kind)p->kind[i];
        memcpy(out->a[i].text, text, len);
        out->a[i].text[len] = '\0';
    }
}
