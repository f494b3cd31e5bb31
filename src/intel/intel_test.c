#include "anonymise.h"
#include "report_types.h"
#include "sectors.h"
#include "severity.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

Test(report_types, nine_types_with_templates)
{
    cr_assert_eq(fk_report_type_count(), 9);
    const char *codes[] = {"attack-foresight", "vulnerability", "incident",
                           "observation",      "blocklist",     "malware",
                           "overseas",         "schedule",      "emergency"};
    for (size_t i = 0; i < 9; i++)
        cr_assert_not_null(fk_report_type_find(codes[i]), "%s", codes[i]);
    json_t *j = fk_report_types_json();
    cr_assert_eq(json_array_size(j), 9);
    json_decref(j);
}

static int validate(const char *type, const char *fields, fk_err *err)
{
    json_t *f = json_loads(fields, 0, NULL);
    cr_assert_not_null(f, "%s", fields);
    int rc = fk_report_fields_validate(fk_report_type_find(type), f, err);
    json_decref(f);
    return rc;
}

Test(report_types, validation_names_the_field)
{
    fk_err err;
    cr_assert_eq(
        validate("vulnerability",
                 "{\"cves\":[\"CVE-2024-3400\"],\"products\":[\"PAN-OS\"],\"cvss_base_score\":10,"
                 "\"exploited\":true}",
                 &err),
        0, "%s", err.msg);
    cr_assert_eq(validate("vulnerability", "{\"products\":[\"x\"]}", &err), -1);
    cr_assert_str_eq(err.msg, "fields.cves: required for a vulnerability report");
    cr_assert_eq(validate("vulnerability", "{\"cves\":[\"CVE-24-1\"],\"products\":[\"x\"]}", &err),
                 -1);
    cr_assert_not_null(strstr(err.msg, "fields.cves[0]: expected a CVE id"), "%s", err.msg);
    cr_assert_eq(
        validate("incident", "{\"occurred_at\":\"yesterday\",\"state\":\"ongoing\"}", &err), -1);
    cr_assert_not_null(strstr(err.msg, "fields.occurred_at: expected an RFC 3339 time"), "%s",
                       err.msg);
    cr_assert_eq(validate("incident",
                          "{\"occurred_at\":\"2024-05-14T09:00:00+09:00\",\"state\":\"on fire\"}",
                          &err),
                 -1);
    cr_assert_not_null(strstr(err.msg, "one of ongoing|contained|resolved"), "%s", err.msg);
    cr_assert_eq(
        validate("schedule",
                 "{\"event_name\":\"x\",\"starts_at\":\"2024-05-14T09:00:00Z\",\"colour\":1}",
                 &err),
        -1);
    cr_assert_str_eq(err.msg, "fields.colour: not a field of a schedule report");
    cr_assert_eq(validate("malware", "{\"family\":\"Emotet\",\"sample_available\":\"yes\"}", &err),
                 -1);
}

Test(severity, scales_are_data)
{
    const fk_severity_scale *d = fk_severity_scale_default();
    cr_assert_str_eq(d->code, "seeds-2016");
    cr_assert_eq(d->nlevels, 6);
    const fk_severity_scale *p = fk_severity_scale_find("nisc-2018");
    cr_assert_not_null(p);
    cr_assert_eq(p->nlevels, 5);
    cr_assert_null(fk_severity_scale_find("nope"));
}

Test(sectors, nineteen_critical_infrastructure_sectors)
{
    int ci = 0;
    for (size_t i = 0; i < fk_sector_count(); i++)
        ci += fk_sector_at(i)->critical_infrastructure;
    cr_assert_eq(ci, 19);
    cr_assert_not_null(fk_sector_find("centre"));
}

static fk_anonymiser *power_co(void)
{
    static const char *const aliases[] = {"PWR", "パワー電力", NULL};
    static const char *const domains[] = {"power.example", NULL};
    static fk_ip nets[1];
    static int prefixes[1];
    fk_cidr_parse("198.51.100.0/24", 15, &nets[0], &prefixes[0]);
    fk_provider_identity id = {"Power Co", aliases, domains, NULL, nets, prefixes, 1};
    static const char *const extra[] = {"PROJ-[0-9]{4}", NULL};
    fk_err err;
    fk_anonymiser *a = fk_anonymiser_new(&id, extra, &err);
    cr_assert_not_null(a, "%s", err.msg);
    return a;
}

Test(anonymise, masks_what_identifies_the_provider_and_keeps_the_attack)
{
    fk_anonymiser *a = power_co();
    const char *text =
        "Power Co (PWR) saw beacons from web01.power.example (198.51.100.23, internal 10.2.3.4 and "
        "fd00::5) "
        "to the C2 203.0.113.66 and evil-c2.example. Contact soc@power.example. Login user=alice "
        "failed; "
        "CORP\\bob logged in, CORP\\\\eve too. ユーザー名：yamada. Ticket PROJ-1234. "
        "パワー電力の担当者が対応。";
    char *out;
    fk_err err;
    cr_assert_eq(fk_anonymise_text(a, text, &out, &err), 0, "%s", err.msg);
    const char *gone[] = {"Power Co", "PWR",     "power.example", "198.51.100.23",
                          "10.2.3.4", "fd00::5", "soc@",          "alice",
                          "bob",      "yamada",  "PROJ-1234",     "パワー電力"};
    for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
        cr_assert_null(strstr(out, gone[i]), "'%s' survived: %s", gone[i], out);
    const char *kept[] = {"203.0.113.66",    "evil-c2.example",    "[provider]",
                          "[provider-host]", "[provider-address]", "[internal-address]",
                          "[email]",         "user=[user]",        "[redacted]"};
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
        cr_assert_not_null(strstr(out, kept[i]), "'%s' missing: %s", kept[i], out);
    free(out);
    fk_anonymiser_free(a);
}

Test(anonymise, withholds_indicators_that_point_at_the_provider)
{
    fk_anonymiser *a = power_co();
    cr_assert(fk_anonymise_withholds(a, FK_IOC_IPV4, "198.51.100.7"));
    cr_assert(fk_anonymise_withholds(a, FK_IOC_IPV4, "192.168.1.1"));
    cr_assert(fk_anonymise_withholds(a, FK_IOC_DOMAIN, "vpn.power.example"));
    cr_assert(fk_anonymise_withholds(a, FK_IOC_URL, "https://intranet.power.example/login"));
    cr_assert(fk_anonymise_withholds(a, FK_IOC_URL, "http://10.0.0.8:8080/x"));
    cr_assert_not(fk_anonymise_withholds(a, FK_IOC_IPV4, "203.0.113.66"));
    cr_assert_not(fk_anonymise_withholds(a, FK_IOC_DOMAIN, "notpower.example"));
    cr_assert_not(fk_anonymise_withholds(
        a, FK_IOC_SHA256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    fk_anonymiser_free(a);
}

Test(anonymise, bad_pattern_is_reported_and_invalid_utf8_survives)
{
    fk_provider_identity id = {"X", NULL, NULL, NULL, NULL, NULL, 0};
    const char *const bad[] = {"(unclosed", NULL};
    fk_err err;
    cr_assert_null(fk_anonymiser_new(&id, bad, &err));
    cr_assert_not_null(strstr(err.msg, "(unclosed"), "%s", err.msg);
    fk_anonymiser *a = fk_anonymiser_new(&id, NULL, &err);
    char *out;
    cr_assert_eq(fk_anonymise_text(a, "\xff\xfe user=x \xc0 10.0.0.1", &out, &err), 0, "%s",
                 err.msg);
    cr_assert_null(strstr(out, "10.0.0.1"), "%s", out);
    free(out);
    fk_anonymiser_free(a);
}

Test(report_types, normalise_classifies_indicators_and_cves)
{
    json_error_t je;
    json_t *in = json_loads("{\"type\":\"incident\",\"title\":\"t\",\"fields\":{\"occurred_at\":"
                            "\"2024-05-14T09:00:00Z\","
                            "\"state\":\"ongoing\"},\"indicators\":[\"203.0.113.66\",\"c2[.]Evil."
                            "example\",\"CVE-2024-3400\","
                            "\"hxxp://x.example/a\"],\"tlp\":\"AMBER\",\"consent\":\"sector\"}",
                            0, &je);
    cr_assert_not_null(in, "%s", je.text);
    json_t *out;
    fk_err err;
    cr_assert_eq(fk_report_normalise(in, &out, &err), 0, "%s", err.msg);
    char *s = json_dumps(out, JSON_COMPACT | JSON_SORT_KEYS);
    cr_assert_str_eq(
        s, "{\"consent\":\"sector\",\"cves\":[\"CVE-2024-3400\"],\"description\":\"\",\"fields\":{"
           "\"occurred_at\":"
           "\"2024-05-14T09:00:00Z\",\"state\":\"ongoing\"},\"impact\":\"\",\"indicators\":[{"
           "\"type\":\"ipv4\","
           "\"value\":\"203.0.113.66\"},{\"type\":\"domain\",\"value\":\"c2.evil.example\"},{"
           "\"type\":\"url\","
           "\"value\":\"http://x.example/"
           "a\"}],\"pap\":\"AMBER\",\"title\":\"t\",\"tlp\":\"AMBER\",\"type\":\"incident\"}");
    free(s);
    json_decref(out);
    json_object_set_new(in, "tlp", json_string("PURPLE"));
    cr_assert_eq(fk_report_normalise(in, &out, &err), -1);
    cr_assert_not_null(strstr(err.msg, "tlp:"), "%s", err.msg);
    json_object_set_new(in, "tlp", json_string("GREEN"));
    json_array_append_new(json_object_get(in, "indicators"), json_string("not an indicator"));
    cr_assert_eq(fk_report_normalise(in, &out, &err), -1);
    cr_assert_not_null(strstr(err.msg, "indicators[4]:"), "%s", err.msg);
    json_decref(in);
}
