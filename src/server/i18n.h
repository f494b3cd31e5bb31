/* The console's languages: Japanese and English message catalogues
 * (src/server/console/messages.*, checked and compiled into one table by
 * tools/i18n_gen.py), a message by key, and the language to use from a user's choice or
 * the browser's Accept-Language. Owns nothing at run time: the table is constant. */
#ifndef FK_I18N_H
#define FK_I18N_H

#include <stdbool.h>
#include <stddef.h>

/* The catalogues, in this order in every entry. */
enum { FK_LANG_EN, FK_LANG_JA, FK_LANG_COUNT };

typedef struct fk_i18n_entry {
    const char *key;
    const char *text[FK_LANG_COUNT];
} fk_i18n_entry;

/* Generated: sorted by key. */
extern const fk_i18n_entry fk_i18n_table[];
extern const size_t fk_i18n_count;

/* The message for key in lang ("en", "ja"; others: English); the key when unknown. */
const char *fk_i18n(const char *lang, const char *key);
/* Whether lang is a catalogue's language. */
bool fk_i18n_known(const char *lang);
/* The language to use before sign-in, from an Accept-Language header (NULL: English):
 * the first of the listed languages, by weight, that has a catalogue. */
const char *fk_i18n_pick(const char *accept_language);

#endif
