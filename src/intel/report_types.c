#include "report_types.h"

#include "../core/timefmt.h"
#include "../detect/ioc.h"
#include "stix.h"

#include <ctype.h>
#include <string.h>

#define F(name, kind, req, choices, ja, en)                                                        \
    {                                                                                              \
        name, kind, req, choices, ja, en                                                           \
    }
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const fk_template_field foresight[] = {
    F("expected_targets", FK_FIELD_TEXT_LIST, true, NULL, "想定される標的", "Expected targets"),
    F("expected_from", FK_FIELD_TIME, false, NULL, "想定開始日時", "Expected from"),
    F("expected_until", FK_FIELD_TIME, false, NULL, "想定終了日時", "Expected until"),
    F("threat_actor", FK_FIELD_TEXT, false, NULL, "攻撃者", "Threat actor"),
    F("information_source", FK_FIELD_TEXT, false, NULL, "情報源", "Source of the information"),
};
static const fk_template_field vulnerability[] = {
    F("cves", FK_FIELD_CVE_LIST, true, NULL, "CVE番号", "CVE identifiers"),
    F("products", FK_FIELD_TEXT_LIST, true, NULL, "対象製品", "Affected products"),
    F("cvss_base_score", FK_FIELD_NUMBER, false, NULL, "CVSS基本値", "CVSS base score"),
    F("exploited", FK_FIELD_BOOL, false, NULL, "悪用の有無", "Exploited in the wild"),
    F("fix_available", FK_FIELD_BOOL, false, NULL, "修正の有無", "Fix available"),
};
static const fk_template_field incident[] = {
    F("occurred_at", FK_FIELD_TIME, true, NULL, "発生日時", "Occurred at"),
    F("detected_at", FK_FIELD_TIME, false, NULL, "検知日時", "Detected at"),
    F("state", FK_FIELD_CHOICE, true, "ongoing|contained|resolved", "状況", "State"),
    F("affected_systems", FK_FIELD_TEXT_LIST, false, NULL, "影響を受けたシステム",
      "Affected systems"),
    F("attack_vector", FK_FIELD_TEXT, false, NULL, "攻撃手法", "Attack vector"),
    F("service_impact", FK_FIELD_CHOICE, false, "none|degraded|interrupted", "サービスへの影響",
      "Impact on the service"),
};
static const fk_template_field observation[] = {
    F("observed_from", FK_FIELD_TIME, true, NULL, "観測開始", "Observed from"),
    F("observed_until", FK_FIELD_TIME, true, NULL, "観測終了", "Observed until"),
    F("sensor", FK_FIELD_TEXT, false, NULL, "センサー", "Sensor"),
    F("method", FK_FIELD_TEXT, false, NULL, "分析手法", "Method of analysis"),
};
static const fk_template_field blocklist[] = {
    F("purpose", FK_FIELD_TEXT, true, NULL, "目的", "Purpose"),
    F("valid_until", FK_FIELD_TIME, false, NULL, "有効期限", "Valid until"),
};
static const fk_template_field malware[] = {
    F("family", FK_FIELD_TEXT, true, NULL, "ファミリー", "Family"),
    F("behaviour", FK_FIELD_TEXT, false, NULL, "挙動", "Behaviour"),
    F("infection_vector", FK_FIELD_TEXT, false, NULL, "感染経路", "Infection vector"),
    F("sample_available", FK_FIELD_BOOL, false, NULL, "検体の有無", "Sample available"),
};
static const fk_template_field overseas[] = {
    F("country", FK_FIELD_TEXT, true, NULL, "国・地域", "Country or region"),
    F("source_organisation", FK_FIELD_TEXT, true, NULL, "情報源機関", "Source organisation"),
    F("original_language", FK_FIELD_TEXT, false, NULL, "原文の言語", "Original language"),
    F("source_url", FK_FIELD_TEXT, false, NULL, "原文URL", "Source URL"),
};
static const fk_template_field schedule[] = {
    F("event_name", FK_FIELD_TEXT, true, NULL, "行事名", "Event"),
    F("starts_at", FK_FIELD_TIME, true, NULL, "開始日時", "Starts at"),
    F("ends_at", FK_FIELD_TIME, false, NULL, "終了日時", "Ends at"),
    F("venue", FK_FIELD_TEXT, false, NULL, "場所", "Venue"),
};
static const fk_template_field emergency[] = {
    F("action_required", FK_FIELD_TEXT, true, NULL, "求める対応", "Action required"),
    F("respond_by", FK_FIELD_TIME, false, NULL, "対応期限", "Respond by"),
};

static const fk_report_type types[] = {
    {"attack-foresight", "攻撃予兆", "Attack foresight", "threat-report", false, foresight,
     COUNT(foresight)},
    {"vulnerability", "脆弱性", "Vulnerability", "vulnerability", false, vulnerability,
     COUNT(vulnerability)},
    {"incident", "インシデント", "Incident", "threat-report", false, incident, COUNT(incident)},
    {"observation", "観測・分析結果", "Observation or analysis result", "observed-data", false,
     observation, COUNT(observation)},
    {"blocklist", "ブロックリスト", "Blocklist", "indicator", true, blocklist, COUNT(blocklist)},
    {"malware", "マルウェア", "Malware", "malware", false, malware, COUNT(malware)},
    {"overseas", "海外情報", "Overseas information", "threat-report", false, overseas,
     COUNT(overseas)},
    {"schedule", "予定・行事", "Schedule", "campaign", false, schedule, COUNT(schedule)},
    {"emergency", "緊急", "Emergency", "threat-report", false, emergency, COUNT(emergency)},
};

size_t fk_report_type_count(void)
{
    return COUNT(types);
}

const fk_report_type *fk_report_type_at(size_t i)
{
    return i < COUNT(types) ? &types[i] : NULL;
}

const fk_report_type *fk_report_type_find(const char *code)
{
    for (size_t i = 0; i < COUNT(types); i++)
        if (!strcmp(types[i].code, code))
            return &types[i];
    return NULL;
}

static const char *const kind_names[] = {"text",      "time",     "number", "boolean",
                                         "text-list", "cve-list", "choice"};

json_t *fk_report_types_json(void)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < COUNT(types); i++) {
        const fk_report_type *t = &types[i];
        json_t *fields = json_array();
        for (size_t k = 0; k < t->nfields; k++) {
            const fk_template_field *f = &t->fields[k];
            json_t *jf =
                json_pack("{sssssbssss}", "name", f->name, "kind", kind_names[f->kind], "required",
                          f->required, "label_ja", f->label_ja, "label_en", f->label_en);
            if (f->choices) {
                json_t *ch = json_array();
                const char *p = f->choices;
                while (*p) {
                    size_t n = strcspn(p, "|");
                    json_array_append_new(ch, json_stringn(p, n));
                    p += n + (p[n] == '|');
                }
                json_object_set_new(jf, "choices", ch);
            }
            json_array_append_new(fields, jf);
        }
        json_array_append_new(arr, json_pack("{sssssssbso}", "code", t->code, "name_ja", t->name_ja,
                                             "name_en", t->name_en, "indicators_required",
                                             t->indicators_required, "fields", fields));
    }
    return arr;
}

bool fk_cve_valid(const char *s)
{
    if (strncmp(s, "CVE-", 4) != 0)
        return false;
    for (int i = 4; i < 8; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    if (s[8] != '-')
        return false;
    size_t n = strlen(s + 9);
    if (n < 4 || n > 19)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[9 + i]))
            return false;
    return true;
}

static bool choice_ok(const char *choices, const char *v)
{
    size_t vn = strlen(v);
    for (const char *p = choices; *p;) {
        size_t n = strcspn(p, "|");
        if (n == vn && !strncmp(p, v, n))
            return true;
        p += n + (p[n] == '|');
    }
    return false;
}

static int check(const fk_template_field *f, json_t *v, fk_err *err)
{
    int64_t ms;
    switch (f->kind) {
    case FK_FIELD_TEXT:
        if (json_is_string(v) && json_string_length(v) > 0 && json_string_length(v) <= 10000)
            return 0;
        return fk_errf(err, "fields.%s: expected text (1 to 10000 characters)", f->name);
    case FK_FIELD_TIME:
        if (json_is_string(v) &&
            fk_time_parse_iso8601(json_string_value(v), json_string_length(v), &ms))
            return 0;
        return fk_errf(err, "fields.%s: expected an RFC 3339 time like 2024-05-14T09:00:00+09:00",
                       f->name);
    case FK_FIELD_NUMBER:
        if (json_is_number(v))
            return 0;
        return fk_errf(err, "fields.%s: expected a number", f->name);
    case FK_FIELD_BOOL:
        if (json_is_boolean(v))
            return 0;
        return fk_errf(err, "fields.%s: expected true or false", f->name);
    case FK_FIELD_CHOICE:
        if (json_is_string(v) && choice_ok(f->choices, json_string_value(v)))
            return 0;
        return fk_errf(err, "fields.%s: expected one of %s", f->name, f->choices);
    case FK_FIELD_TEXT_LIST:
    case FK_FIELD_CVE_LIST: {
        if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > 1000)
            return fk_errf(err, "fields.%s: expected a list of 1 to 1000 %s", f->name,
                           f->kind == FK_FIELD_CVE_LIST ? "CVE ids" : "texts");
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e)
        {
            if (!json_is_string(e) || json_string_length(e) == 0)
                return fk_errf(err, "fields.%s[%zu]: expected text", f->name, i);
            if (f->kind == FK_FIELD_CVE_LIST && !fk_cve_valid(json_string_value(e)))
                return fk_errf(err, "fields.%s[%zu]: expected a CVE id like CVE-2024-3400", f->name,
                               i);
        }
        return 0;
    }
    }
    return -1;
}

int fk_report_fields_validate(const fk_report_type *t, json_t *fields, fk_err *err)
{
    if (fields && !json_is_object(fields))
        return fk_errf(err, "fields: expected an object with the %s template's fields", t->code);
    for (size_t k = 0; k < t->nfields; k++) {
        const fk_template_field *f = &t->fields[k];
        json_t *v = fields ? json_object_get(fields, f->name) : NULL;
        if (!v || json_is_null(v)) {
            if (f->required)
                return fk_errf(err, "fields.%s: required for a %s report", f->name, t->code);
            continue;
        }
        if (check(f, v, err) != 0)
            return -1;
    }
    const char *key;
    json_t *v;
    json_object_foreach(fields, key, v)
    {
        bool known = false;
        for (size_t k = 0; k < t->nfields && !known; k++)
            known = !strcmp(t->fields[k].name, key);
        if (!known)
            return fk_errf(err, "fields.%s: not a field of a %s report", key, t->code);
    }
    return 0;
}

static const char *text_member(json_t *in, const char *name, size_t max, bool required, fk_err *err,
                               int *rc)
{
    json_t *v = json_object_get(in, name);
    if (!v || json_is_null(v)) {
        if (required)
            *rc = fk_errf(err, "%s: required", name);
        return required ? NULL : "";
    }
    if (!json_is_string(v) || json_string_length(v) > max ||
        (required && json_string_length(v) == 0)) {
        *rc = fk_errf(err, "%s: expected text of %s%zu characters at most", name,
                      required ? "1 to " : "", max);
        return NULL;
    }
    return json_string_value(v);
}

int fk_report_normalise(json_t *in, json_t **out, fk_err *err)
{
    *out = NULL;
    if (!json_is_object(in))
        return fk_errf(err, "expected a JSON object (a report)");
    int rc = 0;
    const char *type = text_member(in, "type", 64, true, err, &rc);
    if (rc)
        return -1;
    const fk_report_type *t = fk_report_type_find(type);
    if (!t)
        return fk_errf(
            err,
            "type: '%s' is not one of attack-foresight, vulnerability, incident, observation, "
            "blocklist, malware, overseas, schedule, emergency",
            type);
    const char *title = text_member(in, "title", 300, true, err, &rc);
    const char *desc = rc ? NULL : text_member(in, "description", 100000, false, err, &rc);
    const char *impact = rc ? NULL : text_member(in, "impact", 10000, false, err, &rc);
    const char *tlp = rc ? NULL : text_member(in, "tlp", 16, true, err, &rc);
    const char *pap = rc ? NULL : text_member(in, "pap", 16, false, err, &rc);
    const char *consent = rc ? NULL : text_member(in, "consent", 16, true, err, &rc);
    if (rc)
        return -1;
    if (!fk_tlp_valid(tlp))
        return fk_errf(err, "tlp: expected CLEAR, GREEN, AMBER, AMBER+STRICT or RED");
    if (!*pap)
        pap = "AMBER"; /* passive use only unless the provider says otherwise */
    if (!fk_pap_valid(pap))
        return fk_errf(err, "pap: expected CLEAR, GREEN, AMBER or RED");
    if (strcmp(consent, "centre") && strcmp(consent, "sector") && strcmp(consent, "members") &&
        strcmp(consent, "public"))
        return fk_errf(err, "consent: expected centre, sector, members or public");
    json_t *fields = json_object_get(in, "fields");
    if (fk_report_fields_validate(t, fields, err) != 0)
        return -1;
    json_t *ind_in = json_object_get(in, "indicators");
    if (ind_in && !json_is_array(ind_in))
        return fk_errf(err, "indicators: expected a list of values");
    if (json_array_size(ind_in) > 100000)
        return fk_errf(err, "indicators: at most 100000 per report");
    json_t *indicators = json_array(), *cves = json_array();
    size_t i;
    json_t *v;
    json_array_foreach(ind_in, i, v)
    {
        if (!json_is_string(v)) {
            rc = fk_errf(err, "indicators[%zu]: expected text", i);
            break;
        }
        const char *s = json_string_value(v);
        if (fk_cve_valid(s)) {
            json_array_append_new(cves, json_string(s));
            continue;
        }
        char norm[4096];
        fk_ioc_type it;
        fk_err e;
        if (fk_ioc_classify(s, json_string_length(v), &it, norm, sizeof norm, &e) != 0) {
            rc = fk_errf(err, "indicators[%zu]: %s", i, e.msg);
            break;
        }
        json_array_append_new(indicators,
                              json_pack("{ssss}", "type", fk_ioc_type_name(it), "value", norm));
    }
    if (rc == 0 && t->indicators_required && json_array_size(indicators) == 0)
        rc = fk_errf(err, "indicators: a %s report needs at least one indicator", t->code);
    if (rc != 0) {
        json_decref(indicators);
        json_decref(cves);
        return -1;
    }
    json_t *f = fields ? json_incref(fields) : json_object();
    *out = json_pack("{ss ss ss so so so ss ss ss ss}", "type", type, "title", title, "description",
                     desc, "fields", f, "indicators", indicators, "cves", cves, "tlp", tlp, "pap",
                     pap, "consent", consent, "impact", impact);
    return *out ? 0 : fk_errf(err, "out of memory");
}
