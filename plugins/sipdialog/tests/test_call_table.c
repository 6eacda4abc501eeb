/* Unit tests: call_table.c logical requests (groups) as working state released when idle */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "plugins/sipdialog/call_table.h"

#define SEC G_GINT64_CONSTANT(1000000000)

static void groups_released_when_idle(void **state)
{
    sd_store_t *st = sd_store_new();
    sd_clock_t clock = { 0, FALSE };
    sd_call_table_t *t = sd_call_table_new(st, &clock);
    sd_txn_t txn1 = { 0 }, txn2 = { 0 };
    const char *invite = sd_store_str(st, "INVITE"), *ft = sd_store_str(st, "f1");
    sd_call_state_t *c1, *c2;
    sd_group_t *g;
    (void)state;

    clock.now_ns = 100 * SEC;
    c1 = sd_call_table_get(t, 1, "a@x");
    assert_null(sd_group_find(t, c1, 1, invite, ft, NULL));
    g = sd_group_add(t, c1, 1, invite, ft, NULL, &txn1);
    assert_non_null(g);
    assert_ptr_equal(sd_group_find(t, c1, 1, invite, ft, NULL), g);
    assert_int_equal(sd_call_table_groups_live(t), 1);

    /* another call's request within the idle time keeps call 1's groups */
    clock.now_ns += SD_CALL_GROUPS_IDLE_NS - SEC;
    c2 = sd_call_table_get(t, 2, "b@x");
    sd_group_add(t, c2, 1, invite, ft, NULL, &txn2);
    assert_int_equal(sd_call_table_groups_live(t), 2);
    assert_non_null(sd_group_find(t, c1, 1, invite, ft, NULL));   /* used: call 1 is fresh again */

    /* past the idle time since its last use, the next request of another call releases them */
    clock.now_ns += SD_CALL_GROUPS_IDLE_NS;
    sd_group_add(t, c2, 2, sd_store_str(st, "BYE"), ft, NULL, &txn2);
    assert_int_equal(sd_call_table_groups_live(t), 1);
    assert_null(c1->work);
    assert_null(sd_group_find(t, c1, 1, invite, ft, NULL));
    /* and call 1's next request starts a fresh ring */
    g = sd_group_add(t, c1, 3, invite, ft, NULL, &txn1);
    assert_int_equal(g->n_hops, 1);
    assert_ptr_equal(sd_group_find(t, c1, 3, invite, ft, NULL), g);
    assert_int_equal(sd_call_table_groups_live(t), 2);

    sd_call_table_free(t);
    sd_store_free(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(groups_released_when_idle),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
