/* call_registry.c: Call-ID -> call number (see call_registry.h). */
#include "plugins/core/call_registry.h"

struct ss_call_registry {
    GHashTable *by_id;   /* Call-ID (owned by ids) -> GUINT_TO_POINTER(number) */
    GPtrArray  *ids;     /* number-1 -> Call-ID */
};

ss_call_registry_t *ss_call_registry_new(void)
{
    ss_call_registry_t *reg = g_new0(ss_call_registry_t, 1);
    reg->by_id = g_hash_table_new(g_str_hash, g_str_equal);
    reg->ids = g_ptr_array_new_with_free_func(g_free);
    return reg;
}

void ss_call_registry_free(ss_call_registry_t *reg)
{
    if (!reg)
        return;
    g_hash_table_destroy(reg->by_id);
    g_ptr_array_free(reg->ids, TRUE);
    g_free(reg);
}

guint ss_call_registry_find(const ss_call_registry_t *reg, const char *call_id)
{
    if (!reg || !call_id || !*call_id)
        return 0;
    return GPOINTER_TO_UINT(g_hash_table_lookup(reg->by_id, call_id));
}

guint ss_call_registry_get(ss_call_registry_t *reg, const char *call_id, gboolean *is_new)
{
    guint n = ss_call_registry_find(reg, call_id);
    char *copy;

    if (is_new)
        *is_new = FALSE;
    if (n || !reg || !call_id || !*call_id)
        return n;
    copy = g_strdup(call_id);
    g_ptr_array_add(reg->ids, copy);
    n = reg->ids->len;
    g_hash_table_insert(reg->by_id, copy, GUINT_TO_POINTER(n));
    if (is_new)
        *is_new = TRUE;
    return n;
}

const char *ss_call_registry_call_id(const ss_call_registry_t *reg, guint n)
{
    if (!reg || n == 0 || n > reg->ids->len)
        return NULL;
    return g_ptr_array_index(reg->ids, n - 1);
}

guint ss_call_registry_count(const ss_call_registry_t *reg)
{
    return reg ? reg->ids->len : 0;
}
