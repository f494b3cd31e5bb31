#include "intake.h"

#include "../core/uuid.h"
#include "../intel/intake.h"
#include "../intel/stix.h"
#include "../model/marking.h"
#include "../store/collections.h"
#include "access.h"
#include "reporting.h"

#include <stdlib.h>

static const char *object_id(json_t *obj)
{
    const char *id = json_string_value(json_object_get(obj, "id"));
    return id ? id : "";
}

/* A status entry: TAXII requires id and version; an object without a time of its own is
 * named by the time it was received. */
static json_t *object_ref(json_t *obj, const char *now, const char *message)
{
    const char *v = fk_stix_object_version(obj);
    json_t *ref = json_pack("{ss ss}", "id", object_id(obj), "version", v ? v : now);
    if (ref && message)
        json_object_set_new(ref, "message", json_string(message));
    return ref;
}

/* The centre's objects: each added or refused on its own, as TAXII reports per object,
 * and written together. */
static int add_objects(fk_db *db, const char *collection, json_t *objects, json_t *succ,
                       json_t *fail, fk_err *err)
{
    char now[40];
    fk_db_now_us(now);
    size_t n = json_array_size(objects), k = 0;
    json_t **objs = n ? malloc(n * sizeof *objs) : NULL;
    int *result = n ? malloc(n * sizeof *result) : NULL;
    fk_err *why = n ? malloc(n * sizeof *why) : NULL;
    json_t *defs = fk_stix_marking_definitions(objects);
    int rc = n && (!objs || !result || !why) ? fk_errc(err, FK_ERR_NOMEM, "out of memory") : 0;
    size_t i;
    json_t *o;
    /* what the centre does not redistribute never reaches the store */
    json_array_foreach(objects, i, o)
    {
        int pap = -1, tlp = fk_stix_object_tlp(o, defs, &pap);
        if (rc != 0)
            break;
        if (tlp >= 0 && !fk_tlp_redistributable((fk_tlp)tlp)) {
            fk_err one;
            fk_errf(&one, "TLP:%s objects are not redistributed by the centre",
                    fk_tlp_name((fk_tlp)tlp));
            json_array_append_new(fail, object_ref(o, now, one.msg));
        } else {
            objs[k++] = o;
        }
    }
    if (rc == 0 && k)
        rc = fk_taxii_add_many(db, collection, objs, k, now, result, why, err);
    /* 1: that version was there already, which TAXII counts as success */
    for (i = 0; rc == 0 && i < k; i++)
        json_array_append_new(result[i] >= 0 ? succ : fail,
                              object_ref(objs[i], now, result[i] >= 0 ? NULL : why[i].msg));
    json_decref(defs);
    free(objs);
    free(result);
    free(why);
    return rc;
}

/* A member's bundle: one report, every object that was not a failure pending on it. */
static int submit_bundle(fk_db *db, const fk_principal *who, json_t *objects, json_t *fail,
                         json_t *pend, int64_t *report_id, fk_err *err)
{
    char now[40];
    fk_db_now_us(now);
    json_t *report = fk_intake_bundle_report(objects, now, fail, err);
    if (!report)
        return -1;
    int rc = fk_hub_submit_report(db, who, report, report_id, err);
    json_decref(report);
    if (rc != 0)
        return -1;
    json_t *failed = json_object(); /* ids listed as failures, looked up once each */
    size_t i;
    json_t *o;
    json_array_foreach(fail, i, o)
        json_object_set(failed, json_string_value(json_object_get(o, "id")), json_true());
    json_array_foreach(objects, i, o)
    {
        if (!json_object_get(failed, object_id(o)))
            json_array_append_new(pend, object_ref(o, now, NULL));
    }
    json_decref(failed);
    return 0;
}

int fk_hub_taxii_post(fk_db *db, const fk_principal *who, const char *collection, json_t *objects,
                      char status_id[40], fk_err *err)
{
    if (!fk_uuid4(status_id))
        return fk_errc(err, FK_ERR_STORAGE, "no randomness for a status id");
    json_t *succ = json_array(), *fail = json_array(), *pend = json_array();
    int64_t report_id = 0;
    int rc =
        succ && fail && pend ? fk_db_begin(db, err) : fk_errc(err, FK_ERR_NOMEM, "out of memory");
    if (rc == 0) {
        rc = fk_role_is_centre(who->role)
                 ? add_objects(db, collection, objects, succ, fail, err)
                 : submit_bundle(db, who, objects, fail, pend, &report_id, err);
        if (rc == 0)
            rc = fk_taxii_status_save(db, status_id, collection, who->account_id, succ, fail, pend,
                                      report_id, err);
        if (rc == 0)
            rc = fk_db_commit(db, err);
        if (rc != 0)
            fk_db_rollback(db);
    }
    json_decref(succ);
    json_decref(fail);
    json_decref(pend);
    return rc;
}
