/* call_registry.h: numbers Call-IDs 1, 2, 3... in order of first appearance.
 * The number is `sipdialog.call` / `mediabind.call` / `stunverify.ice_call`. Plain C. */
#ifndef SIPSCOPE_CALL_REGISTRY_H
#define SIPSCOPE_CALL_REGISTRY_H

#include <glib.h>

typedef struct ss_call_registry ss_call_registry_t;

ss_call_registry_t *ss_call_registry_new(void);
void ss_call_registry_free(ss_call_registry_t *reg);

/* The call number of call_id, assigning the next one when it is new (*is_new set then).
 * Returns 0 for a NULL or empty Call-ID. */
guint ss_call_registry_get(ss_call_registry_t *reg, const char *call_id, gboolean *is_new);
/* Lookup only: 0 when unknown. */
guint ss_call_registry_find(const ss_call_registry_t *reg, const char *call_id);
/* The Call-ID of call number n (1-based), NULL when out of range. */
const char *ss_call_registry_call_id(const ss_call_registry_t *reg, guint n);
guint ss_call_registry_count(const ss_call_registry_t *reg);

#endif
