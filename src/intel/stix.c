#include "stix.h"

#include "../core/uuid.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool fk_stix_new_id(const char *type, char out[80])
{
    char u[37];
    if (!fk_uuid4(u))
        return false;
    snprintf(out, 80, "%s--%s", type, u);
    return true;
}

/* The TLP 2.0 marking definitions published with the OASIS TLP 2.0 extension. */
static const struct {
    const char *level, *id, *ext;
} tlp[] = {
    {"CLEAR", "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", "clear"},
    {"GREEN", "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", "green"},
    {"AMBER", "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", "amber"},
    {"AMBER+STRICT", "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", "amber+strict"},
    {"RED", "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", "red"},
};
#define TLP_EXTENSION "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"

/* PAP has no published STIX ids: these are fukurou's, fixed so that every release
 * refers to the same four statement markings. */
static const struct {
    const char *level, *id, *statement;
} pap[] = {
    {"CLEAR", "marking-definition--0b4b1c6a-7e0c-4d62-9f2a-6f3c2b2a8c01",
     "PAP:CLEAR - no restriction on use"},
    {"GREEN", "marking-definition--0b4b1c6a-7e0c-4d62-9f2a-6f3c2b2a8c02",
     "PAP:GREEN - active actions allowed (e.g. blocking, sinkholing)"},
    {"AMBER", "marking-definition--0b4b1c6a-7e0c-4d62-9f2a-6f3c2b2a8c03",
     "PAP:AMBER - passive cross-checks only (e.g. log searches), no action the attacker could see"},
    {"RED", "marking-definition--0b4b1c6a-7e0c-4d62-9f2a-6f3c2b2a8c04",
     "PAP:RED - no action on the information outside the recipient's own systems"},
};

const char *fk_stix_tlp_id(const char *t)
{
    for (size_t i = 0; t && i < sizeof tlp / sizeof tlp[0]; i++)
        if (!strcmp(tlp[i].level, t))
            return tlp[i].id;
    return NULL;
}

json_t *fk_stix_tlp_marking(const char *t)
{
    for (size_t i = 0; t && i < sizeof tlp / sizeof tlp[0]; i++)
        if (!strcmp(tlp[i].level, t)) {
            char name[32];
            snprintf(name, sizeof name, "TLP:%s", tlp[i].level);
            return json_pack("{sssssssssss{s{ssss}}}", "type", "marking-definition", "spec_version",
                             "2.1", "id", tlp[i].id, "created", "2022-10-01T00:00:00.000Z", "name",
                             name, "extensions", TLP_EXTENSION, "extension_type",
                             "property-extension", "tlp_2_0", tlp[i].ext);
        }
    return NULL;
}

const char *fk_stix_pap_id(const char *p)
{
    for (size_t i = 0; p && i < sizeof pap / sizeof pap[0]; i++)
        if (!strcmp(pap[i].level, p))
            return pap[i].id;
    return NULL;
}

json_t *fk_stix_pap_marking(const char *p)
{
    for (size_t i = 0; p && i < sizeof pap / sizeof pap[0]; i++)
        if (!strcmp(pap[i].level, p)) {
            char name[32];
            snprintf(name, sizeof name, "PAP:%s", pap[i].level);
            return json_pack("{sssssssssssss{ss}}", "type", "marking-definition", "spec_version",
                             "2.1", "id", pap[i].id, "created", "2024-01-01T00:00:00.000Z", "name",
                             name, "definition_type", "statement", "definition", "statement",
                             pap[i].statement);
        }
    return NULL;
}

json_t *fk_stix_identity(const char *id, const char *name, const char *identity_class,
                         const char *created)
{
    return json_pack("{ssssssssssssss}", "type", "identity", "spec_version", "2.1", "id", id,
                     "created", created, "modified", created, "name", name, "identity_class",
                     identity_class);
}

/* A STIX pattern string literal: quotes and backslashes escaped. */
static char *quoted(const char *v)
{
    size_t n = strlen(v), k = 0;
    char *out = malloc(2 * n + 3);
    if (!out)
        return NULL;
    out[k++] = '\'';
    for (size_t i = 0; i < n; i++) {
        if (v[i] == '\'' || v[i] == '\\')
            out[k++] = '\\';
        out[k++] = v[i];
    }
    out[k++] = '\'';
    out[k] = '\0';
    return out;
}

char *fk_stix_pattern_for(fk_ioc_type type, const char *value)
{
    const char *path;
    const char *op = "=";
    switch (type) {
    case FK_IOC_IPV4: path = "ipv4-addr:value"; break;
    case FK_IOC_IPV6: path = "ipv6-addr:value"; break;
    case FK_IOC_NET4:
        path = "ipv4-addr:value";
        op = "ISSUBSET";
        break;
    case FK_IOC_NET6:
        path = "ipv6-addr:value";
        op = "ISSUBSET";
        break;
    case FK_IOC_DOMAIN: path = "domain-name:value"; break;
    case FK_IOC_URL: path = "url:value"; break;
    case FK_IOC_MD5: path = "file:hashes.MD5"; break;
    case FK_IOC_SHA1: path = "file:hashes.'SHA-1'"; break;
    case FK_IOC_SHA256: path = "file:hashes.'SHA-256'"; break;
    default: return NULL;
    }
    char *lit = quoted(value);
    if (!lit)
        return NULL;
    size_t n = strlen(path) + strlen(op) + strlen(lit) + 8;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "[%s %s %s]", path, op, lit);
    free(lit);
    return out;
}

json_t *fk_stix_indicator(const char *id, fk_ioc_type type, const char *value, const char *created,
                          const char *created_by, json_t *markings)
{
    char *pattern = fk_stix_pattern_for(type, value);
    if (!pattern) {
        json_decref(markings);
        return NULL;
    }
    char name[300];
    snprintf(name, sizeof name, "%s: %.250s", fk_ioc_type_name(type), value);
    json_t *o = json_pack(
        "{ss ss ss ss ss ss ss ss ss s[s] ss ss sO}", "type", "indicator", "spec_version", "2.1",
        "id", id, "created", created, "modified", created, "created_by_ref", created_by, "name",
        name, "pattern", pattern, "pattern_type", "stix", "indicator_types", "malicious-activity",
        "valid_from", created, "pattern_version", "2.1", "object_marking_refs", markings);
    free(pattern);
    json_decref(markings);
    return o;
}

json_t *fk_stix_vulnerability(const char *id, const char *cve, const char *created,
                              const char *created_by, json_t *markings)
{
    json_t *o =
        json_pack("{ss ss ss ss ss ss ss s[{ss ss}] sO}", "type", "vulnerability", "spec_version",
                  "2.1", "id", id, "created", created, "modified", created, "created_by_ref",
                  created_by, "name", cve, "external_references", "source_name", "cve",
                  "external_id", cve, "object_marking_refs", markings);
    json_decref(markings);
    return o;
}

/* UUIDv5 (RFC 4122): SHA-1 over the namespace and the name, version and variant set. */
static bool uuid5(const unsigned char ns[16], const char *name, char out[37])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) && EVP_DigestUpdate(ctx, ns, 16) &&
              EVP_DigestUpdate(ctx, name, strlen(name)) && EVP_DigestFinal_ex(ctx, md, &len) &&
              len >= 16;
    EVP_MD_CTX_free(ctx);
    if (!ok)
        return false;
    md[6] = (unsigned char)((md[6] & 0x0f) | 0x50);
    md[8] = (unsigned char)((md[8] & 0x3f) | 0x80);
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", md[0],
             md[1], md[2], md[3], md[4], md[5], md[6], md[7], md[8], md[9], md[10], md[11], md[12],
             md[13], md[14], md[15]);
    return true;
}

json_t *fk_stix_observable(fk_ioc_type type, const char *value)
{
    /* the STIX 2.1 namespace for SCO identifiers: 00abedb4-aa42-466c-9c01-fed23315a9b7 */
    static const unsigned char ns[16] = {0x00, 0xab, 0xed, 0xb4, 0xaa, 0x42, 0x46, 0x6c,
                                         0x9c, 0x01, 0xfe, 0xd2, 0x33, 0x15, 0xa9, 0xb7};
    const char *sco, *hash = NULL;
    switch (type) {
    case FK_IOC_IPV4:
    case FK_IOC_NET4: sco = "ipv4-addr"; break;
    case FK_IOC_IPV6:
    case FK_IOC_NET6: sco = "ipv6-addr"; break;
    case FK_IOC_DOMAIN: sco = "domain-name"; break;
    case FK_IOC_URL: sco = "url"; break;
    case FK_IOC_MD5:
        sco = "file";
        hash = "MD5";
        break;
    case FK_IOC_SHA1:
        sco = "file";
        hash = "SHA-1";
        break;
    case FK_IOC_SHA256:
        sco = "file";
        hash = "SHA-256";
        break;
    default: return NULL;
    }
    json_t *contrib =
        hash ? json_pack("{s{ss}}", "hashes", hash, value) : json_pack("{ss}", "value", value);
    char *canon = contrib ? json_dumps(contrib, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    char u[37], id[80];
    bool ok = canon && uuid5(ns, canon, u);
    free(canon);
    if (!ok) {
        json_decref(contrib);
        return NULL;
    }
    snprintf(id, sizeof id, "%s--%s", sco, u);
    json_t *o = json_pack("{ss ss ss}", "type", sco, "spec_version", "2.1", "id", id);
    if (o)
        json_object_update(o, contrib);
    json_decref(contrib);
    return o;
}

static json_t *sdo(const char *type, const char *id, const char *created, const char *created_by,
                   json_t *markings)
{
    json_t *o = json_pack("{ss ss ss ss ss ss sO}", "type", type, "spec_version", "2.1", "id", id,
                          "created", created, "modified", created, "created_by_ref", created_by,
                          "object_marking_refs", markings);
    json_decref(markings);
    return o;
}

json_t *fk_stix_relationship(const char *id, const char *relationship_type, const char *source,
                             const char *target, const char *created, const char *created_by,
                             json_t *markings)
{
    json_t *o = sdo("relationship", id, created, created_by, markings);
    if (o) {
        json_object_set_new(o, "relationship_type", json_string(relationship_type));
        json_object_set_new(o, "source_ref", json_string(source));
        json_object_set_new(o, "target_ref", json_string(target));
    }
    return o;
}

json_t *fk_stix_sighting(const char *id, const char *sighting_of, const char *where, int count,
                         const char *first_seen, const char *created, const char *created_by,
                         json_t *markings)
{
    json_t *o = sdo("sighting", id, created, created_by, markings);
    if (o) {
        json_object_set_new(o, "sighting_of_ref", json_string(sighting_of));
        json_object_set_new(o, "where_sighted_refs", json_pack("[s]", where));
        json_object_set_new(o, "count", json_integer(count));
        json_object_set_new(o, "first_seen", json_string(first_seen));
        json_object_set_new(o, "last_seen", json_string(first_seen));
    }
    return o;
}

json_t *fk_stix_note(const char *id, const char *abstract, const char *content, const char *about,
                     const char *created, const char *created_by, json_t *markings)
{
    json_t *o = sdo("note", id, created, created_by, markings);
    if (o) {
        json_object_set_new(o, "abstract", json_string(abstract));
        json_object_set_new(o, "content", json_string(content));
        json_object_set_new(o, "object_refs", json_pack("[s]", about));
    }
    return o;
}

json_t *fk_stix_incident(const char *id, const char *name, const char *description,
                         const char *created, const char *created_by, json_t *markings)
{
    json_t *o = sdo("incident", id, created, created_by, markings);
    if (o) {
        json_object_set_new(o, "name", json_string(name));
        json_object_set_new(o, "description", json_string(description));
    }
    return o;
}

/* ---- the strictest marking of what a member submits ---- */

/* The STIX 2.1 specification's TLP 1.0 markings, which older tools still send. */
static const struct {
    const char *id;
    int rank;
} tlp1[] = {
    {"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", 0}, /* white */
    {"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", 1}, /* green */
    {"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", 2}, /* amber */
    {"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", 4}, /* red */
};

static int tlp_rank_of_name(const char *name)
{
    fk_tlp t;
    return fk_tlp_read_loose(name, &t) ? (int)t : -1;
}

/* The TLP rank a marking reference stands for: 0 (CLEAR) to 4 (RED); -1 when it is a
 * marking of another kind (a statement, PAP); AMBER (2) when it cannot be resolved,
 * since an unknown restriction must not count as none. */
static int marking_rank(const char *ref, json_t *defs, int *pap_rank)
{
    for (int i = 0; i < 5; i++)
        if (!strcmp(ref, tlp[i].id))
            return i;
    for (size_t i = 0; i < sizeof tlp1 / sizeof tlp1[0]; i++)
        if (!strcmp(ref, tlp1[i].id))
            return tlp1[i].rank;
    for (int i = 0; i < 4; i++)
        if (!strcmp(ref, pap[i].id)) {
            if (i > *pap_rank)
                *pap_rank = i;
            return -1;
        }
    json_t *d = json_object_get(defs, ref);
    if (!d)
        return 2;
    const char *type = json_string_value(json_object_get(d, "definition_type"));
    json_t *def = json_object_get(d, "definition");
    if (type && !strcmp(type, "tlp")) {
        int r = tlp_rank_of_name(json_string_value(json_object_get(def, "tlp")));
        return r >= 0 ? r : 2;
    }
    int r = tlp_rank_of_name(json_string_value(json_object_get(d, "name")));
    if (r >= 0)
        return r;
    const char *stmt = json_string_value(json_object_get(def, "statement"));
    if (stmt && !strncasecmp(stmt, "PAP:", 4))
        for (int i = 0; i < 4; i++)
            if (!strncasecmp(stmt + 4, pap[i].level, strlen(pap[i].level)))
                *pap_rank = i > *pap_rank ? i : *pap_rank;
    return -1;
}

int fk_stix_object_tlp(json_t *obj, json_t *defs, int *pap_rank)
{
    int rank = -1;
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(obj, "object_marking_refs"), i, m)
    {
        int r = json_is_string(m) ? marking_rank(json_string_value(m), defs, pap_rank) : 2;
        rank = r > rank ? r : rank;
    }
    json_array_foreach(json_object_get(obj, "granular_markings"), i, m)
    {
        json_t *ref = json_object_get(m, "marking_ref");
        int r = json_is_string(ref) ? marking_rank(json_string_value(ref), defs, pap_rank) : 2;
        rank = r > rank ? r : rank;
    }
    return rank;
}

const char *fk_stix_object_version(json_t *obj)
{
    const char *v = json_string_value(json_object_get(obj, "modified"));
    return v ? v : json_string_value(json_object_get(obj, "created"));
}

json_t *fk_stix_marking_definitions(json_t *objects)
{
    json_t *defs = json_object();
    size_t i;
    json_t *o;
    json_array_foreach(objects, i, o)
    {
        const char *type = json_string_value(json_object_get(o, "type"));
        const char *id = json_string_value(json_object_get(o, "id"));
        if (defs && type && id && !strcmp(type, "marking-definition"))
            json_object_set(defs, id, o);
    }
    return defs;
}
