/* Software versions compared as versions, not as text: "1.10" after "1.9", "2.4.57"
 * after "2.4.9", a pre-release ("1.0rc1", "2.0-beta2") before its release, a letter
 * that follows a release ("1.1.1k") after it. Owns nothing; no I/O. */
#ifndef FK_VULN_VERSION_H
#define FK_VULN_VERSION_H

/* <0, 0 or >0 as a is before, the same as, or after b. Case does not count; the
 * separators '.', '-', '_', '+' and ':' only separate. */
int fk_version_compare(const char *a, const char *b);

#endif
