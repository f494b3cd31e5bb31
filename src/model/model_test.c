#include <criterion/criterion.h>
#include <string.h>

#include "../core/uuid.h"
#include "alert.h"
#include "audience.h"
#include "indicator.h"
#include "marking.h"

static json_t *aud(const char *text)
{
    json_t *j = json_loads(text, 0, NULL);
    cr_assert(j, "%s", text);
    return j;
}

static bool known(void *ctx, const char *code)
{
    (void)ctx;
    return !strcmp(code, "electricity") || !strcmp(code, "finance");
}

Test(audience, normalise_fills_every_member_and_names_what_is_wrong)
{
    fk_err e;
    json_t *in = aud("{\"sectors\": [\"finance\"]}");
    json_t *n = fk_audience_normalise(in, known, NULL, &e);
    cr_assert(n, "%s", e.msg);
    cr_assert_eq(json_array_size(json_object_get(n, "groups")), 0);
    cr_assert(json_is_false(json_object_get(n, "all_members")));
    cr_assert(json_is_false(json_object_get(n, "public")));
    cr_assert_null(json_object_get(n, "organisations"), "named only when named");
    json_decref(n);
    json_decref(in);
    in = aud("{\"organisations\": [\"Tokyo Power\", \"Bank A\"]}");
    n = fk_audience_normalise(in, known, NULL, &e);
    cr_assert(n, "%s", e.msg);
    cr_assert_eq(json_array_size(json_object_get(n, "organisations")), 2);
    json_decref(n);
    json_decref(in);
    static const struct {
        const char *text, *says;
    } bad[] = {
        {"[]", "expected {"},
        {"{\"sectors\": \"finance\"}", "lists"},
        {"{\"sectors\": [\"space\"]}", "sectors[0]: 'space' is not a sector code"},
        {"{\"groups\": [\"\"]}", "groups[0]"},
        {"{\"all_members\": \"yes\"}", "true or false"},
        {"{\"sectors\": [], \"groups\": []}", "name at least one"},
        {"{\"public\": true, \"everyone\": true}", "audience.everyone: unknown member"},
        {"{\"organisations\": [42]}", "organisations[0]: expected an organisation's name"},
        {"{\"organisations\": []}", "name at least one"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        in = aud(bad[i].text);
        cr_assert_null(fk_audience_normalise(in, known, NULL, &e), "%s", bad[i].text);
        cr_assert(strstr(e.msg, bad[i].says), "%s: %s", bad[i].text, e.msg);
        cr_assert_eq(e.code, FK_ERR_INVALID);
        json_decref(in);
    }
}

Test(audience, the_one_rule_of_who_may_read)
{
    const char *groups[] = {"ceptoar-energy"};
    fk_reader centre = {true, "centre", NULL, 0, "centre"};
    fk_reader power = {false, "electricity", groups, 1, "Tokyo Power"};
    fk_reader bank = {false, "finance", NULL, 0, "Bank A"};
    json_t *by_sector = aud("{\"sectors\": [\"electricity\"], \"groups\": []}");
    json_t *by_group = aud("{\"sectors\": [], \"groups\": [\"ceptoar-energy\"]}");
    json_t *all = aud("{\"all_members\": true}");
    json_t *pub = aud("{\"public\": true}");
    cr_assert(fk_audience_admits(by_sector, &centre), "the centre reads everything");
    cr_assert(fk_audience_admits(by_sector, &power));
    cr_assert_not(fk_audience_admits(by_sector, &bank));
    cr_assert(fk_audience_admits(by_group, &power));
    cr_assert_not(fk_audience_admits(by_group, &bank));
    cr_assert(fk_audience_admits(all, &bank));
    cr_assert(fk_audience_admits(pub, &bank));
    cr_assert_not(fk_audience_admits(NULL, &bank), "no audience admits only the centre");
    /* a release reaches a collection only when it admits everyone the collection does */
    json_t *both = aud("{\"sectors\": [\"electricity\", \"finance\"]}");
    cr_assert(fk_audience_reaches(both, by_sector));
    cr_assert_not(fk_audience_reaches(by_sector, both));
    cr_assert_not(fk_audience_reaches(by_sector, by_group));
    cr_assert(fk_audience_reaches(all, by_group));
    cr_assert_not(fk_audience_reaches(all, pub));
    cr_assert(fk_audience_reaches(pub, pub));
    json_t *no_one = aud("{\"sectors\": []}");
    cr_assert_not(fk_audience_reaches(by_sector, no_one), "a collection read by no one");
    /* an advisory to exactly the organisations it concerns: no one else, not even the
     * sector of one of them */
    json_t *to_power = aud("{\"organisations\": [\"Tokyo Power\"]}");
    fk_reader other_power = {false, "electricity", NULL, 0, "Kansai Power"};
    cr_assert(fk_audience_admits(to_power, &power));
    cr_assert_not(fk_audience_admits(to_power, &bank));
    cr_assert_not(fk_audience_admits(to_power, &other_power));
    cr_assert(fk_audience_admits(to_power, &centre));
    cr_assert_not(fk_audience_reaches(to_power, by_sector),
                  "a collection of the sector holds more readers than the advisory's");
    cr_assert(fk_audience_reaches(to_power, to_power));
    json_decref(to_power);
    json_decref(no_one);
    json_decref(by_sector);
    json_decref(by_group);
    json_decref(all);
    json_decref(pub);
    json_decref(both);
}

Test(marking, levels_names_and_what_other_tools_write)
{
    fk_tlp t;
    fk_pap p;
    cr_assert(fk_tlp_from_name("AMBER+STRICT", &t) && t == FK_TLP_AMBER_STRICT);
    cr_assert_not(fk_tlp_from_name("amber", &t), "the API takes the exact names");
    cr_assert(fk_tlp_read_loose("tlp:white", &t) && t == FK_TLP_CLEAR, "TLP 1.0 white is clear");
    cr_assert(fk_tlp_read_loose("TLP:Amber", &t) && t == FK_TLP_AMBER);
    cr_assert_not(fk_tlp_read_loose("TLP:PURPLE", &t));
    cr_assert(fk_pap_from_name("RED", &p) && p == FK_PAP_RED);
    cr_assert_not(fk_pap_valid("AMBER+STRICT"), "PAP has no AMBER+STRICT");
    cr_assert_str_eq(fk_tlp_name(FK_TLP_RED), "RED");
    cr_assert_null(fk_tlp_name(FK_TLP_COUNT_));
    cr_assert(fk_tlp_redistributable(FK_TLP_AMBER));
    cr_assert_not(fk_tlp_redistributable(FK_TLP_AMBER_STRICT));
    cr_assert_not(fk_tlp_redistributable(FK_TLP_RED));
}

Test(indicator, type_names_both_ways)
{
    for (int t = FK_IOC_IPV4; t < FK_IOC_TYPE_COUNT_; t++) {
        fk_ioc_type back;
        cr_assert(fk_ioc_type_from_name(fk_ioc_type_name((fk_ioc_type)t), &back));
        cr_assert_eq((int)back, t);
    }
    fk_ioc_type x;
    cr_assert_not(fk_ioc_type_from_name("email", &x));
    cr_assert_str_eq(fk_ioc_type_name(0), "?");
    cr_assert(fk_ioc_type_is_hash(FK_IOC_SHA1));
    cr_assert_not(fk_ioc_type_is_hash(FK_IOC_URL));
}

Test(uuid, random_ids_are_version_4_and_checked)
{
    char a[37], b[37];
    cr_assert(fk_uuid4(a) && fk_uuid4(b));
    cr_assert_str_neq(a, b);
    cr_assert_eq(a[14], '4');
    cr_assert(strchr("89ab", a[19]));
    cr_assert(fk_uuid_valid(a, true));
    cr_assert(fk_uuid_valid("0A1B2C3D-0000-4000-8000-000000000000", false));
    cr_assert_not(fk_uuid_valid("0A1B2C3D-0000-4000-8000-000000000000", true));
    cr_assert_not(fk_uuid_valid("0a1b2c3d00004000-8000-000000000000", false));
    cr_assert_not(fk_uuid_valid("0a1b2c3d-0000-4000-8000-00000000000g", false));
    cr_assert_not(fk_uuid_valid(NULL, false));
}

/* An alert crosses the bus as JSON: what a log line held that is not UTF-8 still goes,
 * its bad bytes as U+FFFD, its NUL bytes kept. */
Test(alert, json_carries_bytes_that_are_not_utf8)
{
    static const char value[] = "id=\xff\xfe'\0x\xc3\xa9\xed\xa0\x80";
    fk_alert a = {.engine = "web",
                  .severity = FK_SEV_HIGH,
                  .value = {value, sizeof value - 1},
                  .count = 3,
                  .has_time = true,
                  .first_ms = 5,
                  .last_ms = 9};
    json_t *j = fk_alert_to_json(&a);
    cr_assert_not_null(j);
    fk_alert b;
    const char *bad;
    cr_assert_eq(fk_alert_from_json(j, &b, &bad), 0, "%s", bad);
    static const char want[] = "id=\xef\xbf\xbd\xef\xbf\xbd'\0x\xc3\xa9\xef\xbf\xbd\xef\xbf"
                               "\xbd\xef\xbf\xbd";
    cr_assert_eq(b.value.n, sizeof want - 1);
    cr_assert_eq(memcmp(b.value.p, want, b.value.n), 0);
    cr_assert_eq(b.count, 3);
    cr_assert(b.has_time);
    cr_assert_eq(b.last_ms, 9);
    json_decref(j);
}
