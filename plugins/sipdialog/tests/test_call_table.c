/* Unit tests: call_table.c logical requests (groups) and 2xx paths as working state released
 * when idle */
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
    assert_int_equal(sd_call_table_work_live(t), 1);

    /* another call's request within the idle time keeps call 1's groups */
    clock.now_ns += SD_CALL_WORK_IDLE_NS - SEC;
    c2 = sd_call_table_get(t, 2, "b@x");
    sd_group_add(t, c2, 1, invite, ft, NULL, &txn2);
    assert_int_equal(sd_call_table_work_live(t), 2);
    assert_non_null(sd_group_find(t, c1, 1, invite, ft, NULL));   /* used: call 1 is fresh again */

    /* past the idle time since its last use, the next request of another call releases them */
    clock.now_ns += SD_CALL_WORK_IDLE_NS;
    sd_group_add(t, c2, 2, sd_store_str(st, "BYE"), ft, NULL, &txn2);
    assert_int_equal(sd_call_table_work_live(t), 1);
    assert_null(c1->work);
    assert_null(sd_group_find(t, c1, 1, invite, ft, NULL));
    /* and call 1's next request starts a fresh ring */
    g = sd_group_add(t, c1, 3, invite, ft, NULL, &txn1);
    assert_int_equal(g->n_hops, 1);
    assert_ptr_equal(sd_group_find(t, c1, 3, invite, ft, NULL), g);
    assert_int_equal(sd_call_table_work_live(t), 2);

    sd_call_table_free(t);
    sd_store_free(st);
}

/* 2xx paths: per leg, per path; the ACK's choice; the ring's bound; released with the groups */
static void acks_pair_with_their_2xx(void **state)
{
    sd_store_t *st = sd_store_new();
    sd_clock_t clock = { 100 * SEC, FALSE };
    sd_call_table_t *t = sd_call_table_new(st, &clock);
    ss_endpoint_t raw[4];
    const ss_endpoint_t *a, *p, *b, *other;
    sd_call_state_t *c = sd_call_table_get(t, 1, "a@x"), *c2;
    sd_leg_state_t *l1, *l2;
    (void)state;

    for (guint i = 0; i < 4; i++)
        ss_endpoint_parse(&raw[i], "192.0.2.1", (guint16)(5060 + i));
    a = sd_store_ep(st, &raw[0]);      /* caller */
    p = sd_store_ep(st, &raw[1]);      /* proxy */
    b = sd_store_ep(st, &raw[2]);      /* callee */
    other = sd_store_ep(st, &raw[3]);
    l1 = sd_leg_add(c, st, sd_store_str(st, "ft"), sd_store_str(st, "tt1"), 10);
    l2 = sd_leg_add(c, st, sd_store_str(st, "ft"), sd_store_str(st, "tt2"), 11);

    assert_int_equal(sd_call_ack_2xx_frame(c, &l1->pub, 1, a, p), 0);   /* nothing yet */
    sd_call_note_2xx(t, c, &l1->pub, 1, 20, b, p);    /* hop 2 */
    sd_call_note_2xx(t, c, &l1->pub, 1, 21, p, a);    /* hop 1 */
    sd_call_note_2xx(t, c, &l1->pub, 1, 25, p, a);    /* a retransmission: the first is kept */
    sd_call_note_2xx(t, c, &l2->pub, 1, 22, other, p);
    /* same path back, on each hop */
    assert_int_equal(sd_call_ack_2xx_frame(c, &l1->pub, 1, a, p), 21);
    assert_int_equal(sd_call_ack_2xx_frame(c, &l1->pub, 1, p, b), 20);
    /* from the ACK's destination (the 2xx went elsewhere), else the first one */
    assert_int_equal(sd_call_ack_2xx_frame(c, &l1->pub, 1, other, p), 21);
    assert_int_equal(sd_call_ack_2xx_frame(c, &l1->pub, 1, other, other), 20);
    /* another leg's and another CSeq's 2xx do not count */
    assert_int_equal(sd_call_ack_2xx_frame(c, &l2->pub, 1, p, other), 22);
    assert_int_equal(sd_call_ack_2xx_frame(c, &l2->pub, 2, p, other), 0);

    /* the ring keeps the latest SD_CALL_2XX_PATHS */
    for (guint i = 0; i < SD_CALL_2XX_PATHS; i++)
        sd_call_note_2xx(t, c, &l2->pub, 10 + i, 100 + i, other, p);
    assert_int_equal(sd_call_ack_2xx_frame(c, &l1->pub, 1, a, p), 0);
    assert_int_equal(sd_call_ack_2xx_frame(c, &l2->pub, 10, p, other), 100);

    /* working state: gone once the call was idle long enough and another call moved on */
    clock.now_ns += SD_CALL_WORK_IDLE_NS + SEC;
    c2 = sd_call_table_get(t, 2, "b@x");
    sd_call_note_2xx(t, c2, &l1->pub, 1, 200, p, a);
    assert_null(c->work);
    assert_int_equal(sd_call_ack_2xx_frame(c, &l2->pub, 10, p, other), 0);
    assert_int_equal(sd_call_table_work_live(t), 1);

    sd_call_table_free(t);
    sd_store_free(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(groups_released_when_idle),
        cmocka_unit_test(acks_pair_with_their_2xx),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
