#include "priority.h"

#include <string.h>

static const struct {
    const char *name;
    int deadline_days;
    const char *advice_en, *advice_ja;
} tiers[] = {
    [FK_TIER_IMMEDIATE] =
        {"immediate", 3,
         "Known to be exploited: apply the vendor's fix now, or take the "
         "system off the network until it is fixed.",
         "悪用が確認されています。直ちに修正を適用するか、修正までネットワークから"
         "切り離してください。"},
    [FK_TIER_HIGH] = {"high", 14, "Apply the vendor's fix within two weeks.",
                      "2週間以内に修正を適用してください。"},
    [FK_TIER_MEDIUM] = {"medium", 30, "Apply the vendor's fix within a month.",
                        "1か月以内に修正を適用してください。"},
    [FK_TIER_LOW] = {"low", 90, "Apply the vendor's fix at the next maintenance.",
                     "次回の保守で修正を適用してください。"},
};

static const char compensating_en[] =
    "An industrial control system: keep compensating measures (network segmentation, "
    "restricted remote access, monitoring) until the fix can be installed in a "
    "maintenance window; record them.";
static const char compensating_ja[] =
    "制御システムのため、修正を計画停止時に適用できるまで、代替策（ネットワーク分離、"
    "リモートアクセスの制限、監視）を講じ、その内容を記録してください。";

const char *fk_priority_tier_name(fk_priority_tier t)
{
    return t <= FK_TIER_LOW ? tiers[t].name : "low";
}

bool fk_priority_tier_named(const char *name, fk_priority_tier *t)
{
    for (int i = FK_TIER_IMMEDIATE; i <= FK_TIER_LOW; i++)
        if (!strcmp(name, tiers[i].name)) {
            *t = (fk_priority_tier)i;
            return true;
        }
    return false;
}

static int rank_of(const char *word, const char *const *words, int fallback)
{
    for (int i = 0; word && words[i]; i++)
        if (!strcmp(word, words[i]))
            return i;
    return fallback;
}

void fk_priority_of(const fk_priority_input *in, fk_priority *out)
{
    static const char *const criticalities[] = {"low", "medium", "high", "critical", NULL};
    static const char *const exposures[] = {"isolated", "internal", "internet", NULL};
    int crit = rank_of(in->criticality, criticalities, 1);
    int expo = rank_of(in->exposure, exposures, 1);
    double epss = in->epss < 0 ? 0 : in->epss, cvss = in->cvss < 0 ? 5.0 : in->cvss;
    /* the order within and across tiers: exploitation first, then likelihood, severity,
     * what the system is worth and how reachable it is */
    out->score = (in->kev ? 100 : 0) + epss * 40 + cvss * 3 + crit * 2 + expo * 3;
    fk_priority_tier t;
    if (in->kev)
        t = FK_TIER_IMMEDIATE;
    else if (epss >= 0.1 || (cvss >= 9.0 && expo == 2))
        t = FK_TIER_HIGH;
    else if (epss >= 0.01 || cvss >= 7.0)
        t = FK_TIER_MEDIUM;
    else
        t = FK_TIER_LOW;
    if (t != FK_TIER_IMMEDIATE) {
        /* a critical system one tier up, an isolated one or an unproved match one down */
        if (crit == 3 && t > FK_TIER_HIGH)
            t--;
        if ((expo == 0 || (in->confidence && strcmp(in->confidence, "version") != 0)) &&
            t < FK_TIER_LOW)
            t++;
    }
    out->tier = t;
    out->compensating = in->ics;
    out->deadline_days = in->ics ? 0 : tiers[t].deadline_days;
}

const char *fk_priority_advice(const fk_priority *p, const char *lang)
{
    bool ja = lang && !strcmp(lang, "ja");
    if (p->compensating)
        return ja ? compensating_ja : compensating_en;
    return ja ? tiers[p->tier].advice_ja : tiers[p->tier].advice_en;
}
