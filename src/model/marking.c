#include "marking.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

static const char *const tlp_names[FK_TLP_COUNT_] = {"CLEAR", "GREEN", "AMBER", "AMBER+STRICT",
                                                     "RED"};
static const char *const pap_names[FK_PAP_COUNT_] = {"CLEAR", "GREEN", "AMBER", "RED"};

const char *fk_tlp_name(fk_tlp t)
{
    return (unsigned)t < FK_TLP_COUNT_ ? tlp_names[t] : NULL;
}

const char *fk_pap_name(fk_pap p)
{
    return (unsigned)p < FK_PAP_COUNT_ ? pap_names[p] : NULL;
}

static int index_of(const char *const *names, int n, const char *name, bool caseless)
{
    for (int i = 0; name && i < n; i++)
        if (caseless ? !strcasecmp(names[i], name) : !strcmp(names[i], name))
            return i;
    return -1;
}

bool fk_tlp_from_name(const char *name, fk_tlp *out)
{
    int i = index_of(tlp_names, FK_TLP_COUNT_, name, false);
    if (i < 0)
        return false;
    *out = (fk_tlp)i;
    return true;
}

bool fk_pap_from_name(const char *name, fk_pap *out)
{
    int i = index_of(pap_names, FK_PAP_COUNT_, name, false);
    if (i < 0)
        return false;
    *out = (fk_pap)i;
    return true;
}

bool fk_tlp_valid(const char *name)
{
    fk_tlp t;
    return fk_tlp_from_name(name, &t);
}

bool fk_pap_valid(const char *name)
{
    fk_pap p;
    return fk_pap_from_name(name, &p);
}

bool fk_tlp_read_loose(const char *name, fk_tlp *out)
{
    if (!name)
        return false;
    if (!strncasecmp(name, "TLP:", 4))
        name += 4;
    if (!strcasecmp(name, "WHITE")) {
        *out = FK_TLP_CLEAR;
        return true;
    }
    int i = index_of(tlp_names, FK_TLP_COUNT_, name, true);
    if (i < 0)
        return false;
    *out = (fk_tlp)i;
    return true;
}

bool fk_tlp_redistributable(fk_tlp t)
{
    return t != FK_TLP_AMBER_STRICT && t != FK_TLP_RED;
}
