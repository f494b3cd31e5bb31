#include "release.h"

#include "../core/sbuf.h"
#include "../core/timefmt.h"
#include "../model/audience.h"
#include "anonymise.h"
#include "report_types.h"
#include "sectors.h"
#include "stix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const tiers[] = {"immediate", "advisory", "general"};

void fk_hub_policy_defaults(fk_hub_policy *p)
{
    p->hub_name = "fukurou hub";
    p->scale = fk_severity_scale_default();
    /* Short-term information (C2 addresses of an ongoing attack) within the hour,
     * vulnerabilities within a day, general awareness within three days. */
    p->deadline_seconds[0] = 3600;
    p->deadline_seconds[1] = 86400;
    p->deadline_seconds[2] = 3 * 86400;
    p->mask_patterns = NULL;
}

int fk_tier_index(const char *tier)
{
    for (int i = 0; tier && i < 3; i++)
        if (!strcmp(tiers[i], tier))
            return i;
    return -1;
}

void fk_release_result_free(fk_release_result *r)
{
    json_decref(r->bundle);
    json_decref(r->audience);
    json_decref(r->withheld_text);
    json_decref(r->redactions);
    json_decref(r->withheld_values);
    r->bundle = r->audience = r->withheld_text = r->redactions = r->withheld_values = NULL;
}

static fk_release_refusal bad(fk_err *err, const char *msg, const char *arg)
{
    fk_errf(err, msg, arg);
    return FK_RELEASE_BAD_REQUEST;
}

static fk_release_refusal refused(fk_err *err, const char *msg, const char *arg)
{
    fk_errf(err, msg, arg);
    return FK_RELEASE_REFUSED;
}

/* Normalises the audience and checks it against consent and TLP. */
static bool sector_known(const fk_hub_policy *p, const char *code)
{
    return p && p->sector_known ? p->sector_known(p->sector_ctx, code)
                                : fk_sector_find(code) != NULL;
}

static bool policy_sector_known(void *ctx, const char *code)
{
    return sector_known(ctx, code);
}

/* The release policy on top of the audience's shape: the provider's consent and the TLP
 * decide how far it may go. */
static fk_release_refusal consent_allows(json_t *report, json_t *aud, fk_err *err)
{
    json_t *sectors = json_object_get(aud, "sectors"), *groups = json_object_get(aud, "groups");
    bool is_all = json_is_true(json_object_get(aud, "all_members"));
    bool is_pub = json_is_true(json_object_get(aud, "public"));
    const char *consent = json_string_value(json_object_get(report, "consent"));
    const char *tlp = json_string_value(json_object_get(report, "tlp"));
    const char *own =
        json_string_value(json_object_get(json_object_get(report, "provider"), "sector"));
    fk_tlp level;
    if (!fk_tlp_from_name(tlp, &level))
        return refused(err, "the report's TLP '%s' is not a TLP 2.0 level", tlp ? tlp : "?");
    if (!strcmp(consent, "centre"))
        return refused(
            err, "the provider consented to the centre only: this report cannot be released%s", "");
    if (!fk_tlp_redistributable(level))
        return refused(err, "TLP:%s information is not redistributed by the centre", tlp);
    if (!strcmp(consent, "sector")) {
        bool only_own = !is_all && !is_pub && json_array_size(groups) == 0;
        size_t i;
        json_t *v;
        json_array_foreach(sectors, i, v) only_own =
            only_own && own && !strcmp(json_string_value(v), own);
        if (!only_own)
            return refused(err, "the provider consented to sharing within its own sector (%s) only",
                           own ? own : "?");
    }
    if (is_pub && strcmp(consent, "public"))
        return refused(err, "the provider did not consent to public release (consent: %s)",
                       consent);
    if (is_pub && level != FK_TLP_CLEAR)
        return refused(err, "only TLP:CLEAR information can be made public (this is TLP:%s)", tlp);
    return FK_RELEASE_OK;
}

static fk_release_refusal check_audience(const fk_hub_policy *p, json_t *report, json_t *aud_in,
                                         json_t **aud_out, fk_err *err)
{
    json_t *aud = fk_audience_normalise(aud_in, policy_sector_known, (void *)p, err);
    if (!aud)
        return err && err->code == FK_ERR_NOMEM ? FK_RELEASE_ERROR : FK_RELEASE_BAD_REQUEST;
    fk_release_refusal r = consent_allows(report, aud, err);
    if (r != FK_RELEASE_OK) {
        json_decref(aud);
        return r;
    }
    *aud_out = aud;
    return FK_RELEASE_OK;
}

/* The provider's identity for the anonymiser, from the report's "provider" member.
 * Arrays of pointers into the JSON; freed by free_identity. */
typedef struct {
    fk_provider_identity id;
    const char **aliases, **domains, **emails;
    fk_ip *nets;
    int *prefixes;
} identity_buf;

static int make_identity(json_t *provider, identity_buf *b)
{
    memset(b, 0, sizeof *b);
    json_t *ids = json_object_get(provider, "identifiers");
    size_t n = json_array_size(ids) + 1;
    b->aliases = calloc(n, sizeof *b->aliases);
    b->domains = calloc(n, sizeof *b->domains);
    b->emails = calloc(n, sizeof *b->emails);
    b->nets = calloc(n, sizeof *b->nets);
    b->prefixes = calloc(n, sizeof *b->prefixes);
    if (!b->aliases || !b->domains || !b->emails || !b->nets || !b->prefixes)
        return -1;
    size_t na = 0, nd = 0, ne = 0, nn = 0, i;
    json_t *e;
    json_array_foreach(ids, i, e)
    {
        const char *kind = json_string_value(json_object_get(e, "kind"));
        const char *value = json_string_value(json_object_get(e, "value"));
        if (!kind || !value)
            continue;
        if (!strcmp(kind, "name"))
            b->aliases[na++] = value;
        else if (!strcmp(kind, "domain"))
            b->domains[nd++] = value;
        else if (!strcmp(kind, "email"))
            b->emails[ne++] = value;
        else if (!strcmp(kind, "network") &&
                 fk_cidr_parse(value, strlen(value), &b->nets[nn], &b->prefixes[nn]))
            nn++;
    }
    b->id = (fk_provider_identity){json_string_value(json_object_get(provider, "organisation")),
                                   b->aliases,
                                   b->domains,
                                   b->emails,
                                   b->nets,
                                   b->prefixes,
                                   nn};
    return 0;
}

static void free_identity(identity_buf *b)
{
    free(b->aliases);
    free(b->domains);
    free(b->emails);
    free(b->nets);
    free(b->prefixes);
}

#define WITHHELD_TEXT "[withheld: this text could not be anonymised]"

/* Keeps what was removed from one text, for a preview of the release. */
static void note_redactions(fk_release_result *out, const char *what, const char *text,
                            const fk_redaction *spans, size_t n)
{
    if (!out->redactions && !(out->redactions = json_array()))
        return;
    json_t *removed = json_array();
    for (size_t i = 0; removed && i < n; i++)
        json_array_append_new(
            removed, json_pack("{sI sI ss% ss}", "start", (json_int_t)spans[i].start, "end",
                               (json_int_t)spans[i].end, "text", text + spans[i].start,
                               spans[i].end - spans[i].start, "label", spans[i].label));
    json_array_append_new(out->redactions, json_pack("{ss ss so}", "field", what, "original", text,
                                                     "removed", removed));
}

/* Anonymises one piece of text; when that fails the piece is withheld (never released
 * as it was) and its name is added to the release's list of what was withheld. */
static char *masked_or_withheld(const fk_anonymiser *an, const char *text, const char *what,
                                fk_release_result *out)
{
    char *masked;
    fk_err err;
    fk_redaction *spans;
    size_t n;
    if (fk_anonymise_text_spans(an, text, &masked, &spans, &n, &err) == 0) {
        if (n)
            note_redactions(out, what, text, spans, n);
        free(spans);
        return masked;
    }
    if (!out->withheld_text)
        out->withheld_text = json_array();
    json_array_append_new(out->withheld_text,
                          json_pack("{ss ss}", "field", what, "reason", err.msg));
    return strdup(WITHHELD_TEXT);
}

/* The description released: the member's text, its impact and the template fields,
 * each anonymised on its own (a failure withholds that piece only). */
static char *released_description(const fk_anonymiser *an, json_t *report, fk_release_result *out)
{
    fk_sbuf b = {0};
    char *d = masked_or_withheld(an, json_string_value(json_object_get(report, "description")),
                                 "description", out);
    int rc = d ? fk_sbuf_puts(&b, d) : -1;
    free(d);
    const char *impact = json_string_value(json_object_get(report, "impact"));
    if (rc == 0 && impact && *impact) {
        char *m = masked_or_withheld(an, impact, "impact", out);
        rc = m && fk_sbuf_puts(&b, "\n\nImpact: ") == 0 ? fk_sbuf_puts(&b, m) : -1;
        free(m);
    }
    json_t *fields = json_object_get(report, "fields");
    if (rc == 0 && json_object_size(fields)) {
        json_t *masked_fields = json_object();
        const char *key;
        json_t *v;
        json_object_foreach(fields, key, v)
        {
            char *text = json_is_string(v) ? strdup(json_string_value(v))
                                           : json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
            char what[160];
            snprintf(what, sizeof what, "fields.%s", key);
            char *m = text ? masked_or_withheld(an, text, what, out) : NULL;
            free(text);
            if (!m || !masked_fields) {
                rc = -1;
                free(m);
                break;
            }
            json_object_set_new(masked_fields, key, json_string(m));
            free(m);
        }
        char *ft = rc == 0 ? json_dumps(masked_fields, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
        rc = ft && fk_sbuf_puts(&b, "\n\nDetails: ") == 0 ? fk_sbuf_puts(&b, ft) : -1;
        free(ft);
        json_decref(masked_fields);
    }
    if (rc != 0) {
        fk_sbuf_free(&b);
        return NULL;
    }
    return fk_sbuf_take(&b);
}

fk_release_refusal fk_release_build(const fk_hub_policy *p, const char *hub_identity,
                                    json_t *report, json_t *decision, fk_release_result *out,
                                    fk_err *err)
{
    memset(out, 0, sizeof *out);
    if (!json_is_object(decision))
        return bad(err, "expected a JSON object: {\"tier\": ..., \"audience\": {...}}%s", "");
    const char *status = json_string_value(json_object_get(report, "status"));
    if (!strcmp(status, "merged")) {
        fk_errf(err, "this report was merged into report %lld: release that one",
                (long long)json_integer_value(json_object_get(report, "merged_into")));
        return FK_RELEASE_REFUSED;
    }
    if (!json_object_get(report, "severity"))
        return refused(err, "triage the report (set its severity) before releasing it%s", "");
    int tier = fk_tier_index(json_string_value(json_object_get(decision, "tier")));
    if (tier < 0)
        return bad(err, "tier: expected immediate, advisory or general%s", "");
    fk_release_refusal r =
        check_audience(p, report, json_object_get(decision, "audience"), &out->audience, err);
    if (r != FK_RELEASE_OK)
        return r;
    out->tier = tiers[tier];
    int64_t created;
    const char *created_s = json_string_value(json_object_get(report, "created_at"));
    if (!fk_time_parse_iso8601(created_s, strlen(created_s), &created))
        created = (int64_t)time(NULL) * 1000;
    /* the respond-by time: the tier's, unless the centre sets one */
    json_t *deadline = json_object_get(decision, "deadline");
    int64_t due = created + (int64_t)p->deadline_seconds[tier] * 1000;
    if (deadline) {
        const char *d = json_string_value(deadline);
        if (!d || !fk_time_parse_iso8601(d, strlen(d), &due)) {
            fk_release_result_free(out);
            return bad(err, "deadline: expected an RFC 3339 time such as 2026-12-01T09:00:00Z%s",
                       "");
        }
        if (due <= (int64_t)time(NULL) * 1000) {
            fk_release_result_free(out);
            return bad(err, "deadline: %s has passed", d);
        }
    }
    fk_time_format(due, out->deadline);

    /* what is released: by default the description and every indicator and CVE */
    json_t *inc = json_object_get(decision, "include");
    json_t *inc_desc = json_object_get(inc, "description"),
           *inc_ind = json_object_get(inc, "indicators");
    json_t *inc_cves = json_object_get(inc, "cves");
    if ((inc && !json_is_object(inc)) || (inc_desc && !json_is_boolean(inc_desc)) ||
        (inc_cves && !json_is_boolean(inc_cves)) ||
        (inc_ind && !json_is_boolean(inc_ind) && !json_is_array(inc_ind))) {
        fk_release_result_free(out);
        return bad(err,
                   "include: expected {\"description\": bool, \"indicators\": bool or [values], "
                   "\"cves\": bool}%s",
                   "");
    }
    size_t k;
    json_t *sel;
    json_array_foreach(inc_ind, k, sel)
    {
        bool known = false;
        size_t j;
        json_t *ind;
        json_array_foreach(json_object_get(report, "indicators"), j, ind) known =
            known || (json_is_string(sel) && json_equal(sel, json_object_get(ind, "value")));
        if (!known) {
            fk_release_result_free(out);
            fk_errf(err, "include.indicators[%zu]: not an indicator of this report", k);
            return FK_RELEASE_BAD_REQUEST;
        }
    }

    identity_buf ib;
    fk_anonymiser *an = NULL;
    json_t *markings = NULL, *objects = json_array();
    if (make_identity(json_object_get(report, "provider"), &ib) != 0 ||
        !(an = fk_anonymiser_new(&ib.id, p->mask_patterns, err)) || !objects) {
        if (!an && err && !err->msg[0])
            fk_errf(err, "out of memory");
        r = FK_RELEASE_ERROR;
        goto done;
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    char now[32];
    fk_time_format((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, now);
    const char *tlp = json_string_value(json_object_get(report, "tlp"));
    const char *pap = json_string_value(json_object_get(report, "pap"));
    markings = json_pack("[ss]", fk_stix_tlp_id(tlp), fk_stix_pap_id(pap));
    json_array_append_new(objects, fk_stix_identity(hub_identity, p->hub_name, "organization",
                                                    "2024-01-01T00:00:00.000Z"));
    json_array_append_new(objects, fk_stix_tlp_marking(tlp));
    json_array_append_new(objects, fk_stix_pap_marking(pap));
    json_t *refs = json_array();
    size_t i;
    json_t *ind;
    json_array_foreach(json_object_get(report, "indicators"), i, ind)
    {
        const char *type_name = json_string_value(json_object_get(ind, "type"));
        const char *value = json_string_value(json_object_get(ind, "value"));
        fk_ioc_type t;
        if (!fk_ioc_type_from_name(type_name, &t))
            continue;
        bool chosen = !inc_ind || json_is_true(inc_ind);
        json_t *v;
        size_t j;
        json_array_foreach(inc_ind, j, v) chosen = chosen || !strcmp(json_string_value(v), value);
        if (!chosen) {
            out->not_selected++;
            continue;
        }
        if (fk_anonymise_withholds(an, t, value)) {
            out->withheld++;
            if (!out->withheld_values)
                out->withheld_values = json_array();
            json_array_append_new(out->withheld_values,
                                  json_pack("{ss ss}", "type", type_name, "value", value));
            continue;
        }
        /* the indicator, what it observes, the link between them, and the centre's
         * sighting of it */
        char id[80], rel[80], sight[80];
        fk_stix_new_id("indicator", id);
        json_array_append_new(
            objects, fk_stix_indicator(id, t, value, now, hub_identity, json_deep_copy(markings)));
        json_array_append_new(refs, json_string(id));
        json_t *sco = fk_stix_observable(t, value);
        if (sco) {
            json_object_set_new(sco, "object_marking_refs", json_deep_copy(markings));
            const char *sco_id = json_string_value(json_object_get(sco, "id"));
            fk_stix_new_id("relationship", rel);
            json_array_append_new(objects,
                                  fk_stix_relationship(rel, "related-to", id, sco_id, now,
                                                       hub_identity, json_deep_copy(markings)));
            json_array_append_new(refs, json_string(sco_id));
            json_array_append_new(refs, json_string(rel));
            json_array_append_new(objects, sco);
        }
        fk_stix_new_id("sighting", sight);
        json_array_append_new(objects, fk_stix_sighting(sight, id, hub_identity, 1, now, now,
                                                        hub_identity, json_deep_copy(markings)));
        json_array_append_new(refs, json_string(sight));
    }
    json_t *cve;
    json_array_foreach(inc_cves && json_is_false(inc_cves) ? NULL : json_object_get(report, "cves"),
                       i, cve)
    {
        char id[80];
        fk_stix_new_id("vulnerability", id);
        json_array_append_new(objects,
                              fk_stix_vulnerability(id, json_string_value(cve), now, hub_identity,
                                                    json_deep_copy(markings)));
        json_array_append_new(refs, json_string(id));
    }
    char *title =
        masked_or_withheld(an, json_string_value(json_object_get(report, "title")), "title", out);
    char *desc =
        inc_desc && json_is_false(inc_desc) ? strdup("") : released_description(an, report, out);
    if (title && desc && !strcmp(json_string_value(json_object_get(report, "type")), "incident")) {
        char inc[80];
        fk_stix_new_id("incident", inc);
        json_array_append_new(objects, fk_stix_incident(inc, title, desc, now, hub_identity,
                                                        json_deep_copy(markings)));
        json_array_append_new(refs, json_string(inc));
    }
    /* the cases the centre chose to share, as incidents, anonymised as the report is */
    json_t *shared_case;
    json_array_foreach(json_object_get(report, "cases"), i, shared_case)
    {
        char field[48], incident_id[80];
        snprintf(field, sizeof field, "cases[%zu].title", i);
        char *name = masked_or_withheld(
            an, json_string_value(json_object_get(shared_case, "title")), field, out);
        snprintf(field, sizeof field, "cases[%zu].description", i);
        char *text = masked_or_withheld(
            an, json_string_value(json_object_get(shared_case, "description")), field, out);
        json_t *o = NULL;
        if (name && text) {
            fk_stix_new_id("incident", incident_id);
            o = fk_stix_incident(incident_id, name, text, now, hub_identity,
                                 json_deep_copy(markings));
        }
        free(name);
        free(text);
        char kind[64], state[64];
        snprintf(kind, sizeof kind, "case-kind:%s",
                 json_string_value(json_object_get(shared_case, "kind")));
        snprintf(state, sizeof state, "case-state:%s",
                 json_string_value(json_object_get(shared_case, "state")));
        if (o)
            json_object_set_new(o, "labels", json_pack("[ss]", kind, state));
        if (!o || json_array_append_new(objects, o) != 0 ||
            json_array_append_new(refs, json_string(incident_id)) != 0) {
            fk_errf(err, "out of memory");
            json_decref(refs);
            r = FK_RELEASE_ERROR;
            goto done;
        }
    }
    if (json_array_size(refs) == 0) /* a STIX report must refer to something */
        json_array_append_new(refs, json_string(hub_identity));
    const fk_report_type *rt =
        fk_report_type_find(json_string_value(json_object_get(report, "type")));
    json_t *sev = json_object_get(report, "severity");
    char lab_type[64], lab_sev[64], lab_tier[32];
    snprintf(lab_type, sizeof lab_type, "fukurou-type:%s", rt ? rt->code : "unknown");
    snprintf(lab_sev, sizeof lab_sev, "severity:%d/%d:%s",
             (int)json_integer_value(json_object_get(sev, "level")), p->scale->nlevels - 1,
             json_string_value(json_object_get(sev, "scale")));
    snprintf(lab_tier, sizeof lab_tier, "tier:%s", out->tier);
    fk_stix_new_id("report", out->stix_report_id);
    json_t *rep = title && desc
                      ? json_pack("{ss ss ss ss ss ss ss ss s[s] ss s[sss] so sO}", "type",
                                  "report", "spec_version", "2.1", "id", out->stix_report_id,
                                  "created", now, "modified", now, "created_by_ref", hub_identity,
                                  "name", title, "description", desc, "report_types",
                                  rt ? rt->stix_report_type : "threat-report", "published", now,
                                  "labels", lab_type, lab_sev, lab_tier, "object_refs", refs,
                                  "object_marking_refs", markings)
                      : NULL;
    free(title);
    free(desc);
    if (!rep) {
        fk_errf(err, "out of memory");
        r = FK_RELEASE_ERROR;
        goto done;
    }
    json_array_append_new(objects, rep);
    /* the centre's assessment, as a note about the report */
    json_t *reasons = json_object_get(sev, "reasons");
    char assessment[2048], note_id[80];
    snprintf(assessment, sizeof assessment,
             "Severity %d of %d (%s). Impact on society: %s. Impact on systems: %s.",
             (int)json_integer_value(json_object_get(sev, "level")), p->scale->nlevels - 1,
             json_string_value(json_object_get(sev, "scale")),
             json_string_value(json_object_get(reasons, "society"))
                 ? json_string_value(json_object_get(reasons, "society"))
                 : "-",
             json_string_value(json_object_get(reasons, "systems"))
                 ? json_string_value(json_object_get(reasons, "systems"))
                 : "-");
    char *masked = masked_or_withheld(an, assessment, "assessment", out);
    fk_stix_new_id("note", note_id);
    json_t *note = masked ? fk_stix_note(note_id, "Centre assessment", masked, out->stix_report_id,
                                         now, hub_identity, json_deep_copy(markings))
                          : NULL;
    free(masked);
    if (!note) {
        fk_errf(err, "out of memory");
        r = FK_RELEASE_ERROR;
        goto done;
    }
    json_array_append_new(objects, note);
    char bundle_id[80];
    fk_stix_new_id("bundle", bundle_id);
    out->bundle = json_pack("{sssssO}", "type", "bundle", "id", bundle_id, "objects", objects);
    r = out->bundle ? FK_RELEASE_OK : FK_RELEASE_ERROR;
done:
    json_decref(markings);
    json_decref(objects);
    fk_anonymiser_free(an);
    free_identity(&ib);
    if (r != FK_RELEASE_OK)
        fk_release_result_free(out);
    return r;
}
