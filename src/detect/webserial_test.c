#include "webserial.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static bool serial(const char *v)
{
    const char *why = NULL;
    bool hit = fk_webserial_read(v, strlen(v), &why);
    cr_assert(!hit || why);
    return hit;
}

/* Values arrive decoded and lower-cased, as the readers see them. */
Test(webserial, streams_by_their_first_bytes)
{
    /* Java: magic and TC_OBJECT, in base64 at the three alignments and in hex */
    cr_assert(serial("ro0abxnyabdqyxzhlnv0awwuchjpb3jpdhlrdwv1zq=="));
    cr_assert(serial("x=aaced0005737200"));
    /* .NET's binary format: the serialization header record */
    cr_assert(serial("aaeaaad/////aqaaaaaaaaamagaaaf9texn0zw0="));
    cr_assert(serial("0001000000ffffffff0100000000000000"));
    /* pickle, protocol 4 and 5 with a frame; at a value's or a segment's start */
    cr_assert(serial("gasvhqaaaaaaaacmbxbvc2l4liwgc3lzdgvtljoujajpzjsflfkulg=="));
    cr_assert(serial("/app/gawvhqaaaaaaaacmbxbvc2l4"));
    /* pickle's text protocol: GLOBAL then REDUCE */
    cr_assert(serial("cos\nsystem\n(s'id'\ntr."));
    cr_assert(serial("cposix\nsystem\n(vid\ntr."));
    cr_assert(serial("cposix\nsystem\np0\n(vid\np1\ntp2\nrp3\n.")); /* pickle.dumps(.., 0) */
}

Test(webserial, yaml_tags_and_type_names)
{
    cr_assert(serial("!!python/object/apply:os.system [\"id\"]"));
    cr_assert(serial("x: !!python/name:os.system"));
    cr_assert(serial("--- !ruby/object:gem::installer i: x"));
    cr_assert(serial("!!perl/code: '{ system(\"id\") }'"));
    cr_assert(serial("!php/object 'o:8:\"stdclass\":0:{}'"));
    cr_assert(serial("!!javax.script.scriptenginemanager [!!java.net.urlclassloader [[]]]"));
    cr_assert(
        serial("{\"$type\":\"system.windows.data.objectdataprovider, presentationframework\"}"));
    cr_assert(serial("{\"__type\":\"system.diagnostics.process, system\"}"));
    cr_assert(serial(
        "{\"$type\":\"system.management.automation.psobject, system.management.automation\"}"));
    cr_assert(
        serial("<objectdataprovider methodname=\"start\" objecttype=\"{x:type diag:process}\">"));
    cr_assert(serial("<odp:objectdataprovider x:key=\"a\" methodname=\"start\"/>"));
}

Test(webserial, everyday_values_stay_quiet)
{
    cr_assert_not(serial("gasvalve-replacement-kit"));  /* a slug */
    cr_assert_not(serial("gasvhqabcdefghijklmn"));      /* no frame's zeros */
    cr_assert_not(serial("aaeaaadbbbbbbbbbbbbbbbbbb")); /* no header */
    cr_assert_not(serial("!!str 42"));                  /* YAML's own tags */
    cr_assert_not(serial("key: !!binary aGVsbG8="));
    cr_assert_not(serial("great product!!! ruby/red colour"));            /* no tag's start */
    cr_assert_not(serial("{\"@type\":\"person\",\"name\":\"ada\"}"));     /* JSON-LD */
    cr_assert_not(serial("{\"$type\":\"myshop.models.order, myshop\"}")); /* an app's own type */
    cr_assert_not(serial("system.text.json serializer options"));
    cr_assert_not(serial("mysystem.diagnostics.processor"));      /* not a name's start */
    cr_assert_not(serial("cost\nsystem\nreport"));                /* no REDUCE */
    cr_assert_not(serial("cheers\njohn\n(see the street map).")); /* no opcode after the mark */
    cr_assert_not(serial("objectdataprovider tutorial"));
}

/* A value is a slice: nothing is read past its length. */
Test(webserial, values_are_read_within_their_length)
{
    char *v = malloc(16);
    memcpy(v, "xx gasvhqaaaaaaa", 16); /* under ASan, reading the eighth 'a' is an error */
    const char *why = NULL;
    cr_assert_not(fk_webserial_read(v, 16, &why));
    free(v);
    v = malloc(9);
    memcpy(v, "x: !!java", 9);
    cr_assert_not(fk_webserial_read(v, 9, &why));
    free(v);
}
