#include "intake.h"

#include "../core/sbuf.h"
#include "../detect/stix_pattern.h"
#include "../model/marking.h"
#include "report_types.h"
#include "stix.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    json_t *indicators;
} pattern_ctx;

static int collect_value(void *ctx, fk_ioc_type type, const char *value, size_t n)
{
    (void)type;
    json_array_append_new(((pattern_ctx *)ctx)->indicators, json_stringn(value, n));
    return 0;
}

static const char *const consents[] = {"centre", "sector", "members", "public"};

json_t *fk_intake_bundle_report(json_t *objects, const char *now, json_t *failures, fk_err *err)
{
    json_t *indicators = json_array(), *defs = fk_stix_marking_definitions(objects);
    pattern_ctx pc = {indicators};
    const char *title = NULL, *first = NULL, *last = NULL;
    int tlp = -1, pap = -1, consent = 3;
    bool consent_given = false;
    fk_sbuf desc = {0};
    fk_sbuf_put(&desc, "", 0);
    size_t i;
    json_t *o;
    json_array_foreach(objects, i, o)
    {
        const char *type = json_string_value(json_object_get(o, "type"));
        const char *created = json_string_value(json_object_get(o, "created"));
        if (created && (!first || strcmp(created, first) < 0))
            first = created;
        if (created && (!last || strcmp(created, last) > 0))
            last = created;
        json_t *c = json_object_get(o, "x_fukurou_consent");
        if (c) {
            int rank = 0; /* anything unreadable means the centre only */
            for (int k = 0; k < 4; k++)
                if (json_is_string(c) && !strcmp(json_string_value(c), consents[k]))
                    rank = k;
            consent = rank < consent ? rank : consent;
            consent_given = true;
        }
        int t = fk_stix_object_tlp(o, defs, &pap);
        tlp = t > tlp ? t : tlp;
        if (!type)
            continue;
        if (!strcmp(type, "report")) {
            title = title ? title : json_string_value(json_object_get(o, "name"));
            const char *d = json_string_value(json_object_get(o, "description"));
            if (d &&
                ((desc.len && fk_sbuf_puts(&desc, "\n\n") != 0) || fk_sbuf_puts(&desc, d) != 0))
                break;
        } else if (!strcmp(type, "indicator") && json_is_string(json_object_get(o, "pattern"))) {
            fk_err perr;
            fk_stix_result r = fk_stix_pattern_observables(
                json_string_value(json_object_get(o, "pattern")), collect_value, &pc, &perr);
            if (r != FK_STIX_OK && json_is_string(json_object_get(o, "id")))
                json_array_append_new(
                    failures, json_pack("{sO ss ss}", "id", json_object_get(o, "id"), "version",
                                        fk_stix_object_version(o) ? fk_stix_object_version(o) : now,
                                        "message", perr.msg));
        } else if (!strcmp(type, "vulnerability") && json_is_string(json_object_get(o, "name")) &&
                   fk_cve_valid(json_string_value(json_object_get(o, "name")))) {
            json_array_append(indicators, json_object_get(o, "name"));
        }
    }
    json_decref(defs);
    if (!consent_given)
        consent = 0;
    char dflt_title[80];
    snprintf(dflt_title, sizeof dflt_title, "STIX bundle submitted over TAXII (%zu objects)",
             json_array_size(objects));
    json_t *in = json_pack(
        "{ss ss ss s{ss ss} so ss ss ss}", "type", "observation", "title",
        title ? title : dflt_title, "description", desc.p ? desc.p : "", "fields", "observed_from",
        first ? first : now, "observed_until", last ? last : now, "indicators", indicators, "tlp",
        tlp >= 0 ? fk_tlp_name((fk_tlp)tlp) : "AMBER", "pap",
        pap >= 0 ? fk_pap_name((fk_pap)pap) : "AMBER", "consent", consents[consent]);
    fk_sbuf_free(&desc);
    if (!in)
        fk_errc(err, FK_ERR_NOMEM, "out of memory");
    return in;
}
