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

/* The default list is Japan's 14 critical-infrastructure sectors; the Tokyo 2020 list
 * keeps its 19 fields, which are not critical-infrastructure sectors as such. */
Test(sectors, shipped_lists)
{
    size_t n;
    const fk_sector_list *l = fk_sector_lists(&n);
    cr_assert_eq(n, 3);
    cr_assert_str_eq(l[0].name, "ci-2018");
    cr_assert_eq(l[0].count, 14);
    for (size_t i = 0; i < l[0].count; i++)
        cr_assert(l[0].sectors[i].critical_infrastructure, "%s", l[0].sectors[i].code);
    cr_assert_str_eq(l[1].name, "tokyo2020");
    cr_assert_eq(l[1].count, 19);
    for (size_t i = 0; i < l[1].count; i++)
        cr_assert(!l[1].sectors[i].critical_infrastructure, "%s", l[1].sectors[i].code);
    cr_assert_not_null(fk_sector_find("centre"));
    cr_assert_not_null(fk_sector_find("medical"));
    cr_assert_not_null(fk_sector_find("sewerage"));
    cr_assert_null(fk_sector_find("energy"));
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

/* A letter written as an escape next to the domain (found by fuzz_anonymise in CI): the
 * text as sent still shows the domain as a word, so it is masked. */
Test(anonymise, an_escaped_letter_beside_a_name_does_not_hide_it)
{
    fk_anonymiser *a = power_co();
    char *out;
    fk_err err;
    cr_assert_eq(fk_anonymise_text(a, "seen from &#4646;power.example today", &out, &err), 0, "%s",
                 err.msg);
    cr_assert_null(strstr(out, "power.example"), "%s", out);
    free(out);
    fk_anonymiser_free(a);
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

/* The pieces a preview shows as removed are exactly the ones the masked copy replaced:
 * putting each one's label in place of its bytes gives the masked copy back. */
Test(anonymise, the_removed_pieces_rebuild_the_masked_text)
{
    fk_anonymiser *a = power_co();
    const char *text = "Power Co saw web01.power.example beacon to 203.0.113.66; mail "
                       "soc@power.example, ticket PROJ-1234, パワー電力の担当者。";
    char *out;
    fk_redaction *r;
    size_t n;
    fk_err err;
    cr_assert_eq(fk_anonymise_text_spans(a, text, &out, &r, &n, &err), 0, "%s", err.msg);
    cr_assert_geq(n, 5, "%zu pieces", n);
    char rebuilt[512] = "";
    size_t pos = 0;
    for (size_t i = 0; i < n; i++) {
        cr_assert(r[i].start >= pos && r[i].end > r[i].start, "in order, not overlapping");
        strncat(rebuilt, text + pos, r[i].start - pos);
        strcat(rebuilt, r[i].label);
        pos = r[i].end;
    }
    strcat(rebuilt, text + pos);
    cr_assert_str_eq(rebuilt, out);
    cr_assert(!strncmp(text + r[0].start, "Power Co", 8) && !strcmp(r[0].label, "[provider]"));
    free(r);
    free(out);
    cr_assert_eq(fk_anonymise_text_spans(a, "nothing here", &out, &r, &n, &err), 0);
    cr_assert_eq(n, 0);
    cr_assert_null(r);
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

/* ---- the provider's identifiers written every way analysts and tools write them ---- */

#include "release.h"

/* A form, and the text that must not survive it (NULL: the form itself). */
static const struct {
    const char *form, *secret;
} forms[] = {
    /* domain */
    {"power[.]example", NULL},
    {"power(.)example", NULL},
    {"power{.}example", NULL},
    {"power[dot]example", NULL},
    {"power (dot) example", "power"},
    {"power dot example", "power"},
    {"power%2Eexample", NULL},
    {"power%252eexample", NULL},
    {"power&#46;example", NULL},
    {"power&period;example", NULL},
    {"\xef\xbd\x90\xef\xbd\x8f\xef\xbd\x97\xef\xbd\x85\xef\xbd\x92\xef\xbc\x8e\xef\xbd\x85\xef\xbd"
     "\x98\xef\xbd\x81\xef\xbd\x8d\xef\xbd\x90\xef\xbd\x8c\xef\xbd\x85",
     NULL}, /* full width */
    {"pow\xe2\x80\x8b"
     "er.example",
     "er.example"}, /* zero-width space */
    {"POWER.EXAMPLE", NULL},
    {"p\xd0\xbe"
     "wer.example",
     "wer.example"}, /* Cyrillic o */
    {"p0wer.example", NULL},
    {"power\xe3\x80\x82"
     "example",
     NULL}, /* ideographic full stop */
    {"hxxps://vpn[.]power[.]example/login", "power"},
    {"power\\.example", NULL},
    {"\\\\fs01.power.example\\share", "power"},
    {"/srv/backup/power.example/db.sql", "power"},
    {"power.example_backup.tar.gz", "power"},
    {"power.example.evil.test", "power"},
    {"xn--80a.power.example", "power"},
    /* e-mail */
    {"soc[at]power[.]example", "power"},
    {"soc(at)power(dot)example", "power"},
    {"soc at power dot example", "power"},
    {"soc%40power.example", "power"},
    {"soc&#64;power.example", "power"},
    {"SOC@POWER.EXAMPLE", "POWER"},
    {"soc [@] power [.] example", "power"},
    {"mailto:soc@power.example", "power"},
    {"\xef\xbd\x93\xef\xbd\x8f\xef\xbd\x83\xef\xbc\xa0power.example", "power"},
    /* addresses */
    {"198[.]51[.]100[.]23", NULL},
    {"198.51.100[.]23", NULL},
    {"198(.)51(.)100(.)23", NULL},
    {"3325256727", NULL},
    {"0xC6336417", NULL},
    {"0306.0063.0144.0027", NULL},
    {"198.051.100.023", NULL},
    {"0xc6.0x33.0x64.0x17", NULL},
    {"198.51.25623", NULL},
    {"::ffff:198.51.100.23", "198.51.100.23"},
    {"::ffff:c633:6417", "c633:6417"},
    {"64:ff9b::c633:6417", "c633:6417"},
    {"2002:c633:6417::1", "c633:6417"},
    {"\xef\xbc\x91\xef\xbc\x99\xef\xbc\x98.51.100.23", "51.100.23"},
    {"198%2e51%2e100%2e23", NULL},
    {"2001:db8:5::1", NULL},
    {"2001:0DB8:0005:0000:0000:0000:0000:0001", NULL},
    {"[2001:db8:5::1]:443", "2001:db8:5::1"},
    {"198.51.100.23/32", "198.51.100.23"},
    {"23.100.51.198.in-addr.arpa", NULL},
    {"198 . 51 . 100 . 23", "100 . 23"},
    /* names */
    {"P0w3r Co", NULL},
    {"xn--pwer-55d.example", NULL}, /* punycode of a Cyrillic look-alike */
    {"Power-Co", NULL},
    {"PowerCo", NULL},
    {"Power  Co", NULL},
    {"Power\nCo", NULL},
    {"POWER CO", NULL},
    {"power_co", NULL},
    {"P\xd0\xbewer Co", "wer Co"},
    {"P0wer Co", NULL},
    {"\xef\xbc\xb0\xef\xbd\x8f\xef\xbd\x97\xef\xbd\x85\xef\xbd\x92 Co", NULL},
    {"Pow\xc2\xad"
     "er Co",
     "er Co"}, /* soft hyphen */
    {"Po&#119;er Co", NULL},
    {"Power%20Co", NULL},
    {"PowerCo_Q3_report.xlsx", "PowerCo"},
    {"C:\\Users\\taro\\PowerCo\\notes.txt", "PowerCo"},
    {"pwr-vpn01", "pwr"},
    {"PWRFirewall01", "PWR"},
    {"PowerCoVPN", "PowerCo"},
    {"P.W.R", NULL},
    {"\xef\xbe\x8a\xef\xbe\x9f\xef\xbe\x9c\xef\xbd\xb0\xe9\x9b\xbb\xe5\x8a\x9b",
     NULL}, /* half-width kana */
    {"\xe3\x83\x91\xe3\x83\xaf\xe3\x83\xbc\xe9\x9b\xbb\xe5\x8a\x9b\xe3\x81\xae",
     "\xe9\x9b\xbb\xe5\x8a\x9b"},
};

/* Texts that name no one and must come out as they went in. */
static const char *const innocent[] = {
    "Power Company", "203.0.113.66", "evil-c2.example", "notpower.example", "2001:db8:6::1",
    "version 10.2",  "powerful",     "CVE-2024-3400",   "PowerShell",       "PWRX",
};

static bool survives(const char *out, const char *secret)
{
    /* case-insensitive search for the secret */
    size_t n = strlen(secret);
    for (const char *p = out; *p; p++)
        if (!strncasecmp(p, secret, n))
            return true;
    return false;
}

static fk_anonymiser *power_co_full(void)
{
    static const char *const aliases[] = {"PWR", "パワー電力", NULL};
    static const char *const domains[] = {"power.example", NULL};
    static const char *const emails[] = {"soc@power.example", NULL};
    static fk_ip nets[2];
    static int prefixes[2];
    fk_cidr_parse("198.51.100.0/24", 15, &nets[0], &prefixes[0]);
    fk_cidr_parse("2001:db8:5::/48", 15, &nets[1], &prefixes[1]);
    fk_provider_identity id = {"Power Co", aliases, domains, emails, nets, prefixes, 2};
    fk_err err;
    fk_anonymiser *a = fk_anonymiser_new(&id, NULL, &err);
    cr_assert_not_null(a, "%s", err.msg);
    return a;
}

Test(anonymise, every_written_form_of_the_provider_is_masked)
{
    fk_anonymiser *a = power_co_full();
    size_t leaks = 0;
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        char text[512], *out;
        fk_err err;
        snprintf(text, sizeof text, "Seen: %s today.", forms[i].form);
        cr_assert_eq(fk_anonymise_text(a, text, &out, &err), 0, "%s", err.msg);
        if (survives(out, forms[i].secret ? forms[i].secret : forms[i].form)) {
            fprintf(stderr, "leak: %s -> %s\n", forms[i].form, out);
            leaks++;
        }
        free(out);
    }
    for (size_t i = 0; i < sizeof innocent / sizeof innocent[0]; i++) {
        char *out;
        fk_err err;
        cr_assert_eq(fk_anonymise_text(a, innocent[i], &out, &err), 0);
        cr_assert_str_eq(out, innocent[i], "over-masked: %s -> %s", innocent[i], out);
        free(out);
    }
    cr_assert_eq(leaks, 0, "%zu of %zu forms leaked", leaks, sizeof forms / sizeof forms[0]);
    fk_anonymiser_free(a);
}

/* Each form in every released field of a report: title, description, impact, a
 * template field and an indicator; the released bundle must hold none of them. */
Test(anonymise, released_bundles_hold_no_form_in_any_field)
{
    fk_hub_policy p;
    fk_hub_policy_defaults(&p);
    const char *fields_named[] = {"title", "description", "impact", "fields", "indicators"};
    size_t leaks[5] = {0};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        const char *f = forms[i].form, *secret = forms[i].secret ? forms[i].secret : f;
        for (int k = 0; k < 5; k++) {
            json_t *report = json_pack(
                "{sI ss ss ss ss s{ss} s[{ssss}] s[] ss ss ss ss s{sis{ssss}ss} s{ssssss s[{ssss}"
                "{ssss}{ssss}{ssss}{ssss}{ssss}]}}",
                "id", (json_int_t)1, "type", "incident", "title", k == 0 ? f : "t", "description",
                k == 1 ? f : "d", "impact", k == 2 ? f : "", "fields", "state",
                k == 3 ? f : "ongoing", "indicators", "type", "url", "value",
                k == 4 ? f : "http://evil.test/", "cves", "tlp", "GREEN", "pap", "GREEN", "consent",
                "members", "status", "triaged", "severity", "level", 2, "reasons", "society", "-",
                "systems", "-", "scale", "seeds-2016", "provider", "organisation", "Power Co",
                "sector", "electricity", "account", "carol", "identifiers", "kind", "name", "value",
                "PWR", "kind", "name", "value", "パワー電力", "kind", "domain", "value",
                "power.example", "kind", "email", "value", "soc@power.example", "kind", "network",
                "value", "198.51.100.0/24", "kind", "network", "value", "2001:db8:5::/48");
            cr_assert_not_null(report);
            json_object_set_new(report, "created_at", json_string("2024-05-14T00:00:00Z"));
            if (k == 4) { /* the form as a URL, a domain and an address indicator */
                json_t *inds = json_object_get(report, "indicators");
                json_array_append_new(inds, json_pack("{ssss}", "type", "domain", "value", f));
                json_array_append_new(inds, json_pack("{ssss}", "type", "ipv4", "value", f));
                char url[600];
                snprintf(url, sizeof url, "http://evil.test/collect?u=%s", f);
                json_array_append_new(inds, json_pack("{ssss}", "type", "url", "value", url));
            }
            json_t *decision =
                json_pack("{ss s{sb}}", "tier", "advisory", "audience", "all_members", 1);
            fk_release_result rr;
            fk_err err;
            cr_assert_eq(fk_release_build(&p, "identity--x", report, decision, &rr, &err),
                         FK_RELEASE_OK, "%s", err.msg);
            char *text = json_dumps(rr.bundle, 0);
            if (survives(text, secret)) {
                fprintf(stderr, "leak in %s: %s\n", fields_named[k], f);
                leaks[k]++;
            }
            free(text);
            fk_release_result_free(&rr);
            json_decref(decision);
            json_decref(report);
        }
    }
    size_t n = sizeof forms / sizeof forms[0];
    fprintf(stderr,
            "anonymisation: %zu forms x 5 fields: leaks title %zu, description %zu, "
            "impact %zu, fields %zu, indicators %zu\n",
            n, leaks[0], leaks[1], leaks[2], leaks[3], leaks[4]);
    for (int k = 0; k < 5; k++)
        cr_assert_eq(leaks[k], 0, "%zu forms leaked through %s", leaks[k], fields_named[k]);
}

/* 400 KB of "a.a.a." (the run that once blew the JIT stack and let the rest of the
 * text out): whether the patterns cope or fail, the provider must not come out. */
Test(anonymise, a_long_run_of_labels_is_masked_or_withheld)
{
    fk_anonymiser *a = power_co_full();
    size_t n = 400000;
    char *text = malloc(n + 64);
    strcpy(text, "web01.power.example ");
    size_t l = strlen(text);
    for (size_t i = 0; i + 2 < n; i += 2)
        text[l++] = 'a', text[l++] = '.';
    strcpy(text + l, " then soc@power.example and Power Co");
    char *out;
    fk_err err;
    if (fk_anonymise_text(a, text, &out, &err) == 0) {
        cr_assert_null(strstr(out, "power"), "masked or withheld, never leaked");
        free(out);
    } else {
        cr_assert_null(out);
    }
    free(text);
    fk_anonymiser_free(a);
}

/* A configured pattern that blows its match limit on one field: that field is withheld
 * and named in withheld_text, the others are released masked. */
Test(anonymise, a_release_withholds_the_field_it_cannot_anonymise)
{
    fk_hub_policy p;
    fk_hub_policy_defaults(&p);
    static const char *const masks[] = {"(a+)+[bc]", NULL}; /* backtracks without end */
    p.mask_patterns = masks;
    json_t *report = json_pack(
        "{sI ss ss ss ss s{} s[] s[] ss ss ss ss s{sis{ssss}ss} s{ssssss s[{ssss}]} ss}", "id",
        (json_int_t)1, "type", "incident", "title", "web01.power.example is down", "description",
        "seen at web01.power.example: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "impact", "", "fields", "indicators", "cves", "tlp", "GREEN", "pap", "GREEN", "consent",
        "members", "status", "triaged", "severity", "level", 2, "reasons", "society", "-",
        "systems", "-", "scale", "seeds-2016", "provider", "organisation", "Power Co", "sector",
        "electricity", "account", "carol", "identifiers", "kind", "domain", "value",
        "power.example", "created_at", "2024-05-14T00:00:00Z");
    cr_assert_not_null(report);
    json_t *decision = json_pack("{ss s{sb}}", "tier", "advisory", "audience", "all_members", 1);
    fk_release_result rr;
    fk_err err;
    cr_assert_eq(fk_release_build(&p, "identity--x", report, decision, &rr, &err), FK_RELEASE_OK,
                 "%s", err.msg);
    char *text = json_dumps(rr.bundle, 0), *withheld = json_dumps(rr.withheld_text, 0);
    cr_assert_null(strstr(text, "power.example"), "%s", text);
    cr_assert_null(strstr(text, "aaaaaaaaaa"), "the description is withheld: %s", text);
    cr_assert_not_null(strstr(text, "[provider-host] is down"), "the title is released: %s", text);
    cr_assert_not_null(withheld, "the release says what it withheld");
    cr_assert_not_null(strstr(withheld, "\"description\""), "%s", withheld);
    cr_assert_null(strstr(withheld, "\"title\""), "%s", withheld);
    free(text);
    free(withheld);
    fk_release_result_free(&rr);
    json_decref(decision);
    json_decref(report);
}
