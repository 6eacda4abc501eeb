/* ws_part.c: post-dissector registration, wanted-field management and the sipscope tap. */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/tap.h>

#include "plugins/core/ws_part.h"
#include "plugins/core/ws_sip.h"

#define MAX_PARTS 8

static ss_part_t *parts[MAX_PARTS];
static guint n_parts;
static int sipscope_tap = -1;

void ss_part_register(ss_part_t *part)
{
    DISSECTOR_ASSERT(n_parts < MAX_PARTS);
    part->handle = register_dissector(part->name, part->dissect, *part->proto);
    register_postdissector(part->handle);
    parts[n_parts++] = part;
}

/* Per capture file: only enabled parts ask for fields. Wanted fields force Wireshark to build
 * a (hidden) tree for every packet, so a disabled part must not leave any behind.
 * Priming is per tree, not per post-dissector, and Wireshark primes every post-dissector's
 * list on every frame: a field several parts read (the SIP fields) is given to the first
 * enabled part that wants it only, so each frame primes each field once. */
static void parts_init(void)
{
    GHashTable *given = g_hash_table_new(g_direct_hash, g_direct_equal);

    for (guint i = 0; i < n_parts; i++) {
        ss_part_t *p = parts[i];
        if (proto_is_protocol_enabled(find_protocol_by_id(*p->proto))) {
            GArray *all = g_array_new(FALSE, FALSE, sizeof(int));
            GArray *w = g_array_new(FALSE, FALSE, sizeof(int));
            p->want(all);
            for (guint j = 0; j < all->len; j++) {
                int hf = g_array_index(all, int, j);
                if (hf > 0 && g_hash_table_add(given, GINT_TO_POINTER(hf)))
                    g_array_append_val(w, hf);
            }
            g_array_free(all, TRUE);
            set_postdissector_wanted_hfids(p->handle, w);   /* takes ownership */
        } else {
            set_postdissector_wanted_hfids(p->handle, NULL);
        }
    }
    g_hash_table_destroy(given);
}

static void parts_cleanup(void)
{
    for (guint i = 0; i < n_parts; i++)
        set_postdissector_wanted_hfids(parts[i]->handle, NULL);
}

void ss_tap_queue(packet_info *pinfo, ss_tap_kind_t kind, const void *rec)
{
    ss_tap_data_t *d;
    if (!rec || !have_tap_listener(sipscope_tap))
        return;
    d = wmem_new(pinfo->pool, ss_tap_data_t);
    d->kind = kind;
    d->rec = rec;
    tap_queue_packet(sipscope_tap, pinfo, d);
}

void ss_parts_register_core(void)
{
    sipscope_tap = register_tap(SS_TAP_NAME);
    ss_core_register();
    register_init_routine(parts_init);
    register_cleanup_routine(parts_cleanup);
}

void ss_parts_handoff_core(void)
{
    ss_sip_fields_resolve();
}
