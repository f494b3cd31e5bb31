/* libFuzzer target: what a member or an admin writes to choose who reads and what runs:
 * an audience (JSON) through the normaliser and the reader rule, and a detection profile
 * ("ioc,sigma:windows,sigma>=high") through its parser. A refusal always says why; an
 * accepted audience always admits the centre and is reached by itself. */
#include "../src/detect/pipeline.h"
#include "../src/model/audience.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    fk_err err;
    err.msg[0] = '\0';
    fk_pipeline_profile prof;
    if (!fk_pipeline_profile_parse(text, &prof, &err) && !err.msg[0])
        __builtin_trap();
    json_t *in = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
    if (in) {
        err.msg[0] = '\0';
        json_t *aud = fk_audience_normalise(in, NULL, NULL, &err);
        if (!aud && !err.msg[0])
            __builtin_trap();
        if (aud) {
            const char *groups[] = {"g"};
            fk_reader centre = {true, "centre", NULL, 0, "centre"},
                      member = {false, "finance", groups, 1, "Bank"};
            if (!fk_audience_admits(aud, &centre))
                __builtin_trap();
            (void)fk_audience_admits(aud, &member);
            if (!fk_audience_reaches(aud, aud))
                __builtin_trap();
            json_decref(aud);
        }
        json_decref(in);
    }
    free(text);
    return 0;
}
