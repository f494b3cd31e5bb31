#include <criterion/criterion.h>
#include <string.h>

#include "pipeline.h"

Test(pipeline_profile, engines_sets_and_floor)
{
    fk_pipeline_profile p;
    fk_err e;
    cr_assert(fk_pipeline_profile_parse("all", &p, &e));
    cr_assert_eq(p.engines, FK_PIPELINE_ALL);
    cr_assert_eq(p.nsigma_sets, 0);
    cr_assert(fk_pipeline_profile_parse(NULL, &p, &e) && p.engines == FK_PIPELINE_ALL);
    unsigned ioc_web;
    cr_assert(fk_pipeline_mask_parse("ioc, web", &ioc_web, &e));
    cr_assert(fk_pipeline_profile_parse("ioc,sigma:windows,sigma:linux,sigma>=high", &p, &e), "%s",
              e.msg);
    cr_assert_eq(p.nsigma_sets, 2);
    cr_assert_str_eq(p.sigma_sets[0], "windows");
    cr_assert_str_eq(p.sigma_sets[1], "linux");
    cr_assert_eq(p.sigma_min, FK_SEV_HIGH);
    unsigned ioc;
    cr_assert(fk_pipeline_mask_parse("ioc", &ioc, &e));
    cr_assert(p.engines & ioc, "ioc stays on");
    cr_assert_neq(p.engines, ioc, "sigma:SET turns the Sigma engine on");
    cr_assert_eq(p.engines & ioc_web & ~ioc, 0, "web was not chosen");
    cr_assert(fk_pipeline_profile_parse("sigma>=critical", &p, &e));
    cr_assert_eq(p.engines, FK_PIPELINE_ALL, "a floor alone keeps every engine");
    cr_assert_eq(p.sigma_min, FK_SEV_CRITICAL);
    static const struct {
        const char *text, *says;
    } bad[] = {
        {"ioc,antivirus", "unknown item 'antivirus'"},
        {"sigma>=urgent", "sigma>=low, medium, high or critical"},
        {"sigma:", "expected sigma:NAME"},
        {"sigma:a/b", "expected sigma:NAME"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_assert_not(fk_pipeline_profile_parse(bad[i].text, &p, &e), "%s", bad[i].text);
        cr_assert(strstr(e.msg, bad[i].says), "%s: %s", bad[i].text, e.msg);
    }
}

Test(pipeline_profile, sets_are_checked_against_what_is_loaded)
{
    fk_pipeline *p;
    fk_err e;
    fk_pipeline_spec spec = {.no_web = true};
    cr_assert_eq(fk_pipeline_new(&p, &spec, NULL, NULL, &e), 0, "%s", e.msg);
    fk_pipeline_profile prof;
    cr_assert(fk_pipeline_profile_parse("sigma:windows", &prof, &e));
    cr_assert_not(fk_pipeline_profile_resolve(p, &prof, &e));
    cr_assert(strstr(e.msg, "no Sigma rule set 'windows' is loaded (loaded: none)"), "%s", e.msg);
    cr_assert(fk_pipeline_profile_parse("ioc,sigma>=high", &prof, &e));
    cr_assert(fk_pipeline_profile_resolve(p, &prof, &e));
    fk_pipeline_free(p);
}
