/* The asset ledger's nouns: a member's system as the API, the CSV import and CycloneDX
 * SBOMs give it, checked and normalised (software as CPE 2.3 formatted strings with
 * their "vendor:product"; the fixed vocabularies of operation, exposure and criticality;
 * cryptography named so weak algorithms can be counted). Owns the checks and the
 * vocabularies; no I/O.
 *
 * An asset: {"name", "owner", "egress", "operation": in-house|outsourced|cloud,
 * "classification", "exposure": internet|internal|isolated, "criticality":
 * low|medium|high|critical, "ics": bool, "compensating": text, "cc_certification",
 * "crypto": ["SHA-1", "RSA-1024", ...], "notes", "software": ["cpe:2.3:...", ...]} */
#ifndef FK_VULN_LEDGER_H
#define FK_VULN_LEDGER_H

#include "../core/error.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* A checked copy of an asset in *out, every field present (defaults filled) and each
 * program as {"cpe", "product"}; errors name the field ("software[2]: ..."). */
int fk_asset_check(json_t *in, json_t **out, fk_err *err);

/* A CSV ledger into a new array of assets (unchecked: each goes through fk_asset_check).
 * The header names the columns (name is required, the others as the asset's fields);
 * software and crypto cells hold several values separated by ';'. Rows with the same
 * name are one asset whose software adds up, so a ledger may list a program a row. */
int fk_ledger_csv(const char *text, size_t len, json_t **assets, fk_err *err);

/* A CycloneDX SBOM (JSON, 1.2 to 1.6) into one asset: its name from
 * metadata.component (else name_hint), each component's "cpe", else a name made from
 * its publisher or group, name and version (such names say "derived": true). */
int fk_ledger_cyclonedx(json_t *sbom, const char *name_hint, json_t **asset, fk_err *err);

/* Whether an algorithm is one the government's migration plans retire (SHA-1, MD5,
 * RSA under 2048 bits, DES and 3DES, RC4, SSL and TLS before 1.2). */
bool fk_crypto_weak(const char *algorithm);

/* The rank of a criticality (low 1 ... critical 4), 0 for an unknown word. */
int fk_asset_criticality_rank(const char *criticality);

#endif
