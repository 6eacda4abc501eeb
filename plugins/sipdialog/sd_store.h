/* sd_store.h: the sipdialog engine's permanent storage for one capture file: a bump arena
 * for records (never freed one by one), interned strings and interned endpoints. Everything
 * is released at once by sd_store_free(). Plain C (GLib only). */
#ifndef SIPSCOPE_SD_STORE_H
#define SIPSCOPE_SD_STORE_H

#include <glib.h>
#include "plugins/core/endpoint.h"

typedef struct sd_store sd_store_t;

sd_store_t *sd_store_new(void);
void        sd_store_free(sd_store_t *st);

/* Zeroed memory that lives until sd_store_free (8-byte aligned). */
void *sd_store_alloc0(sd_store_t *st, gsize size);
#define sd_store_new0(st, type) ((type *)sd_store_alloc0((st), sizeof(type)))

/* One shared copy of s (NULL stays NULL); equal strings give the same pointer, so interned
 * strings compare with ==. Strings longer than SD_STORE_MAX_STR are cut there. */
#define SD_STORE_MAX_STR 1024
const char *sd_store_str(sd_store_t *st, const char *s);
/* One shared copy of an endpoint (NULL stays NULL). */
const ss_endpoint_t *sd_store_ep(sd_store_t *st, const ss_endpoint_t *ep);

/* Bytes held in arena blocks (for budget checks; interned strings not counted). */
gsize sd_store_bytes(const sd_store_t *st);

#endif
